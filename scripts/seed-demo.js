// Seeds the demo tenant through the public GraphQL API (so it obeys every rule a user would).
// Idempotent: a tenant that exists already is left as it is.
const DEMO_PASSWORD = 'Demo-pass-2026';
const TENANT = 'demo';

async function gql(url, query, variables, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw Object.assign(new Error(body.errors[0].message), { code: body.errors[0].extensions?.code });
  return body.data;
}

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;

/** Stations named after those in the source documents (seeds/003, 004). */
const STATIONS = [
  { name: '顺尧超市12315消费维权服务站', category: 'SUPERMARKET', hostName: '顺平县顺尧超市有限公司', hostCreditCode: '91350100M000100Y43', county: 'shunping' },
  { name: '惠友超市12315消费维权服务站', category: 'SUPERMARKET', hostName: '保定惠友商贸有限公司', hostCreditCode: '91350200776049653A', county: 'shunping' },
  { name: '顺平北市场12315消费维权服务站', category: 'MARKET', hostName: '顺平县北市场管理有限公司', hostCreditCode: '91440101MA5CJQ4N59', county: 'shunping' },
  { name: '腰山王氏庄园景区12315消费维权服务站', category: 'SCENIC_AREA', hostName: '顺平县腰山王氏庄园旅游开发有限公司', hostCreditCode: null, county: 'shunping' },
  { name: '伊祁山景区12315消费维权服务站', category: 'SCENIC_AREA', hostName: '顺平县伊祁山旅游开发有限公司', hostCreditCode: null, county: 'shunping' },
  { name: '白银坨景区12315消费维权服务站', category: 'SCENIC_AREA', hostName: '保定白银坨旅游开发有限公司', hostCreditCode: null, county: 'wangdu' },
];

/** A valid unified social credit code per GB 32100-2015 from a 17-character body. */
function creditCode(body17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...body17].reduce((s, ch, i) => s + alphabet.indexOf(ch) * weights[i], 0);
  return body17 + alphabet[(31 - (sum % 31)) % 31];
}

async function seedDemo(url, adminPassword, log = console.log) {
  try {
    await gql(url, LOGIN, { i: { tenantCode: TENANT, username: 'demo-admin', password: DEMO_PASSWORD } });
    log('demo tenant already seeded');
    return demoLogins();
  } catch (e) {
    if (e.code !== 'UNAUTHENTICATED') throw e;
  }
  const admin = (await gql(url, LOGIN, { i: { username: 'admin', password: adminPassword } })).login.accessToken;
  await gql(
    url,
    `mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
    { i: { code: TENANT, name: '河北省市场监督管理局（演示）', rootOrgUnitName: '河北省市场监督管理局', rootLevel: 'PROVINCE', regionCode: '130000', adminUsername: 'demo-admin', adminPassword: DEMO_PASSWORD } },
    admin,
  );
  const ta = (await gql(url, LOGIN, { i: { tenantCode: TENANT, username: 'demo-admin', password: DEMO_PASSWORD } })).login.accessToken;
  const root = (await gql(url, `{ me { orgUnit { id } } }`, {}, ta)).me.orgUnit.id;
  const unit = async (parentId, name, level, regionCode) =>
    (await gql(url, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId, name, level, regionCode } }, ta)).createOrgUnit.id;
  const city = await unit(root, '保定市市场监督管理局', 'CITY', '130600');
  const shunping = await unit(city, '顺平县市场监督管理局', 'COUNTY', '130636');
  const wangdu = await unit(city, '望都县市场监督管理局', 'COUNTY', '130631');
  await unit(shunping, '顺平县腰山市场监管所', 'OFFICE', '130636');
  await unit(wangdu, '望都县城关市场监管所', 'OFFICE', '130631');
  const user = (username, displayName, roles, extra) =>
    gql(url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username, password: DEMO_PASSWORD, displayName, roles, ...extra } }, ta);
  await user('demo-operator', '保定市12315中心接线员', ['CENTER_OPERATOR'], { orgUnitId: city });
  await user('demo-officer', '顺平县局执法人员', ['OFFICER'], { orgUnitId: shunping });
  await user('demo-city-officer', '保定市局执法人员', ['OFFICER'], { orgUnitId: city });
  await user('demo-evaluator', '示范站评审员', ['EVALUATOR'], { orgUnitId: city });

  const mutations = (await gql(url, `{ __schema { mutationType { fields { name } } } }`)).__schema.mutationType.fields.map((f) => f.name);
  if (mutations.includes('registerStation')) {
    const counties = { shunping, wangdu };
    let first;
    for (const [i, s] of STATIONS.entries()) {
      const code = s.hostCreditCode ?? creditCode(`9113063${String(6000000000 + i).slice(0, 10)}`);
      const st = await gql(
        url,
        `mutation($i: RegisterStationInput!) { registerStation(input: $i) { id } }`,
        { i: { name: s.name, category: s.category, hostName: s.hostName, hostCreditCode: code, address: `河北省保定市${s.county === 'shunping' ? '顺平县' : '望都县'}`, contactName: '李站长', contactPhone: `1380013800${i}`, orgUnitId: counties[s.county] } },
        ta,
      );
      await gql(url, `mutation($id: ID!) { approveStation(id: $id) { id } }`, { id: st.registerStation.id }, ta);
      first ??= st.registerStation.id;
    }
    await user('demo-staff', '顺尧超市服务站工作人员', ['STATION_STAFF'], { stationId: first });
  }
  log('seeded the demo tenant');
  return demoLogins();
}

function demoLogins() {
  return [
    ['TENANT_ADMIN', 'demo-admin'],
    ['CENTER_OPERATOR', 'demo-operator'],
    ['OFFICER', 'demo-officer'],
    ['OFFICER (city)', 'demo-city-officer'],
    ['EVALUATOR', 'demo-evaluator'],
    ['STATION_STAFF', 'demo-staff'],
  ].map(([role, username]) => ({ role, tenantCode: TENANT, username, password: DEMO_PASSWORD }));
}

module.exports = { seedDemo, DEMO_PASSWORD };
