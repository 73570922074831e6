import crypto from 'crypto';
import path from 'path';
import { ROOT } from '../harness/env';
import { PDF, csrfFrom, postForm, resetPortalLimits } from '../harness/portal-forms';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminToken } from '../harness/auth';
import { PASSWORD, applicantToken, confirmedApplications, currentVersion, endPublicity, seedDemo, staffAct, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));

/**
 * Every act on an objection is in the application's chain (issue 20): its filing, from the portal
 * or registered by staff, and its ruling (成立 or 不成立, why, who, when). The 公示's closing record
 * says what happened, and 无异议 only when there was none. The applicant's timeline and the
 * objector's own page show the ruling. Every chain still verifies.
 */
let app: TestApp;
let city: string;
let district: string;
let jwt: string;
const APPLICATION = 'api::application.application';
const OBJECTION = 'api::objection.objection';

const recordsOf = async (documentId: string) => {
  const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
  return app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: row.id } }, orderBy: { seq: 'asc' } });
};
const stateOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).state;
const startBatch = (applications: string[]) => app.http().post('/shenbao/bulk/publicity').set('Authorization', `Bearer ${city}`).send({ kind: 'entity_publicity', applications });
const finding = (token: string, id: string, body: Record<string, unknown>) => app.http().post(`/shenbao/objections/${id}/finding`).set('Authorization', `Bearer ${token}`).send(body);
const closeDue = () => (app.strapi.service('api::publicity.publicity') as any).closeDue();

/** Applications confirmed by the city reviewer, in a running entity 公示 batch of their own. */
async function inPublicity(count: number) {
  const ids = await confirmedApplications(app, { applicant: jwt, district, city }, count);
  const started = await startBatch(ids);
  expect(started.status).toBe(200);
  return { ids, batch: started.body.data.documentId as string };
}

/** The objector's post on the portal. */
async function postObjection(batch: string, application: string, reason: string) {
  resetPortalLimits();
  const session = await csrfFrom(app, `/publicity/${batch}`);
  return postForm(app, `/publicity/${batch}/objections`, session, { objectorName: '李四', objectorOrganization: '', phone: '13900000000', email: 'lisi@example.com', application, reason }, [{ field: 'signedScan', content: PDF, name: '异议书.pdf' }]);
}

/** An objection lodged on the portal, as the objector does it; returns where the receipt redirects. */
async function lodge(batch: string, application: string, reason = '该项目申报的建设投入与实际不符，事实见所附材料。') {
  const response = await postObjection(batch, application, reason);
  expect(response.status).toBe(302);
  const location = response.headers.location as string;
  const [, receiptNo, key] = /^\/objections\/([^?]+)\?key=([^&]+)&new=1$/.exec(location)!;
  const row = await app.strapi.db.query(OBJECTION).findOne({ where: { receiptNo: decodeURIComponent(receiptNo) } });
  return { location, receiptNo: decodeURIComponent(receiptNo), key: decodeURIComponent(key), documentId: row.documentId as string };
}

beforeAll(async () => {
  app = await startStrapi();
  // Listening once: supertest would otherwise listen and close per request, and requests in parallel would find it closed.
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  await seedDemo(app);
  city = await staffToken(app, 'city.reviewer@shenbao.local');
  district = await staffToken(app, 'district.reviewer@shenbao.local');
  jwt = await applicantToken(app);
});
afterAll(async () => {
  await app?.stop();
});

