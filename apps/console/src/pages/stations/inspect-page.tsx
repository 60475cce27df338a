import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { apiErrors } from '../../app/errors';
import { chinaToday } from '../../app/format';
import { Button, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, TextAreaField, TextField, optional, useFormValues } from '../../ui/form';

const InspectFormQuery = graphql(`
  query StationsInspectForm($id: ID!) {
    station(id: $id) {
      id
      name
      code
      status
    }
    inspectionChecklist {
      id
      code
      title
      active
      sortOrder
    }
  }
`);

const RecordInspectionMutation = graphql(`
  mutation StationsRecordInspection($input: RecordInspectionInput!) {
    recordInspection(input: $input) {
      id
      result
      stationId
      rectifications {
        id
        dueOn
      }
    }
  }
`);

interface Finding {
  passed: boolean;
  note: string;
}
interface Order {
  key: number;
  description: string;
  workingDays: string;
}

/** Rectification row errors come back with extensions.path `rectifications.<i>.<field>`. */
const ROW_PATH = /^rectifications\.(\d+)\.(\w+)$/;

/**
 * Records an inspection against the tenant's checklist: every active item passed or not, with a
 * note, and the rectification orders with their deadlines in working days.
 */
export default function InspectPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: InspectFormQuery, variables: { id } });
  const items = useMemo(() => (data?.inspectionChecklist ?? []).filter((i) => i.active).sort((a, b) => a.sortOrder - b.sortOrder), [data]);
  const [findings, setFindings] = useState<Record<string, Finding>>({});
  const [orders, setOrders] = useState<Order[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const { values, bind } = useFormValues({ inspectedOn: chinaToday(), note: '' });
  const [result, record] = useMutation(RecordInspectionMutation);

  const errors = apiErrors(result.error);
  const rowErrors = new Map<string, string>();
  for (const e of errors) {
    const m = e.path ? ROW_PATH.exec(e.path) : null;
    if (m) rowErrors.set(`${m[1]}.${m[2]}`, e.message);
  }
  const formErrors = errors.filter((e) => !(e.path && ROW_PATH.test(e.path)));

  if (fetching && !data) return <Loading />;
  if (error) return <ErrorBanner error={error} />;
  const s = data?.station;
  if (!s) return <p>站点不存在。</p>;

  const finding = (code: string): Finding => findings[code] ?? { passed: true, note: '' };
  const setFinding = (code: string, f: Partial<Finding>) => setFindings((all) => ({ ...all, [code]: { ...finding(code), ...f } }));
  const setOrder = (key: number, o: Partial<Order>) => setOrders((all) => all.map((x) => (x.key === key ? { ...x, ...o } : x)));

  const submit = async () => {
    const res = await record({
      input: {
        stationId: s.id,
        inspectedOn: optional(values.inspectedOn),
        items: items.map((i) => ({ code: i.code, passed: finding(i.code).passed, note: optional(finding(i.code).note) })),
        rectifications: orders.map((o) => ({ description: o.description, workingDays: Number(o.workingDays) })),
        note: optional(values.note),
      },
    });
    if (res.data) navigate(`/stations/${s.id}`);
  };

  return (
    <section>
      <PageHeader
        title={`记录检查：${s.name}`}
        actions={
          <Link className="btn btn-secondary" to={`/stations/${s.id}`}>
            返回站点
          </Link>
        }
      >
        <p className="muted">站点编号 {s.code}</p>
      </PageHeader>
      <div className="panel">
        <Form error={formErrors} onSubmit={submit} aria-label="记录检查">
          <TextField name="inspectedOn" label="检查日期" type="date" max={chinaToday()} {...bind('inspectedOn')} />
          <fieldset className="field" data-field="items">
            <legend>检查项目</legend>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">项目</th>
                    <th scope="col">结论</th>
                    <th scope="col">说明</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => {
                    const f = finding(i.code);
                    return (
                      <tr key={i.code} className={f.passed ? undefined : 'row-near'}>
                        <th scope="row" id={`item-${i.code}`} style={{ whiteSpace: 'normal', background: 'none', fontWeight: 'normal' }}>
                          {i.title}
                        </th>
                        <td>
                          <div className="tri-options" role="radiogroup" aria-labelledby={`item-${i.code}`}>
                            <label className="radio">
                              <input type="radio" name={`passed-${i.code}`} checked={f.passed} onChange={() => setFinding(i.code, { passed: true })} />
                              合格
                            </label>
                            <label className="radio">
                              <input type="radio" name={`passed-${i.code}`} checked={!f.passed} onChange={() => setFinding(i.code, { passed: false })} />
                              不合格
                            </label>
                          </div>
                        </td>
                        <td>
                          <input aria-label={`${i.title}：说明`} value={f.note} onChange={(e) => setFinding(i.code, { note: e.target.value })} className="cell-input" />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </fieldset>

          <fieldset className="field" data-field="rectifications">
            <legend>限期整改事项</legend>
            {orders.length === 0 ? <p className="muted">没有整改事项。有不合格项时，可在此下达限期整改。</p> : null}
            {orders.map((o, index) => (
              <div key={o.key} className="rectification-row">
                <div className={`field${rowErrors.has(`${index}.description`) ? ' field-invalid' : ''}`}>
                  <label htmlFor={`rect-desc-${o.key}`}>整改事项 {index + 1}</label>
                  <input id={`rect-desc-${o.key}`} value={o.description} aria-invalid={rowErrors.has(`${index}.description`)} onChange={(e) => setOrder(o.key, { description: e.target.value })} />
                  {rowErrors.has(`${index}.description`) ? (
                    <p className="field-error" role="alert">
                      {rowErrors.get(`${index}.description`)}
                    </p>
                  ) : null}
                </div>
                <div className={`field${rowErrors.has(`${index}.workingDays`) ? ' field-invalid' : ''}`}>
                  <label htmlFor={`rect-days-${o.key}`}>期限（工作日）</label>
                  <input
                    id={`rect-days-${o.key}`}
                    type="number"
                    min={1}
                    max={60}
                    inputMode="numeric"
                    value={o.workingDays}
                    aria-invalid={rowErrors.has(`${index}.workingDays`)}
                    onChange={(e) => setOrder(o.key, { workingDays: e.target.value })}
                  />
                  {rowErrors.has(`${index}.workingDays`) ? (
                    <p className="field-error" role="alert">
                      {rowErrors.get(`${index}.workingDays`)}
                    </p>
                  ) : null}
                </div>
                <Button variant="link" onClick={() => setOrders((all) => all.filter((x) => x.key !== o.key))} aria-label={`删除整改事项 ${index + 1}`}>
                  删除
                </Button>
              </div>
            ))}
            <div>
              <Button
                onClick={() => {
                  setOrders((all) => [...all, { key: nextKey, description: '', workingDays: '10' }]);
                  setNextKey((k) => k + 1);
                }}
              >
                添加整改事项
              </Button>
            </div>
          </fieldset>

          <TextAreaField name="note" label="检查意见" {...bind('note')} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={result.fetching}>
              保存检查记录
            </Button>
            <Link className="btn btn-secondary" to={`/stations/${s.id}`}>
              取消
            </Link>
          </div>
        </Form>
      </div>
    </section>
  );
}
