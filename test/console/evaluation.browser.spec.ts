import type { Page } from 'playwright-core';
import { ConsoleHarness, startConsoleHarness, TABLET } from '../support/browser';
import { createTenantFixture, TenantFixture } from '../support/fixtures';
import { createStation } from '../support/stations';

type D = Record<string, any>;

const CREATE = `mutation($i: CreateRoundInput!) { createEvaluationRound(input: $i) { id criteria { id code } } }`;
const ADVANCE = `mutation($id: ID!, $to: RoundPhase!) { advanceRound(id: $id, to: $to) { id phase } }`;
const APPLY = `mutation($r: ID!, $s: ID!, $st: String!) { applyForModelStation(roundId: $r, stationId: $s, statement: $st) { id } }`;
const REVIEW = `mutation($id: ID!, $ok: Boolean!, $n: String!) { reviewApplication(id: $id, recommend: $ok, note: $n) { id status } }`;
const COMMENT = `mutation($tc: String!, $a: ID!, $n: String!, $p: String!, $tx: String!, $o: Boolean!) {
  submitPublicComment(tenantCode: $tc, applicationId: $a, name: $n, phone: $p, text: $tx, objection: $o) { id } }`;
const APPS = `query($r: ID!) { applications(roundId: $r) { id status rank sheetCount selected inSample spotCheckPassed station { id } } }`;

const criteria = [
  { code: 'facility', name: '硬件设施', maxPoints: 10, weight: 0.2 },
  { code: 'rules', name: '制度建设', maxPoints: 20, weight: 0.3 },
  { code: 'results', name: '工作成效', maxPoints: 30, weight: 0.5 },
];

