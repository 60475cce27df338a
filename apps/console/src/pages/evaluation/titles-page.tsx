import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { chinaToday, formatDate, formatDateTime } from '../../app/format';
import { STATION_CATEGORY_LABELS } from '../../app/labels';
import { Badge, Button, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, TextAreaField, useFormValues } from '../../ui/form';
import { useEvaluationAccess } from './shared';

const TitlesQuery = graphql(`
  query EvaluationModelTitles($year: Int!) {
    modelTitles(year: $year) {
      year
      grantedAt
      revokedAt
      revokedReason
      station {
        id
        code
        name
        category
        orgUnit {
          id
          name
        }
      }
      # The round that granted the title: its city decides who may revoke (above the city).
      round {
        id
        year
        orgUnit {
          id
          name
        }
      }
    }
  }
`);

const RevokeTitleMutation = graphql(`
  mutation EvaluationRevokeTitle($stationId: ID!, $year: Int!, $reason: String!) {
    revokeModelTitle(stationId: $stationId, year: $year, reason: $reason) {
      year
      revokedAt
      revokedReason
      station {
        id
      }
    }
  }
`);

/** Provincial model-station titles of a year; the province revokes a title from a station that slacks (004: 撤牌). */
export default function TitlesPage() {
  const access = useEvaluationAccess();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(chinaToday().slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const years = Array.from({ length: 10 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);
  const [{ data, fetching, error }] = useQuery({ query: TitlesQuery, variables: { year } });
  const [revoking, setRevoking] = useState<{ stationId: string; name: string } | null>(null);
  const titles = data?.modelTitles ?? [];
  // revokeModelTitle: OFFICER above the round's city (the province), TENANT_ADMIN.
  const mayRevoke = (t: (typeof titles)[number]) => access.ready && access.aboveCity(t.round.orgUnit.id);
  const anyRevocable = titles.some(mayRevoke);
  return (
    <section>
      <PageHeader
        title="省级示范站称号"
        actions={
          <Link className="btn btn-secondary" to="/evaluation">
            示范站评选
          </Link>
        }
      />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="titles-year">年度</label>
          <select
            id="titles-year"
            value={year}
            onChange={(e) => {
              setRevoking(null);
              setParams({ year: e.target.value });
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
        {data ? <p className="muted">共 {titles.length} 个站点，有效 {titles.filter((t) => !t.revokedAt).length} 个</p> : null}
      </div>
      <ErrorBanner error={error} />
      {fetching && !data ? <Loading /> : null}
      {data && titles.length === 0 ? <Empty>{year} 年度没有授予示范站称号。</Empty> : null}
      {titles.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="示范站称号">
            <thead>
              <tr>
                <th scope="col">站点</th>
                <th scope="col">类别</th>
                <th scope="col">监管单位</th>
                <th scope="col">评选</th>
                <th scope="col">授予日期</th>
                <th scope="col">状态</th>
                {anyRevocable ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {titles.map((t) => (
                <tr key={t.station.id}>
                  <td>
                    {t.station.name}
                    <div className="muted">{t.station.code}</div>
                  </td>
                  <td>{STATION_CATEGORY_LABELS[t.station.category]}</td>
                  <td>{t.station.orgUnit.name}</td>
                  <td>
                    <Link to={`/evaluation/rounds/${t.round.id}`}>{t.round.orgUnit.name}</Link>
                  </td>
                  <td className="nowrap">{formatDate(t.grantedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <>
                        <Badge tone="danger">已撤销</Badge>
                        <div className="muted">
                          {formatDateTime(t.revokedAt)}：{t.revokedReason}
                        </div>
                      </>
                    ) : (
                      <Badge tone="success">有效</Badge>
                    )}
                  </td>
                  {anyRevocable ? (
                    <td className="nowrap">
                      {t.revokedAt || !mayRevoke(t) ? (
                        '—'
                      ) : (
                        <Button variant="link" aria-label={`撤销 ${t.station.name} 的称号`} onClick={() => setRevoking({ stationId: t.station.id, name: t.station.name })}>
                          撤销称号
                        </Button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {revoking ? <RevokeForm key={revoking.stationId} year={year} {...revoking} onDone={() => setRevoking(null)} /> : null}
    </section>
  );
}

function RevokeForm({ stationId, name, year, onDone }: { stationId: string; name: string; year: number; onDone(): void }) {
  const { values, bind } = useFormValues({ reason: '' });
  const [result, revoke] = useMutation(RevokeTitleMutation);
  return (
    <div className="panel action-panel" role="region" aria-label="撤销称号">
      <h2>撤销称号：{name}</h2>
      <Form
        error={result.error}
        onSubmit={async () => {
          const res = await revoke({ stationId, year, reason: values.reason });
          if (!res.error) onDone();
        }}
        aria-label="撤销称号"
      >
        <TextAreaField name="reason" label="撤销原因" required hint="如：工作松懈、失去公信力（撤牌）" {...bind('reason')} />
        <div className="form-actions">
          <Button type="submit" variant="danger" busy={result.fetching}>
            确认撤销
          </Button>
          <Button onClick={onDone}>取消</Button>
        </div>
      </Form>
    </div>
  );
}
