import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { apiErrors, type ApiError } from '../../app/errors';
import { chinaToday } from '../../app/format';
import { ROUND_PHASE_LABELS } from '../../app/labels';
import { Badge, Button, CursorPager, Empty, Loading, PageHeader } from '../../ui/common';
import { ErrorBanner, Form, SelectField, TextField, useFormValues } from '../../ui/form';
import { useEvaluationAccess, weightPercent } from './shared';

const RoundsQuery = graphql(`
  query EvaluationRoundsList($year: Int, $first: Int, $after: String) {
    evaluationRounds(year: $year, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          year
          phase
          quota
          selectionStored
          orgUnit {
            id
            name
          }
        }
      }
    }
  }
`);

const PAGE = 20;

const CityUnitsQuery = graphql(`
  query EvaluationCityUnits {
    orgUnits {
      id
      name
      level
    }
  }
`);

const CreateRoundMutation = graphql(`
  mutation EvaluationCreateRound($input: CreateRoundInput!) {
    createEvaluationRound(input: $input) {
      id
      year
      phase
      orgUnit {
        id
        name
      }
    }
  }
`);

interface CriterionRow {
  code: string;
  name: string;
  maxPoints: string;
  weight: string;
}

/** The standard's four parts (004: 硬件设施、制度建设、业务素质、工作成效), editable. */
const DEFAULT_CRITERIA: CriterionRow[] = [
  { code: 'facility', name: '硬件设施', maxPoints: '20', weight: '0.2' },
  { code: 'rules', name: '制度建设', maxPoints: '30', weight: '0.3' },
  { code: 'staff', name: '业务素质', maxPoints: '20', weight: '0.2' },
  { code: 'results', name: '工作成效', maxPoints: '30', weight: '0.3' },
];

const CRITERION_FIELDS = ['code', 'name', 'maxPoints', 'weight'] as const;

/**
 * Numbers typed into text inputs. A blank or non-numeric value cannot be sent as an Int/Float at
 * all, so it is refused here (README: check locally only what cannot be sent); the API checks
 * everything else (ranges, weights summing to 1, one round per city and year).
 */
class NumberReader {
  errors: ApiError[] = [];
  read(value: string, field: string, label: string, opts: { int?: boolean; path?: string } = {}): number {
    const v = value.trim();
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || (opts.int && !Number.isInteger(n))) {
      this.errors.push({ field, path: opts.path, code: 'BAD_USER_INPUT', message: `${label}须为${opts.int ? '整数' : '数字'}` });
    }
    return n;
  }
}

/** The model-station round's landing page: the rounds the user may read (newest first), open one by its number, create one. */
export default function RoundsPage() {
  const access = useEvaluationAccess();
  const navigate = useNavigate();
  const [roundId, setRoundId] = useState('');
  // createEvaluationRound: OFFICER of a city or above, TENANT_ADMIN.
  const canCreate = access.isAdmin || (access.isOfficer && access.unitsOfLevel('CITY').length > 0);
  return (
    <section>
      <PageHeader
        title="示范站评选"
        actions={
          <Link className="btn btn-secondary" to="/evaluation/titles">
            示范站称号
          </Link>
        }
      >
        <p className="muted">省级 12315 消费维权示范服务站评选：申报 → 县级查验推荐 → 市级审核 → 公示 → 测评 → 抽查 → 公布。</p>
      </PageHeader>

      <RoundsPanel isEvaluator={access.isEvaluator} />

      <div className="panel">
        <h2>按编号打开</h2>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            const id = roundId.trim();
            if (id) navigate(`/evaluation/rounds/${encodeURIComponent(id)}`);
          }}
        >
          <div className="field grow">
            <label htmlFor="round-id">评选编号</label>
            <input id="round-id" value={roundId} onChange={(e) => setRoundId(e.target.value)} autoComplete="off" spellCheck={false} />
          </div>
          <Button type="submit" disabled={!roundId.trim()}>
            打开
          </Button>
        </form>
      </div>

      {access.ready && canCreate ? <CreateRoundPanel /> : null}
      {access.ready && !canCreate ? <p className="muted">评选活动由组织评选的市局创建；评审专家在测评阶段从上方列表打开评选进入评分。</p> : null}
    </section>
  );
}

