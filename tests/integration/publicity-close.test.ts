import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, currentVersion, endPublicity, seedDemo, staffAct, staffToken, systemStep } from '../harness/workflow';

/** The end of a 公示: started by the city reviewer, closed by the job, exactly once, holding objected applications. */
let app: TestApp;
let city: string;
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
async function confirmed(count: number) {
  const jwt = await applicantToken(app);
  const district = await staffToken(app, 'district.reviewer@shenbao.local');
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, documentId, 'submit', { version: 0 })).status).toBe(200);
    for (const [token, body] of [[district, { action: 'recommend', opinion: '同意' }], [city, { action: 'confirm', opinion: '确认' }]] as const) {
      expect((await staffAct(app, token, documentId, { version: await currentVersion(app, documentId), ...body })).status).toBe(200);
    }
    ids.push(documentId);
  }
  return ids;
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  city = await staffToken(app, 'city.reviewer@shenbao.local');
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
