import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime, formatNumber, formatPercent } from '../../app/format';
import { ROUND_PHASE_LABELS, STATION_CATEGORY_LABELS } from '../../app/labels';
import { Badge, Button, Details, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, TextAreaField, useFormValues } from '../../ui/form';
import { ApplicationStatusBadge, CANDIDATE_STATUSES, PhaseBar, useEvaluationAccess } from './shared';

const ApplicationQuery = graphql(`
  query EvaluationApplication($id: ID!) {
    application(id: $id) {
      id
      status
      statement
      countyNote
      cityNote
      createdAt
      rank
      finalScore
      rawScore
      sheetCount
      selected
      inSample
      spotCheckPassed
      spotCheckNote
      station {
        id
        code
        name
        category
        hostName
        address
        orgUnit {
          id
          name
        }
      }
      round {
        id
        year
        phase
        orgUnit {
          id
          name
        }
      }
      indicators {
        disputesHandled
        disputesSettled
        settlementRate
        escalations
        overdueDeadlines
        overdueCenterDeadlines
        trainingAttendances
        trainingHours
        inspections
        inspectionsPassed
        inspectionsFailed
      }
    }
  }
`);

const CommentsQuery = graphql(`
  query EvaluationPublicComments($applicationId: ID!) {
    publicComments(applicationId: $applicationId) {
      id
      name
      phone
      text
      objection
      resolution
      resolutionNote
      createdAt
    }
  }
`);

const ResolveMutation = graphql(`
  mutation EvaluationResolveObjection($commentId: ID!, $upheld: Boolean!, $note: String!) {
    resolveObjection(commentId: $commentId, upheld: $upheld, note: $note) {
      id
      resolution
      resolutionNote
    }
  }
`);

/** One application: the station, its statement and reviews, its year's indicators, scores, comments. */
export default function ApplicationPage() {
  const { id = '' } = useParams();
  const access = useEvaluationAccess();
  const [{ data, fetching, error }] = useQuery({ query: ApplicationQuery, variables: { id } });
  const a = data?.application;
  if (!a) {
    return (
      <section>
        <PageHeader title="示范站申请" />
        {fetching ? <Loading /> : null}
        <ErrorBanner error={error} />
        {!fetching && !error ? <Empty>没有找到该申请。</Empty> : null}
        <p>
          <Link to="/evaluation">返回示范站评选</Link>
        </p>
      </section>
    );
  }
  const round = a.round;
  const ind = a.indicators;
  const canScore = round.phase === 'SCORING' && access.isEvaluator && CANDIDATE_STATUSES.includes(a.status) && !access.supervises(a.station.orgUnit.id);
  return (
    <section>
      <PageHeader
        title={`示范站申请 · ${a.station.name}`}
        actions={
          <>
            <Link className="btn btn-secondary" to={`/evaluation/rounds/${round.id}`}>
              返回评选
            </Link>
            {canScore ? (
              <Link className="btn btn-primary" to={`/evaluation/applications/${a.id}/score`}>
                评分
              </Link>
            ) : null}
          </>
        }
      >
        <p className="muted">
          {round.year} 年度 · {round.orgUnit.name} · 当前阶段：{ROUND_PHASE_LABELS[round.phase]}
        </p>
      </PageHeader>
      <PhaseBar phase={round.phase} />

      <div className="panel">
        <h2>申请</h2>
        <Details
          items={[
            ['站点', `${a.station.name}（${a.station.code}）`],
            ['类别', STATION_CATEGORY_LABELS[a.station.category]],
            ['建站企业', a.station.hostName],
            ['地址', a.station.address],
            ['监管单位', a.station.orgUnit.name],
            ['状态', <ApplicationStatusBadge key="s" status={a.status} />],
            ['申请时间', formatDateTime(a.createdAt)],
            ['申报材料摘要', a.statement],
            ['县级查验意见', a.countyNote],
            ['市级审核意见', a.cityNote],
          ]}
        />
      </div>

      <div className="panel">
        <h2>{round.year} 年度工作指标</h2>
        <p className="muted">按站点自身数据计算。</p>
        <Details
          items={[
            ['受理纠纷', `${ind.disputesHandled} 件`],
            ['和解', `${ind.disputesSettled} 件`],
            ['和解率', ind.settlementRate == null ? '—' : formatPercent(ind.settlementRate)],
            ['提交 12315', `${ind.escalations} 件`],
            ['逾期事项', `${ind.overdueDeadlines} 项`],
            ['转交案件超期时限', `${ind.overdueCenterDeadlines} 项`],
            ['参加培训', `${ind.trainingAttendances} 人次，${formatNumber(ind.trainingHours, 1)} 学时`],
            ['检查', `${ind.inspections} 次（合格 ${ind.inspectionsPassed}，不合格 ${ind.inspectionsFailed}）`],
          ]}
        />
      </div>

      {round.phase === 'SCORING' || round.phase === 'SPOT_CHECK' || round.phase === 'PUBLISHED' ? (
        <div className="panel">
          <h2>测评</h2>
          <Details
            items={[
              ['评分表', `${a.sheetCount} 份`],
              ['排名', a.rank ?? '—'],
              ['最终得分', formatNumber(a.finalScore) || '—'],
              ['加权原始分', formatNumber(a.rawScore) || '—'],
              ['遴选', a.selected ? '入选' : '—'],
              ['抽查', a.inSample ? (a.spotCheckPassed == null ? '在抽查样本中，待抽查' : a.spotCheckPassed ? `通过：${a.spotCheckNote ?? ''}` : `未通过：${a.spotCheckNote ?? ''}`) : '—'],
            ]}
          />
        </div>
      ) : null}

      {access.isOfficer || access.isAdmin ? <CommentsPanel applicationId={a.id} phase={round.phase} canResolve={round.phase === 'PUBLIC_NOTICE' && access.organises(round.orgUnit.id)} /> : null}
    </section>
  );
}

