import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import {
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  createStaff,
  drawPanel,
  currentVersion,
  passPublicity,
  recordPartyDecision,
  secondApplicant,
  seedDemo,
  staffAct,
  staffToken,
  submitCompletion,
} from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sendReminders } = require(path.join(ROOT, 'dist', 'src', 'api', 'notification', 'support', 'reminders'));

/**
 * The admin home page (GET /shenbao/home): each staff member's to-do within its inbox's scope,
 * overdue first with due dates; the running 公示; the funnel; the budget with what is committed
 * and paid, in fen; the calendar's gaps only for those who can import a year. And the inbox's
 * honest controls: the bulk actions each row offers, and the server's stage labels.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const APPLICATION = 'api::application.application';

const home = (who: string) => app.http().get('/shenbao/home').set('Authorization', `Bearer ${tokens[who]}`);
const homeData = async (who: string) => {
  const response = await home(who);
  expect(response.status).toBe(200);
  return response.body.data;
};
const inbox = (who: string) => app.http().get('/shenbao/inbox').set('Authorization', `Bearer ${tokens[who]}`);
const districtOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).districtCode;
const ages = (documentId: string, since: Date) => app.strapi.db.query(APPLICATION).updateMany({ where: { documentId }, data: { stateChangedAt: since } });

async function step(who: string, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}

async function submitted(jwt: string, slug: string) {
  const created = await createApplication(app, jwt, slug);
  expect((await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 })).status).toBe(200);
  return created.documentId;
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'expert', 'finance', 'editor']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  const jwt = await applicantToken(app);
  tokens.applicant = jwt;
  ids.a = await submitted(jwt, 'dataset-2025-batch-1');
  ids.b = await submitted(jwt, 'data-product-2026');
  ids.c = await submitted(await secondApplicant(app), 'dataset-2025-batch-1');
  tokens.other = (await createStaff(app, 'other.district@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: await districtOf(ids.c) })).token;
});
afterAll(async () => {
  await app?.stop();
});

describe('GET /shenbao/home: what waits for me', () => {
  it("lists the district reviewer's own district only, overdue first, with due dates on the working-day calendar", async () => {
    expect(await districtOf(ids.c)).not.toBe(await districtOf(ids.a));
    // a has waited 40 days (the stage allows 10 working days), b 1 day
    await ages(ids.a, new Date(Date.now() - 40 * 86_400_000));
    await ages(ids.b, new Date(Date.now() - 86_400_000));
    const { todo, funnel } = await homeData('district.reviewer');
    expect(todo.items.map((i: any) => i.documentId)).toEqual([ids.a, ids.b]);
    expect(todo.items[0]).toMatchObject({ overdue: true, timeLimitWorkingDays: 10, stageLabel: '区级受理初审' });
    expect(todo.items[0].dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todo.items[0].dueDate < todo.items[1].dueDate).toBe(true);
    expect(todo.items[1].overdue).toBe(false);
    expect(todo).toMatchObject({ total: 2, overdue: 1, byStage: [{ stage: 'district_review', label: '区级受理初审', count: 2, overdue: 1 }] });
    expect(funnel).toEqual([{ stage: 'district_review', label: '区级受理初审', count: 2 }]);

    // the other district's reviewer sees its own application and none of these
    const other = await homeData('other');
    expect(other.todo.items.map((i: any) => i.documentId)).toEqual([ids.c]);
    expect(JSON.stringify(other)).not.toContain(ids.a);
    expect(JSON.stringify(other)).not.toContain(ids.b);
  });

  it("gives experts only their panels' applications, and nothing before they are drawn", async () => {
    expect((await homeData('expert')).todo).toEqual({ total: 0, overdue: 0, byStage: [], items: [] });
    await step('district.reviewer', ids.b, { action: 'recommend', opinion: '同意推荐' });
    await step('city.reviewer', ids.b, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    const institution = await homeData('institution');
    expect(institution.todo.items.map((i: any) => i.documentId)).toEqual([ids.b]);
    await step('institution', ids.b, { action: 'pass', opinion: '复核通过', coiDeclared: true });
    // A panel of one is drawn; expert5@ is of another field, so never drawn.
    const [drawn] = await drawPanel(app, tokens['city.reviewer'], ids.b, { panelSize: 1 });
    tokens.drawn = await staffToken(app, drawn);
    tokens.notDrawn = await staffToken(app, 'expert5@shenbao.local');
    const expert = await homeData('drawn');
    expect(expert.todo.items.map((i: any) => i.documentId)).toEqual([ids.b]);
    expect(expert.todo.byStage.map((s: any) => s.stage)).toEqual(['expert_review']);
    expect(expert.funnel.reduce((sum: number, s: any) => sum + s.count, 0)).toBe(1);
    expect(expert.budgets).toEqual([]);
    const notDrawn = await homeData('notDrawn');
    expect(notDrawn.todo.items).toEqual([]);
    expect(JSON.stringify(notDrawn)).not.toContain(ids.b);
  });

  it('counts every district for the city reviewer, and answers 401 without a login', async () => {
    const { funnel } = await homeData('city.reviewer');
    const total = funnel.reduce((sum: number, s: any) => sum + s.count, 0);
    expect(total).toBe(await app.strapi.db.query(APPLICATION).count({ where: { state: { $ne: 'draft' } } }));
    expect((await app.http().get('/shenbao/home')).status).toBe(401);
  });
});

describe('the running 公示 and the bulk actions each row offers', () => {
  it('offers 发起公示 to the city reviewer until the 公示 has started, then lists the 公示 with its end date in scope only', async () => {
    await step('district.reviewer', ids.a, { action: 'recommend', opinion: '同意' });
    await step('city.reviewer', ids.a, { action: 'confirm', opinion: '确认' });
    const row = async (who: string) => (await inbox(who)).body.data.results.find((r: any) => r.documentId === ids.a);
    expect((await row('city.reviewer')).bulkActions).toEqual(['start_publicity']);
    expect((await inbox('city.reviewer')).body.data.labels.entity_publicity).toBe('建设单位公示');

    const started = await app.http().post('/shenbao/bulk/publicity').set('Authorization', `Bearer ${tokens['city.reviewer']}`).send({ kind: 'entity_publicity', applications: [ids.a], workingDays: 5 });
    expect(started.status).toBe(200);
    expect((await row('city.reviewer')).bulkActions).toEqual([]);

    for (const who of ['city.reviewer', 'district.reviewer']) {
      const { publicity } = await homeData(who);
      expect(publicity).toEqual([expect.objectContaining({ documentId: started.body.data.documentId, kind: 'entity_publicity', endsAt: started.body.data.endsAt, applications: 1 })]);
    }
    expect((await homeData('other')).publicity).toEqual([]);
    expect((await homeData('expert')).publicity).toEqual([]);
  });

  it('labels the award 公示 of each chain as its stored definition names it', async () => {
    const { labels } = (await inbox('city.reviewer')).body.data;
    expect(labels.award_publicity).toContain('拟支持项目公示');
    expect(labels.award_publicity).toContain('拟奖励项目公示');
  });
});

describe('the budget for finance', () => {
  it('shows per programme and year the budget, what plans commit and what is paid, in fen', async () => {
    const year = new Date().getFullYear();
    const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
    await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { annualBudgets: [{ year, amountFen: '50000000' }] } as any });
    const figures = async () => (await homeData('finance')).budgets.find((b: any) => b.programKey === 'dataset' && b.year === year);
    expect(await figures()).toMatchObject({ budgetFen: 50_000_000, committedFen: 0, paidFen: 0 });

    const id = ids.a;
    const batch = await app.strapi.db.query('api::publicity.publicity').findOne({ where: { phase: { $ne: 'closed' } } });
    await app.strapi.db.query('api::publicity.publicity').updateMany({ where: { id: batch.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    await (app.strapi.service('api::publicity.publicity') as any).closeDue();
    expect((await submitCompletion(app, tokens.applicant, id, '审计报告.pdf')).status).toBe(200);
    await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    await step('institution', id, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    await passPublicity(app, id);
    const propose = await app
      .http()
      .post('/shenbao/bulk/transitions')
      .set('Authorization', `Bearer ${tokens.finance}`)
      .send({ action: 'propose', opinion: '建议拨付', applications: [{ documentId: id, version: await currentVersion(app, id) }] });
    expect(propose.status).toBe(200);
    expect(await figures()).toMatchObject({ budgetFen: 50_000_000, committedFen: 30_000_000, paidFen: 0 });
    await step('finance', id, { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕70号') });
    await step('finance', id, { action: 'pay', amountFen: 30_000_000, payment: { paidOn: new Date().toISOString().slice(0, 10), voucherNo: '武数拨〔2026〕170号' } });
    expect(await figures()).toMatchObject({ budgetFen: 50_000_000, committedFen: 30_000_000, paidFen: 30_000_000 });
    // budgets are the city's figures: not on a district reviewer's or an expert's home
    expect((await homeData('district.reviewer')).budgets).toEqual([]);
  });
});

describe('the calendar and the reminders that cannot be counted', () => {
  it('reports a wait that runs into a year without a calendar in the job log and on the home of those who can import a year', async () => {
    await ages(ids.c, new Date('2019-03-01T02:00:00Z'));
    const warn = jest.spyOn(app.strapi.log, 'warn');
    try {
      const outcome = await sendReminders(app.strapi);
      expect(outcome.uncounted).toMatchObject({ applications: 1 });
      expect(outcome.uncounted.years).toContain(2019);
      expect(warn.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/\[办理时限提醒\] 1件申报的等待工作日无法计算.*2019.*年工作日历尚未导入/);
    } finally {
      warn.mockRestore();
    }
    const city = await homeData('city.reviewer');
    expect(city.calendar.uncounted).toMatchObject({ applications: 1 });
    expect(city.calendar.uncounted.years).toContain(2019);
    expect(city.controls).toMatchObject({ calendarImport: true, supervision: true });
    for (const who of ['expert', 'finance', 'district.reviewer', 'institution', 'editor']) expect((await homeData(who)).calendar).toBeNull();
    expect((await homeData('expert')).controls).toEqual({ supervision: false, calendarImport: false });
    expect((await homeData('finance')).controls.supervision).toBe(true);
  });
});
