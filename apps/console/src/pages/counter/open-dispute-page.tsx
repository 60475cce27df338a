import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { ClaimType, DisputeIssueType } from '../../gql/graphql';
import { CHECKLIST_QUESTIONS, type ChecklistKey } from './checklist';
import type { ApiError } from '../../app/errors';
import { chinaToday } from '../../app/format';
import { CLAIM_TYPE_LABELS, ISSUE_TYPE_LABELS, optionsOf } from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Button, PageHeader } from '../../ui/common';
import { Form, SelectField, TextAreaField, TextField, TriStateField, optional, useFormValues } from '../../ui/form';

const OpenDisputeMutation = graphql(`
  mutation OpenDispute($input: OpenDisputeInput!) {
    openDispute(input: $input) {
      id
      caseNumber
      status
      applicableGrounds
    }
  }
`);

const EMPTY = {
  consumerName: '',
  consumerPhone: '',
  subject: '',
  description: '',
  claimType: '',
  amountClaimed: '',
  purchasedOn: '',
  productName: '',
  brandModel: '',
  purchasePlace: '',
  goodsOrServiceCategory: '',
  issueType: '',
};

/** 受理登记: every field of OpenDisputeInput and the optional intake checklist. */
export default function OpenDisputePage() {
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const { values, bind } = useFormValues(EMPTY);
  const [checklist, setChecklist] = useState<Record<ChecklistKey, boolean | null>>({
    respondentIdentified: null,
    hasProof: null,
    withinWarrantyOrShelfLife: null,
    alreadyNegotiated: null,
    beforeCourtOrOtherAuthority: null,
  });
  const [result, open] = useMutation(OpenDisputeMutation);
  // The one check made here: an enum cannot be sent empty (the API would answer in GraphQL's words).
  const [missing, setMissing] = useState<ApiError[] | null>(null);

  const submit = async () => {
    if (!values.claimType) {
      setMissing([{ code: 'BAD_USER_INPUT', field: 'claimType', message: '请选择诉求（退货、换货、修理、赔偿或其它）' }]);
      return;
    }
    setMissing(null);
    const answered = Object.fromEntries(Object.entries(checklist).filter(([, v]) => v !== null));
    const res = await open({
      input: {
        stationId: user.station?.id ?? '',
        consumerName: values.consumerName,
        consumerPhone: values.consumerPhone,
        subject: values.subject,
        description: values.description,
        claimType: values.claimType as ClaimType,
        amountClaimed: optional(values.amountClaimed),
        purchasedOn: optional(values.purchasedOn),
        productName: optional(values.productName),
        brandModel: optional(values.brandModel),
        purchasePlace: optional(values.purchasePlace),
        goodsOrServiceCategory: optional(values.goodsOrServiceCategory),
        issueType: (optional(values.issueType) as DisputeIssueType | null) ?? null,
        checklist: Object.keys(answered).length ? answered : null,
      },
    });
    if (res.data) navigate(`/counter/${res.data.openDispute.id}`, { state: { opened: true } });
  };

  return (
    <section>
      <PageHeader title="受理消费纠纷" actions={<Link to="/counter">返回列表</Link>}>
        <p className="muted">带 * 的为必填项。受理后请在和解期限内调解。</p>
      </PageHeader>
      <Form error={missing ?? result.error} onSubmit={submit} aria-label="受理登记">
        <div className="panel">
          <h2>消费者</h2>
          <div className="form-grid">
            <TextField name="consumerName" label="姓名" required autoComplete="off" {...bind('consumerName')} />
            <TextField name="consumerPhone" label="联系电话" required hint="手机号或带区号的固定电话" inputMode="tel" autoComplete="off" {...bind('consumerPhone')} />
          </div>
        </div>
        <div className="panel">
          <h2>投诉内容</h2>
          <div className="form-grid">
            <TextField name="subject" label="事由" required className="wide" maxLength={200} {...bind('subject')} />
            <TextAreaField name="description" label="详细情况" required className="wide" {...bind('description')} />
            <SelectField name="claimType" label="诉求" required placeholder="请选择" options={optionsOf(CLAIM_TYPE_LABELS)} {...bind('claimType')} />
            <TextField name="amountClaimed" label="诉求金额（元）" hint="最多两位小数，如 128.50" inputMode="decimal" {...bind('amountClaimed')} />
            <SelectField name="issueType" label="问题类别" placeholder="未分类" options={optionsOf(ISSUE_TYPE_LABELS)} {...bind('issueType')} />
          </div>
        </div>
        <div className="panel">
          <h2>商品或服务</h2>
          <div className="form-grid">
            <TextField name="productName" label="商品或服务名称" {...bind('productName')} />
            <TextField name="brandModel" label="品牌、规格型号" {...bind('brandModel')} />
            <TextField name="goodsOrServiceCategory" label="商品或服务类别" {...bind('goodsOrServiceCategory')} />
            <TextField name="purchasedOn" label="购买日期" type="date" max={chinaToday()} {...bind('purchasedOn')} />
            <TextField name="purchasePlace" label="购买地点" className="wide" {...bind('purchasePlace')} />
          </div>
        </div>
        <div className="panel">
          <h2>受理登记询问事项</h2>
          <p className="muted">均可不填；答复符合不予受理情形时，受理后会提示对应情形。</p>
          <div className="checklist">
            {CHECKLIST_QUESTIONS.map((q) => (
              <TriStateField key={q.key} name={q.key} label={q.label} value={checklist[q.key]} onChange={(v) => setChecklist((c) => ({ ...c, [q.key]: v }))} />
            ))}
          </div>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            受理
          </Button>
          <Link className="btn btn-secondary" to="/counter">
            取消
          </Link>
        </div>
      </Form>
    </section>
  );
}
