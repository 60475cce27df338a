// Benchmark data generator (issue 9, item 1): realistic tenants for load tests.
//
//   npm run bench:seed -- --scale N [--seed 1] [--fresh] [--prefix bench] [--password Bench-pass-2026]
//                          [--disputes-per-station-year 9] [--cases-per-city-year 5000]
//
// Scale N = N city bureaus' worth of data (fractions allowed: 0.1 is a tenth of a city). Each
// provincial tenant (a province → its cities → counties → market-supervision offices) holds up to
// two cities; each city has round(606 × N / cities) stations in the proportions of source 003
// (malls 135, markets 40, supermarkets 120, enterprises 241, scenic areas 26, other 44 per 606),
// a user of every role (tenant admin, center operators, officers, evaluators, one staff member
// per station), and two years of counter disputes (settled, declined, withdrawn, escalated, a few
// still open) and 12315 center cases (consultations, complaints, reports from every channel,
// plus the escalated disputes) at every stage of the center's workflow, with their deadline rows
// and call-backs. Seeded PRNG: the same --seed gives the same data (ids and ciphertexts aside).
//
// Written with bulk SQL (not through the API), but obeying the app's invariants: personal data
// AES-256-GCM encrypted with DATA_KEY (env; default the benchmarks' key) and HMAC-hashed by the
// platform's PersonalDataCipher after normalizePhone; passwords argon2id (hashPassword); ids
// UUIDv7; case numbers JF-/ZX-<China date>-<the tenant sequences>; station codes per region with
// their counters; settle_by and every deadline computed with the national working-day calendar
// and the SEED rulebook (the rules of a tenant without rulebook versions); an escalated dispute
// has exactly one center case, its outbox row DONE; open deadlines past due are breached and
// urged once (as the sweeper leaves them); every row carries its tenant's id (RLS), written in a
// transaction with app.tenant_id set, so it works for an owner that is not a superuser too.
//
// Target: DATABASE_URL (migrated first); unset: database `sn_bench` on the local server
// (created if missing). --fresh drops and recreates the target first (only databases named
// sn_bench*). Prints what it created and how long it took.
import { Client } from 'pg';
import { hashPassword } from '../libs/identity/src/auth/password';
import {
  AppConfig,
  chinaDateOf,
  computeCreditCodeCheckChar,
  computeDueDate,
  CREDIT_CODE_ALPHABET,
  endOfChinaDay,
  newId,
  normalizePhone,
  PersonalDataCipher,
  resolveRules,
  Rule,
  RuleKey,
  runMigrations,
  WorkingDayCalendar,
} from '@app/platform';

// ---------------------------------------------------------------- options

export interface SeedOptions {
  /** Database to fill (migrated first). */
  url: string;
  scale: number;
  seed?: number;
  /** Tenant codes are `<prefix>-p1`, `<prefix>-p2`, … */
  prefix?: string;
  password?: string;
  dataKey?: string;
  disputesPerStationYear?: number;
  casesPerCityYear?: number;
  /** The generator's "now" (default: the current time). */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeededTenant {
  code: string;
  id: string;
  name: string;
  cities: number;
  stations: number;
  disputes: number;
  cases: number;
}

export interface SeedSummary {
  tenants: SeededTenant[];
  counts: Record<string, number>;
  stationsByCategory: Record<string, number>;
  disputesByStatus: Record<string, number>;
  casesByStatus: Record<string, number>;
  password: string;
  ms: number;
}

/** Source 003: 606 stations in one city. */
export const SOURCE_PROPORTIONS: Readonly<Record<string, number>> = { MALL: 135, MARKET: 40, SUPERMARKET: 120, ENTERPRISE: 241, SCENIC_AREA: 26, OTHER: 44 };
export const SOURCE_TOTAL = 606;
export const BENCH_DATA_KEY = Buffer.alloc(32, 7).toString('base64');
export const BENCH_PASSWORD = 'Bench-pass-2026';
const DAY = 86_400_000;

/** Largest-remainder apportionment of `total` stations over the source proportions. */
export function apportionCategories(total: number): Record<string, number> {
  const cats = Object.keys(SOURCE_PROPORTIONS);
  const exact = cats.map((c) => (SOURCE_PROPORTIONS[c] * total) / SOURCE_TOTAL);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]]++;
  return Object.fromEntries(cats.map((c, i) => [c, out[i]]));
}

// ---------------------------------------------------------------- randomness

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Weighted choice over [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(Math.max(1e-12, this.next()))) * Math.cos(2 * Math.PI * this.next());
  }
  /** Log-normal with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  poisson(mean: number): number {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}

// ---------------------------------------------------------------- reference data

interface CityRef {
  name: string;
  code: string;
  counties: [string, string][];
}
interface ProvinceRef {
  name: string;
  code: string;
  short: string;
  cities: CityRef[];
}

const PROVINCES: ProvinceRef[] = [
  {
    name: '河北省',
    short: '冀',
    code: '130000',
    cities: [
      { name: '保定市', code: '130600', counties: [['竞秀区', '130602'], ['莲池区', '130606'], ['满城区', '130607'], ['清苑区', '130608'], ['徐水区', '130609'], ['涞水县', '130623'], ['定兴县', '130626'], ['唐县', '130627'], ['容城县', '130629'], ['望都县', '130631'], ['易县', '130633'], ['顺平县', '130636']] },
      { name: '石家庄市', code: '130100', counties: [['长安区', '130102'], ['桥西区', '130104'], ['新华区', '130105'], ['裕华区', '130108'], ['藁城区', '130109'], ['鹿泉区', '130110'], ['栾城区', '130111'], ['正定县', '130123'], ['行唐县', '130125'], ['高邑县', '130127'], ['无极县', '130130'], ['赵县', '130133']] },
    ],
  },
  {
    name: '山西省',
    short: '晋',
    code: '140000',
    cities: [
      { name: '太原市', code: '140100', counties: [['小店区', '140105'], ['迎泽区', '140106'], ['杏花岭区', '140107'], ['尖草坪区', '140108'], ['万柏林区', '140109'], ['晋源区', '140110'], ['清徐县', '140121'], ['阳曲县', '140122'], ['娄烦县', '140123']] },
      { name: '大同市', code: '140200', counties: [['新荣区', '140212'], ['平城区', '140213'], ['云冈区', '140214'], ['云州区', '140215'], ['阳高县', '140221'], ['天镇县', '140222'], ['广灵县', '140223'], ['灵丘县', '140224']] },
    ],
  },
  {
    name: '河南省',
    short: '豫',
    code: '410000',
    cities: [
      { name: '郑州市', code: '410100', counties: [['中原区', '410102'], ['二七区', '410103'], ['金水区', '410105'], ['上街区', '410106'], ['惠济区', '410108'], ['中牟县', '410122'], ['巩义市', '410181'], ['荥阳市', '410182'], ['新密市', '410183'], ['新郑市', '410184'], ['登封市', '410185']] },
      { name: '洛阳市', code: '410300', counties: [['老城区', '410302'], ['西工区', '410303'], ['瀍河回族区', '410304'], ['涧西区', '410305'], ['偃师区', '410307'], ['孟津区', '410308'], ['新安县', '410323'], ['栾川县', '410324'], ['嵩县', '410325'], ['汝阳县', '410326']] },
    ],
  },
];

/** A province beyond the table: generic names, distinct region codes. */
function provinceRef(k: number): ProvinceRef {
  if (k < PROVINCES.length) return PROVINCES[k];
  const code = String(500000 + k * 10000).slice(0, 2);
  return {
    name: `示范${k + 1}省`,
    short: `示${k + 1}`,
    code: `${code}0000`,
    cities: [1, 2].map((c) => ({
      name: `示范${k + 1}省第${c}市`,
      code: `${code}${String(c).padStart(2, '0')}00`,
      counties: Array.from({ length: 10 }, (_, j) => [`第${j + 1}县`, `${code}${String(c).padStart(2, '0')}${String(j + 21).padStart(2, '0')}`] as [string, string]),
    })),
  };
}

