import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { StationCategory } from '../../gql/enums';
import type { ApiError } from '../../app/errors';
import { chinaToday } from '../../app/format';
import { STATION_CATEGORY_LABELS, optionsOf } from '../../app/labels';
import { useSignedIn } from '../../app/session';
import { Button, PageHeader } from '../../ui/common';
import { Form, SelectField, TextField, optional, useFormValues } from '../../ui/form';
import { SUPERVISING_LEVELS, useOrgUnitOptions } from './org-units';

const RegisterMutation = graphql(`
  mutation StationsRegister($input: RegisterStationInput!) {
    registerStation(input: $input) {
      id
      code
      name
      status
    }
  }
`);

/** The register form (registerStation): a new station starts PENDING until approved. */
export default function RegisterStationPage() {
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const { options: units } = useOrgUnitOptions(SUPERVISING_LEVELS);
  const { values, bind, set } = useFormValues({
    name: '',
    category: '',
    hostName: '',
    hostCreditCode: '',
    address: '',
    contactName: '',
    contactPhone: '',
    orgUnitId: '',
    establishedOn: '',
  });
  // The officer's own unit when it can supervise stations, else the first one in scope.
  useEffect(() => {
    if (values.orgUnitId || !units.length) return;
    set('orgUnitId', units.find((u) => u.value === user.orgUnit?.id)?.value ?? units[0].value);
  }, [units, values.orgUnitId, set, user.orgUnit?.id]);
  const [result, register] = useMutation(RegisterMutation);
  const [missing, setMissing] = useState<ApiError[]>([]);

  const submit = async () => {
    // An empty enum or id cannot be sent at all; everything else is the API's to judge.
    const local: ApiError[] = [];
    if (!values.category) local.push({ code: 'BAD_USER_INPUT', field: 'category', message: '请选择站点类别' });
    if (!values.orgUnitId) local.push({ code: 'BAD_USER_INPUT', field: 'orgUnitId', message: '请选择监管单位' });
    setMissing(local);
    if (local.length) return;
    const res = await register({
      input: {
        name: values.name,
        category: values.category as StationCategory,
        hostName: values.hostName,
        hostCreditCode: values.hostCreditCode.trim(),
        address: values.address,
        contactName: values.contactName,
        contactPhone: values.contactPhone.trim(),
        orgUnitId: values.orgUnitId,
        establishedOn: optional(values.establishedOn),
      },
    });
    if (res.data) navigate(`/stations/${res.data.registerStation.id}`, { state: { registered: true } });
  };

  return (
    <section>
      <PageHeader
        title="登记站点"
        actions={
          <Link className="btn btn-secondary" to="/stations">
            返回名录
          </Link>
        }
      >
        <p className="muted">登记后为“待审批”状态，批准后方可受理消费纠纷。</p>
      </PageHeader>
      <div className="panel">
        <Form error={missing.length ? missing : result.error} onSubmit={submit} aria-label="登记站点">
          <div className="form-grid">
            <TextField name="name" label="站点名称" required {...bind('name')} />
            <SelectField name="category" label="类别" required placeholder="请选择" options={optionsOf(STATION_CATEGORY_LABELS)} {...bind('category')} />
            <TextField name="hostName" label="建站企业" required {...bind('hostName')} />
            <TextField name="hostCreditCode" label="统一社会信用代码" required hint="18 位，含校验位" maxLength={18} autoComplete="off" {...bind('hostCreditCode')} />
            <TextField name="address" label="地址" required className="wide" {...bind('address')} />
            <TextField name="contactName" label="联系人" required {...bind('contactName')} />
            <TextField name="contactPhone" label="联系电话" required hint="手机号或带区号的固定电话" inputMode="tel" {...bind('contactPhone')} />
            <SelectField name="orgUnitId" label="监管单位" required hint="县（区）局或市场监管所" placeholder="请选择" options={units} {...bind('orgUnitId')} />
            <TextField name="establishedOn" label="设立日期" type="date" max={chinaToday()} {...bind('establishedOn')} />
          </div>
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={result.fetching}>
              登记
            </Button>
            <Link className="btn btn-secondary" to="/stations">
              取消
            </Link>
          </div>
        </Form>
      </div>
    </section>
  );
}