it('records a lodged objection in the chain: its receipt, reason hash and signed scan, never the objector', async () => {
  const { ids: [id], batch } = await inPublicity(1);
  const before = (await recordsOf(id)).length;
  const lodged = await lodge(batch, id);
  expect(lodged.receiptNo).toMatch(/^YY\d{8}-[A-Z2-9]{8}$/);
  const records = await recordsOf(id);
  expect(records).toHaveLength(before + 1);
  const record = records.at(-1);
  expect(record).toMatchObject({
    action: 'objection_lodged', fromState: 'entity_publicity', toState: 'entity_publicity', actorType: 'public', actorName: null, format: 2,
    opinion: `异议编号 ${lodged.receiptNo}，待市数据局核查`,
    subject: { kind: 'objection', objection: lodged.documentId, receiptNo: lodged.receiptNo, reasonSha256: crypto.createHash('sha256').update('该项目申报的建设投入与实际不符，事实见所附材料。').digest('hex') },
    attachments: [{ name: '异议书.pdf', sha256: crypto.createHash('sha256').update(PDF).digest('hex') }],
  });
  expect(JSON.stringify(record)).not.toMatch(/李四|13900000000|lisi@/);
  // Reloading the receipt shows it again and lodges nothing twice.
  for (let i = 0; i < 2; i += 1) {
    const page = await app.http().get(lodged.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain(lodged.receiptNo);
    expect(page.text).toContain(lodged.key);
    expect(page.text).toContain('核查中');
  }
  expect(await app.strapi.db.query(OBJECTION).count({ where: { application: { documentId: id } } })).toBe(1);
  expect((await verifyAll(app.strapi)).broken).toBeNull();
});

it('records the ruling, says what happened at the 公示\'s end, and shows both to the applicant and the objector', async () => {
  const { ids: [objected, quiet], batch } = await inPublicity(2);
  const lodged = await lodge(batch, objected);
  await endPublicity(app, batch);
  expect(await closeDue()).toMatchObject({ held: 1, advanced: 1 });

  // The ruling form makes no choice for the reviewer: without one, nothing is written.
  const refused = await finding(city, lodged.documentId, { reason: '经核查，投入属实', reply: '您反映的问题经核查不属实。' });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toMatchObject({ message: '请选择核查结论：异议成立或异议不成立', details: { field: 'finding' } });
  const recordsBefore = (await recordsOf(objected)).length;
  expect((await recordsOf(objected)).length).toBe(recordsBefore);

  const ruled = await finding(city, lodged.documentId, { finding: 'dismissed', reason: '经核查，建设投入有审计报告佐证，属实', reply: '您反映的问题经核查不属实，异议不成立。' });
  expect(ruled.status).toBe(200);
  expect(ruled.body.data).toMatchObject({ resolution: 'dismissed', decidedBy: '市数据局审核' });
  const records = await recordsOf(objected);
  const [ruling, closing] = records.slice(-2);
  expect(ruling).toMatchObject({
    action: 'objection_ruled', actorType: 'staff', actorRole: 'city_reviewer', actorName: '市数据局审核',
    opinion: '经核查，异议不成立。理由：经核查，建设投入有审计报告佐证，属实',
    subject: { kind: 'objection', objection: lodged.documentId, receiptNo: lodged.receiptNo, finding: 'dismissed' },
  });
  expect(closing).toMatchObject({ action: 'publicity_passed', actorType: 'system', opinion: '公示期满；收到异议 1 件，经核查不成立', subject: { kind: 'publicity', batch, objections: [{ id: lodged.documentId, resolution: 'dismissed' }] } });
  expect(await stateOf(objected)).toBe('construction');
  // Said only where there was none.
  expect((await recordsOf(quiet)).at(-1)).toMatchObject({ action: 'publicity_passed', opinion: '公示期满，无异议' });
  expect(records.map((r: any) => r.opinion).join()).not.toContain('无异议');

  // The applicant's timeline: the filing, the ruling and the end, in words, without the objector.
  const detail = (await app.http().get(`/api/applications/${objected}`).set('Authorization', `Bearer ${jwt}`)).body.data;
  expect(detail.timeline.slice(-3).map((t: any) => [t.action, t.opinion])).toEqual([
    ['objection_lodged', `异议编号 ${lodged.receiptNo}，待市数据局核查`],
    ['objection_ruled', '经核查，异议不成立。理由：经核查，建设投入有审计报告佐证，属实'],
    ['publicity_passed', '公示期满；收到异议 1 件，经核查不成立'],
  ]);
  expect(JSON.stringify(detail.timeline)).not.toMatch(/李四|13900000000/);

  // The objector's page shows the ruling and the reply, by receipt number and key only.
  const page = await app.http().get(`/objections/${lodged.receiptNo}?key=${lodged.key}`);
  expect(page.text).toContain('已办结：异议不成立');
  expect(page.text).toContain('您反映的问题经核查不属实，异议不成立。');
  expect((await app.http().get(`/objections/${lodged.receiptNo}?key=WRONGKEYWRONGKEYWRONG`)).status).toBe(404);
  const lookup = await app.http().get(`/objections?no=${lodged.receiptNo.toLowerCase()}&key=${lodged.key}`);
  expect(lookup.status).toBe(302);
  expect(lookup.headers.location).toBe(`/objections/${lodged.receiptNo}?key=${lodged.key}`);
  expect((await verifyAll(app.strapi)).broken).toBeNull();
});

it('records an upheld ruling before the rejection it causes, and rules once when two reviewers answer at once', async () => {
  const { ids: [id], batch } = await inPublicity(1);
  const lodged = await lodge(batch, id);
  const other = await adminToken(app, 'admin@shenbao.local', PASSWORD);
  const body = { finding: 'upheld', outcome: 'reject', reason: '存在虚报投入', reply: '异议成立，该项目不予支持。' };
  const answers = await Promise.all([finding(city, lodged.documentId, body), finding(city, lodged.documentId, { ...body, finding: 'dismissed' })]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  const winner = answers.find((a) => a.status === 200)!.body.data.resolution;
  const records = await recordsOf(id);
  expect(records.filter((r: any) => r.action === 'objection_ruled')).toHaveLength(1);
  if (winner === 'upheld') {
    expect(records.slice(-2).map((r: any) => r.action)).toEqual(['objection_ruled', 'reject']);
    expect(await stateOf(id)).toBe('rejected');
  }
  // Only the city reviewer rules; the super admin without that role cannot.
  expect((await finding(other, lodged.documentId, body)).status).toBe(403);
  expect((await verifyAll(app.strapi)).broken).toBeNull();
});

it('chains objections lodged at the same moment as a staff step, one record each, in one order', async () => {
  const { ids: [id], batch } = await inPublicity(1);
  const version = await currentVersion(app, id);
  const [reject, ...posts] = await Promise.all([
    staffAct(app, city, id, { action: 'reject', version, opinion: '不予支持' }),
    postObjection(batch, id, '第一份异议：建设投入与实际不符，附证明。'),
    postObjection(batch, id, '第二份异议：数据来源存在合规问题，附证明。'),
    postObjection(batch, id, '第三份异议：项目与他人成果重复，附证明。'),
  ]);
  // The step goes through, or learns that the case moved on; an objection is taken while the
  // application is still in its 公示, and after the rejection it is refused clearly. Nothing is lost.
  expect([200, 409]).toContain(reject.status);
  for (const post of posts) expect(post.status === 302 || (post.status === 409 && post.text.includes('该项目的公示期已结束，不再受理异议'))).toBe(true);
  const records = await recordsOf(id);
  expect(records.filter((r: any) => r.action === 'reject')).toHaveLength(reject.status === 200 ? 1 : 0);
  const taken = posts.filter((p) => p.status === 302).map((p) => decodeURIComponent(/^\/objections\/([^?]+)/.exec(p.headers.location)![1]));
  const lodgedRecords = records.filter((r: any) => r.action === 'objection_lodged');
  expect(lodgedRecords.map((r: any) => r.subject.receiptNo).sort()).toEqual(taken.sort());
  expect(await app.strapi.db.query(OBJECTION).count({ where: { application: { documentId: id } } })).toBe(taken.length);
  // Every objection taken was lodged while the application was in its 公示: before any rejection.
  const rejectedAt = records.findIndex((r: any) => r.action === 'reject');
  if (rejectedAt >= 0) expect(lodgedRecords.every((r: any) => r.seq < records[rejectedAt].seq)).toBe(true);
  expect(records.map((r: any) => r.seq)).toEqual(records.map((_: any, i: number) => i + 1));
  expect((await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: id } })).version).toBe(records.length);
  expect((await verifyAll(app.strapi)).broken).toBeNull();
});

