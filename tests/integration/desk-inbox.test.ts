import { TestApp, startStrapi } from '../harness/strapi';
import {
  OTHER_USCC,
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  createStaff,
  currentVersion,
  secondApplicant,
  seedDemo,
  staffAct,
  staffToken,
  drawPanel,
} from '../harness/workflow';

/** The review inbox (审核工作台): each role's queue within its scope, filters, paging, overdue marks. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const DEMO_USCC = '91420100MA4K12345K';

const inbox = (who: string, query: Record<string, unknown> = {}) =>
  app.http().get('/shenbao/inbox').query(query).set('Authorization', `Bearer ${tokens[who]}`);

async function step(who: string, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}

async function submitted(jwt: string, slug: string) {
  const created = await createApplication(app, jwt, slug);
  const response = await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 });
  expect(response.status).toBe(200);
  return created.documentId;
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'expert', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  tokens.jiangan = (await createStaff(app, 'jiangan@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: '420102' })).token;
  tokens.expert2 = await staffToken(app, 'expert2@shenbao.local');
  const jwt = await applicantToken(app);
  const other = await secondApplicant(app);
  ids.a = await submitted(jwt, 'dataset-2025-batch-1');
  ids.b = await submitted(jwt, 'data-product-2026');
  ids.c = await submitted(other, 'dataset-2025-batch-1');
});
afterAll(async () => {
  await app?.stop();
});

describe('GET /shenbao/inbox', () => {
  it("gives the district reviewer its own district's applications waiting for it, with counts and stage facts", async () => {
    const response = await inbox('district.reviewer');
    expect(response.status).toBe(200);
    const { results, counts, pagination } = response.body.data;
    expect(results.map((r: any) => r.documentId).sort()).toEqual([ids.a, ids.b].sort());
    expect(counts).toEqual({ district_review: 2 });
    expect(pagination).toEqual({ page: 1, pageSize: 20, total: 2 });
    expect(results[0]).toMatchObject({
      organizationName: '武汉光谷智数科技有限公司（演示）',
      uscc: DEMO_USCC,
      districtCode: 'donghu_hitech',
      districtName: '东湖新技术开发区',
      state: 'district_review',
      stageLabel: '区级受理初审',
      timeLimitWorkingDays: 10,
      serialNo: expect.stringMatching(/^SB\d{4}-\d{6}$/),
      waitingWorkingDays: 0,
      overdue: false,
    });
  });

  it('keeps another district out: each district reviewer sees only its own', async () => {
    const response = await inbox('jiangan');
    expect(response.body.data.results.map((r: any) => r.documentId)).toEqual([ids.c]);
    expect(response.body.data.results[0].uscc).toBe(OTHER_USCC);
  });

  it('filters by call, programme and district, and searches by any part of the organisation\'s or the project\'s name, or by USCC', async () => {
    const call = (await app.strapi.db.query('api::application.application').findOne({ where: { documentId: ids.b } })).taskSpecDocumentId;
    expect((await inbox('district.reviewer', { call })).body.data.results.map((r: any) => r.documentId)).toEqual([ids.b]);
    expect((await inbox('district.reviewer', { program: 'dataset' })).body.data.results.map((r: any) => r.documentId)).toEqual([ids.a]);
    expect((await inbox('district.reviewer', { district: '420102' })).body.data.results).toEqual([]);
    expect((await inbox('district.reviewer', { q: DEMO_USCC.toLowerCase() })).body.data.pagination.total).toBe(2);
    expect((await inbox('district.reviewer', { q: '武汉光谷' })).body.data.pagination.total).toBe(2);
    expect((await inbox('district.reviewer', { q: '江岸' })).body.data.pagination.total).toBe(0);
    expect((await inbox('district.reviewer', { q: '光谷智数' })).body.data.pagination.total).toBe(2);
    const { title } = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: ids.b } });
    expect((await inbox('district.reviewer', { q: title.slice(2, 8) })).body.data.results.map((r: any) => r.documentId)).toContain(ids.b);
    // the user's text is the text searched for, not a pattern
    expect((await inbox('district.reviewer', { q: '%' })).body.data.pagination.total).toBe(0);
    expect((await inbox('district.reviewer', { q: '_' })).body.data.pagination.total).toBe(0);
    expect((await inbox('city.reviewer', { q: OTHER_USCC })).body.data.results.map((r: any) => r.documentId)).toEqual([]);
  });

  it('pages in the database and sorts by waiting time; marks overdue items against the time limit', async () => {
    // The first application has been waiting since long ago (the stage allows 10 working days).
    const old = new Date(Date.now() - 40 * 86_400_000);
    await app.strapi.db.query('api::application.application').updateMany({ where: { documentId: ids.a }, data: { stateChangedAt: old } });
    const first = await inbox('district.reviewer', { pageSize: 1 });
    expect(first.body.data.pagination).toEqual({ page: 1, pageSize: 1, total: 2 });
    expect(first.body.data.results).toHaveLength(1);
    expect(first.body.data.results[0]).toMatchObject({ documentId: ids.a, overdue: true });
    expect(first.body.data.results[0].waitingWorkingDays).toBeGreaterThan(10);
    const second = await inbox('district.reviewer', { pageSize: 1, page: 2 });
    expect(second.body.data.results[0]).toMatchObject({ documentId: ids.b, overdue: false });
    const shortestFirst = await inbox('district.reviewer', { sort: 'waiting' });
    expect(shortestFirst.body.data.results.map((r: any) => r.documentId)).toEqual([ids.b, ids.a]);
  });

  it('marks overdue as unknown (null) when the calendar has no such year, rather than failing', async () => {
    await app.strapi.db.query('api::application.application').updateMany({ where: { documentId: ids.a }, data: { stateChangedAt: new Date('2019-03-01T02:00:00Z') } });
    const response = await inbox('district.reviewer', { sort: '-waiting' });
    expect(response.status).toBe(200);
    expect(response.body.data.results[0]).toMatchObject({ documentId: ids.a, waitingWorkingDays: null, overdue: null });
  });

  it('refuses a stage the role does not act on and a bad sort, naming the parameter', async () => {
    const stage = await inbox('district.reviewer', { stage: 'city_review' });
    expect(stage.status).toBe(400);
    expect(stage.body.error).toMatchObject({ details: { field: 'stage' } });
    const sort = await inbox('district.reviewer', { sort: 'title' });
    expect(sort.status).toBe(400);
    expect(sort.body.error).toMatchObject({ details: { field: 'sort' } });
    expect((await app.http().get('/shenbao/inbox')).status).toBe(401);
  });

  it('gives institutions and experts only their assignments, from the indexed assignment table', async () => {
    expect((await inbox('institution')).body.data.results).toEqual([]);
    expect((await inbox('expert')).body.data.results).toEqual([]);
    await step('district.reviewer', ids.b, { action: 'recommend', opinion: '同意推荐' });
    await step('city.reviewer', ids.b, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    const institution = await inbox('institution');
    expect(institution.body.data.results.map((r: any) => r.documentId)).toEqual([ids.b]);
    expect(institution.body.data.counts).toMatchObject({ third_party_review: 1 });
    await step('institution', ids.b, { action: 'pass', opinion: '复核通过', coiDeclared: true });
    // every expert of the field who may be drawn is drawn, so expert@ is on the panel; expert5@ is of another field
    const drawn = await drawPanel(app, tokens['city.reviewer'], ids.b, { panelSize: 'all' });
    tokens.expert5 = await staffToken(app, 'expert5@shenbao.local');
    expect((await inbox('expert')).body.data.results.map((r: any) => r.documentId)).toEqual([ids.b]);
    expect((await inbox('expert5')).body.data.results).toEqual([]);
    // The scoped staff list reads the same table.
    const list = await app.http().get('/shenbao/applications').set('Authorization', `Bearer ${tokens.expert}`);
    expect(list.body.results.map((r: any) => r.documentId)).toEqual([ids.b]);
    const rows = await app.strapi.db.query('api::assignment.assignment').findMany({ where: { applicationRowId: (await app.strapi.db.query('api::application.application').findOne({ where: { documentId: ids.b } })).id } });
    expect(rows.map((r: any) => [r.role, r.institution ?? null, r.adminUserId]).sort()).toEqual(
      [
        ...(await Promise.all(drawn.map(async (email) => ['expert', null, await adminUserId(app, email)]))),
        ['institution', '演示会计师事务所', await adminUserId(app, 'institution@shenbao.local')],
      ].sort(),
    );
  });

  it('refuses writes to assignments outside the approval chain', async () => {
    await expect(app.strapi.documents('api::assignment.assignment' as any).create({ data: { role: 'expert', adminUserId: 1, applicationRowId: 1 } as any })).rejects.toThrow(/审批流程/);
  });

  it('lets the city reviewer see every district, at the stages it acts on', async () => {
    const response = await inbox('city.reviewer');
    expect(response.status).toBe(200);
    expect(response.body.data.counts).toMatchObject({ expert_review: 1, city_review: 0 });
    expect(response.body.data.counts.district_review).toBeUndefined();
  });

  it('counts a step at once: the counts kept between pages are dropped when a state changes', async () => {
    const before = (await inbox('city.reviewer')).body.data.counts.city_review;
    await step('jiangan', ids.c, { action: 'recommend', opinion: '材料齐全，同意推荐。' });
    const after = (await inbox('city.reviewer')).body.data;
    expect(after.counts.city_review).toBe(before + 1);
    expect(after.results.map((r: any) => r.documentId)).toContain(ids.c);
  });
});
