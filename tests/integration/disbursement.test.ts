import { usePostgres } from '../harness/env';
import { EXE, PDF } from '../harness/fixtures';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, passPublicity, recordPartyDecision, seedDemo, staffAct, staffToken, submitCompletion } from '../harness/workflow';

/** The money (第十二条): plans against the annual budget under concurrency, one payment per award, clawback. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: string[] = [];
const APPLICATION = 'api::application.application';
const AWARD = 30_000_000; // 30% of a recognised 100万元
const PAYMENT = { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕101号' };

const stateOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).state;
const picked = async (documentId: string) => [{ documentId, version: await currentVersion(app, documentId) }];
const propose = async (documentId: string) =>
  app.http().post('/shenbao/bulk/transitions').set('Authorization', `Bearer ${tokens.finance}`).send({ action: 'propose', opinion: '建议拨付', applications: await picked(documentId) });
async function step(who: string, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}
async function remainingFen() {
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  return (app.strapi.service('api::application.transition') as any).budgetRemainingFen(program.id, new Date().getFullYear());
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { annualBudgets: [{ year: new Date().getFullYear(), amountFen: '50000000' }] } as any });
  for (let i = 0; i < 2; i += 1) {
    const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
    await step('district.reviewer', id, { action: 'recommend', opinion: '同意' });
    await step('city.reviewer', id, { action: 'confirm', opinion: '确认' });
    await passPublicity(app, id);
    expect((await submitCompletion(app, jwt, id, '审计报告.pdf')).status).toBe(200);
    await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    await step('institution', id, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    ids.push(id);
  }
  await passPublicity(app, ...ids);
  expect([await stateOf(ids[0]), await stateOf(ids[1])]).toEqual(['disbursement_plan', 'disbursement_plan']);
});
afterAll(async () => {
  await app?.stop();
});

describe(`disbursement on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('lets only one of two plans proposed at once through when together they exceed the budget', async () => {
    const [first, second] = await Promise.all(ids.map((id) => propose(id)));
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.body.error.details).toMatchObject({ code: 'budget_exceeded', budget: { totalFen: AWARD, remainingFen: 50_000_000 - AWARD } });
    const states = [await stateOf(ids[0]), await stateOf(ids[1])].sort();
    expect(states).toEqual(['disbursement_plan', 'party_group_review']);
    expect(await remainingFen()).toBe(50_000_000 - AWARD);
    // keep the planned one first
    if ((await stateOf(ids[0])) !== 'party_group_review') ids.reverse();
  });

  it('pays an award once: a second payment is refused and no second payment record is written', async () => {
    const [planned] = ids;
    await step('finance', planned, { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕50号') });
    const version = await currentVersion(app, planned);
    const wrongAmount = await staffAct(app, tokens.finance, planned, { version, action: 'pay', amountFen: AWARD - 1, payment: PAYMENT });
    expect(wrongAmount.status).toBe(400);
    expect(wrongAmount.body.error.details.field).toBe('amountFen');
    const noVoucher = await staffAct(app, tokens.finance, planned, { version, action: 'pay', amountFen: AWARD, payment: { paidOn: '2026-12-01' } });
    expect(noVoucher.body.error.details.field).toBe('payment.voucherNo');
    const [once, twice] = await Promise.all([0, 1].map(() => staffAct(app, tokens.finance, planned, { version, action: 'pay', amountFen: AWARD, payment: PAYMENT })));
    expect([once.status, twice.status].sort()).toEqual([200, 409]);
    const again = await staffAct(app, tokens.finance, planned, { version: await currentVersion(app, planned), action: 'pay', amountFen: AWARD, payment: PAYMENT });
    expect(again.status).toBe(409);
    const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: planned } });
    const payments = await app.strapi.db.query('api::disbursement.disbursement').findMany({ where: { kind: 'payment', application: { id: row.id } } });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ voucherNo: PAYMENT.voucherNo, paidOn: PAYMENT.paidOn });
    expect(Number(payments[0].amountFen)).toBe(AWARD);
    expect(row.state).toBe('disbursed');
  });

  it('puts the paid award under supervision: its report schedule, due, late and filed, for finance and the city', async () => {
    const [paid] = ids;
    const supervision = (who: string, query = '') => app.http().get(`/shenbao/supervision${query}`).set('Authorization', `Bearer ${tokens[who]}`);
    const response = await supervision('finance');
    expect(response.status).toBe(200);
    const row = response.body.data.find((r: any) => r.documentId === paid);
    // paid 2026-12-01: 经营情况 every 6 months ×6, 绩效自评 yearly ×3 (the demo's dataset schedule)
    expect(row.reports.slice(0, 3).map((r: any) => [r.period, r.dueOn])).toEqual([
      ['operating_data#1', '2027-06-01'],
      ['operating_data#2', '2027-12-01'],
      ['self_evaluation#1', '2027-12-01'],
    ]);
    expect(row.reports).toHaveLength(9);
    // two years on, the early ones are late
    const later = await (app.strapi.service('api::performance-report.performance-report') as any).overview({ kind: 'staff', id: 'x', role: 'city_reviewer' }, { status: 'late' }, new Date('2029-01-15T02:00:00Z'));
    expect(later.find((r: any) => r.documentId === paid).reports.map((r: any) => r.period)).toEqual(['operating_data#1', 'operating_data#2', 'self_evaluation#1', 'operating_data#3', 'operating_data#4', 'self_evaluation#2']);
    expect((await supervision('institution')).status).toBe(403);
    const bad = await supervision('finance', '?status=soon');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('status');
  });

  it('restores the budget with a clawback, recorded in the ledger', async () => {
    const [paid, waiting] = ids;
    expect((await propose(waiting)).status).toBe(409);
    // The finding is uploaded to the application first; a made-up reference is refused.
    const upload = (who: string, content: Buffer) =>
      app.http().post(`/shenbao/applications/${paid}/files`).set('Authorization', `Bearer ${tokens[who]}`).attach('file', content, { filename: '核查结论.pdf' });
    expect((await upload('district.reviewer', PDF)).status).toBe(409);
    expect((await upload('finance', EXE)).body.error.details.field).toBe('file');
    const finding = await upload('finance', PDF);
    expect(finding.status).toBe(200);
    const made_up = await staffAct(app, tokens.finance, paid, { version: await currentVersion(app, paid), action: 'clawback', opinion: '追回', amountFen: AWARD, attachments: [{ id: 'finding-1', name: '核查结论.pdf' }] });
    expect(made_up.status).toBe(400);
    expect(made_up.body.error.details.field).toBe('attachments');
    await step('finance', paid, { action: 'clawback', opinion: '经核查存在虚报，追回全部奖补资金', amountFen: AWARD, attachments: [{ id: finding.body.data.id }] });
    expect(await stateOf(paid)).toBe('clawed_back');
    expect(await remainingFen()).toBe(50_000_000);
    const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: paid } });
    const last = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { id: row.id } }, orderBy: { seq: 'desc' } });
    expect(last).toMatchObject({ action: 'clawback', toState: 'clawed_back', attachments: [{ id: finding.body.data.id, name: '核查结论.pdf', sha256: finding.body.data.sha256 }] });
    expect(Number(last.amountFen)).toBe(AWARD);
    expect((await propose(waiting)).status).toBe(200);
  });
});
