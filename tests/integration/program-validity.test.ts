import { addCalendarDays } from '../../src/domain/calendar';
import { shanghaiDate } from '../../src/domain/time';
import { usePostgres } from '../harness/env';
import { PDF } from '../harness/fixtures';
import { PortalBrowser } from '../harness/portal-browser';
import { FORM_FIELDS, resetPortalLimits } from '../harness/portal-forms';
import { TestApp, startStrapi } from '../harness/strapi';
import {
  APPLICANT,
  PASSWORD,
  SIGNED,
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  currentVersion,
  passPublicity,
  recordPartyDecision,
  seedDemo,
  staffAct,
  staffToken,
  taskSpecId, submitCompletion } from '../harness/workflow';

/**
 * 第十四条 on a real server: outside the programme's validity no call takes an application
 * (every way to start or save a draft, and submission, is refused) and its money is neither
 * planned, approved nor paid; the steps that spend nothing go on. Days are Shanghai days.
 * Each refusal: the status, the Chinese message, the field, and nothing written.
 */
let app: TestApp;
let jwt: string;
let portal: PortalBrowser;
const tokens: Record<string, string> = {};
const SLUG = 'dataset-2025-batch-1';
const APPLICATION = 'api::application.application';
const PROGRAM = 'api::program.program';
const SIGNED_FIELDS = Object.fromEntries(Object.keys(SIGNED).map((key) => [`a.${key}`, 'true']));

const today = () => shanghaiDate(new Date());
const day = (offset: number) => addCalendarDays(today(), offset);
const civil = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** The programme's validity, written as staff would (the document service, so that the portal's page cache is dropped). */
async function validity(effectiveOn: string, endsOn: string | null) {
  const program = await app.strapi.db.query(PROGRAM).findOne({ where: { key: 'dataset' } });
  await app.strapi.documents(PROGRAM).update({ documentId: program.documentId, data: { effectiveOn, endsOn } as any });
}
const inForce = () => validity('2025-03-18', null);
const LAPSED = { name: 'lapsed yesterday', set: () => validity('2025-03-18', day(-1)), code: 'program_expired', field: 'program.endsOn', says: () => `该资金项目有效期至${civil(day(-1))}，已失效，` };
const NOT_YET = { name: 'in force from tomorrow', set: () => validity(day(1), null), code: 'program_not_effective', field: 'program.effectiveOn', says: () => `该资金项目自${civil(day(1))}起施行，尚未施行，` };

/** Everything a refused request could have written. */
async function footprint(documentId?: string) {
  const row = documentId ? await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } }) : null;
  const count = (uid: string) => app.strapi.db.query(uid as any).count();
  return {
    row: row && { state: row.state, version: row.version, answers: row.answers, serialNo: row.serialNo, updatedAt: String(row.updatedAt) },
    applications: await count(APPLICATION),
    records: await count('api::review-record.review-record'),
    attachments: await count('api::attachment.attachment'),
    disbursements: await count('api::disbursement.disbursement'),
  };
}

/** A refusal in Strapi's error shape, as the issue asks: status, Chinese message, field. */
function expectRefusal(response: any, status: number, code: string, field: string, message: string) {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { data: null, error: { status, message, details: { code, field } } } });
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  portal = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => resetPortalLimits());