it('records a paper objection a staff member registers, naming who registered it, and lets nobody edit or delete an objection', async () => {
  const { ids: [id], batch } = await inPublicity(1);
  const admin = await adminToken(app, 'admin@shenbao.local', PASSWORD);
  const CM = '/content-manager/collection-types/api::objection.objection';
  const created = await app.http().post(CM).set('Authorization', `Bearer ${admin}`).send({ publicity: batch, application: id, objectorName: '王五', phone: '027-65770039', reason: '纸质异议：申报材料与实际不符。', lodgedAt: new Date().toISOString() });
  expect(created.status).toBe(201);
  const objection = created.body.data.documentId;
  const record = (await recordsOf(id)).at(-1);
  expect(record).toMatchObject({ action: 'objection_lodged', actorType: 'staff', subject: { objection }, opinion: expect.stringMatching(/^代异议人登记，异议编号 YY\d{8}-/) });
  // A decided one cannot be registered, nor a registered one changed, deleted or decided in the Content Manager.
  const decided = await app.http().post(CM).set('Authorization', `Bearer ${admin}`).send({ publicity: batch, application: id, objectorName: '赵六', phone: '027-65770039', reason: '已处理的异议。', resolution: 'dismissed' });
  expect(decided.status).toBe(403);
  for (const change of [{ resolution: 'dismissed' }, { reason: '改过的理由' }]) {
    const edited = await app.http().put(`${CM}/${objection}`).set('Authorization', `Bearer ${admin}`).send(change);
    expect(edited.status).toBe(403);
    expect(edited.body.error.message).toContain('公示异议提交后不能修改或删除');
  }
  expect((await app.http().delete(`${CM}/${objection}`).set('Authorization', `Bearer ${admin}`)).status).toBe(403);
  expect(await app.strapi.db.query(OBJECTION).findOne({ where: { documentId: objection } })).toMatchObject({ resolution: 'open', reason: '纸质异议：申报材料与实际不符。' });
  expect((await verifyAll(app.strapi)).broken).toBeNull();
});
