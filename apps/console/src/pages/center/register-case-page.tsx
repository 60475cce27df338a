import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { CaseChannel, CaseType } from '../../gql/enums';
import type { ApiError } from '../../app/errors';
import { CASE_CHANNEL_LABELS, CASE_TYPE_LABELS, optionsOf } from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Button, PageHeader } from '../../ui/common';
import { Form, SelectField, TextAreaField, TextField, optional, useFormValues } from '../../ui/form';
import { useOrgUnitOptions } from '../stations/org-units';

const RegisterCaseMutation = graphql(`
  mutation CenterRegisterCase($input: RegisterCaseInput!) {
    registerCase(input: $input) {
      id
      caseNumber
      status
    }
  }
`);

/** Cases from stations arrive by escalation; direct intake is every other channel. */
const CHANNELS = optionsOf(CASE_CHANNEL_LABELS).filter((o) => o.value !== 'STATION');

/** A datetime-local value ('YYYY-MM-DDTHH:mm', China time) as an ISO instant with its offset. */
function chinaInstant(local: string): string | null {
  const v = local.trim();
  if (!v) return null;
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : v;
}

/** Direct intake at the center (registerCase): phone, web, letter, visit, fax, transfer. */
export default function RegisterCasePage() {
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const { options: units } = useOrgUnitOptions();
  const { values, bind, set } = useFormValues({
    type: 'COMPLAINT',
    channel: 'PHONE',
    receivedAt: '',
    subject: '',
    description: '',
    complainantName: '',
    complainantPhone: '',
    respondentName: '',
    respondentCreditCode: '',
    amountClaimed: '',
    orgUnitId: '',
  });
  useEffect(() => {
    if (values.orgUnitId || !units.length) return;
    set('orgUnitId', units.find((u) => u.value === user.orgUnit?.id)?.value ?? units[0].value);
  }, [units, values.orgUnitId, set, user.orgUnit?.id]);
  const [result, register] = useMutation(RegisterCaseMutation);
  const [missing, setMissing] = useState<ApiError[]>([]);
  const report = values.type === 'REPORT';

  const submit = async () => {
    const local: ApiError[] = [];
    if (!values.type) local.push({ code: 'BAD_USER_INPUT', field: 'type', message: '请选择类型' });
    if (!values.channel) local.push({ code: 'BAD_USER_INPUT', field: 'channel', message: '请选择来源渠道' });
    if (!values.orgUnitId) local.push({ code: 'BAD_USER_INPUT', field: 'orgUnitId', message: '请选择登记单位' });
    setMissing(local);
    if (local.length) return;
    const res = await register({
      input: {
        type: values.type as CaseType,
        channel: values.channel as CaseChannel,
        receivedAt: chinaInstant(values.receivedAt),
        subject: values.subject,
        description: values.description,
        complainantName: values.complainantName,
        complainantPhone: values.complainantPhone.trim(),
        respondentName: optional(values.respondentName),
        respondentCreditCode: optional(values.respondentCreditCode),
        amountClaimed: optional(values.amountClaimed),
        orgUnitId: values.orgUnitId,
      },
    });
    if (res.data) navigate(`/center/${res.data.registerCase.id}`, { state: { registered: true } });
  };

  return (
    <section>
      <PageHeader
        title="登记案件"
        actions={
          <Link className="btn btn-secondary" to="/center">
            返回队列
          </Link>
        }
      >
        <p className="muted">接待、登记电话、网络、信函、来访、传真和转办的咨询、投诉、举报。</p>
      </PageHeader>
      <div className="panel">
        <Form error={missing.length ? missing : result.error} onSubmit={submit} aria-label="登记案件">
          <div className="form-grid">
            <SelectField name="type" label="类型" required options={optionsOf(CASE_TYPE_LABELS)} {...bind('type')} />
            <SelectField name="channel" label="来源渠道" required options={CHANNELS} {...bind('channel')} />
            <TextField name="receivedAt" label="接收时间" type="datetime-local" hint="默认现在；信函等可填实际收到的时间，不得晚于现在" {...bind('receivedAt')} />
            <SelectField name="orgUnitId" label="登记单位" required placeholder="请选择" options={units} {...bind('orgUnitId')} />
            <TextField name="complainantName" label={report ? '举报人姓名' : '投诉人姓名'} required hint={report ? '举报人信息保密' : undefined} {...bind('complainantName')} />
            <TextField name="complainantPhone" label="联系电话" required hint="手机号或带区号的固定电话" inputMode="tel" {...bind('complainantPhone')} />
            <TextField name="subject" label="事由" required className="wide" {...bind('subject')} />
            <TextAreaField name="description" label="详细情况" required className="wide" {...bind('description')} />
            <TextField name="respondentName" label="被投诉方" {...bind('respondentName')} />
            <TextField name="respondentCreditCode" label="被投诉方统一社会信用代码" maxLength={18} autoComplete="off" {...bind('respondentCreditCode')} />
            <TextField name="amountClaimed" label="诉求金额（元）" hint="两位小数，可不填" inputMode="decimal" {...bind('amountClaimed')} />
          </div>
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={result.fetching}>
              登记
            </Button>
            <Link className="btn btn-secondary" to="/center">
              取消
            </Link>
          </div>
        </Form>
      </div>
    </section>
  );
}
