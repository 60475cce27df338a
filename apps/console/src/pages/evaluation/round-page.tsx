import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EvaluationRoundPageQuery } from '../../gql/graphql';
import type { RoundPhase } from '../../gql/enums';
import { formatNumber } from '../../app/format';
import { ROUND_PHASE_LABELS, STATION_CATEGORY_LABELS } from '../../app/labels';
import { Badge, Button, Details, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, SelectField, TextAreaField, TextField, useFormValues } from '../../ui/form';
import { ApplicationStatusBadge, CANDIDATE_STATUSES, nextPhase, PhaseBar, useEvaluationAccess, weightPercent, type EvaluationAccess } from './shared';

const RoundPageQuery = graphql(`
  query EvaluationRoundPage($id: ID!) {
    evaluationRound(id: $id) {
      id
      year
      phase
      quota
      maxPerCategory
      selectionStored
      spotCheckSeed
      spotCheckSize
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
    applications(roundId: $id) {
      id
      status
      rank
      finalScore
      rawScore
      sheetCount
      selected
      inSample
      spotCheckPassed
      # The signed-in evaluator's own sheet (null for everyone else).
      myScoreSheet {
        id
        conflictDeclared
      }
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
    }
  }
`);

const AdvanceMutation = graphql(`
  mutation EvaluationAdvanceRound($id: ID!, $to: RoundPhase!) {
    advanceRound(id: $id, to: $to) {
      id
      phase
    }
  }
`);

const ApplyMutation = graphql(`
  mutation EvaluationApply($roundId: ID!, $stationId: ID!, $statement: String!) {
    applyForModelStation(roundId: $roundId, stationId: $stationId, statement: $statement) {
      id
      status
      # The round's typename makes urql refetch the round page, even when its list was empty.
      round {
        id
      }
    }
  }
`);

const WithdrawMutation = graphql(`
  mutation EvaluationWithdraw($id: ID!) {
    withdrawApplication(id: $id) {
      id
      status
    }
  }
`);

const ReviewMutation = graphql(`
  mutation EvaluationReview($id: ID!, $recommend: Boolean!, $note: String!) {
    reviewApplication(id: $id, recommend: $recommend, note: $note) {
      id
      status
      countyNote
      cityNote
    }
  }
`);

const SelectMutation = graphql(`
  mutation EvaluationSelect($roundId: ID!) {
    selectModelStations(roundId: $roundId) {
      id
      status
      rank
      finalScore
      rawScore
      selected
    }
  }
`);

const DrawMutation = graphql(`
  mutation EvaluationDrawSample($roundId: ID!, $size: Int!) {
    drawSpotCheckSample(roundId: $roundId, size: $size) {
      id
      spotCheckSeed
      spotCheckSize
    }
  }
`);

const SpotCheckMutation = graphql(`
  mutation EvaluationSpotCheck($applicationId: ID!, $passed: Boolean!, $note: String!) {
    recordSpotCheck(applicationId: $applicationId, passed: $passed, note: $note) {
      id
      status
      spotCheckPassed
      spotCheckNote
    }
  }
`);

const StationsForApplyQuery = graphql(`
  query EvaluationStationsForApply($filter: StationFilter) {
    stations(filter: $filter, first: 100) {
      totalCount
      edges {
        node {
          id
          code
          name
          category
        }
      }
    }
  }
`);

type Round = NonNullable<EvaluationRoundPageQuery['evaluationRound']>;
type App = EvaluationRoundPageQuery['applications'][number];
type Action = { kind: 'withdraw' | 'countyReview' | 'cityReview' | 'spotCheck'; app: App };

const PHASE_HINTS: Record<RoundPhase, string> = {
  APPLICATION: '建站企业自愿申报，由县级局或服务站代为提交。',
  COUNTY_REVIEW: '县级局查验站点，向市局推荐符合标准的站点。',
  CITY_REVIEW: '市局审核县级推荐的站点，确定公示候选名单。',
  PUBLIC_NOTICE: '向社会公示候选站点，听取消费者和经营者意见；异议须处理后方可进入测评。',
  SCORING: '评审专家按评分标准为候选站点评分（监管该站点的单位须回避），市局按最终得分遴选。',
  SPOT_CHECK: '省局从入选站点中随机抽取样本实地抽查。',
  PUBLISHED: '名单已公布，入选站点获授省级示范站称号。',
};