/** The rounds of the cities in the user's scope (the API decides which), newest first, by year if chosen. */
function RoundsPanel({ isEvaluator }: { isEvaluator: boolean }) {
  const thisYear = Number(chinaToday().slice(0, 4));
  const [year, setYear] = useState<number | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [{ data, fetching, error }] = useQuery({
    query: RoundsQuery,
    variables: { year, first: PAGE, after: cursors[cursors.length - 1] },
  });
  const conn = data?.evaluationRounds;
  const years = Array.from({ length: 10 }, (_, i) => thisYear + 1 - i);
  return (
    <div className="panel">
      <h2>评选活动</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="rounds-year">年度</label>
          <select
            id="rounds-year"
            value={year ?? ''}
            onChange={(e) => {
              setYear(e.target.value ? Number(e.target.value) : null);
              setCursors([null]);
            }}
          >
            <option value="">全部年度</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </div>
        {conn ? <p className="muted">共 {conn.totalCount} 次评选</p> : null}
      </div>
      <ErrorBanner error={error} />
      {fetching && !conn ? <Loading /> : null}
      {conn && conn.edges.length === 0 ? <Empty>{year ? `${year} 年度` : '您的管辖范围内'}尚无评选活动。</Empty> : null}
      {conn && conn.edges.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="评选活动">
            <thead>
              <tr>
                <th scope="col">评选</th>
                <th scope="col">阶段</th>
                <th scope="col">名额</th>
                <th scope="col">遴选结果</th>
              </tr>
            </thead>
            <tbody>
              {conn.edges.map(({ node: r }) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/evaluation/rounds/${r.id}`}>
                      {r.year} 年度 · {r.orgUnit.name}
                    </Link>
                  </td>
                  <td>
                    <Badge tone={r.phase === 'PUBLISHED' ? 'success' : r.phase === 'SCORING' && isEvaluator ? 'warning' : 'info'}>{ROUND_PHASE_LABELS[r.phase]}</Badge>
                    {r.phase === 'SCORING' && isEvaluator ? <div className="muted">评分进行中</div> : null}
                  </td>
                  <td>{r.quota}</td>
                  <td>{r.selectionStored ? '已保存' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {conn && (cursors.length > 1 || conn.pageInfo.hasNextPage) ? (
        <CursorPager cursors={cursors} setCursors={setCursors} pageInfo={conn.pageInfo} />
      ) : null}
    </div>
  );
}

function CreateRoundPanel() {
  const access = useEvaluationAccess();
  const navigate = useNavigate();
  const [{ data: units }] = useQuery({ query: CityUnitsQuery });
  const cities = (units?.orgUnits ?? []).filter((u) => u.level === 'CITY' && access.organises(u.id));
  const thisYear = Number(chinaToday().slice(0, 4));
  const { values, bind } = useFormValues({ year: String(thisYear), orgUnitId: '', quota: '10', maxPerCategory: '' });
  const [criteria, setCriteria] = useState<CriterionRow[]>(DEFAULT_CRITERIA);
  const [result, create] = useMutation(CreateRoundMutation);
  const [localErrors, setLocalErrors] = useState<ApiError[] | null>(null);
  const errors = localErrors ?? apiErrors(result.error);
  // Errors of a criterion's property carry the full path (input.criteria.2.maxPoints): shown in that row.
  const rowError = (i: number, field: string): ApiError | undefined =>
    errors.find((e) => e.field === field && e.path && new RegExp(`(^|\\.)criteria\\.${i}\\.${field}$`).test(e.path));
  const criteriaErrors = errors.filter((e) => e.field === 'criteria');
  const otherErrors = errors.filter((e) => e.field !== 'criteria' && !(CRITERION_FIELDS as readonly string[]).includes(e.field ?? ''));
  const weightSum = criteria.reduce((s, c) => s + (Number(c.weight) || 0), 0);
  const setRow = (i: number, key: keyof CriterionRow, value: string) => setCriteria((rows) => rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));

  const submit = async () => {
    const n = new NumberReader();
    const input = {
      year: n.read(values.year, 'year', '年度', { int: true }),
      orgUnitId: values.orgUnitId,
      quota: n.read(values.quota, 'quota', '名额', { int: true }),
      maxPerCategory: values.maxPerCategory.trim() === '' ? null : n.read(values.maxPerCategory, 'maxPerCategory', '每类最多入选数', { int: true }),
      criteria: criteria.map((c, i) => ({
        code: c.code,
        name: c.name,
        maxPoints: n.read(c.maxPoints, 'maxPoints', '满分', { int: true, path: `criteria.${i}.maxPoints` }),
        weight: n.read(c.weight, 'weight', '权重', { path: `criteria.${i}.weight` }),
      })),
    };
    setLocalErrors(n.errors.length ? n.errors : null);
    if (n.errors.length) return;
    const res = await create({ input });
    const r = res.data?.createEvaluationRound;
    if (r) navigate(`/evaluation/rounds/${r.id}`);
  };

  return (
    <div className="panel">
      <h2>创建评选活动</h2>
      <p className="muted">由组织评选的市局创建，每市每年一次。各项权重之和须为 1。</p>
      <Form error={otherErrors} onSubmit={submit} aria-label="创建评选活动">
        <div className="form-grid">
          <TextField name="year" label="年度" required inputMode="numeric" {...bind('year')} />
          <SelectField
            name="orgUnitId"
            label="组织评选的市局"
            required
            placeholder="请选择"
            options={cities.map((c) => ({ value: c.id, label: c.name }))}
            {...bind('orgUnitId')}
          />
          <TextField name="quota" label="名额" required inputMode="numeric" hint="本次评选最多入选的站点数" {...bind('quota')} />
          <TextField name="maxPerCategory" label="每类最多入选数" inputMode="numeric" hint="同一站点类别最多入选数（兼顾不同行业），可不填" {...bind('maxPerCategory')} />
        </div>
        <fieldset className="field criteria" data-field="criteria" aria-describedby={criteriaErrors.length ? 'criteria-errors' : undefined}>
          <legend>评分标准</legend>
          <div className="table-wrap">
            <table className="table criteria-table">
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">代码</th>
                  <th scope="col">名称</th>
                  <th scope="col">满分</th>
                  <th scope="col">权重（0–1）</th>
                  <th scope="col">
                    <span className="visually-hidden">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    {CRITERION_FIELDS.map((k) => {
                      const err = rowError(i, k);
                      const label = { code: '代码', name: '名称', maxPoints: '满分', weight: '权重' }[k];
                      return (
                        <td key={k} className={err ? 'field-invalid' : undefined}>
                          <input
                            aria-label={`第 ${i + 1} 项${label}`}
                            value={c[k]}
                            inputMode={k === 'maxPoints' || k === 'weight' ? 'decimal' : undefined}
                            aria-invalid={!!err}
                            onChange={(e) => setRow(i, k, e.target.value)}
                          />
                          {err ? (
                            <p className="field-error" role="alert">
                              {err.message}
                            </p>
                          ) : null}
                        </td>
                      );
                    })}
                    <td className="nowrap">
                      <Button variant="link" disabled={criteria.length <= 1} onClick={() => setCriteria((rows) => rows.filter((_, j) => j !== i))}>
                        删除<span className="visually-hidden">第 {i + 1} 项</span>
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <Button onClick={() => setCriteria((rows) => [...rows, { code: '', name: '', maxPoints: '10', weight: '0' }])}>添加评分项</Button>
            <span className={Math.abs(weightSum - 1) > 1e-6 ? 'field-error' : 'muted'} aria-live="polite">
              权重合计 {weightPercent(weightSum)}
            </span>
          </div>
          {criteriaErrors.length ? (
            <div id="criteria-errors">
              {criteriaErrors.map((e, i) => (
                <p key={i} className="field-error" role="alert">
                  {e.message}
                </p>
              ))}
            </div>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={result.fetching}>
            创建评选
          </Button>
        </div>
      </Form>
      {cities.length === 0 ? <ErrorBanner errors={[{ message: '您的管辖范围内没有市局，不能创建评选。', code: 'FORBIDDEN' }]} /> : null}
    </div>
  );
}
