import { PDF } from '../harness/fixtures';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, passPublicity, recordPartyDecision, seedDemo, staffAct, staffToken, submitCompletion } from '../harness/workflow';

/**
 * 第十一条 after payment: the city reviewer records 监督检查, 审计 and 数据报送核查, each with an
 * opinion, files and a finding; the application stays paid. A finding that funds be recovered is
 * what a clawback (第十二条) can name, and the clawback's record links to it.
 */
let app: TestApp;
let id: string;
const tokens: Record<string, string> = {};
const APPLICATION = 'api::application.application';
const AWARD = 30_000_000;
const row = () => app.strapi.db.query(APPLICATION).findOne({ where: { documentId: id } });
const records = () => app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { documentId: id } }, orderBy: { seq: 'asc' } });
async function step(who: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], id, { version: await currentVersion(app, id), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
  return response;
}
const staffFile = async (who: string, name: string) =>
  (await app.http().post(`/shenbao/applications/${id}/files`).set('Authorization', `Bearer ${tokens[who]}`).attach('file', PDF, { filename: name, contentType: 'application/pdf' })).body.data.id;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { annualBudgets: [{ year: new Date().getFullYear(), amountFen: '500000000' }] } as any });
  id = (await createApplication(app, jwt, 'dataset-2025-batch-1')).documentId;
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  await step('district.reviewer', { action: 'recommend', opinion: '同意' });
  await step('city.reviewer', { action: 'confirm', opinion: '确认' });
  await passPublicity(app, id);
  expect((await submitCompletion(app, jwt, id)).status).toBe(200);
  await step('city.reviewer', { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
  await step('institution', { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
  await passPublicity(app, id);
  await step('finance', { action: 'propose', opinion: '建议拨付' });
  await step('finance', { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕77号') });
  await step('finance', { action: 'pay', amountFen: AWARD, payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕177号' } });
  expect((await row()).state).toBe('disbursed');
});
afterAll(async () => {
  await app?.stop();
});

it.each([
  ['inspection', '监督检查', 'no_issue'],
  ['audit', '审计', 'rectify'],
  ['data_report_check', '数据报送核查', 'clawback'],
])('%s (%s) records the opinion, the files and the finding; the application stays paid', async (action, label, finding) => {
  const before = await row();
  await step('city.reviewer', { action, opinion: `${label}意见`, finding, attachments: [{ id: await staffFile('city.reviewer', `${label}报告.pdf`) }] });
  const after = await row();
  expect(after).toMatchObject({ state: 'disbursed', version: before.version + 1 });
  expect(new Date(after.stateChangedAt).getTime()).toBe(new Date(before.stateChangedAt).getTime());
  expect((await records()).at(-1)).toMatchObject({ action, opinion: `${label}意见`, subject: { kind: 'finding', finding }, attachments: [{ name: `${label}报告.pdf` }] });
  const detail = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${tokens['city.reviewer']}`);
  expect(detail.body.data.timeline.at(-1)).toMatchObject({ action, finding });
});

it('refuses a record without a finding, a finding not in the list, and roles other than the city', async () => {
  const version = await currentVersion(app, id);
  const file = await staffFile('city.reviewer', '检查.pdf');
  for (const finding of [undefined, 'fine', 3]) {
    const response = await staffAct(app, tokens['city.reviewer'], id, { action: 'inspection', version, opinion: '检查', finding, attachments: [{ id: file }] });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ details: { field: 'finding' }, message: expect.stringContaining('未发现问题') });
  }
  for (const who of ['district.reviewer', 'finance']) {
    const response = await staffAct(app, tokens[who], id, { action: 'audit', version, opinion: '审计', finding: 'no_issue', attachments: [{ id: file }] });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  }
  expect(await currentVersion(app, id)).toBe(version);
});

it('shows the checks on 绩效监管', async () => {
  const overview = await app.http().get('/shenbao/supervision').set('Authorization', `Bearer ${tokens['city.reviewer']}`);
  const mine = overview.body.data.find((r: any) => r.documentId === id);
  expect(mine.checks.map((c: any) => [c.action, c.finding])).toEqual([
    ['data_report_check', 'clawback'],
    ['audit', 'rectify'],
    ['inspection', 'no_issue'],
  ]);
});

it('a clawback names the finding it acts on; only a finding to recover funds will do', async () => {
  const all = await records();
  const recover = all.find((r: any) => r.subject?.finding === 'clawback');
  const rectify = all.find((r: any) => r.subject?.finding === 'rectify');
  const version = await currentVersion(app, id);
  const file = await staffFile('finance', '追回通知书.pdf');
  const body = { action: 'clawback', version, opinion: '根据数据报送核查结论追回', amountFen: AWARD, attachments: [{ id: file }] };
  for (const basedOn of [rectify.seq, 9999, 'x']) {
    const response = await staffAct(app, tokens.finance, id, { ...body, basedOn });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ details: { field: 'basedOn' }, message: expect.stringContaining('依据的监督记录') });
  }
  expect((await row()).state).toBe('disbursed');
  expect((await staffAct(app, tokens.finance, id, { ...body, basedOn: recover.seq })).status).toBe(200);
  expect((await row()).state).toBe('clawed_back');
  expect((await records()).at(-1)).toMatchObject({ action: 'clawback', subject: { kind: 'clawback', basedOn: { seq: recover.seq, hash: recover.hash, action: 'data_report_check' } } });
  const detail = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${tokens.finance}`);
  expect(detail.body.data.timeline.at(-1).basedOn).toMatchObject({ seq: recover.seq });
});
