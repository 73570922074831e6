import { TestApp, startStrapi } from '../harness/strapi';
import { applicantToken, confirmedApplications, currentVersion, endPublicity, seedDemo, staffAct, staffToken, systemStep } from '../harness/workflow';

/** The end of a 公示: started by the city reviewer, closed by the job, exactly once, holding objected applications. */
let app: TestApp;
let city: string;
let district: string;
const APPLICATION = 'api::application.application';
const PUBLICITY = 'api::publicity.publicity';

const closeDue = (now?: Date) => (app.strapi.service(PUBLICITY) as any).closeDue(now);
const stateOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).state;
const startBatch = (applications: string[], extra: Record<string, unknown> = {}) =>
  app.http().post('/shenbao/bulk/publicity').set('Authorization', `Bearer ${city}`).send({ kind: 'entity_publicity', applications, ...extra });

async function actionsOf(documentId: string) {
  const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
  const records = await app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: row.id } }, orderBy: { seq: 'asc' } });
  return records.map((r: any) => r.action);
}

/** Applications confirmed by the city reviewer, waiting for their entity 公示. */
const confirmed = async (count: number) => confirmedApplications(app, { applicant: await applicantToken(app), district, city }, count);

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  // one login per account: the admin login is rate limited
  city = await staffToken(app, 'city.reviewer@shenbao.local');
  district = await staffToken(app, 'district.reviewer@shenbao.local');
});
afterAll(async () => {
  await app?.stop();
});

it('advances every application once when the period has ended, however often the job runs', async () => {
  const ids = await confirmed(2);
  const batch = (await startBatch(ids)).body.data;
  // Before the end instant: nothing moves, and the job's step is refused.
  expect(await closeDue()).toEqual({ closed: 0, advanced: 0, held: 0 });
  await expect(systemStep(app, ids[0], 'publicity_passed')).rejects.toMatchObject({ status: 409, code: 'publicity_running' });
  expect(await stateOf(ids[0])).toBe('entity_publicity');

  await endPublicity(app, batch.documentId);
  expect(await closeDue()).toEqual({ closed: 1, advanced: 2, held: 0 });
  expect(await closeDue()).toEqual({ closed: 0, advanced: 0, held: 0 });
  for (const id of ids) {
    expect(await stateOf(id)).toBe('construction');
    expect((await actionsOf(id)).filter((a) => a === 'publicity_passed')).toHaveLength(1);
  }
  expect(await app.strapi.db.query(PUBLICITY).findOne({ where: { documentId: batch.documentId } })).toMatchObject({ phase: 'closed', closedAt: expect.anything() });
});

it('keeps what a 公示 published: its snapshot, period and applications cannot be changed, nor the batch deleted', async () => {
  const [id] = await confirmed(1);
  const batch = (await startBatch([id])).body.data;
  const documents = app.strapi.documents(PUBLICITY);
  for (const data of [{ snapshot: { columns: [], rows: [] } }, { endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }, { workingDays: 10 }, { applications: { set: [] } }]) {
    await expect(documents.update({ documentId: batch.documentId, data: data as any })).rejects.toThrow('公示发布后其内容不可修改');
  }
  await expect(documents.delete({ documentId: batch.documentId })).rejects.toThrow('公示发布后不可删除');
  // the title may still be corrected, sending the rest unchanged as the Content Manager does
  const stored = await app.strapi.db.query(PUBLICITY).findOne({ where: { documentId: batch.documentId } });
  await documents.update({ documentId: batch.documentId, data: { title: '更正后的标题', snapshot: stored.snapshot, startsAt: stored.startsAt, applications: { connect: [], disconnect: [] } } as any });
  expect(await app.strapi.db.query(PUBLICITY).findOne({ where: { documentId: batch.documentId } })).toMatchObject({ title: '更正后的标题', snapshot: batch.snapshot });
});

it('holds an application with an open objection while the others advance', async () => {
  const [held, free] = await confirmed(2);
  const batch = (await startBatch([held, free])).body.data;
  const heldRow = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: held } });
  await app.strapi.documents('api::objection.objection').create({
    data: { publicity: batch.documentId, application: heldRow.documentId, objectorName: '王五', phone: '13800000000', reason: '申报材料与实际不符', resolution: 'open', lodgedAt: new Date().toISOString() } as any,
  });
  await endPublicity(app, batch.documentId);
  expect(await closeDue()).toEqual({ closed: 1, advanced: 1, held: 1 });
  expect(await stateOf(held)).toBe('entity_publicity');
  expect(await stateOf(free)).toBe('construction');
  expect(await actionsOf(held)).not.toContain('publicity_passed');
});

