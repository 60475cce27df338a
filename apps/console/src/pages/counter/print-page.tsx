import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CounterPrintQuery } from '../../gql/graphql';
import { formatDate, formatDateTime, formatMoney } from '../../app/format';
import { CLAIM_TYPE_LABELS, DISPUTE_STATUS_LABELS, GROUND_LABELS, ISSUE_TYPE_LABELS } from '../../app/labels';
import { Button, Loading, useTitle } from '../../ui/common';
import { ErrorBanner } from '../../ui/form';
import { CHECKLIST_QUESTIONS } from './checklist';

const PrintQuery = graphql(`
  query CounterPrint($id: ID!) {
    dispute(id: $id) {
      id
      caseNumber
      status
      consumerName
      consumerPhone
      subject
      description
      claimType
      amountClaimed
      issueType
      productName
      brandModel
      goodsOrServiceCategory
      purchasePlace
      purchasedOn
      openedAt
      settleBy
      settleByProvisional
      checklist {
        hasProof
        withinWarrantyOrShelfLife
        alreadyNegotiated
        beforeCourtOrOtherAuthority
        respondentIdentified
      }
      settledAt
      agreement
      amountRecovered
      declineGround
      declineNote
      escalationReason
      station {
        id
        name
        code
        address
        hostName
        hostCreditCode
        contactPhone
        orgUnit {
          id
          name
        }
      }
    }
  }
`);

type D = NonNullable<CounterPrintQuery['dispute']>;

const FORMS = { agreement: '和解协议书', registration: '投诉登记表' } as const;

/** A4 print views: 和解协议书 (settled disputes) and 投诉登记表, with signature lines. */
export default function PrintPage() {
  const { id = '', form = '' } = useParams();
  const title = FORMS[form as keyof typeof FORMS] ?? '打印';
  useTitle(title);
  const [{ data, fetching, error }] = useQuery({ query: PrintQuery, variables: { id } });
  const d = data?.dispute;
  if (fetching && !d) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  if (!d || !(form in FORMS)) return <p>无可打印的内容。</p>;
  const agreement = form === 'agreement';
  return (
    <section>
      <div className="print-toolbar">
        <Button variant="primary" onClick={() => window.print()} disabled={agreement && d.status !== 'SETTLED'}>
          打印
        </Button>
        <Link className="btn btn-secondary" to={`/counter/${d.id}`}>
          返回
        </Link>
      </div>
      {agreement ? d.status === 'SETTLED' ? <Agreement d={d} /> : <p>该纠纷尚未和解，没有和解协议书。</p> : <Registration d={d} />}
    </section>
  );
}

function Signature({ who, seal }: { who: string; seal?: boolean }) {
  return (
    <div className="signature">
      <div className="signature-line">
        <span>
          {who}（{seal ? '签字或盖章' : '签字'}）：
        </span>
        <span className="line" />
      </div>
      <div className="signature-line">
        <span>日期：</span>
        <span className="line" />
      </div>
    </div>
  );
}

function Agreement({ d }: { d: D }) {
  return (
    <article className="print-sheet" aria-label="和解协议书">
      <h1>和解协议书</h1>
      <p className="print-number">编号：{d.caseNumber}</p>
      <table>
        <tbody>
          <tr>
            <th>消费者（甲方）</th>
            <td>
              {d.consumerName}　电话：{d.consumerPhone}
            </td>
          </tr>
          <tr>
            <th>经营者（乙方）</th>
            <td>
              {d.station.hostName}
              <br />
              统一社会信用代码：{d.station.hostCreditCode}
            </td>
          </tr>
          <tr>
            <th>调解单位</th>
            <td>
              {d.station.name}（{d.station.code}）
              <br />
              {d.station.address}
            </td>
          </tr>
          <tr>
            <th>纠纷事由</th>
            <td>{d.subject}</td>
          </tr>
          <tr>
            <th>消费者诉求</th>
            <td>
              {CLAIM_TYPE_LABELS[d.claimType]}
              {d.amountClaimed ? `，金额 ${formatMoney(d.amountClaimed)}` : ''}
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        经 {d.station.name} 主持调解，甲乙双方本着平等自愿、协商一致的原则，就上述消费纠纷于 {formatDate(d.settledAt)} 达成如下和解协议：
      </p>
      <div className="print-body" style={{ borderTop: '1px solid #000' }}>
        {d.agreement}
      </div>
      <p>挽回经济损失：{formatMoney(d.amountRecovered)}</p>
      <p>本协议自双方签字之日起生效。本协议一式三份，甲方、乙方及服务站各执一份。</p>
      <div className="signatures">
        <Signature who="甲方" />
        <Signature who="乙方" seal />
        <Signature who="调解人员" />
      </div>
      <p className="print-note">监管单位：{d.station.orgUnit.name}</p>
    </article>
  );
}

function yesNo(v: boolean | null | undefined): string {
  return v === true ? '是' : v === false ? '否' : '未询问';
}

function Registration({ d }: { d: D }) {
  const rows: [string, string][] = [
    ['受理编号', d.caseNumber],
    ['受理时间', formatDateTime(d.openedAt)],
    ['受理服务站', `${d.station.name}（${d.station.code}）`],
    ['消费者姓名', d.consumerName],
    ['联系电话', d.consumerPhone],
    ['被投诉方', d.station.hostName],
    ['商品或服务名称', d.productName ?? ''],
    ['品牌、规格型号', d.brandModel ?? ''],
    ['商品或服务类别', d.goodsOrServiceCategory ?? ''],
    ['购买日期', formatDate(d.purchasedOn)],
    ['购买地点', d.purchasePlace ?? ''],
    ['问题类别', d.issueType ? ISSUE_TYPE_LABELS[d.issueType] : ''],
    ['诉求', `${CLAIM_TYPE_LABELS[d.claimType]}${d.amountClaimed ? `，金额 ${formatMoney(d.amountClaimed)}` : ''}`],
    ['投诉事由', d.subject],
  ];
  const outcome =
    d.status === 'SETTLED'
      ? `已和解（${formatDate(d.settledAt)}），挽回经济损失 ${formatMoney(d.amountRecovered)}`
      : d.status === 'DECLINED'
        ? `不予受理：${d.declineGround ? GROUND_LABELS[d.declineGround] : ''}${d.declineNote ? `（${d.declineNote}）` : ''}`
        : d.status === 'OPEN'
          ? `受理中，和解期限 ${formatDateTime(d.settleBy)}${d.settleByProvisional ? '（暂定）' : ''}`
          : `${DISPUTE_STATUS_LABELS[d.status]}${d.escalationReason ? `：${d.escalationReason}` : ''}`;
  return (
    <article className="print-sheet" aria-label="投诉登记表">
      <h1>消费者投诉登记表</h1>
      <p className="print-number">编号：{d.caseNumber}</p>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
          <tr>
            <th>投诉内容</th>
            <td style={{ whiteSpace: 'pre-wrap', height: '40mm' }}>{d.description}</td>
          </tr>
          <tr>
            <th>询问事项</th>
            <td>
              {CHECKLIST_QUESTIONS.map((q) => (
                <div key={q.key}>
                  {q.label}：{yesNo(d.checklist?.[q.key])}
                </div>
              ))}
            </td>
          </tr>
          <tr>
            <th>处理情况</th>
            <td>{outcome}</td>
          </tr>
        </tbody>
      </table>
      <p className="print-note">投诉人保证所述情况属实。登记内容依法保密。</p>
      <div className="signatures">
        <Signature who="投诉人" />
        <Signature who="登记人" />
      </div>
    </article>
  );
}