/** One round: phase bar, details, the applications with the actions of this phase and role. */
export default function RoundPage() {
  const { id = '' } = useParams();
  const access = useEvaluationAccess();
  const [{ data, fetching, error }] = useQuery({ query: RoundPageQuery, variables: { id } });
  const [action, setAction] = useState<Action | null>(null);
  const round = data?.evaluationRound;

  // An action belongs to one phase.
  useEffect(() => setAction(null), [round?.phase]);

  if (!round) {
    return (
      <section>
        <PageHeader title="示范站评选" />
        {fetching ? <Loading /> : null}
        <ErrorBanner error={error} />
        {!fetching && !error ? <Empty>没有找到该评选活动。</Empty> : null}
        <p>
          <Link to="/evaluation">返回示范站评选</Link>
        </p>
      </section>
    );
  }

  const apps = data.applications;
  const scored = round.phase === 'SCORING' || round.phase === 'SPOT_CHECK' || round.phase === 'PUBLISHED';
  const organiser = access.organises(round.orgUnit.id);
  return (
    <section>
      <PageHeader
        title={`${round.year} 年度省级示范站评选`}
        actions={
          <>
            <Link className="btn btn-secondary" to="/evaluation">
              全部评选
            </Link>
            {round.phase === 'PUBLISHED' ? (
              <Link className="btn btn-secondary" to={`/evaluation/titles?year=${round.year}`}>
                示范站称号
              </Link>
            ) : null}
          </>
        }
      >
        <p className="muted">{round.orgUnit.name}</p>
      </PageHeader>

      <PhaseBar phase={round.phase} />
      <p className="notice" role="note">
        当前阶段：<strong>{ROUND_PHASE_LABELS[round.phase]}</strong>。{PHASE_HINTS[round.phase]}
      </p>

      <div className="panel">
        <h2>评选信息</h2>
        <Details
          items={[
            ['组织单位', round.orgUnit.name],
            ['年度', `${round.year} 年`],
            ['名额', `${round.quota} 个`],
            ['每类最多入选', round.maxPerCategory ? `${round.maxPerCategory} 个` : '不限'],
            ['遴选结果', round.selectionStored ? '已保存' : '尚未保存'],
            ['评选编号', <code key="id">{round.id}</code>],
          ]}
        />
        <h3>评分标准</h3>
        <div className="table-wrap">
          <table className="table" aria-label="评分标准">
            <thead>
              <tr>
                <th scope="col">评分项</th>
                <th scope="col">代码</th>
                <th scope="col">满分</th>
                <th scope="col">权重</th>
              </tr>
            </thead>
            <tbody>
              {round.criteria.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.code}</td>
                  <td>{c.maxPoints}</td>
                  <td>{weightPercent(c.weight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      {organiser ? <AdvancePanel round={round} /> : null}
      {round.phase === 'APPLICATION' && access.isOfficer ? <ApplyPanel round={round} /> : null}
      {round.phase === 'SCORING' && organiser ? <SelectionPanel round={round} candidates={apps.filter((a) => CANDIDATE_STATUSES.includes(a.status)).length} /> : null}
      {round.phase === 'SPOT_CHECK' && access.aboveCity(round.orgUnit.id) ? <SamplePanel round={round} selected={apps.filter((a) => a.selected).length} /> : null}

      <h2>{scored ? '申请与排名' : '申请'}</h2>
      {round.phase === 'SCORING' && !round.selectionStored ? <p className="muted">测评阶段的排名按已提交的评分表实时计算；遴选后保存。</p> : null}
      {apps.length === 0 ? (
        <Empty>尚无申请。</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="申请列表">
            <thead>
              <tr>
                {scored ? <th scope="col">排名</th> : null}
                <th scope="col">站点</th>
                <th scope="col">类别</th>
                <th scope="col">监管单位</th>
                <th scope="col">状态</th>
                {scored ? (
                  <>
                    <th scope="col">评分表</th>
                    <th scope="col">最终得分</th>
                    <th scope="col">加权原始分</th>
                  </>
                ) : null}
                {round.phase === 'SPOT_CHECK' || round.phase === 'PUBLISHED' ? <th scope="col">抽查</th> : null}
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((a) => (
                <tr key={a.id} data-application={a.id} className={action?.app.id === a.id ? 'row-selected' : undefined}>
                  {scored ? <td>{a.rank ?? '—'}</td> : null}
                  <td>
                    <Link to={`/evaluation/applications/${a.id}`}>{a.station.name}</Link>
                    <div className="muted">{a.station.code}</div>
                  </td>
                  <td>{STATION_CATEGORY_LABELS[a.station.category]}</td>
                  <td>{a.station.orgUnit.name}</td>
                  <td>
                    <ApplicationStatusBadge status={a.status} />
                  </td>
                  {scored ? (
                    <>
                      <td>{a.sheetCount}</td>
                      <td>{formatNumber(a.finalScore) || '—'}</td>
                      <td>{formatNumber(a.rawScore) || '—'}</td>
                    </>
                  ) : null}
                  {round.phase === 'SPOT_CHECK' || round.phase === 'PUBLISHED' ? (
                    <td>
                      {a.inSample ? (
                        a.spotCheckPassed === null ? (
                          <Badge tone="warning">待抽查</Badge>
                        ) : a.spotCheckPassed ? (
                          <Badge tone="success">通过</Badge>
                        ) : (
                          <Badge tone="danger">未通过</Badge>
                        )
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  ) : null}
                  <td>
                    <RowActions round={round} app={a} access={access} onAction={setAction} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {action ? <ActionPanel key={`${action.kind}-${action.app.id}`} round={round} action={action} onDone={() => setAction(null)} /> : null}
    </section>
  );
}

/** The actions a row offers in this phase to this role (permissions.md). */
function RowActions({ round, app, access, onAction }: { round: Round; app: App; access: EvaluationAccess; onAction(a: Action): void }) {
  const out: ReactNode[] = [];
  const unit = app.station.orgUnit.id;
  const label = app.station.name;
  if (round.phase === 'APPLICATION' && app.status === 'SUBMITTED' && access.actsForStation(unit)) {
    out.push(
      <Button key="w" variant="link" aria-label={`撤回 ${label} 的申请`} onClick={() => onAction({ kind: 'withdraw', app })}>
        撤回
      </Button>,
    );
  }
  if (round.phase === 'COUNTY_REVIEW' && app.status === 'SUBMITTED' && access.countyReviews(unit)) {
    out.push(
      <Button key="c" variant="link" aria-label={`查验推荐 ${label}`} onClick={() => onAction({ kind: 'countyReview', app })}>
        查验推荐
      </Button>,
    );
  }
  if (round.phase === 'CITY_REVIEW' && app.status === 'COUNTY_RECOMMENDED' && access.cityReviews(round.orgUnit.id)) {
    out.push(
      <Button key="r" variant="link" aria-label={`审核 ${label}`} onClick={() => onAction({ kind: 'cityReview', app })}>
        市级审核
      </Button>,
    );
  }
  if (round.phase === 'PUBLIC_NOTICE' && (access.isOfficer || access.isAdmin)) {
    out.push(
      <Link key="p" to={`/evaluation/applications/${app.id}`} aria-label={`${label} 的公示意见`}>
        公示意见
      </Link>,
    );
  }
  if (round.phase === 'SCORING' && access.isEvaluator && CANDIDATE_STATUSES.includes(app.status)) {
    out.push(
      access.supervises(unit) ? (
        <span key="s" className="muted">
          须回避
        </span>
      ) : app.myScoreSheet?.conflictDeclared ? (
        <span key="s" className="muted">
          已申报回避
        </span>
      ) : app.myScoreSheet ? (
        <Link key="s" to={`/evaluation/applications/${app.id}/score`} aria-label={`查看 ${label} 的评分表`}>
          已评分（查看）
        </Link>
      ) : (
        <Link key="s" className="btn btn-primary btn-small" to={`/evaluation/applications/${app.id}/score`} aria-label={`为 ${label} 评分`}>
          评分
        </Link>
      ),
    );
  }
  if (round.phase === 'SPOT_CHECK' && app.inSample && app.spotCheckPassed === null && access.aboveCity(round.orgUnit.id)) {
    out.push(
      <Button key="k" variant="link" aria-label={`记录 ${label} 的抽查结果`} onClick={() => onAction({ kind: 'spotCheck', app })}>
        记录抽查结果
      </Button>,
    );
  }
  return out.length ? <div className="row-actions">{out}</div> : <span className="muted">—</span>;
}

function AdvancePanel({ round }: { round: Round }) {
  const next = nextPhase(round.phase);
  const [confirming, setConfirming] = useState(false);
  const [result, advance] = useMutation(AdvanceMutation);
  if (!next) return null;
  return (
    <div className="panel">
      <h2>推进阶段</h2>
      <p className="muted">评选只能逐阶段向前推进，推进后不能退回。</p>
      {confirming ? (
        <div className="form-actions">
          <Button
            variant="primary"
            busy={result.fetching}
            onClick={async () => {
              const res = await advance({ id: round.id, to: next });
              if (!res.error) setConfirming(false);
            }}
          >
            确认进入「{ROUND_PHASE_LABELS[next]}」
          </Button>
          <Button onClick={() => setConfirming(false)}>取消</Button>
        </div>
      ) : (
        <Button variant="primary" onClick={() => setConfirming(true)}>
          进入下一阶段：{ROUND_PHASE_LABELS[next]}
        </Button>
      )}
      {/* A refusal (e.g. reviews still open) is shown until the confirmation is cancelled. */}
      <ErrorBanner error={confirming ? result.error : null} />
    </div>
  );
}

function ApplyPanel({ round }: { round: Round }) {
  const [search, setSearch] = useState('');
  const [{ data }] = useQuery({ query: StationsForApplyQuery, variables: { filter: { status: 'ACTIVE', search: search.trim() || null } } });
  const { values, bind, reset } = useFormValues({ stationId: '', statement: '' });
  const [result, apply] = useMutation(ApplyMutation);
  const [done, setDone] = useState<string | null>(null);
  const stations = data?.stations.edges.map((e) => e.node) ?? [];
  return (
    <div className="panel">
      <h2>代为申报</h2>
      <p className="muted">为辖区内正常运行的站点提交示范站申请。</p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="apply-search">查找站点</label>
          <input id="apply-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="名称、编号或建站企业" />
        </div>
      </div>
      <Form
        error={result.error}
        onSubmit={async () => {
          setDone(null);
          const res = await apply({ roundId: round.id, stationId: values.stationId, statement: values.statement });
          if (res.data) {
            setDone(stations.find((s) => s.id === values.stationId)?.name ?? '');
            reset();
          }
        }}
        aria-label="代为申报"
      >
        <div className="form-grid">
          <SelectField
            name="stationId"
            label="站点"
            required
            placeholder="请选择"
            options={stations.map((s) => ({ value: s.id, label: `${s.name}（${s.code}，${STATION_CATEGORY_LABELS[s.category]}）` }))}
            {...bind('stationId')}
          />
          <TextAreaField name="statement" label="申报材料摘要" required className="wide" hint="站点工作情况：受理纠纷、和解率、制度建设等" {...bind('statement')} />
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            提交申请
          </Button>
        </div>
      </Form>
      {done !== null ? (
        <p className="notice notice-success" role="status">
          已提交 {done} 的申请。
        </p>
      ) : null}
    </div>
  );
}

function SelectionPanel({ round, candidates }: { round: Round; candidates: number }) {
  const [result, select] = useMutation(SelectMutation);
  const picked = result.data?.selectModelStations.length;
  return (
    <div className="panel">
      <h2>遴选</h2>
      <p className="muted">
        按最终得分（评委内标准化后的 T 分）排名，并列时依次按加权原始分、申请编号；在 {round.quota} 个名额内
        {round.maxPerCategory ? `、每类站点不超过 ${round.maxPerCategory} 个` : ''}依次入选，未评分的候选站点不入选。共 {candidates} 个候选站点。之后提交的评分表会使已保存的结果失效。
      </p>
      <Button variant="primary" busy={result.fetching} onClick={() => select({ roundId: round.id })}>
        {round.selectionStored ? '重新遴选并保存' : '遴选并保存结果'}
      </Button>
      {picked !== undefined && !result.error ? (
        <p className="notice notice-success" role="status">
          已保存遴选结果：入选 {picked} 个站点。
        </p>
      ) : null}
      <ErrorBanner error={result.error} />
    </div>
  );
}

function SamplePanel({ round, selected }: { round: Round; selected: number }) {
  const { values, bind } = useFormValues({ size: String(Math.min(selected, 3) || 1) });
  const [result, draw] = useMutation(DrawMutation);
  if (round.spotCheckSeed) {
    return (
      <div className="panel">
        <h2>抽查样本</h2>
        <Details
          items={[
            ['样本数量', `${round.spotCheckSize} 个`],
            ['随机种子', <code key="seed">{round.spotCheckSeed}</code>],
          ]}
        />
        <p className="muted">按 SHA-256(种子:申请编号) 升序取前 {round.spotCheckSize} 个入选申请即可复现样本。</p>
      </div>
    );
  }
  const size = Number(values.size);
  return (
    <div className="panel">
      <h2>抽取抽查样本</h2>
      <p className="muted">从 {selected} 个入选站点中随机抽取；随机种子随结果保存，任何人可复现。</p>
      <Form
        error={Number.isInteger(size) ? result.error : [{ field: 'size', code: 'BAD_USER_INPUT', message: '抽查数量须为整数' }]}
        onSubmit={() => {
          if (Number.isInteger(size)) void draw({ roundId: round.id, size });
        }}
        aria-label="抽取抽查样本"
      >
        <div className="toolbar">
          <TextField name="size" label="抽查数量" inputMode="numeric" required {...bind('size')} />
          <Button type="submit" variant="primary" busy={result.fetching}>
            抽取样本
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** The form of the action chosen in a row: withdraw, county/city review, spot-check result. */
function ActionPanel({ round, action, onDone }: { round: Round; action: Action; onDone(): void }) {
  const { app, kind } = action;
  const { values, bind } = useFormValues({ note: '' });
  const [withdrawResult, withdraw] = useMutation(WithdrawMutation);
  const [reviewResult, review] = useMutation(ReviewMutation);
  const [spotResult, spot] = useMutation(SpotCheckMutation);
  const title = {
    withdraw: '撤回申请',
    countyReview: '县级查验推荐',
    cityReview: '市级审核',
    spotCheck: '记录抽查结果',
  }[kind];
  const finish = (res: { error?: unknown }) => {
    if (!res.error) onDone();
  };
  return (
    <div className="panel action-panel" role="region" aria-label={title}>
      <h2>
        {title}：{app.station.name}
      </h2>
      {kind === 'withdraw' ? (
        <>
          <p>撤回后该站点本年度不能再次申请本次评选。确定撤回？</p>
          <div className="form-actions">
            <Button variant="danger" busy={withdrawResult.fetching} onClick={async () => finish(await withdraw({ id: app.id }))}>
              确认撤回
            </Button>
            <Button onClick={onDone}>取消</Button>
          </div>
          <ErrorBanner error={withdrawResult.error} />
        </>
      ) : kind === 'spotCheck' ? (
        <Form error={spotResult.error} onSubmit={async () => finish(await spot({ applicationId: app.id, passed: true, note: values.note }))} aria-label={title}>
          <TextAreaField name="note" label="抽查意见" required {...bind('note')} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={spotResult.fetching}>
              抽查通过
            </Button>
            <Button variant="danger" busy={spotResult.fetching} onClick={async () => finish(await spot({ applicationId: app.id, passed: false, note: values.note }))}>
              抽查未通过
            </Button>
            <Button onClick={onDone}>取消</Button>
          </div>
        </Form>
      ) : (
        <Form
          error={reviewResult.error}
          onSubmit={async () => finish(await review({ id: app.id, recommend: true, note: values.note }))}
          aria-label={title}
        >
          <TextAreaField name="note" label={kind === 'countyReview' ? '查验意见' : '审核意见'} required {...bind('note')} />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={reviewResult.fetching}>
              {kind === 'countyReview' ? '推荐至市局' : '审核通过（列入候选）'}
            </Button>
            <Button variant="danger" busy={reviewResult.fetching} onClick={async () => finish(await review({ id: app.id, recommend: false, note: values.note }))}>
              不予推荐
            </Button>
            <Button onClick={onDone}>取消</Button>
          </div>
        </Form>
      )}
      <p className="muted">评选：{round.year} 年度 · {round.orgUnit.name}</p>
    </div>
  );
}