it('opens a scheduled 公示 when its start has come, and refuses a backdated one', async () => {
  const [id] = await confirmed(1);
  const startsAt = new Date(Date.now() + 3_600_000);
  const batch = (await startBatch([id], { startsAt: startsAt.toISOString() })).body.data;
  expect(await app.strapi.db.query(PUBLICITY).findOne({ where: { documentId: batch.documentId } })).toMatchObject({ phase: 'scheduled' });
  await closeDue(new Date(startsAt.getTime() + 1000));
  expect(await app.strapi.db.query(PUBLICITY).findOne({ where: { documentId: batch.documentId } })).toMatchObject({ phase: 'open' });

  // A start without a batch of its own is refused: through the single-application route, or naming another batch.
  const [other] = await confirmed(1);
  for (const publicityBatch of [undefined, batch.documentId]) {
    const direct = await staffAct(app, city, other, { action: 'start_publicity', version: await currentVersion(app, other), publicityBatch });
    expect(direct.status).toBe(409);
    expect(direct.body.error.details.code).toBe('no_publicity_batch');
  }
  const backdated = await startBatch([other], { startsAt: new Date(Date.now() - 86_400_000).toISOString() });
  expect(backdated.status).toBe(400);
  expect(backdated.body.error.details.field).toBe('startsAt');
  expect(await actionsOf(other)).not.toContain('start_publicity');
});

describe('the finding on an objection', () => {
  const finding = (token: string, id: string, body: Record<string, unknown>) => app.http().post(`/shenbao/objections/${id}/finding`).set('Authorization', `Bearer ${token}`).send(body);
  async function objectTo(documentId: string, batch: string, email: string | null = 'objector@example.com') {
    const created = await app.strapi.documents('api::objection.objection').create({
      data: { publicity: batch, application: documentId, objectorName: '王五', phone: '13800000000', email, reason: '申报材料与实际不符', resolution: 'open', lodgedAt: new Date().toISOString() } as any,
    });
    return created.documentId as string;
  }

  it('dismissed after the period: releases the hold, the application advances, and the objector gets the reply', async () => {
    const [id] = await confirmed(1);
    const batch = (await startBatch([id])).body.data;
    const objection = await objectTo(id, batch.documentId);
    await endPublicity(app, batch.documentId);
    expect(await closeDue()).toMatchObject({ held: 1 });
    // the city reviewer finds it on the application's page; the district reviewer is not shown it
    const detail = async (token: string) => (await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${token}`)).body.data;
    expect((await detail(city)).objections).toEqual([expect.objectContaining({ documentId: objection, objectorName: '王五', resolution: 'open', reason: '申报材料与实际不符' })]);
    expect((await detail(district)).objections).toEqual([]);
    const response = await finding(city, objection, { finding: 'dismissed', reason: '经核查，申报材料与现场一致', reply: '经核查，您反映的问题不属实，异议不成立。' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ resolution: 'dismissed', reply: '经核查，您反映的问题不属实，异议不成立。' });
    expect(await stateOf(id)).toBe('construction');
    expect((await actionsOf(id)).filter((a) => a === 'publicity_passed')).toHaveLength(1);
    const mail = await app.strapi.db.query('api::notification.notification').findOne({ where: { template: 'objection.answered', recipientEmail: 'objector@example.com' } });
    expect(mail).toMatchObject({ recipientType: 'public' });
    expect(mail.body).toContain('异议不成立');
  });

  it('upheld: rejects or returns the application through the chain, and is decided only once', async () => {
    const [rejected, returned] = await confirmed(2);
    const batch = (await startBatch([rejected, returned])).body.data;
    const first = await objectTo(rejected, batch.documentId);
    const second = await objectTo(returned, batch.documentId, null);
    expect((await finding(city, first, { finding: 'upheld', outcome: 'reject', reason: '存在虚报投入', reply: '异议成立，该项目不予支持。' })).status).toBe(200);
    expect(await stateOf(rejected)).toBe('rejected');
    expect((await actionsOf(rejected)).at(-1)).toBe('reject');
    expect((await finding(city, second, { finding: 'upheld', outcome: 'return', flaggedFields: ['summary'], reason: '项目概述与实际不符', reply: '异议成立，已退回申报单位补正。' })).status).toBe(200);
    expect(await stateOf(returned)).toBe('returned');
    const again = await finding(city, first, { finding: 'dismissed', reason: '再次处理', reply: '再次答复' });
    expect(again.status).toBe(409);
    expect(await app.strapi.db.query('api::objection.objection').findOne({ where: { documentId: first } })).toMatchObject({ resolution: 'upheld' });
  });

  it('refuses other roles and incomplete findings, naming the field, and changes nothing', async () => {
    const [id] = await confirmed(1);
    const batch = (await startBatch([id])).body.data;
    const objection = await objectTo(id, batch.documentId);
    expect((await finding(district, objection, { finding: 'dismissed', reason: '无', reply: '无' })).status).toBe(403);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ finding: 'maybe', reason: '核查', reply: '答复' }, 'finding'],
      [{ finding: 'dismissed', reply: '答复' }, 'reason'],
      [{ finding: 'dismissed', reason: '核查' }, 'reply'],
      [{ finding: 'upheld', reason: '核查', reply: '答复' }, 'outcome'],
      [{ finding: 'upheld', outcome: 'return', reason: '核查', reply: '答复' }, 'flaggedFields'],
    ];
    for (const [body, field] of cases) {
      const response = await finding(city, objection, body);
      expect({ field, status: response.status, named: response.body.error?.details?.field }).toEqual({ field, status: 400, named: field });
    }
    expect(await app.strapi.db.query('api::objection.objection').findOne({ where: { documentId: objection } })).toMatchObject({ resolution: 'open', reply: null });
    expect(await stateOf(id)).toBe('entity_publicity');
  });
});