const CATEGORY_LABEL: Record<string, string> = { MALL: '商场', SUPERMARKET: '超市', MARKET: '市场', ENTERPRISE: '企业', SCENIC_AREA: '景区', OTHER: '' };
const HOST_NAMES: Record<string, string[]> = {
  MALL: ['万达广场', '北国商城', '百货大楼', '银泰百货', '新世界购物中心', '华润万象汇', '保百购物广场', '东方商厦'],
  SUPERMARKET: ['惠友超市', '顺尧超市', '永辉超市', '华联超市', '物美超市', '家乐福', '大润发', '联华超市'],
  MARKET: ['北市场', '农贸市场', '蔬菜批发市场', '建材市场', '小商品市场', '水产市场', '果品市场'],
  ENTERPRISE: ['电器有限公司', '汽车销售服务有限公司', '家具有限公司', '通信器材有限公司', '电动车有限公司', '乳业有限公司', '食品有限公司', '燃气有限公司'],
  SCENIC_AREA: ['王氏庄园景区', '伊祁山景区', '白银坨景区', '古城景区', '温泉度假区', '森林公园', '野三坡景区'],
  OTHER: ['美容美发店', '健身中心', '教育培训学校', '手机维修中心', '快递服务站', '婚纱摄影店', '洗衣店'],
};
const STREETS = ['中华大街', '建设路', '朝阳大街', '人民路', '解放路', '胜利街', '和平路', '东风路', '复兴路', '长城街'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '淑珍'];

interface ProductRef {
  name: string;
  goods: string;
  median: number;
}
const PRODUCTS: Record<string, ProductRef[]> = {
  MALL: [
    { name: '羽绒服', goods: '服装鞋帽', median: 800 },
    { name: '运动鞋', goods: '服装鞋帽', median: 500 },
    { name: '手机', goods: '通讯器材', median: 2500 },
    { name: '金饰', goods: '首饰', median: 3000 },
    { name: '化妆品', goods: '化妆品', median: 300 },
    { name: '儿童玩具', goods: '日用商品', median: 150 },
  ],
  SUPERMARKET: [
    { name: '牛奶', goods: '食品', median: 60 },
    { name: '食用油', goods: '食品', median: 80 },
    { name: '进口零食', goods: '食品', median: 50 },
    { name: '冷冻水饺', goods: '食品', median: 30 },
    { name: '洗衣液', goods: '日用商品', median: 40 },
    { name: '电饭煲', goods: '家用电器', median: 300 },
  ],
  MARKET: [
    { name: '猪肉', goods: '食品', median: 60 },
    { name: '蔬菜', goods: '食品', median: 20 },
    { name: '水果', goods: '食品', median: 40 },
    { name: '海鲜', goods: '食品', median: 120 },
    { name: '散装粮油', goods: '食品', median: 50 },
  ],
  ENTERPRISE: [
    { name: '空调', goods: '家用电器', median: 3500 },
    { name: '洗衣机', goods: '家用电器', median: 2500 },
    { name: '热水器', goods: '家用电器', median: 1800 },
    { name: '电动自行车', goods: '交通工具', median: 2800 },
    { name: '家具', goods: '家居用品', median: 4000 },
    { name: '汽车维修', goods: '汽车及零部件', median: 2000 },
  ],
  SCENIC_AREA: [
    { name: '门票', goods: '旅游服务', median: 120 },
    { name: '索道票', goods: '旅游服务', median: 160 },
    { name: '景区餐饮', goods: '餐饮服务', median: 150 },
    { name: '旅游纪念品', goods: '日用商品', median: 200 },
    { name: '停车服务', goods: '旅游服务', median: 30 },
  ],
  OTHER: [
    { name: '美容美发预付卡', goods: '美容美发', median: 2000 },
    { name: '健身卡', goods: '文化娱乐体育服务', median: 2500 },
    { name: '培训课程', goods: '教育培训服务', median: 5000 },
    { name: '手机维修', goods: '维修服务', median: 300 },
    { name: '快递服务', goods: '邮政快递服务', median: 100 },
  ],
};
const ISSUES: Record<string, [string, number][]> = {
  MALL: [['QUALITY', 5], ['AFTER_SALES', 3], ['PRICE', 1], ['FALSE_ADVERTISING', 1]],
  SUPERMARKET: [['FOOD_SAFETY', 4], ['QUALITY', 2], ['PRICE', 2], ['MEASUREMENT', 1]],
  MARKET: [['MEASUREMENT', 4], ['FOOD_SAFETY', 3], ['PRICE', 2], ['QUALITY', 1]],
  ENTERPRISE: [['QUALITY', 4], ['AFTER_SALES', 4], ['CONTRACT', 2], ['SAFETY', 1]],
  SCENIC_AREA: [['PRICE', 3], ['CONTRACT', 2], ['FALSE_ADVERTISING', 2], ['SAFETY', 1]],
  OTHER: [['CONTRACT', 5], ['AFTER_SALES', 2], ['FALSE_ADVERTISING', 1], ['OTHER', 2]],
};
const ISSUE_TEXT: Record<string, [string, string, string]> = {
  // [subject suffix, description, claim type]
  QUALITY: ['质量问题', '购买后不久出现质量问题，要求商家处理', 'REFUND'],
  AFTER_SALES: ['售后服务纠纷', '商家不履行三包义务，多次联系未果', 'REPAIR'],
  PRICE: ['价格争议', '结账价格与标价不符', 'REFUND'],
  FALSE_ADVERTISING: ['虚假宣传', '实际商品与宣传不符', 'COMPENSATION'],
  MEASUREMENT: ['缺斤短两', '复秤发现分量不足', 'REFUND'],
  FOOD_SAFETY: ['食品过期变质', '购买的食品已过保质期或变质', 'COMPENSATION'],
  SAFETY: ['安全隐患', '使用中存在安全隐患', 'COMPENSATION'],
  CONTRACT: ['合同纠纷', '商家单方面变更约定，拒绝退费', 'REFUND'],
  OTHER: ['服务纠纷', '对服务不满意，协商未果', 'OTHER'],
};
const DECLINE_GROUNDS: [string, number][] = [
  ['BEYOND_WARRANTY_OR_SHELF_LIFE', 3],
  ['INSUFFICIENT_EVIDENCE', 3],
  ['NO_IDENTIFIABLE_RESPONDENT', 1],
  ['NOT_A_CONSUMER_DISPUTE', 2],
  ['BEFORE_COURT_OR_OTHER_AUTHORITY', 1],
  ['SETTLED_WITHOUT_NEW_FACTS', 1],
];
const ESCALATION_REASONS = ['商家拒绝退货', '双方对赔偿金额分歧较大', '商家不同意维修', '消费者要求由12315处理', '需要检测鉴定'];
const CONSULTATIONS = ['咨询七日无理由退货规定', '咨询预付卡退费政策', '咨询商品三包期限', '咨询网购退款流程', '咨询食品保质期标注', '咨询维权服务站位置'];
const REPORTS = ['举报无照经营', '举报销售过期食品', '举报虚假广告', '举报价格欺诈', '举报计量器具作弊', '举报销售假冒商品'];

