import { TestApp, startStrapi } from '../harness/strapi';
import { EXE, PDF } from '../harness/fixtures';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, passPublicity, recordPartyDecision, seedDemo, staffAct, staffToken, submitCompletion } from '../harness/workflow';

/** 党组集体研究决定: recorded once by finance with its scanned minutes, named by each approval. */
let app: TestApp;
const tokens: Record<string, string> = {};
const UID = 'api::party-decision.party-decision';
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

const post = (who: string, fields: Record<string, string>, scan?: { content: Buffer; name: string }) => {
  let request = app.http().post('/shenbao/party-decisions').set('Authorization', `Bearer ${tokens[who]}`);
  for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
  return scan ? request.attach('scan', scan.content, { filename: scan.name }) : request;
};
const pdf = { content: PDF, name: '纪要.pdf' };

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
});
afterAll(async () => {
  await app?.stop();
});

it('records a meeting with its scan, which finance and the city reviewer can open and a district reviewer cannot', async () => {
  const response = await post('finance', { meetingDate: YESTERDAY, minuteNo: '党组会议纪要〔2026〕40号', note: '研究2026年第一批拨付计划' }, pdf);
  expect(response.status).toBe(200);
  const { data } = response.body;
  expect(data).toMatchObject({ meetingDate: YESTERDAY, minuteNo: '党组会议纪要〔2026〕40号', scan: { name: '纪要.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  const file = await app.http().get(`/shenbao/files/${data.scan.id}`).set('Authorization', `Bearer ${tokens.finance}`);
  expect(file.status).toBe(200);
  expect(file.headers['x-content-type-options']).toBe('nosniff');
  expect((await app.http().get(`/shenbao/files/${data.scan.id}`).set('Authorization', `Bearer ${tokens['city.reviewer']}`)).status).toBe(200);
  expect((await app.http().get(`/shenbao/files/${data.scan.id}`).set('Authorization', `Bearer ${tokens['district.reviewer']}`)).status).toBe(403);
  // Both openings are logged with the record they belong to; the refused one is not.
  const accesses = await app.strapi.db.query('api::file-access.file-access').findMany({ where: { attachmentId: data.scan.id }, orderBy: { id: 'asc' } });
  expect(accesses.map((a: any) => [a.actorRole, a.ownerType, a.mode])).toEqual([['finance', 'partyDecision', 'download'], ['city_reviewer', 'partyDecision', 'download']]);
  expect(accesses[0].ownerId).toEqual(expect.any(String));
  const list = await app.http().get('/shenbao/party-decisions').set('Authorization', `Bearer ${tokens.finance}`);
  expect(list.body.data.map((d: any) => d.minuteNo)).toContain('党组会议纪要〔2026〕40号');
  expect((await app.http().get('/shenbao/party-decisions').set('Authorization', `Bearer ${tokens.institution}`)).status).toBe(403);
});

it('refuses bad records naming the field, and stores nothing', async () => {
  const before = await app.strapi.db.query(UID).count();
  const cases: Array<[string, Record<string, string>, typeof pdf | undefined, number, string]> = [
    ['city.reviewer', { meetingDate: YESTERDAY, minuteNo: '纪要A' }, pdf, 403, ''],
    ['finance', { meetingDate: '2026-02-30', minuteNo: '纪要B' }, pdf, 400, 'meetingDate'],
    ['finance', { meetingDate: '2999-01-01', minuteNo: '纪要C' }, pdf, 400, 'meetingDate'],
    ['finance', { meetingDate: YESTERDAY, minuteNo: '  ' }, pdf, 400, 'minuteNo'],
    ['finance', { meetingDate: YESTERDAY, minuteNo: '纪要D' }, undefined, 400, 'scan'],
    ['finance', { meetingDate: YESTERDAY, minuteNo: '纪要E' }, { content: EXE, name: '纪要.pdf' }, 400, 'scan'],
    ['finance', { meetingDate: YESTERDAY, minuteNo: '党组会议纪要〔2026〕40号' }, pdf, 409, 'minuteNo'],
  ];
  for (const [who, fields, scan, status, field] of cases) {
    const response = await post(who, fields, scan);
    expect({ fields, status: response.status }).toEqual({ fields, status });
    if (field) expect(response.body.error.details.field).toBe(field);
  }
  expect(await app.strapi.db.query(UID).count()).toBe(before);
  expect(await app.strapi.db.query('api::attachment.attachment').count({ where: { slot: '__decision_scan' } })).toBe(before);
});

it('cannot be changed or deleted once recorded', async () => {
  const documentId = await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕41号');
  await expect(app.strapi.documents(UID as any).update({ documentId, data: { minuteNo: '改过的' } as any })).rejects.toThrow('不可修改或删除');
  await expect(app.strapi.documents(UID as any).delete({ documentId })).rejects.toThrow('不可修改或删除');
  expect(await app.strapi.db.query(UID).findOne({ where: { documentId } })).toMatchObject({ minuteNo: '党组会议纪要〔2026〕41号' });
});

it('is required by the approval: an unknown record is refused and the application stays', async () => {
  const jwt = await applicantToken(app);
  const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  const act = (who: string, body: Record<string, unknown>) => staffAct(app, tokens[who], id, body).then((r) => r);
  const step = async (who: string, body: Record<string, unknown>) => expect((await act(who, { version: await currentVersion(app, id), ...body })).status).toBe(200);
  await step('district.reviewer', { action: 'recommend', opinion: '同意' });
  await step('city.reviewer', { action: 'confirm', opinion: '确认' });
  await passPublicity(app, id);
  expect((await submitCompletion(app, jwt, id, '审计报告.pdf')).status).toBe(200);
  await step('city.reviewer', { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
  await step('institution', { action: 'recognise', opinion: '认定', amountFen: 10_000_000, coiDeclared: true });
  await passPublicity(app, id);
  await step('finance', { action: 'propose', opinion: '建议拨付' });

  const version = await currentVersion(app, id);
  for (const decisionRecord of ['not-a-record', '']) {
    const refused = await act('finance', { action: 'approve', version, decisionRecord });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.field).toBe('decisionRecord');
  }
  // The wrong role learns that first, whatever record it names.
  expect((await act('city.reviewer', { action: 'approve', version, decisionRecord: 'not-a-record' })).status).toBe(403);
  expect(await currentVersion(app, id)).toBe(version);
  const decision = await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕42号');
  const approved = await act('finance', { action: 'approve', version, decisionRecord: decision });
  expect(approved.body.data.state).toBe('payment');
});
