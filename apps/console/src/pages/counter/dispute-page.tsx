import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { CounterDisputeQuery, NonAcceptanceGround } from '../../gql/graphql';
import { formatDate, formatDateTime, formatMoney } from '../../app/format';
import {
  CASE_OUTCOME_LABELS,
  CENTER_CASE_STATUS_LABELS,
  CLAIM_TYPE_LABELS,
  DEADLINE_KIND_LABELS,
  GROUND_LABELS,
  ISSUE_TYPE_LABELS,
  optionsOf,
} from '../../app/labels';
import { Badge, Button, DeadlineBadge, Details, Loading, PageHeader, useNow } from '../../ui/common';
import { CheckboxField, ErrorBanner, Form, SelectField, TextAreaField, TextField, optional, useFormValues } from '../../ui/form';
import { DisputeStatusBadge } from './dispute-status';
import { CHECKLIST_QUESTIONS } from './checklist';

const DisputeQuery = graphql(`
  query CounterDispute($id: ID!) {
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
      applicableGrounds
      possibleDuplicateOf {
        id
        caseNumber
        openedAt
        status
      }
      settledAt
      agreement
      amountRecovered
      consumerSigned
      declinedAt
      declineGround
      declineNote
      withdrawnAt
      escalatedAt
      escalationReason
      centerCase {
        id
        caseNumber
        status
        type
        receivedAt
        acceptedAt
        assignedAt
        assignedUnit {
          id
          name
        }
        registeredUnit {
          id
          name
        }
        rejectionGround
        rejectionNote
        closedAt
        outcome
        closeNote
        amountRecovered
        feedbackAt
        feedbackNote
        archivedAt
        deadlines {
          kind
          dueAt
          metAt
          breached
        }
      }
    }
  }
`);

const SettleMutation = graphql(`
  mutation SettleDispute($id: ID!, $input: SettleDisputeInput!) {
    settleDispute(id: $id, input: $input) {
      id
      status
      settledAt
      agreement
      amountRecovered
      consumerSigned
    }
  }
`);

const DeclineMutation = graphql(`
  mutation DeclineDispute($id: ID!, $ground: NonAcceptanceGround!, $note: String) {
    declineDispute(id: $id, ground: $ground, note: $note) {
      id
      status
      declinedAt
      declineGround
      declineNote
    }
  }
`);

const WithdrawMutation = graphql(`
  mutation WithdrawDispute($id: ID!, $note: String) {
    withdrawDispute(id: $id, note: $note) {
      id
      status
      withdrawnAt
    }
  }
`);

const EscalateMutation = graphql(`
  mutation EscalateDispute($id: ID!, $reason: String!) {
    escalateDispute(id: $id, reason: $reason) {
      id
      status
      escalatedAt
      escalationReason
    }
  }
`);

type Action = 'settle' | 'decline' | 'withdraw' | 'escalate';

const ACTION_LABELS: Record<Action, string> = { settle: '现场和解', decline: '不予受理', withdraw: '消费者撤回', escalate: '提交 12315 中心' };

function answer(v: boolean | null | undefined): string {
  return v === true ? '是' : v === false ? '否' : '未询问';
}