// ---------------------------------------------------------------- rows

type Row = Record<string, unknown>;

interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'OFFICE';
  regionCode: string;
  path: string;
}

interface Station {
  id: string;
  category: string;
  status: string;
  orgUnitId: string;
  county: Unit;
  city: Unit;
  staffId: string | null;
  establishedOn: string;
  revokedAt: Date | null;
  hostName: string;
  hostCredit: string;
}

/** Bulk insert through unnest: every value passed as text and cast in SQL. */
async function insertRows(c: Client, table: string, columns: [string, string][], rows: Row[], chunk = 4000): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params = columns.map(([name]) =>
      part.map((r) => {
        const v = r[name];
        if (v === null || v === undefined) return null;
        if (v instanceof Date) return v.toISOString();
        if (typeof v === 'object') return JSON.stringify(v);
        return String(v);
      }),
    );
    const cols = columns.map(([n]) => `"${n}"`).join(', ');
    const sel = columns.map(([n, t], k) => `u.c${k}::${t}`).join(', ');
    const args = columns.map((_, k) => `$${k + 1}::text[]`).join(', ');
    const alias = columns.map((_, k) => `c${k}`).join(', ');
    await c.query(`INSERT INTO "${table}" (${cols}) SELECT ${sel} FROM unnest(${args}) AS u(${alias})`, params);
  }
}

// ---------------------------------------------------------------- generator