/** The model-station round in the console (issue 10, point 6): phases, reviews, scoring, selection, spot checks, titles. */
describe('console: model-station round', () => {
  let h: ConsoleHarness;
  let f: TenantFixture;
  let mall: string; // county A
  let market: string; // county B
  let extra: string; // county A, applied for through the console
  let roundId: string;
  let apps: Record<string, string>;
  const MALL = '惠友商场消费维权服务站';
  const MARKET = '顺平北市场消费维权服务站';
  const EXTRA = '腰山王氏庄园景区消费维权服务站';

  const sheets = async (applicationId: string) =>
    h.t.sql<{ points: Record<string, number>; weighted: number }>(`select points, weighted from evaluation_score_sheets where application_id = $1 and not conflict_declared`, [applicationId]);
  const currentPhase = (page: Page) => page.locator('.phase-bar [aria-current="step"]').innerText();
  const row = (page: Page, station: string) => page.getByRole('table', { name: '申请列表' }).locator('tbody tr', { hasText: station });

  beforeAll(async () => {
    h = await startConsoleHarness();
    f = await createTenantFixture(h.t, 'wev');
    [mall, market, extra] = await Promise.all([
      createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'MALL', name: MALL }),
      createStation(h.t, f, { orgUnitId: f.units.countyB, category: 'MARKET', name: MARKET }),
      createStation(h.t, f, { orgUnitId: f.units.countyA, category: 'SCENIC_AREA', name: EXTRA }),
    ]);
    await f.addUser('officer-prov', ['OFFICER'], { orgUnitId: f.units.province });
    await f.addUser('evaluator-a', ['EVALUATOR'], { orgUnitId: f.units.countyA });
    // A round brought to SCORING through the API, as test/evaluation.e2e.spec.ts does.
    const tok = f.tokens;
    const round = (await h.t.ok<D>(CREATE, { i: { year: 2026, orgUnitId: f.units.city, quota: 2, maxPerCategory: 1, criteria } }, tok.officerCity)).createEvaluationRound;
    roundId = round.id;
    apps = {
      mall: (await h.t.ok<D>(APPLY, { r: roundId, s: mall, st: '本站 2026 年受理纠纷 120 件，和解率 95%' }, tok.officerCountyA)).applyForModelStation.id,
      market: (await h.t.ok<D>(APPLY, { r: roundId, s: market, st: '市场内设服务站，调解纠纷不出市场' }, tok.officerCountyB)).applyForModelStation.id,
    };
    await h.t.ok(ADVANCE, { id: roundId, to: 'COUNTY_REVIEW' }, tok.officerCity);
    await h.t.ok(REVIEW, { id: apps.mall, ok: true, n: '查验合格，推荐' }, tok.officerCountyA);
    await h.t.ok(REVIEW, { id: apps.market, ok: true, n: '查验合格，推荐' }, tok.officerCountyB);
    await h.t.ok(ADVANCE, { id: roundId, to: 'CITY_REVIEW' }, tok.officerCity);
    for (const id of Object.values(apps)) await h.t.ok(REVIEW, { id, ok: true, n: '同意列入候选' }, tok.officerCity);
    await h.t.ok(ADVANCE, { id: roundId, to: 'PUBLIC_NOTICE' }, tok.officerCity);
    await h.t.ok(ADVANCE, { id: roundId, to: 'SCORING' }, tok.officerCity);
  });
  afterAll(() => h?.close());

  it('an evaluator opens the round from the list, submits a score sheet (refused out of range, then locked) and sees it again after a reload', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'evaluator-city', f.code);
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '示范站评选' }).click();
    await page.getByText('评选活动由组织评选的市局创建').waitFor();
    expect(await page.getByRole('heading', { name: '创建评选活动' }).count()).toBe(0); // organisers only
    // The landing page lists the rounds of the user's scope from the API (evaluationRounds), by year.
    const rounds = page.getByRole('table', { name: '评选活动' });
    await rounds.locator('tbody tr').first().waitFor();
    const listed = (await rounds.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(listed).toHaveLength(1);
    expect(listed[0][0]).toBe('2026 年度 · 保定市市场监督管理局');
    expect(listed[0][1]).toContain('测评');
    await h.screenshot(page, 'console-model-station-rounds-list');
    await page.getByLabel('年度').selectOption('2025');
    await page.getByText('2025 年度尚无评选活动。').waitFor();
    await page.getByLabel('年度').selectOption('');
    await rounds.getByRole('link', { name: '2026 年度 · 保定市市场监督管理局' }).click();
    await page.waitForURL((u) => u.pathname === `/evaluation/rounds/${roundId}`);
    await page.getByRole('table', { name: '申请列表' }).waitFor();
    expect(await currentPhase(page)).toContain('测评');
    // An evaluator scores; organising the round is not theirs.
    expect(await page.getByRole('heading', { name: '推进阶段' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: '遴选' }).count()).toBe(0);

    await page.getByRole('link', { name: `为 ${MALL} 评分` }).click();
    await page.waitForURL((u) => u.pathname === `/evaluation/applications/${apps.mall}/score`);
    // Criteria and maxima come from the API.
    const sheet = page.getByRole('table', { name: '评分项' });
    await sheet.waitFor();
    expect((await sheet.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').slice(0, 3).map((c) => c.trim()))).toEqual([
      ['硬件设施', '10', '20%'],
      ['制度建设', '20', '30%'],
      ['工作成效', '30', '50%'],
    ]);

    await page.getByLabel('硬件设施').fill('12');
    await page.getByLabel('制度建设').fill('15');
    await page.getByLabel('工作成效').fill('24');
    await page.getByRole('button', { name: '提交评分表' }).click();
    const error = page.locator('[data-field="scores"] .field-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('「硬件设施」的分数须在 0 到 10 之间');
    expect(await sheets(apps.mall)).toHaveLength(0);

    await page.getByLabel('硬件设施').fill('8');
    expect(await page.getByText('加权得分（0–100，预览）').innerText()).toContain('78.50');
    await page.getByRole('button', { name: '提交评分表' }).click();
    await page.getByText('评分表已提交并锁定').waitFor();
    expect(await page.getByLabel('硬件设施').isDisabled()).toBe(true);
    const stored = await sheets(apps.mall);
    expect(stored).toHaveLength(1);
    expect(Object.values(stored[0].points).sort((a, b) => a - b)).toEqual([8, 15, 24]);
    expect(Number(stored[0].weighted)).toBeCloseTo(78.5, 6);
    await h.screenshot(page);

    // A reload shows the submitted sheet, locked, with the stored points (Application.myScoreSheet).
    await page.reload();
    await page.getByText('评分表已提交并锁定').waitFor();
    expect([await page.getByLabel('硬件设施').inputValue(), await page.getByLabel('制度建设').inputValue(), await page.getByLabel('工作成效').inputValue()]).toEqual(['8', '15', '24']);
    expect(await page.getByLabel('工作成效').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '提交评分表' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '申报回避' }).count()).toBe(0);
    expect(await page.getByText('加权得分（0–100）').innerText()).toContain('78.50');
    await h.screenshot(page, 'console-model-station-round-score-sheet-after-reload');

    // Back in the round the ranking counts the sheet, and the station shows as scored.
    await page.getByRole('link', { name: '返回评选' }).click();
    await row(page, MALL).filter({ hasText: '78.50' }).waitFor();
    expect((await row(page, MALL).innerText()).split('\t').map((c) => c.trim()).slice(0, 1)).toEqual(['1']);
    expect(await page.getByRole('link', { name: `为 ${MALL} 评分` }).count()).toBe(0);
    await page.getByRole('link', { name: `查看 ${MALL} 的评分表` }).click();
    await page.getByText('评分表已提交并锁定').waitFor();
    await page.close();
  });

  it('a county evaluator abstains from the station their unit supervises and scores the other', async () => {
    const page = await h.newPage(TABLET);
    await h.signIn(page, 'evaluator-a', f.code);
    await page.goto(`${h.baseUrl}/evaluation/rounds/${roundId}`);
    await row(page, MALL).filter({ hasText: '须回避' }).waitFor();
    expect(await page.getByRole('link', { name: `为 ${MALL} 评分` }).count()).toBe(0);
    await page.getByRole('link', { name: `为 ${MARKET} 评分` }).click();
    await page.getByLabel('硬件设施').fill('9');
    await page.getByLabel('制度建设').fill('18');
    await page.getByLabel('工作成效').fill('27');
    await page.keyboard.press('Enter');
    await page.getByText('评分表已提交并锁定').waitFor();
    expect(await sheets(apps.market)).toHaveLength(1);
    await h.screenshot(page);
    await page.close();
  });

  it('the city selects, the province draws and records the spot check and publishes; the title is listed', async () => {
    const city = await h.newPage();
    await h.signIn(city, 'officer-city', f.code);
    await city.goto(`${h.baseUrl}/evaluation/rounds/${roundId}`);
    await city.getByRole('button', { name: '遴选并保存结果' }).click();
    await city.getByText('已保存遴选结果：入选 2 个站点').waitFor();
    await row(city, MALL).filter({ hasText: '入选' }).waitFor();
    // Spot checks belong to the province: the city has no sample panel later.
    await city.getByRole('button', { name: '进入下一阶段：抽查' }).click();
    await city.getByRole('button', { name: '确认进入「抽查」' }).click();
    await city.locator('.phase-bar [aria-current="step"]', { hasText: '抽查' }).waitFor();
    expect(await city.getByRole('heading', { name: '抽取抽查样本' }).count()).toBe(0);
    await city.close();

    const prov = await h.newPage();
    await h.signIn(prov, 'officer-prov', f.code);
    await prov.goto(`${h.baseUrl}/evaluation/rounds/${roundId}`);
    // Leaving SPOT_CHECK needs the sample drawn and checked.
    await prov.getByLabel('抽查数量').fill('2');
    await prov.getByRole('button', { name: '抽取样本' }).click();
    await prov.getByRole('heading', { name: '抽查样本' }).waitFor();
    for (const station of [MALL, MARKET]) {
      await prov.getByRole('button', { name: `记录 ${station} 的抽查结果` }).click();
      await prov.getByLabel('抽查意见').fill('实地抽查，台账齐全');
      await prov.getByRole('button', { name: '抽查通过' }).click();
      await row(prov, station).filter({ hasText: '通过' }).waitFor();
    }
    await prov.getByRole('button', { name: '进入下一阶段：已公布' }).click();
    await prov.getByRole('button', { name: '确认进入「已公布」' }).click();
    await prov.locator('.phase-bar [aria-current="step"]', { hasText: '已公布' }).waitFor();
    const result = (await h.t.ok<D>(APPS, { r: roundId }, f.tokens.officerCity)).applications;
    expect(result.map((a: D) => a.status).sort()).toEqual(['AWARDED', 'AWARDED']);

    // Each title names its round's city: the city's officer sees the titles but may not revoke them.
    const cityTitles = await h.newPage();
    await h.signIn(cityTitles, 'officer-city', f.code);
    await cityTitles.goto(`${h.baseUrl}/evaluation/titles?year=2026`);
    const cityTable = cityTitles.getByRole('table', { name: '示范站称号' });
    await cityTable.locator('tbody tr', { hasText: MALL }).waitFor();
    expect(await cityTable.locator('tbody tr', { hasText: MALL }).getByRole('link', { name: '保定市市场监督管理局' }).getAttribute('href')).toBe(`/evaluation/rounds/${roundId}`);
    expect(await cityTitles.getByRole('button', { name: /^撤销 / }).count()).toBe(0);
    expect(await cityTable.getByRole('columnheader', { name: '操作' }).count()).toBe(0);
    await cityTitles.close();

    await prov.getByRole('link', { name: '示范站称号' }).click();
    const titles = prov.getByRole('table', { name: '示范站称号' });
    await titles.locator('tbody tr', { hasText: MALL }).waitFor();
    expect(await titles.locator('tbody tr').count()).toBe(2);
    expect(await prov.getByRole('button', { name: /^撤销 / }).count()).toBe(2);
    // The province revokes a title (撤牌); the reason is required.
    await prov.getByRole('button', { name: `撤销 ${MARKET} 的称号` }).click();
    await prov.getByRole('button', { name: '确认撤销' }).click();
    await prov.locator('[data-field="reason"] .field-error').waitFor();
    await prov.getByLabel('撤销原因').fill('服务站工作松懈，消费者投诉增多');
    await prov.getByRole('button', { name: '确认撤销' }).click();
    await titles.locator('tbody tr', { hasText: MARKET }).filter({ hasText: '已撤销' }).waitFor();
    await h.screenshot(prov);
    await prov.close();
  });

  it('an organiser creates a round (weights must sum to 1), applies, reviews per phase and handles an objection', async () => {
    const page = await h.newPage();
    await h.signIn(page, 'officer-city', f.code);
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '示范站评选' }).click();
    await page.getByRole('heading', { name: '创建评选活动' }).waitFor();
    await page.getByRole('table', { name: '评选活动' }).getByRole('link', { name: '2026 年度 · 保定市市场监督管理局' }).waitFor();

    await page.getByRole('textbox', { name: '年度' }).fill('2027');
    await page.getByLabel('组织评选的市局').selectOption(f.units.city);
    await page.getByLabel('名额').fill('3');
    await page.getByLabel('第 4 项权重').fill('0.4');
    await page.getByRole('button', { name: '创建评选' }).click();
    const weightError = page.locator('#criteria-errors');
    await weightError.waitFor();
    expect(await weightError.innerText()).toContain('各项权重之和须为 1');
    await h.screenshot(page, 'console-model-station-round-create-form-weights-error');
    await page.getByLabel('第 4 项权重').fill('0.3');
    await page.getByRole('button', { name: '创建评选' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/evaluation/rounds/') && !u.pathname.endsWith(roundId));
    expect(await currentPhase(page)).toContain('申报');
    const newRound = new URL(page.url()).pathname.split('/').pop()!;
    // The new round heads the list (newest first).
    await page.goBack();
    const list = page.getByRole('table', { name: '评选活动' });
    await list.locator('tbody tr').nth(1).waitFor();
    expect((await list.locator('tbody tr a').allInnerTexts()).map((x) => x.trim())).toEqual(['2027 年度 · 保定市市场监督管理局', '2026 年度 · 保定市市场监督管理局']);
    await list.getByRole('link', { name: '2027 年度 · 保定市市场监督管理局' }).click();
    await page.waitForURL((u) => u.pathname === `/evaluation/rounds/${newRound}`);

    // Apply for a station of the city (officer in scope).
    const stationSelect = page.getByLabel(/^站点/);
    const option = stationSelect.locator('option', { hasText: EXTRA });
    await option.waitFor({ state: 'attached' });
    expect(await option.getAttribute('value')).toBe(extra);
    await stationSelect.selectOption(extra);
    await page.getByLabel('申报材料摘要').fill('景区服务站，游客纠纷就地和解');
    await page.getByRole('button', { name: '提交申请' }).click();
    await row(page, EXTRA).waitFor();

    await page.getByRole('button', { name: '进入下一阶段：县级查验推荐' }).click();
    await page.getByRole('button', { name: '确认进入「县级查验推荐」' }).click();
    await page.locator('.phase-bar [aria-current="step"]', { hasText: '县级查验推荐' }).waitFor();
    // The next phase waits for every county review: the API's reason is shown.
    await page.getByRole('button', { name: '进入下一阶段：市级审核' }).click();
    await page.getByRole('button', { name: '确认进入「市级审核」' }).click();
    await page.locator('.error-banner', { hasText: '尚有 1 份申请未经县级查验' }).waitFor();
    await page.getByRole('button', { name: '取消' }).click();

    await page.getByRole('button', { name: `查验推荐 ${EXTRA}` }).click();
    await page.getByRole('button', { name: '推荐至市局' }).click();
    await page.locator('[data-field="note"] .field-error').waitFor(); // a note is required
    await page.getByLabel('查验意见').fill('查验合格，推荐');
    await page.getByRole('button', { name: '推荐至市局' }).click();
    await row(page, EXTRA).filter({ hasText: '县级已推荐' }).waitFor();
    const [app] = (await h.t.ok<D>(APPS, { r: newRound }, f.tokens.officerCity)).applications;
    expect(app).toMatchObject({ status: 'COUNTY_RECOMMENDED', station: { id: extra } });

    // City review, then the public notice: an objection must be handled before scoring.
    await page.getByRole('button', { name: '进入下一阶段：市级审核' }).click();
    await page.getByRole('button', { name: '确认进入「市级审核」' }).click();
    await page.getByRole('button', { name: `审核 ${EXTRA}` }).click();
    await page.getByLabel('审核意见').fill('同意列入候选');
    await page.getByRole('button', { name: '审核通过（列入候选）' }).click();
    await row(page, EXTRA).filter({ hasText: '市级已推荐' }).waitFor();
    await page.getByRole('button', { name: '进入下一阶段：公示' }).click();
    await page.getByRole('button', { name: '确认进入「公示」' }).click();
    await page.locator('.phase-bar [aria-current="step"]', { hasText: '公示' }).waitFor();
    await h.t.ok(COMMENT, { tc: f.code, a: app.id, n: '赵六', p: '13912345678', tx: '景区曾拒绝退票', o: true });

    await page.getByRole('link', { name: `${EXTRA} 的公示意见` }).click();
    const comments = page.getByRole('table', { name: '公示意见' });
    await comments.locator('tbody tr', { hasText: '景区曾拒绝退票' }).waitFor();
    expect(await page.getByText('查验合格，推荐').count()).toBe(1); // the county's note
    await page.getByRole('button', { name: '处理异议' }).click();
    await page.getByLabel('处理意见').fill('经核实已退票，异议不成立');
    await page.getByRole('button', { name: '异议不成立' }).click();
    await comments.locator('tbody tr', { hasText: '异议不成立' }).waitFor();
    await h.screenshot(page);

    await page.getByRole('link', { name: '返回评选' }).click();
    await page.getByRole('button', { name: '进入下一阶段：测评' }).click();
    await page.getByRole('button', { name: '确认进入「测评」' }).click();
    await page.locator('.phase-bar [aria-current="step"]', { hasText: '测评' }).waitFor();
    await page.close();
  });
});