/** One dispute: details, the moves an OPEN dispute allows, the escalated case, print links. */
export default function DisputePage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const now = useNow();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DisputeQuery, variables: { id } });
  const [action, setAction] = useState<Action | null>(null);
  const [preset, setPreset] = useState<NonAcceptanceGround | null>(null);
  const d = data?.dispute;

  // While the worker creates the center case, look again every few seconds.
  useEffect(() => {
    if (d?.status !== 'ESCALATING') return;
    const t = setInterval(() => refetch({ requestPolicy: 'network-only' }), 3000);
    return () => clearInterval(t);
  }, [d?.status, refetch]);

  if (fetching && !d) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  if (!d) return <p>纠纷不存在。</p>;

  const open = d.status === 'OPEN';
  const done = () => setAction(null);
  return (
    <section>
      <PageHeader
        title={`纠纷 ${d.caseNumber}`}
        actions={
          <>
            <Link className="btn btn-secondary" to={`/counter/${d.id}/print/registration`}>
              打印投诉登记表
            </Link>
            {d.status === 'SETTLED' ? (
              <Link className="btn btn-secondary" to={`/counter/${d.id}/print/agreement`}>
                打印和解协议书
              </Link>
            ) : null}
            <Link className="btn btn-secondary" to="/counter">
              返回列表
            </Link>
          </>
        }
      >
        <p>
          <DisputeStatusBadge status={d.status} /> 受理于 {formatDateTime(d.openedAt)}
        </p>
      </PageHeader>

      {(location.state as { opened?: boolean } | null)?.opened && open ? <p className="notice notice-success">已受理，受理编号 {d.caseNumber}。</p> : null}

      {open && d.applicableGrounds.length > 0 ? (
        <div className="notice" role="note" data-testid="applicable-grounds">
          <strong>根据受理登记询问的答复，本纠纷可能属于不予受理情形：</strong>
          <ul>
            {d.applicableGrounds.map((g) => (
              <li key={g}>
                {GROUND_LABELS[g]}{' '}
                <Button
                  variant="link"
                  onClick={() => {
                    setPreset(g);
                    setAction('decline');
                  }}
                >
                  以此情形不予受理
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {d.possibleDuplicateOf ? (
        <p className="notice">
          疑似重复：该消费者 30 日内在本站受理过纠纷 <Link to={`/counter/${d.possibleDuplicateOf.id}`}>{d.possibleDuplicateOf.caseNumber}</Link>（
          {formatDate(d.possibleDuplicateOf.openedAt)}）。
        </p>
      ) : null}

      {open ? (
        <div className="panel">
          <h2>和解期限</h2>
          <DeadlineBadge deadline={d.settleBy} now={now} provisional={d.settleByProvisional} />
          <div className="form-actions" style={{ marginTop: 12 }}>
            {(Object.keys(ACTION_LABELS) as Action[]).map((a) => (
              <Button
                key={a}
                variant={a === 'settle' ? 'primary' : a === 'decline' || a === 'withdraw' ? 'danger' : 'secondary'}
                aria-pressed={action === a}
                onClick={() => {
                  setPreset(null);
                  setAction(action === a ? null : a);
                }}
              >
                {ACTION_LABELS[a]}
              </Button>
            ))}
          </div>
        </div>
      ) : null}

      {open && action === 'settle' ? <SettleForm id={d.id} onDone={done} /> : null}
      {open && action === 'decline' ? <DeclineForm id={d.id} initialGround={preset} onDone={done} /> : null}
      {open && action === 'withdraw' ? <WithdrawForm id={d.id} onDone={done} /> : null}
      {open && action === 'escalate' ? <EscalateForm id={d.id} onDone={done} /> : null}

      <Outcome d={d} />

      <div className="panel">
        <h2>登记内容</h2>
        <Details
          items={[
            ['消费者', d.consumerName],
            ['联系电话', d.consumerPhone],
            ['事由', d.subject],
            ['诉求', `${CLAIM_TYPE_LABELS[d.claimType]}${d.amountClaimed ? ` ${formatMoney(d.amountClaimed)}` : ''}`],
            ['问题类别', d.issueType ? ISSUE_TYPE_LABELS[d.issueType] : '未分类'],
            ['商品或服务', d.productName],
            ['品牌型号', d.brandModel],
            ['类别', d.goodsOrServiceCategory],
            ['购买日期', formatDate(d.purchasedOn)],
            ['购买地点', d.purchasePlace],
          ]}
        />
        <h2>详细情况</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{d.description}</p>
        <h2>受理登记询问事项</h2>
        <Details items={CHECKLIST_QUESTIONS.map((q) => [q.label, answer(d.checklist?.[q.key])])} />
      </div>
    </section>
  );
}

type DisputeData = NonNullable<CounterDisputeQuery['dispute']>;

function Outcome({ d }: { d: DisputeData }) {
  if (d.status === 'SETTLED') {
    return (
      <div className="panel" data-testid="outcome">
        <h2>和解结果</h2>
        <Details
          items={[
            ['和解时间', formatDateTime(d.settledAt)],
            ['挽回经济损失', formatMoney(d.amountRecovered)],
            ['消费者签字确认', d.consumerSigned ? '是' : '否'],
            ['和解协议', d.agreement],
          ]}
        />
      </div>
    );
  }
  if (d.status === 'DECLINED') {
    return (
      <div className="panel" data-testid="outcome">
        <h2>不予受理</h2>
        <Details
          items={[
            ['时间', formatDateTime(d.declinedAt)],
            ['情形', d.declineGround ? GROUND_LABELS[d.declineGround] : ''],
            ['说明', d.declineNote],
          ]}
        />
      </div>
    );
  }
  if (d.status === 'WITHDRAWN') {
    return (
      <div className="panel" data-testid="outcome">
        <h2>消费者撤回</h2>
        <Details items={[['撤回时间', formatDateTime(d.withdrawnAt)]]} />
      </div>
    );
  }
  if (d.status === 'ESCALATING' || d.status === 'ESCALATED') {
    const c = d.centerCase;
    return (
      <div className="panel" data-testid="outcome">
        <h2>已提交 12315 中心</h2>
        <Details
          items={[
            ['提交时间', formatDateTime(d.escalatedAt)],
            ['提交原因', d.escalationReason],
          ]}
        />
        {!c ? (
          <p className="muted" role="status">
            正在提交 12315 中心，中心案件生成后将显示办理进度。
          </p>
        ) : (
          <>
            <h2>
              中心案件 {c.caseNumber} <Badge tone="info">{CENTER_CASE_STATUS_LABELS[c.status]}</Badge>
            </h2>
            <Details
              items={[
                ['登记单位', c.registeredUnit.name],
                ['接收时间', formatDateTime(c.receivedAt)],
                ['受理时间', formatDateTime(c.acceptedAt)],
                ['承办单位', c.assignedUnit?.name],
                ['转办时间', formatDateTime(c.assignedAt)],
                ...(c.rejectionGround ? ([['不予受理情形', GROUND_LABELS[c.rejectionGround]], ['说明', c.rejectionNote]] as [string, string | null][]) : []),
                ['办结时间', formatDateTime(c.closedAt)],
                ['办结结果', c.outcome ? CASE_OUTCOME_LABELS[c.outcome] : ''],
                ['挽回经济损失', formatMoney(c.amountRecovered)],
                ['反馈', c.feedbackNote],
                ['归档时间', formatDateTime(c.archivedAt)],
              ]}
            />
            {c.deadlines.length ? (
              <>
                <h2>办理时限</h2>
                <ul>
                  {c.deadlines.map((dl) => (
                    <li key={dl.kind}>
                      {DEADLINE_KIND_LABELS[dl.kind]}：<DeadlineBadge deadline={dl.dueAt} done={!!dl.metAt} />
                      {dl.metAt ? `（${formatDateTime(dl.metAt)} 完成）` : ''}
                      {dl.breached ? <Badge tone="danger">已超期</Badge> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </div>
    );
  }
  return null;
}

function SettleForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ agreement: '', amountRecovered: '' });
  const [signed, setSigned] = useState(false);
  const [result, settle] = useMutation(SettleMutation);
  const submit = async () => {
    const res = await settle({ id, input: { agreement: values.agreement, amountRecovered: values.amountRecovered.trim(), consumerSigned: signed } });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>现场和解</h2>
      <Form error={result.error} onSubmit={submit} aria-label="现场和解">
        <TextAreaField name="agreement" label="和解协议内容" required {...bind('agreement')} />
        <TextField name="amountRecovered" label="挽回经济损失（元）" required hint="两位小数，可为 0.00" inputMode="decimal" {...bind('amountRecovered')} />
        <CheckboxField name="consumerSigned" label="消费者已签字确认" checked={signed} onChange={setSigned} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            确认和解
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function DeclineForm({ id, initialGround, onDone }: { id: string; initialGround: NonAcceptanceGround | null; onDone(): void }) {
  const { values, bind } = useFormValues({ ground: initialGround ?? '', note: '' });
  const [result, decline] = useMutation(DeclineMutation);
  const [missing, setMissing] = useState(false);
  const submit = async () => {
    if (!values.ground) return setMissing(true);
    setMissing(false);
    const res = await decline({ id, ground: values.ground as NonAcceptanceGround, note: optional(values.note) });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>不予受理</h2>
      <Form error={missing ? [{ code: 'BAD_USER_INPUT', field: 'ground', message: '请选择不予受理的情形' }] : result.error} onSubmit={submit} aria-label="不予受理">
        <SelectField name="ground" label="不予受理情形" required placeholder="请选择" options={optionsOf(GROUND_LABELS)} {...bind('ground')} />
        <TextAreaField name="note" label="说明" {...bind('note')} />
        <div className="form-actions">
          <Button type="submit" variant="danger" busy={result.fetching}>
            确认不予受理
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function WithdrawForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ note: '' });
  const [result, withdraw] = useMutation(WithdrawMutation);
  const submit = async () => {
    const res = await withdraw({ id, note: optional(values.note) });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>消费者撤回</h2>
      <Form error={result.error} onSubmit={submit} aria-label="消费者撤回">
        <TextAreaField name="note" label="说明" {...bind('note')} />
        <div className="form-actions">
          <Button type="submit" variant="danger" busy={result.fetching}>
            确认撤回
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}

function EscalateForm({ id, onDone }: { id: string; onDone(): void }) {
  const { values, bind } = useFormValues({ reason: '' });
  const [result, escalate] = useMutation(EscalateMutation);
  const submit = async () => {
    const res = await escalate({ id, reason: values.reason });
    if (res.data) onDone();
  };
  return (
    <div className="panel">
      <h2>提交 12315 中心</h2>
      <Form error={result.error} onSubmit={submit} aria-label="提交中心">
        <TextAreaField name="reason" label="提交原因" required hint="如：经调解双方未达成一致" {...bind('reason')} />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            确认提交
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}