describe(`第十四条 on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}: a call outside its programme's validity`, () => {
  it('shows the validity on the call page, the call list and the home page while in force', async () => {
    await inForce();
    const page = await app.http().get(`/calls/${SLUG}`);
    expect(page.text).toContain('<dt>项目有效期</dt><dd id="program-validity">2025年3月18日起施行（演示数据，以办法正式印发之日为准），失效时间跟随《武汉市促进人工智能产业发展若干政策措施》</dd>');
    expect(page.text).toContain('id="apply-link"');
    expect((await app.http().get('/')).text).toContain('有效期：2025年3月18日起施行');
  });

  it.each([LAPSED, NOT_YET])('$name: the call says why and takes no application, by any route, writing nothing', async (phase) => {
    const { documentId: draft } = await createApplication(app, jwt, SLUG);
    await phase.set();
    const refusing = `${phase.says()}不受理申报`;
    try {
      // The portal: the call page, the list, the home page and the form.
      const page = await app.http().get(`/calls/${SLUG}`);
      expect(page.text).toContain(`<p class="notice-box" id="call-state">${refusing}</p>`);
      expect(page.text).not.toContain('id="apply-link"');
      expect((await app.http().get('/calls')).text).toContain(refusing);
      expect((await app.http().get('/')).text).not.toContain(`href="/calls/${await taskSpecId(app, SLUG)}"`);

      const before = await footprint(draft);
      const form = await portal.get(`/calls/${SLUG}/apply`);
      expect(form.status).toBe(409);
      expect(form.text).toContain(refusing);
      const newPost = await portal.postMultipart(`/calls/${SLUG}/apply`, { intent: 'save', ...FORM_FIELDS });
      expect(newPost.status).toBe(409);

      // The API: a new draft, a draft saved, a file into a draft.
      const created = await app.http().post('/api/applications').set('Authorization', `Bearer ${jwt}`).send({ data: { taskSpec: await taskSpecId(app, SLUG), title: '失效后新建' } });
      expectRefusal(created, 409, phase.code, phase.field, refusing);
      const saved = await app.http().put(`/api/applications/${draft}`).set('Authorization', `Bearer ${jwt}`).send({ data: { title: '失效后保存' } });
      expectRefusal(saved, 409, phase.code, phase.field, refusing);
      const uploaded = await app.http().post(`/api/applications/${draft}/files`).set('Authorization', `Bearer ${jwt}`).field('slot', 'licence').attach('file', PDF, '营业执照.pdf');
      expectRefusal(uploaded, 409, phase.code, phase.field, refusing);
      // The portal's draft page: saving (with a file) is refused beside the form.
      const edited = await portal.postMultipart(`/me/applications/${draft}/edit`, { intent: 'save', ...FORM_FIELDS }, { 'file.licence': [{ content: PDF, name: '营业执照.pdf' }] });
      expect(edited.status).toBe(400);
      expect(edited.text).toContain(refusing);

      // Submission, by the API and by the portal.
      const submitted = await applicantStep(app, jwt, draft, 'submit', { version: 0 });
      expectRefusal(submitted, 409, phase.code, phase.field, `${phase.says()}不能提交申报`);
      const portalSubmit = await portal.postMultipart(`/me/applications/${draft}/edit`, { intent: 'submit', ...FORM_FIELDS, ...SIGNED_FIELDS });
      expect(portalSubmit.status).toBe(400);
      expect(portalSubmit.text).toContain(refusing);
      expect(await footprint(draft)).toEqual(before);
    } finally {
      await inForce();
    }
    // In force again, the same draft saves and submits: the refusals were the validity's.
    expect((await app.http().put(`/api/applications/${draft}`).set('Authorization', `Bearer ${jwt}`).send({ data: { title: '有效期内保存' } })).status).toBe(200);
    expect((await applicantStep(app, jwt, draft, 'submit', { version: 0 })).status).toBe(200);
  });

  it('counts the last day in Shanghai as inside the validity', async () => {
    const { documentId } = await createApplication(app, jwt, SLUG);
    await validity('2025-03-18', today());
    try {
      expect((await applicantStep(app, jwt, documentId, 'submit', { version: 0 })).status).toBe(200);
    } finally {
      await inForce();
    }
  });
});

describe('the seed', () => {
  it('gives a programme seeded before it had a validity the placeholder, once, and keeps a date staff set', async () => {
    const program = () => app.strapi.db.query(PROGRAM).findOne({ where: { key: 'data_product' } });
    await app.strapi.db.query(PROGRAM).update({ where: { key: 'data_product' }, data: { effectiveOn: null, effectiveOnNote: null, endsOnNote: null } });
    await seedDemo(app, { calendarStandIns: false });
    expect(await program()).toMatchObject({ effectiveOn: '2025-03-18', effectiveOnNote: '演示数据，以办法正式印发之日为准', endsOn: null, endsOnNote: '跟随《武汉市促进人工智能产业发展若干政策措施》' });
    await app.strapi.db.query(PROGRAM).update({ where: { key: 'data_product' }, data: { effectiveOn: '2025-06-01', effectiveOnNote: null } });
    await seedDemo(app, { calendarStandIns: false });
    expect(await program()).toMatchObject({ effectiveOn: '2025-06-01', effectiveOnNote: null });
  });
});

