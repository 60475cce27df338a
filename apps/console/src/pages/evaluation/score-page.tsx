import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { apiErrors } from '../../app/errors';
import { formatDateTime, formatNumber, formatPercent } from '../../app/format';
import { ROUND_PHASE_LABELS, STATION_CATEGORY_LABELS } from '../../app/labels';
import { Button, Details, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form } from '../../ui/form';
import { ApplicationStatusBadge, CANDIDATE_STATUSES, useEvaluationAccess, weightPercent } from './shared';

const ScoreSheetQuery = graphql(`
  query EvaluationScoreSheet($id: ID!) {
    application(id: $id) {
      id
      status
      statement
      sheetCount
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
      round {
        id
        year
        phase
        orgUnit {
          id
          name
        }
        criteria {
          id
          code
          name
          maxPoints
          weight
        }
      }
      # The signed-in evaluator's own sheet or conflict declaration: a reload shows it locked.
      myScoreSheet {
        id
        conflictDeclared
        scores {
          criterionId
          points
        }
        weightedScore
        submittedAt
      }
      indicators {
        disputesHandled
        disputesSettled
        settlementRate
        escalations
        overdueDeadlines
        trainingHours
        inspections
        inspectionsFailed
      }
    }
  }
`);

const SubmitScoresMutation = graphql(`
  mutation EvaluationSubmitScores($applicationId: ID!, $scores: [CriterionScoreInput!]!) {
    submitScores(applicationId: $applicationId, scores: $scores) {
      id
      status
      sheetCount
      myScoreSheet {
        id
        conflictDeclared
        scores {
          criterionId
          points
        }
        weightedScore
        submittedAt
      }
    }
  }
`);

const DeclareConflictMutation = graphql(`
  mutation EvaluationDeclareConflict($applicationId: ID!) {
    declareConflict(applicationId: $applicationId) {
      id
      sheetCount
      myScoreSheet {
        id
        conflictDeclared
      }
    }
  }
`);

/**
 * The evaluator's scoring sheet: one score per criterion of the round (0 – its maximum, as the
 * API returns them). The sheet locks once submitted; an evaluator with a conflict of interest
 * declares it instead of scoring. A sheet already submitted (`myScoreSheet`) is shown locked with
 * the stored points, also after a reload.
 */