/** Comments and objections from the public notice (with contact details: officers only). */
function CommentsPanel({ applicationId, phase, canResolve }: { applicationId: string; phase: string; canResolve: boolean }) {
  // Comments arrive from the public notice on.
  const before = phase === 'APPLICATION' || phase === 'COUNTY_REVIEW' || phase === 'CITY_REVIEW';
  const [{ data, error }] = useQuery({ query: CommentsQuery, variables: { applicationId }, pause: before });
  const [resolving, setResolving] = useState<string | null>(null);
  const comments = data?.publicComments ?? [];
  if (before) return null;
  return (
    <div className="panel">
      <h2>公示意见</h2>
      <ErrorBanner error={error} />
      {data && comments.length === 0 ? <Empty>公示期间没有收到意见。</Empty> : null}
      {comments.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="公示意见">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">提出人</th>
                <th scope="col">类型</th>
                <th scope="col">内容</th>
                <th scope="col">处理</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.createdAt)}</td>
                  <td>
                    {c.name}
                    <div className="muted">{c.phone}</div>
                  </td>
                  <td>{c.objection ? <Badge tone="warning">异议</Badge> : <Badge>意见</Badge>}</td>
                  <td className="pre-wrap">{c.text}</td>
                  <td>
                    {c.resolution ? (
                      <>
                        <Badge tone={c.resolution === 'UPHELD' ? 'danger' : 'success'}>{c.resolution === 'UPHELD' ? '异议成立' : '异议不成立'}</Badge>
                        <div className="muted">{c.resolutionNote}</div>
                      </>
                    ) : c.objection && canResolve ? (
                      <Button variant="link" onClick={() => setResolving(c.id)}>
                        处理异议
                      </Button>
                    ) : c.objection ? (
                      <Badge tone="warning">待处理</Badge>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {resolving ? <ResolveForm key={resolving} commentId={resolving} onDone={() => setResolving(null)} /> : null}
    </div>
  );
}

function ResolveForm({ commentId, onDone }: { commentId: string; onDone(): void }) {
  const { values, bind } = useFormValues({ note: '' });
  const [result, resolve] = useMutation(ResolveMutation);
  const send = async (upheld: boolean) => {
    const res = await resolve({ commentId, upheld, note: values.note });
    if (!res.error) onDone();
  };
  return (
    <Form error={result.error} onSubmit={() => send(false)} aria-label="处理异议">
      <h3>处理异议</h3>
      <TextAreaField name="note" label="处理意见" required hint="异议成立的，取消该站点的候选资格" {...bind('note')} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={result.fetching}>
          异议不成立
        </Button>
        <Button variant="danger" busy={result.fetching} onClick={() => send(true)}>
          异议成立（取消候选资格）
        </Button>
        <Button onClick={onDone}>取消</Button>
      </div>
    </Form>
  );
}