describe('the money of a programme outside its validity', () => {
  let id: string;
  const act = async (who: string, body: Record<string, unknown>) => staffAct(app, tokens[who], id, { version: await currentVersion(app, id), ...body });
  const ok = async (who: string, body: Record<string, unknown>) => expect((await act(who, body)).status).toBe(200);
  /** Refused while lapsed (and while not yet in force), writing nothing; then done once in force. */
  async function refusedOutside(who: string, body: Record<string, unknown>, label: string, send = () => act(who, body)) {
    for (const phase of [LAPSED, NOT_YET]) {
      await phase.set();
      try {
        const before = await footprint(id);
        const response = await send();
        expect(response.status).toBe(409);
        expect(response.body.error.message).toContain(`${phase.says()}不能办理“${label}”`);
        expect(response.body.error.details).toMatchObject({ code: phase.code });
        expect(await footprint(id)).toEqual(before);
      } finally {
        await inForce();
      }
    }
  }

  beforeAll(async () => {
    await inForce();
    const program = await app.strapi.db.query(PROGRAM).findOne({ where: { key: 'dataset' } });
    await app.strapi.documents(PROGRAM).update({ documentId: program.documentId, data: { annualBudgets: [{ year: Number(today().slice(0, 4)), amountFen: '100000000' }] } as any });
    ({ documentId: id } = await createApplication(app, jwt, SLUG));
    expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
    await ok('district.reviewer', { action: 'recommend', opinion: '同意' });
    await ok('city.reviewer', { action: 'confirm', opinion: '确认' });
    await passPublicity(app, id);
    expect((await submitCompletion(app, jwt, id, '审计报告.pdf')).status).toBe(200);
    await ok('city.reviewer', { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    await ok('institution', { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    await passPublicity(app, id);
    expect((await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: id } })).state).toBe('disbursement_plan');
  });

  it('plans, approves and pays nothing outside it, by the single and the bulk route; a plan sent back and a clawback go on', async () => {
    const bulkPropose = async () =>
      app.http().post('/shenbao/bulk/transitions').set('Authorization', `Bearer ${tokens.finance}`).send({ action: 'propose', opinion: '建议拨付', applications: [{ documentId: id, version: await currentVersion(app, id) }] });
    await refusedOutside('finance', { action: 'propose', opinion: '建议拨付' }, '提出拨付计划建议');
    await refusedOutside('finance', {}, '提出拨付计划建议', bulkPropose);
    await ok('finance', { action: 'propose', opinion: '建议拨付' });

    // Sending the plan back spends nothing: it goes on outside the validity.
    await LAPSED.set();
    await ok('finance', { action: 'revise', opinion: '调整拨付计划' });
    await inForce();
    await ok('finance', { action: 'propose', opinion: '建议拨付' });

    const decisionRecord = await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕77号');
    await refusedOutside('finance', { action: 'approve', decisionRecord }, '党组集体研究通过');
    await ok('finance', { action: 'approve', decisionRecord });

    const payment = { action: 'pay', amountFen: 30_000_000, payment: { paidOn: today(), voucherNo: '武数拨〔2026〕77号' } };
    await refusedOutside('finance', payment, '拨付资金');
    await ok('finance', payment);

    // Recovering money (第十二条) does not depend on the 办法 being in force.
    await LAPSED.set();
    try {
      const finding = await app.http().post(`/shenbao/applications/${id}/files`).set('Authorization', `Bearer ${tokens.finance}`).attach('file', PDF, { filename: '核查结论.pdf', contentType: 'application/pdf' });
      expect(finding.status).toBe(200);
      await ok('finance', { action: 'clawback', opinion: '追回', amountFen: 30_000_000, attachments: [{ id: finding.body.data.id, name: '核查结论.pdf' }] });
    } finally {
      await inForce();
    }
    expect((await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: id } })).state).toBe('clawed_back');
  });
});