export async function seedBench(o: SeedOptions): Promise<SeedSummary> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const rng = new Rng(o.seed ?? 1);
  const now = o.now ?? new Date();
  const prefix = o.prefix ?? 'bench';
  const password = o.password ?? BENCH_PASSWORD;
  const cipher = new PersonalDataCipher({ DATA_KEY: o.dataKey ?? BENCH_DATA_KEY } as AppConfig);
  const calendar = WorkingDayCalendar.national();
  const rules = resolveRules('SEED', {});
  const dpsy = o.disputesPerStationYear ?? 9;
  const cpcy = o.casesPerCityYear ?? 5000;
  if (!(o.scale > 0)) throw new Error('--scale must be a positive number');

  await runMigrations(o.url);
  const c = new Client({ connectionString: o.url });
  await c.connect();
  const passwordHash = await hashPassword(password);
  const from = new Date(now.getTime() - 730 * DAY);

  const cityCount = Math.max(1, Math.ceil(o.scale));
  const stationsPerCity = Math.max(6, Math.round((SOURCE_TOTAL * o.scale) / cityCount));
  const tenantCount = Math.ceil(cityCount / 2);
  const casesPerCityYear = (cpcy * o.scale) / cityCount;

  const summary: SeedSummary = { tenants: [], counts: {}, stationsByCategory: {}, disputesByStatus: {}, casesByStatus: {}, password, ms: 0 };
  const bump = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

  const existing = await c.query(`SELECT code FROM tenants WHERE code LIKE $1`, [`${prefix}-p%`]);
  if (existing.rows.length) {
    await c.end();
    throw new Error(`tenants ${existing.rows.map((r) => r.code).join(', ')} exist already: use --fresh (drops an sn_bench* database) or another --prefix`);
  }

  const due = (key: RuleKey, start: Date, extended = false): { rule: Rule; dueDate: string; dueAt: Date } | null => {
    const rule = rules[key];
    try {
      const dueDate = computeDueDate(calendar, chinaDateOf(start), rule, extended);
      return { rule, dueDate, dueAt: endOfChinaDay(dueDate) };
    } catch {
      return null; // beyond the published calendar: the app starts no deadline either
    }
  };
  const name = () => rng.pick(SURNAMES) + rng.pick(GIVEN);
  const mobile = () => `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  const creditCode = (regionCode: string) => {
    let body = `91${regionCode}`;
    while (body.length < 17) body += CREDIT_CODE_ALPHABET[rng.int(0, CREDIT_CODE_ALPHABET.length - 1)];
    return body + computeCreditCodeCheckChar(body);
  };
  const yuanToFen = (y: number) => String(Math.max(1, Math.round(y * 100)));
  const between = (a: Date, b: Date) => new Date(a.getTime() + rng.next() * Math.max(0, b.getTime() - a.getTime()));
  /** An instant in China business hours (08:30–21:00) on the China date of `d`. */
  const businessTime = (d: Date) => {
    const start = endOfChinaDay(chinaDateOf(d)).getTime() - DAY + 1;
    return new Date(start + (8.5 + rng.next() * 12.5) * 3600_000);
  };

  let cityNo = 0;
  for (let k = 0; k < tenantCount; k++) {
    const tStart = Date.now();
    const prov = provinceRef(k);
    const tenantId = newId();
    const code = `${prefix}-p${k + 1}`;
    const tenantName = `${prov.name}市场监督管理局（基准数据）`;
    const units: Unit[] = [];
    const users: Row[] = [];
    const hosts: Row[] = [];
    const stationRows: Row[] = [];
    const stations: Station[] = [];
    const disputes: Row[] = [];
    const outbox: Row[] = [];
    const cases: Row[] = [];
    const deadlines: Row[] = [];
    const callbacks: Row[] = [];
    const counters = new Map<string, number>();

    const unit = (parent: Unit | null, name: string, level: Unit['level'], regionCode: string): Unit => {
      const id = newId();
      const u: Unit = { id, parentId: parent?.id ?? null, name, level, regionCode, path: parent ? `${parent.path}.${id.replace(/-/g, '')}` : id.replace(/-/g, '') };
      units.push(u);
      return u;
    };
    const user = (username: string, displayName: string, roles: string[], orgUnitId: string, stationId: string | null = null): string => {
      const id = newId();
      users.push({ tenant_id: tenantId, id, username, display_name: displayName, password_hash: passwordHash, roles: `{${roles.join(',')}}`, org_unit_id: orgUnitId, station_id: stationId });
      return id;
    };

    const root = unit(null, `${prov.name}市场监督管理局`, 'PROVINCE', prov.code);
    user('tadmin', '租户管理员', ['TENANT_ADMIN'], root.id);
    const citiesHere = Math.min(2, cityCount - cityNo);
    const operatorsByUnit = new Map<string, string[]>();
    const officersByUnit = new Map<string, string[]>();
    const countiesOfCity = new Map<string, Unit[]>();
    const officesOfCounty = new Map<string, Unit[]>();

    for (let ci = 0; ci < citiesHere; ci++, cityNo++) {
      const cref = prov.cities[ci % prov.cities.length];
      const city = unit(root, `${cref.name}市场监督管理局`, 'CITY', cref.code);
      const countyN = Math.min(cref.counties.length, Math.max(2, Math.round(stationsPerCity / 75)));
      const counties = cref.counties.slice(0, countyN).map(([n, rc]) => unit(city, `${cref.name}${n}市场监督管理局`, 'COUNTY', rc));
      countiesOfCity.set(city.id, counties);
      for (const county of counties) {
        const short = county.name.replace(`${cref.name}`, '').replace('市场监督管理局', '');
        officesOfCounty.set(county.id, [unit(county, `${short}城关市场监管所`, 'OFFICE', county.regionCode), unit(county, `${short}开发区市场监管所`, 'OFFICE', county.regionCode)]);
      }
      const cTag = `c${ci + 1}`;
      operatorsByUnit.set(city.id, [1, 2, 3].map((i) => user(`operator-${cTag}-${i}`, `${cref.name}12315中心接线员${i}`, ['CENTER_OPERATOR'], city.id)));
      officersByUnit.set(city.id, [1, 2].map((i) => user(`officer-${cTag}-${i}`, `${cref.name}局执法人员${i}`, ['OFFICER'], city.id)));
      [1, 2, 3].forEach((i) => user(`evaluator-${cTag}-${i}`, `示范站评审员${i}`, ['EVALUATOR'], city.id));
      counties.forEach((county, j) => {
        const kTag = `${cTag}-k${j + 1}`;
        operatorsByUnit.set(county.id, [user(`operator-${kTag}`, `${county.name}12315接线员`, ['CENTER_OPERATOR'], county.id)]);
        officersByUnit.set(county.id, [1, 2].map((i) => user(`officer-${kTag}-${i}`, `${county.name}执法人员${i}`, ['OFFICER'], county.id)));
        officesOfCounty.get(county.id)!.forEach((office, m) => officersByUnit.set(office.id, [user(`officer-${kTag}-o${m + 1}`, `${office.name}执法人员`, ['OFFICER'], office.id)]));
      });

      // ---- stations in the source proportions
      const perCat = apportionCategories(stationsPerCity);
      const cats = Object.entries(perCat).flatMap(([cat, n]) => Array<string>(n).fill(cat));
      for (let s = 0; s < cats.length; s++) {
        const cat = cats[s];
        const county = counties[s % counties.length];
        const offices = officesOfCounty.get(county.id)!;
        const supervising = rng.chance(0.3) ? rng.pick(offices) : county;
        const status = rng.weighted<string>([['ACTIVE', 90], ['PENDING', 2], ['SUSPENDED', 2], ['REVOKED', 3]]);
        const seq = (counters.get(county.regionCode) ?? 0) + 1;
        counters.set(county.regionCode, seq);
        const stationCode = `${county.regionCode}-${String(seq).padStart(5, '0')}`;
        const countyShort = county.name.replace(cref.name, '').replace('市场监督管理局', '');
        const hostBase = rng.pick(HOST_NAMES[cat]);
        const hostName = cat === 'ENTERPRISE' || cat === 'OTHER' ? `${countyShort}${rng.pick(['宏达', '恒信', '鑫源', '华泰', '永安', '金桥', '德隆'])}${hostBase}` : `${countyShort}${hostBase}`;
        const hostFull = /公司|店|中心|学校|站/.test(hostName) ? hostName : `${hostName}有限公司`;
        const stationName = `${hostName}${s + 1}号12315消费维权服务站`;
        const credit = creditCode(county.regionCode);
        const hostId = newId();
        const id = newId();
        const establishedOn = status === 'PENDING' ? chinaDateOf(between(new Date(now.getTime() - 60 * DAY), now)) : chinaDateOf(between(new Date(now.getTime() - 9 * 365 * DAY), new Date(now.getTime() - 90 * DAY)));
        const revokedAt = status === 'REVOKED' ? between(from, new Date(now.getTime() - 7 * DAY)) : null;
        hosts.push({ tenant_id: tenantId, id: hostId, credit_code: credit, name: hostFull });
        const staffId = status === 'PENDING' ? null : user(`staff-${stationCode}`, `${hostName}服务站工作人员`, ['STATION_STAFF'], supervising.id, id);
        stationRows.push({
          tenant_id: tenantId,
          id,
          code: stationCode,
          name: stationName,
          category: cat,
          status,
          host_id: hostId,
          address: `${prov.name}${cref.name}${countyShort}${rng.pick(STREETS)}${rng.int(1, 399)}号`,
          contact_name: name(),
          contact_phone: mobile(),
          org_unit_id: supervising.id,
          established_on: establishedOn,
          suspended_reason: status === 'SUSPENDED' ? '检查发现服务站制度不健全，责令整改' : null,
          revoked_reason: status === 'REVOKED' ? '建站企业因经营原因注销' : null,
          revoked_at: revokedAt,
          search_text: `${stationName} ${hostFull} ${credit}`,
        });
        stations.push({ id, category: cat, status, orgUnitId: supervising.id, county, city, staffId, establishedOn, revokedAt, hostName: hostFull, hostCredit: credit });
        bump(summary.stationsByCategory, cat);
      }
    }

    // ---- center case lifecycle (shared by escalated disputes and direct cases)
    const deadline = (caseId: string, kind: string, key: RuleKey, start: Date, done: Date | null, opts: { lateOk?: boolean; extended?: Date } = {}) => {
      const d = due(key, start, !!opts.extended);
      if (!d) return null;
      const met = done && done.getTime() <= now.getTime() ? done : null;
      const late = (met ?? now).getTime() > d.dueAt.getTime();
      // The sweeper marks a breach a minute after due and urges once.
      const breachedAt = late ? new Date(Math.min(d.dueAt.getTime() + 60_000, (met ?? now).getTime())) : null;
      deadlines.push({
        tenant_id: tenantId,
        id: newId(),
        case_id: caseId,
        kind,
        rule_key: key,
        rulebook_version_id: null,
        unit: d.rule.unit,
        days: d.rule.days,
        extension_days: d.rule.extensionDays,
        start_date: chinaDateOf(start),
        due_date: d.dueDate,
        due_at: d.dueAt,
        met_at: met,
        breached: late,
        breached_at: breachedAt,
        extended: !!opts.extended,
        extended_at: opts.extended ?? null,
        urged_at: breachedAt,
        created_at: start,
        updated_at: met ?? breachedAt ?? start,
      });
      return { dueAt: d.dueAt, late, met };
    };
    /** When a step due at `dueAt` after `start` is done: mostly in time, sometimes late. */
    const doneAt = (start: Date, dueAt: Date, lateP: number) =>
      rng.chance(lateP) ? new Date(dueAt.getTime() + rng.int(1, 72) * 3600_000) : new Date(start.getTime() + Math.max(60_000, rng.next() * 0.9 * (dueAt.getTime() - start.getTime())));

    const addCase = (cs: {
      type: 'CONSULTATION' | 'COMPLAINT' | 'REPORT';
      channel: string;
      receivedAt: Date;
      subject: string;
      description: string;
      nameEnc: string;
      phoneEnc: string;
      phoneHash: string;
      respondentName: string | null;
      respondentCredit: string | null;
      claimedFen: string | null;
      registeredUnit: Unit;
      sourceDisputeId?: string;
      sourceStationId?: string;
      registeredBy: string | null;
    }) => {
      const id = newId();
      const ops = operatorsByUnit.get(cs.registeredUnit.id) ?? operatorsByUnit.get(cs.registeredUnit.parentId!) ?? [];
      const row: Row = {
        tenant_id: tenantId,
        id,
        case_number: '',
        type: cs.type,
        channel: cs.channel,
        status: 'REGISTERED',
        received_at: cs.receivedAt,
        subject: cs.subject,
        description: cs.description,
        complainant_name_enc: cs.nameEnc,
        complainant_phone_enc: cs.phoneEnc,
        complainant_phone_hash: cs.phoneHash,
        respondent_name: cs.respondentName,
        respondent_credit_code: cs.respondentCredit,
        amount_claimed_fen: cs.claimedFen,
        registered_unit_id: cs.registeredUnit.id,
        assigned_unit_id: null,
        source_dispute_id: cs.sourceDisputeId ?? null,
        source_station_id: cs.sourceStationId ?? null,
        urge_count: 0,
        registered_by: cs.registeredBy,
        created_at: cs.receivedAt,
        updated_at: cs.receivedAt,
      };
      cases.push(row);
      const urge = (r: { late: boolean } | null) => {
        if (r?.late) row.urge_count = (row.urge_count as number) + 1;
      };
      const set = (at: Date, changes: Row) => Object.assign(row, changes, { updated_at: at });
      const archive = (after: Date) => {
        const at = new Date(after.getTime() + rng.int(10, 40) * DAY);
        if (at <= now) set(at, { status: 'ARCHIVED', archived_at: at });
      };

      if (cs.type === 'CONSULTATION') {
        const acc = due(RuleKey.ACCEPTANCE, cs.receivedAt);
        const answered = acc ? doneAt(cs.receivedAt, acc.dueAt, 0.02) : new Date(cs.receivedAt.getTime() + 3600_000);
        urge(deadline(id, 'ACCEPTANCE', RuleKey.ACCEPTANCE, cs.receivedAt, answered));
        if (answered > now) return row;
        set(answered, { status: 'CLOSED', outcome: 'ANSWERED', close_note: '已当场答复', closed_at: answered, closed_by: ops.length ? rng.pick(ops) : null });
        archive(answered);
        return row;
      }

      // Complaint: acceptance; report: the decision whether to open a case.
      const firstKind = cs.type === 'REPORT' ? 'CASE_DECISION' : 'ACCEPTANCE';
      const first = due(cs.type === 'REPORT' ? RuleKey.CASE_DECISION : RuleKey.ACCEPTANCE, cs.receivedAt);
      if (!first) return row;
      const decided = cs.type === 'REPORT' ? doneAt(cs.receivedAt, due(RuleKey.ACCEPTANCE, cs.receivedAt)?.dueAt ?? first.dueAt, 0.03) : doneAt(cs.receivedAt, first.dueAt, 0.03);
      if (rng.chance(cs.type === 'REPORT' ? 0.1 : 0.08)) {
        // Not accepted.
        urge(deadline(id, firstKind, cs.type === 'REPORT' ? RuleKey.CASE_DECISION : RuleKey.ACCEPTANCE, cs.receivedAt, decided));
        if (decided > now) return row;
        set(decided, { status: 'REJECTED', rejected_at: decided, rejection_ground: rng.weighted(DECLINE_GROUNDS), rejection_note: '经审查不予受理，已告知投诉人', complainant_notified_at: decided });
        return row;
      }
      if (decided > now) {
        urge(deadline(id, firstKind, cs.type === 'REPORT' ? RuleKey.CASE_DECISION : RuleKey.ACCEPTANCE, cs.receivedAt, null));
        return row;
      }
      // Accepted: a complaint's acceptance deadline is met; a report's decision keeps running.
      const accepted = decided;
      let decision: ReturnType<typeof deadline> = null;
      if (cs.type === 'COMPLAINT') urge(deadline(id, 'ACCEPTANCE', RuleKey.ACCEPTANCE, cs.receivedAt, accepted));
      set(accepted, { status: 'ACCEPTED', accepted_at: accepted });
      const routingDue = due(RuleKey.ROUTING, accepted);
      if (!routingDue) return row;
      const assigned = doneAt(accepted, routingDue.dueAt, 0.03);
      urge(deadline(id, 'ROUTING', RuleKey.ROUTING, accepted, assigned));
      if (assigned > now) {
        if (cs.type === 'REPORT') urge(deadline(id, 'CASE_DECISION', RuleKey.CASE_DECISION, cs.receivedAt, null));
        return row;
      }
      const reg = cs.registeredUnit;
      const target = reg.level === 'CITY' ? rng.pick(countiesOfCity.get(reg.id) ?? [reg]) : rng.chance(0.6) ? rng.pick(officesOfCounty.get(reg.id) ?? [reg]) : reg;
      set(assigned, { status: 'ASSIGNED', assigned_unit_id: target.id, assigned_at: assigned });
      const handlers = [...(officersByUnit.get(target.id) ?? []), ...ops];

      let closed: Date;
      if (cs.type === 'COMPLAINT') {
        const extend = rng.chance(0.1);
        const handling = due(RuleKey.HANDLING, assigned, extend);
        if (!handling) return row;
        const normal = due(RuleKey.HANDLING, assigned)!;
        const extendedAt = extend ? new Date(assigned.getTime() + rng.next() * 0.8 * (normal.dueAt.getTime() - assigned.getTime())) : undefined;
        closed = doneAt(assigned, handling.dueAt, 0.04);
        if (extendedAt && extendedAt > now) {
          urge(deadline(id, 'HANDLING', RuleKey.HANDLING, assigned, null));
          return row;
        }
        if (extendedAt) set(extendedAt, { extended_at: extendedAt });
        urge(deadline(id, 'HANDLING', RuleKey.HANDLING, assigned, closed, { extended: extendedAt }));
      } else {
        closed = doneAt(assigned, first.dueAt, 0.03);
        decision = deadline(id, 'CASE_DECISION', RuleKey.CASE_DECISION, cs.receivedAt, closed);
        urge(decision);
      }
      if (closed > now) return row;
      const outcome =
        cs.type === 'COMPLAINT' ? rng.weighted<string>([['MEDIATED', 72], ['NOT_MEDIATED', 18], ['TERMINATED', 10]]) : rng.weighted<string>([['CASE_OPENED', 35], ['NO_CASE_OPENED', 65]]);
      const recovered = outcome === 'MEDIATED' ? (cs.claimedFen ? String(Math.round(Number(cs.claimedFen) * (0.6 + rng.next() * 0.4))) : yuanToFen(rng.logNormal(200, 1))) : null;
      const closer = handlers.length ? rng.pick(handlers) : null;
      set(closed, {
        status: 'CLOSED',
        outcome,
        amount_recovered_fen: recovered,
        close_note: outcome === 'MEDIATED' ? '经调解双方达成一致' : outcome === 'CASE_OPENED' ? '经核查，依法立案调查' : '已依法处理',
        closed_at: closed,
        closed_by: closer,
      });
      // The result goes back to the complainant and the routing center (a report's opened case: after closure).
      const feedbackKey = outcome === 'CASE_OPENED' ? RuleKey.CASE_CLOSURE : RuleKey.FEEDBACK;
      const fb = due(feedbackKey, closed);
      if (!fb) return row;
      const feedback = outcome === 'CASE_OPENED' ? new Date(closed.getTime() + rng.int(20, 85) * DAY) : doneAt(closed, fb.dueAt, 0.03);
      urge(deadline(id, feedbackKey === RuleKey.CASE_CLOSURE ? 'CASE_CLOSURE' : 'FEEDBACK', feedbackKey, closed, feedback));
      // Cross call-back at month end by another operator (complaints).
      if (cs.type === 'COMPLAINT' && rng.chance(0.85)) {
        const callers = ops.filter((u) => u !== closer);
        const calledAt = new Date(closed.getTime() + rng.int(1, 20) * DAY);
        if (callers.length && calledAt <= now) {
          callbacks.push({
            tenant_id: tenantId,
            id: newId(),
            case_id: id,
            satisfaction: rng.weighted<string>([['VERY_SATISFIED', 35], ['SATISFIED', 40], ['NEUTRAL', 12], ['DISSATISFIED', 6], ['UNREACHABLE', 7]]),
            comment: rng.chance(0.3) ? '对处理结果表示认可' : null,
            called_at: calledAt,
            called_by: rng.pick(callers),
          });
        }
      }
      if (feedback > now) return row;
      set(feedback, { status: 'FEEDBACK_GIVEN', feedback_note: '已向投诉人和分流中心反馈处理结果', feedback_at: feedback });
      archive(feedback);
      return row;
    };

    // ---- counter disputes over two years
    const CAT_RATE: Record<string, number> = { MALL: 1.5, SUPERMARKET: 1.4, MARKET: 1.1, ENTERPRISE: 0.6, SCENIC_AREA: 1.3, OTHER: 0.5 };
    const weight = (cat: string, t: Date) => {
      const date = chinaDateOf(t);
      const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
      const month = Number(date.slice(5, 7));
      let w = dow === 0 || dow === 6 ? (cat === 'ENTERPRISE' ? 0.8 : 1.6) : 1;
      if (cat === 'SCENIC_AREA') w *= month === 5 || month === 10 ? 2.5 : month <= 2 || month === 12 ? 0.4 : 1;
      return w / 2.5;
    };
    const disputeStats = { n: 0 };
    const stationRefs = stations.filter((s) => s.status !== 'PENDING');
    for (const s of stationRefs) {
      const est = new Date(`${s.establishedOn}T00:00:00+08:00`);
      const start = est > from ? est : from;
      const end = s.revokedAt ?? now;
      if (end <= start) continue;
      const years = (end.getTime() - start.getTime()) / (365 * DAY);
      const n = rng.poisson(dpsy * CAT_RATE[s.category] * years * (0.3 + rng.next() * 1.4));
      for (let i = 0; i < n; i++) {
        let openedAt = between(start, end);
        for (let tries = 0; tries < 10 && rng.next() > weight(s.category, openedAt); tries++) openedAt = between(start, end);
        openedAt = businessTime(openedAt);
        if (openedAt > now || openedAt < start) continue;
        const settle = due(RuleKey.STATION_SETTLEMENT, openedAt);
        if (!settle) continue;
        const product = rng.pick(PRODUCTS[s.category]);
        const issue = rng.weighted(ISSUES[s.category]);
        const [suffix, desc, claimBase] = ISSUE_TEXT[issue];
        const claimType = rng.chance(0.8) ? claimBase : rng.pick(['REFUND', 'EXCHANGE', 'REPAIR', 'COMPENSATION', 'OTHER']);
        const claimed = rng.chance(0.85) ? Math.max(1, rng.logNormal(product.median, 0.8)) : null;
        const consumer = name();
        const phone = mobile();
        const d: Row = {
          tenant_id: tenantId,
          id: newId(),
          case_number: '',
          station_id: s.id,
          status: 'OPEN',
          consumer_name_enc: cipher.encrypt(consumer),
          consumer_phone_enc: cipher.encrypt(phone),
          consumer_phone_hash: cipher.hash(normalizePhone(phone)),
          subject: `${product.name}${suffix}`,
          description: `消费者于${s.hostName}购买${product.name}，${desc}。`,
          claim_type: claimType,
          amount_claimed_fen: claimed === null ? null : yuanToFen(claimed),
          purchased_on: chinaDateOf(new Date(openedAt.getTime() - rng.int(0, 60) * DAY)),
          product_name: product.name,
          brand_model: rng.chance(0.5) ? `${rng.pick(['A', 'B', 'K', 'M', 'X'])}${rng.int(100, 999)}型` : null,
          purchase_place: s.hostName,
          goods_or_service_category: product.goods,
          issue_type: issue,
          intake_checklist: { hasProof: rng.chance(0.85), withinWarrantyOrShelfLife: rng.chance(0.9), alreadyNegotiated: rng.chance(0.6), beforeCourtOrOtherAuthority: rng.chance(0.02), respondentIdentified: true },
          opened_at: openedAt,
          settle_by: settle.dueAt,
          opened_by: s.staffId,
          updated_at: openedAt,
        };
        const open = settle.dueAt > now && rng.chance(0.5) && s.status === 'ACTIVE';
        if (!open) {
          const outcome = rng.weighted<string>([['SETTLED', 78], ['ESCALATED', 11], ['DECLINED', 6], ['WITHDRAWN', 5]]);
          const last = new Date(Math.min(settle.dueAt.getTime(), now.getTime()) - 1000);
          const quick = new Date(Math.min(last.getTime(), openedAt.getTime() + rng.logNormal(40, 1.2) * 60_000));
          if (outcome === 'SETTLED') {
            const recovered = d.amount_claimed_fen ? String(Math.round(Number(d.amount_claimed_fen) * (rng.chance(0.7) ? 1 : 0.5 + rng.next() * 0.5))) : rng.chance(0.5) ? '0' : yuanToFen(rng.logNormal(80, 0.7));
            Object.assign(d, { status: 'SETTLED', settled_at: quick, amount_recovered_fen: recovered, agreement: rng.pick(['商家同意退货退款', '商家同意更换新品', '商家免费维修并赔偿', '双方协商一致，商家给予补偿']), consumer_signed: rng.chance(0.95), updated_at: quick });
          } else if (outcome === 'DECLINED') {
            Object.assign(d, { status: 'DECLINED', declined_at: quick, decline_ground: rng.weighted(DECLINE_GROUNDS), decline_note: rng.chance(0.5) ? '已向消费者说明不予受理的理由' : null, updated_at: quick });
          } else if (outcome === 'WITHDRAWN') {
            Object.assign(d, { status: 'WITHDRAWN', withdrawn_at: quick, updated_at: quick });
          } else {
            // Escalated by the staff within the window, or automatically when it passed settle_by.
            const auto = rng.chance(0.3) && settle.dueAt.getTime() + 120_000 <= now.getTime();
            const at = auto ? new Date(settle.dueAt.getTime() + rng.int(1, 60) * 1000) : between(openedAt, last);
            if (at > now) continue;
            Object.assign(d, { status: 'ESCALATED', escalated_at: at, escalation_reason: auto ? '逾期未和解' : rng.pick(ESCALATION_REASONS), updated_at: at });
            const doneAtTs = new Date(at.getTime() + rng.int(50, 900));
            outbox.push({ tenant_id: tenantId, id: newId(), topic: 'dispute.escalated', aggregate_id: d.id, payload: { tenantId, disputeId: d.id, stationId: s.id }, status: 'DONE', attempts: 1, created_at: at, dispatched_at: new Date(at.getTime() + 50), done_at: doneAtTs });
            addCase({
              type: 'COMPLAINT',
              channel: 'STATION',
              receivedAt: at,
              subject: d.subject as string,
              description: d.description as string,
              nameEnc: d.consumer_name_enc as string,
              phoneEnc: d.consumer_phone_enc as string,
              phoneHash: d.consumer_phone_hash as string,
              respondentName: null,
              respondentCredit: null,
              claimedFen: d.amount_claimed_fen as string | null,
              registeredUnit: units.find((u) => u.id === s.orgUnitId)!,
              sourceDisputeId: d.id as string,
              sourceStationId: s.id,
              registeredBy: null,
            });
          }
        }
        disputes.push(d);
        disputeStats.n++;
      }
    }

    // ---- direct 12315 cases (phone, web, visits, letters, faxes, transfers)
    const cityUnits = units.filter((u) => u.level === 'CITY');
    for (const city of cityUnits) {
      const counties = countiesOfCity.get(city.id)!;
      const n = rng.poisson(casesPerCityYear * 2);
      for (let i = 0; i < n; i++) {
        let receivedAt = between(from, now);
        const dow = new Date(`${chinaDateOf(receivedAt)}T00:00:00Z`).getUTCDay();
        if ((dow === 0 || dow === 6) && rng.chance(0.6)) receivedAt = between(from, now);
        receivedAt = businessTime(receivedAt);
        if (receivedAt > now) continue;
        const type = rng.weighted<'CONSULTATION' | 'COMPLAINT' | 'REPORT'>([['CONSULTATION', 55], ['COMPLAINT', 38], ['REPORT', 7]]);
        const channel = rng.weighted<string>([['PHONE', 60], ['WEB', 25], ['VISIT', 6], ['LETTER', 3], ['FAX', 1], ['TRANSFER', 5]]);
        const cat = rng.weighted(Object.entries(SOURCE_PROPORTIONS));
        const product = rng.pick(PRODUCTS[cat]);
        const issue = rng.weighted(ISSUES[cat]);
        const registeredUnit = rng.chance(0.6) ? city : rng.pick(counties);
        const complainant = name();
        const phone = mobile();
        const respondent = type === 'CONSULTATION' ? null : rng.pick(stations);
        addCase({
          type,
          channel,
          receivedAt,
          subject: type === 'CONSULTATION' ? rng.pick(CONSULTATIONS) : type === 'REPORT' ? rng.pick(REPORTS) : `${product.name}${ISSUE_TEXT[issue][0]}`,
          description: type === 'COMPLAINT' ? `投诉人反映：${ISSUE_TEXT[issue][1]}。` : type === 'REPORT' ? '举报人反映有关经营者存在违法行为，请求查处。' : '来电咨询有关消费维权政策。',
          nameEnc: cipher.encrypt(complainant),
          phoneEnc: cipher.encrypt(phone),
          phoneHash: cipher.hash(normalizePhone(phone)),
          respondentName: respondent?.hostName ?? null,
          respondentCredit: respondent && rng.chance(0.7) ? respondent.hostCredit : null,
          claimedFen: type === 'COMPLAINT' && rng.chance(0.8) ? yuanToFen(rng.logNormal(product.median, 0.9)) : null,
          registeredUnit,
          registeredBy: rng.pick(operatorsByUnit.get(registeredUnit.id) ?? [null]),
        });
      }
    }

    // ---- case numbers from the tenant sequences, in time order
    disputes.sort((a, b) => (a.opened_at as Date).getTime() - (b.opened_at as Date).getTime());
    cases.sort((a, b) => (a.received_at as Date).getTime() - (b.received_at as Date).getTime());

    // ---- write it, one transaction with the tenant set (RLS holds for a non-superuser owner too)
    await c.query('BEGIN');
    try {
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const seqs = async (name: string, n: number): Promise<string[]> => {
        const out: string[] = [];
        for (let i = 0; i < n; i += 50_000) {
          const { rows } = await c.query(`SELECT nextval($1)::text AS v FROM generate_series(1, $2)`, [name, Math.min(50_000, n - i)]);
          for (const r of rows) out.push(r.v);
        }
        return out;
      };
      const dSeq = await seqs('dispute_case_number_seq', disputes.length);
      disputes.forEach((d, i) => (d.case_number = `JF-${chinaDateOf(d.opened_at as Date).replace(/-/g, '')}-${dSeq[i].padStart(6, '0')}`));
      const cSeq = await seqs('center_case_number_seq', cases.length);
      cases.forEach((cs, i) => (cs.case_number = `ZX-${chinaDateOf(cs.received_at as Date).replace(/-/g, '')}-${cSeq[i].padStart(6, '0')}`));

      await c.query(`INSERT INTO tenants (id, code, name) VALUES ($1, $2, $3)`, [tenantId, code, tenantName]);
      await insertRows(
        c,
        'org_units',
        [['tenant_id', 'uuid'], ['id', 'uuid'], ['parent_id', 'uuid'], ['name', 'text'], ['level', 'text'], ['region_code', 'text'], ['path', 'ltree']],
        units.map((u) => ({ tenant_id: tenantId, id: u.id, parent_id: u.parentId, name: u.name, level: u.level, region_code: u.regionCode, path: u.path })),
      );
      await insertRows(
        c,
        'users',
        [['tenant_id', 'uuid'], ['id', 'uuid'], ['username', 'text'], ['display_name', 'text'], ['password_hash', 'text'], ['roles', 'text[]'], ['org_unit_id', 'uuid'], ['station_id', 'uuid']],
        users,
      );
      await insertRows(c, 'host_enterprises', [['tenant_id', 'uuid'], ['id', 'uuid'], ['credit_code', 'text'], ['name', 'text']], hosts);
      await insertRows(
        c,
        'stations',
        [
          ['tenant_id', 'uuid'], ['id', 'uuid'], ['code', 'text'], ['name', 'text'], ['category', 'text'], ['status', 'text'], ['host_id', 'uuid'], ['address', 'text'],
          ['contact_name', 'text'], ['contact_phone', 'text'], ['org_unit_id', 'uuid'], ['established_on', 'date'], ['suspended_reason', 'text'], ['revoked_reason', 'text'],
          ['revoked_at', 'timestamptz'], ['search_text', 'text'],
        ],
        stationRows,
      );
      await insertRows(
        c,
        'station_code_counters',
        [['tenant_id', 'uuid'], ['region_code', 'text'], ['last_value', 'int']],
        [...counters].map(([region, last]) => ({ tenant_id: tenantId, region_code: region, last_value: last })),
      );
      await insertRows(
        c,
        'disputes',
        [
          ['tenant_id', 'uuid'], ['id', 'uuid'], ['case_number', 'text'], ['station_id', 'uuid'], ['status', 'text'], ['consumer_name_enc', 'text'], ['consumer_phone_enc', 'text'],
          ['consumer_phone_hash', 'text'], ['subject', 'text'], ['description', 'text'], ['claim_type', 'text'], ['amount_claimed_fen', 'bigint'], ['purchased_on', 'date'],
          ['product_name', 'text'], ['brand_model', 'text'], ['purchase_place', 'text'], ['goods_or_service_category', 'text'], ['issue_type', 'text'], ['intake_checklist', 'jsonb'],
          ['opened_at', 'timestamptz'], ['settle_by', 'timestamptz'], ['settled_at', 'timestamptz'], ['amount_recovered_fen', 'bigint'], ['agreement', 'text'], ['consumer_signed', 'boolean'],
          ['decline_ground', 'text'], ['decline_note', 'text'], ['declined_at', 'timestamptz'], ['withdrawn_at', 'timestamptz'], ['escalated_at', 'timestamptz'], ['escalation_reason', 'text'],
          ['opened_by', 'uuid'], ['updated_at', 'timestamptz'],
        ],
        disputes,
      );
      await insertRows(
        c,
        'outbox',
        [['tenant_id', 'uuid'], ['id', 'uuid'], ['topic', 'text'], ['aggregate_id', 'uuid'], ['payload', 'jsonb'], ['status', 'text'], ['attempts', 'int'], ['created_at', 'timestamptz'], ['dispatched_at', 'timestamptz'], ['done_at', 'timestamptz']],
        outbox,
      );
      await insertRows(
        c,
        'center_cases',
        [
          ['tenant_id', 'uuid'], ['id', 'uuid'], ['case_number', 'text'], ['type', 'text'], ['channel', 'text'], ['status', 'text'], ['received_at', 'timestamptz'], ['subject', 'text'],
          ['description', 'text'], ['complainant_name_enc', 'text'], ['complainant_phone_enc', 'text'], ['complainant_phone_hash', 'text'], ['respondent_name', 'text'],
          ['respondent_credit_code', 'text'], ['amount_claimed_fen', 'bigint'], ['registered_unit_id', 'uuid'], ['assigned_unit_id', 'uuid'], ['source_dispute_id', 'uuid'],
          ['source_station_id', 'uuid'], ['accepted_at', 'timestamptz'], ['rejection_ground', 'text'], ['rejection_note', 'text'], ['rejected_at', 'timestamptz'],
          ['complainant_notified_at', 'timestamptz'], ['assigned_at', 'timestamptz'], ['extended_at', 'timestamptz'], ['urge_count', 'int'], ['outcome', 'text'],
          ['amount_recovered_fen', 'bigint'], ['close_note', 'text'], ['closed_at', 'timestamptz'], ['closed_by', 'uuid'], ['feedback_note', 'text'], ['feedback_at', 'timestamptz'],
          ['archived_at', 'timestamptz'], ['registered_by', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
        ],
        cases,
      );
      await insertRows(
        c,
        'deadlines',
        [
          ['tenant_id', 'uuid'], ['id', 'uuid'], ['case_id', 'uuid'], ['kind', 'text'], ['rule_key', 'text'], ['rulebook_version_id', 'uuid'], ['unit', 'text'], ['days', 'int'],
          ['extension_days', 'int'], ['start_date', 'date'], ['due_date', 'date'], ['due_at', 'timestamptz'], ['met_at', 'timestamptz'], ['breached', 'boolean'],
          ['breached_at', 'timestamptz'], ['extended', 'boolean'], ['extended_at', 'timestamptz'], ['urged_at', 'timestamptz'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
        ],
        deadlines,
      );
      await insertRows(
        c,
        'case_callbacks',
        [['tenant_id', 'uuid'], ['id', 'uuid'], ['case_id', 'uuid'], ['satisfaction', 'text'], ['comment', 'text'], ['called_at', 'timestamptz'], ['called_by', 'uuid']],
        callbacks,
      );
      await c.query(
        `INSERT INTO audit_events (tenant_id, id, actor_name, action, entity, entity_id, details) VALUES ($1::uuid, $2, 'bench-seed', 'bench.seed', 'Tenant', $1::text, $3)`,
        [tenantId, newId(), { stations: stations.length, disputes: disputes.length, cases: cases.length, seed: o.seed ?? 1 }],
      );
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }

    for (const d of disputes) bump(summary.disputesByStatus, d.status as string);
    for (const cs of cases) bump(summary.casesByStatus, cs.status as string);
    for (const [t, n] of [['org_units', units.length], ['users', users.length], ['stations', stations.length], ['disputes', disputes.length], ['outbox', outbox.length], ['center_cases', cases.length], ['deadlines', deadlines.length], ['case_callbacks', callbacks.length]] as const) bump(summary.counts, t, n);
    summary.tenants.push({ code, id: tenantId, name: tenantName, cities: citiesHere, stations: stations.length, disputes: disputes.length, cases: cases.length });
    log(`tenant ${code} (${tenantName}): ${citiesHere} cities, ${units.length} org units, ${users.length} users, ${stations.length} stations, ${disputes.length} disputes, ${cases.length} center cases, ${deadlines.length} deadlines, ${callbacks.length} call-backs in ${((Date.now() - tStart) / 1000).toFixed(1)} s`);
  }
  await c.query('ANALYZE');
  await c.end();
  summary.ms = Date.now() - t0;
  return summary;
}

// ---------------------------------------------------------------- command line

function argValue(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
}

async function targetUrl(fresh: boolean): Promise<string> {
  const env = process.env.DATABASE_URL;
  const url = new URL(env ?? 'postgres://postgres@127.0.0.1:5432/sn_bench');
  const name = decodeURIComponent(url.pathname.slice(1));
  if (fresh && !/^sn_bench/.test(name)) throw new Error(`--fresh drops the database: only for databases named sn_bench*, not ${name}`);
  if (!env || fresh) {
    const admin = new URL(url.toString());
    admin.pathname = '/postgres';
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      if (fresh) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rows.length) await c.query(`CREATE DATABASE "${name}"`);
    } finally {
      await c.end();
    }
  }
  return url.toString();
}

async function main() {
  const args = process.argv.slice(2);
  const scale = Number(argValue(args, 'scale') ?? 1);
  const url = await targetUrl(args.includes('--fresh'));
  const shown = new URL(url);
  shown.password = shown.password ? '***' : '';
  console.log(`bench:seed: scale ${scale} into ${shown.toString()}${process.env.DATA_KEY ? ' (DATA_KEY from the environment)' : ' (DATA_KEY: the benchmarks\' default key)'}`);
  const s = await seedBench({
    url,
    scale,
    seed: Number(argValue(args, 'seed') ?? 1),
    prefix: argValue(args, 'prefix'),
    password: argValue(args, 'password') ?? process.env.BENCH_PASSWORD,
    dataKey: process.env.DATA_KEY,
    disputesPerStationYear: argValue(args, 'disputes-per-station-year') ? Number(argValue(args, 'disputes-per-station-year')) : undefined,
    casesPerCityYear: argValue(args, 'cases-per-city-year') ? Number(argValue(args, 'cases-per-city-year')) : undefined,
    log: (l) => console.log(`  ${l}`),
  });
  const fmt = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`created: ${fmt(s.counts)}`);
  console.log(`stations by category: ${fmt(s.stationsByCategory)}`);
  console.log(`disputes by status: ${fmt(s.disputesByStatus)}`);
  console.log(`center cases by status: ${fmt(s.casesByStatus)}`);
  console.log(`logins (password ${s.password}): tenant codes ${s.tenants.map((t) => t.code).join(', ')}; users tadmin, operator-c1-1, officer-c1-1, officer-c1-k1-1, evaluator-c1-1, staff-<station code>`);
  console.log(`done in ${(s.ms / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