export default function ScorePage() {
  const { id = '' } = useParams();
  const access = useEvaluationAccess();
  const [{ data, fetching, error }] = useQuery({ query: ScoreSheetQuery, variables: { id } });
  const [points, setPoints] = useState<Record<string, string>>({});
  const [submitted, submit] = useMutation(SubmitScoresMutation);
  const [declared, declare] = useMutation(DeclareConflictMutation);
  const [confirmConflict, setConfirmConflict] = useState(false);
  const a = data?.application;
  if (!a) {
    return (
      <section>
        <PageHeader title="评分表" />
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
  const criteria = round.criteria;
  // The stored sheet: from the query (a reload), or from the mutation that just wrote it.
  const sheet = submitted.data?.submitScores.myScoreSheet ?? a.myScoreSheet;
  const locked = !!sheet && !sheet.conflictDeclared;
  const abstained = !!declared.data?.declareConflict.myScoreSheet?.conflictDeclared || !!sheet?.conflictDeclared;
  const shown: Record<string, string> = sheet && !sheet.conflictDeclared ? Object.fromEntries(sheet.scores.map((x) => [x.criterionId, String(x.points)])) : points;
  const errors = apiErrors(submitted.error);
  // Errors about the scores (a value out of range, a missing item) belong beside the sheet.
  const scoreErrors = errors.filter((e) => e.field === 'scores');
  const otherErrors = errors.filter((e) => e.field !== 'scores');
  const filled = criteria.filter((c) => (shown[c.id] ?? '').trim() !== '');
  // 100 × Σ weight × points / maxPoints: the sheet score the API will store (README: model-station scoring).
  const preview =
    filled.length === criteria.length ? criteria.reduce((s, c) => s + (c.weight * Number(shown[c.id])) / c.maxPoints, 0) * 100 : null;

  let blocked: string | null = null;
  if (locked || abstained) blocked = null; // what was submitted is shown whatever the phase
  else if (round.phase !== 'SCORING') blocked = `当前阶段为「${ROUND_PHASE_LABELS[round.phase]}」，只有测评阶段可以评分。`;
  else if (!CANDIDATE_STATUSES.includes(a.status)) blocked = '该申请不是候选站点，不能评分。';
  else if (!access.isEvaluator) blocked = '只有评审专家可以评分。';
  else if (access.supervises(a.station.orgUnit.id)) blocked = '您所在单位监管该站点，须回避，不能评分。';

  return (
    <section>
      <PageHeader
        title={`评分表 · ${a.station.name}`}
        actions={
          <Link className="btn btn-secondary" to={`/evaluation/rounds/${round.id}`}>
            返回评选
          </Link>
        }
      >
        <p className="muted">
          {round.year} 年度 · {round.orgUnit.name}
        </p>
      </PageHeader>

      <div className="panel">
        <h2>候选站点</h2>
        <Details
          items={[
            ['站点', `${a.station.name}（${a.station.code}）`],
            ['类别', STATION_CATEGORY_LABELS[a.station.category]],
            ['监管单位', a.station.orgUnit.name],
            ['状态', <ApplicationStatusBadge key="s" status={a.status} />],
            ['申报材料摘要', a.statement],
            [
              '本年度指标',
              `受理纠纷 ${a.indicators.disputesHandled} 件，和解 ${a.indicators.disputesSettled} 件` +
                (a.indicators.settlementRate == null ? '' : `（和解率 ${formatPercent(a.indicators.settlementRate)}）`) +
                `，提交 12315 ${a.indicators.escalations} 件，逾期 ${a.indicators.overdueDeadlines} 项，培训 ${formatNumber(a.indicators.trainingHours, 1)} 学时，检查 ${a.indicators.inspections} 次（不合格 ${a.indicators.inspectionsFailed}）`,
            ],
          ]}
        />
      </div>

      {blocked ? (
        <p className="notice" role="status">
          {blocked}
        </p>
      ) : abstained ? (
        <p className="notice notice-success" role="status">
          已申报回避：您不为该站点评分。
        </p>
      ) : (
        <div className="panel">
          <h2>评分</h2>
          <p className="muted">每项得分在 0 到该项满分之间，可含小数。提交后评分表锁定，不能修改。</p>
          <Form
            error={otherErrors}
            onSubmit={() => {
              if (locked) return;
              void submit({ applicationId: a.id, scores: filled.map((c) => ({ criterionId: c.id, points: Number(points[c.id]) })) });
            }}
            aria-label="评分表"
          >
            <fieldset className={`field score-sheet${scoreErrors.length ? ' field-invalid' : ''}`} data-field="scores" disabled={locked}>
              <legend>评分项</legend>
              <div className="table-wrap">
                <table className="table" aria-label="评分项">
                  <thead>
                    <tr>
                      <th scope="col">评分项</th>
                      <th scope="col">满分</th>
                      <th scope="col">权重</th>
                      <th scope="col">得分</th>
                    </tr>
                  </thead>
                  <tbody>
                    {criteria.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">
                          <label htmlFor={`score-${c.id}`}>{c.name}</label>
                        </th>
                        <td>{c.maxPoints}</td>
                        <td>{weightPercent(c.weight)}</td>
                        <td>
                          <input
                            id={`score-${c.id}`}
                            className="score-input"
                            type="number"
                            inputMode="decimal"
                            min={0}
                            max={c.maxPoints}
                            step="any"
                            value={shown[c.id] ?? ''}
                            aria-invalid={scoreErrors.length > 0}
                            aria-describedby={scoreErrors.length ? 'score-errors' : undefined}
                            onChange={(e) => setPoints((p) => ({ ...p, [c.id]: e.target.value }))}
                          />
                          <span className="muted"> / {c.maxPoints}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {locked ? (
                <p className="muted">加权得分（0–100）：{formatNumber(sheet?.weightedScore)}</p>
              ) : (
                <p className="muted" aria-live="polite">
                  加权得分（0–100，预览）：{preview === null ? '各项填写后显示' : formatNumber(preview)}
                </p>
              )}
              {scoreErrors.length ? (
                <div id="score-errors">
                  {scoreErrors.map((e, i) => (
                    <p key={i} className="field-error" role="alert">
                      {e.message}
                    </p>
                  ))}
                </div>
              ) : null}
            </fieldset>
            {locked ? (
              <p className="notice notice-success" role="status">
                评分表已提交并锁定（{formatDateTime(sheet?.submittedAt)}）。该站点已收到 {submitted.data?.submitScores.sheetCount ?? a.sheetCount} 份评分表。
              </p>
            ) : (
              <div className="form-actions">
                <Button type="submit" variant="primary" busy={submitted.fetching}>
                  提交评分表
                </Button>
                {confirmConflict ? null : (
                  <Button variant="secondary" onClick={() => setConfirmConflict(true)}>
                    申报回避
                  </Button>
                )}
              </div>
            )}
          </Form>
          {confirmConflict && !locked ? (
            <div className="panel action-panel" role="region" aria-label="申报回避">
              <p>与该站点存在利害关系（如本单位监管、亲属任职等）的，应申报回避。申报后不能再为该站点评分。</p>
              <div className="form-actions">
                <Button variant="danger" busy={declared.fetching} onClick={() => declare({ applicationId: a.id })}>
                  确认申报回避
                </Button>
                <Button onClick={() => setConfirmConflict(false)}>取消</Button>
              </div>
              <ErrorBanner error={declared.error} />
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
