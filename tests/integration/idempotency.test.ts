import fc from 'fast-check';
import { listenRecordingRoutes, rawRequest } from '../harness/raw-http';
import { singleVariants, spell, transformations } from '../harness/path-variants';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantToken, createApplication, secondApplicant, seedDemo, staffToken, taskSpecId } from '../harness/workflow';

/** Idempotency-Key on the writes that move an application: a retry gets the first answer, never a second step. */
let app: TestApp;
let jwt: string;
let other: string;
let port: number;

beforeAll(async () => {
  app = await startStrapi();
  port = await listenRecordingRoutes(app);
  await seedDemo(app);
  jwt = await applicantToken(app);
  other = await secondApplicant(app);
});
afterAll(async () => {
  await app?.stop();
});

const records = async (documentId: string) => {
  const row = await app.strapi.db.query('api::application.application').findOne({ where: { documentId }, select: ['id', 'version', 'state'] });
  const count = await app.strapi.db.query('api::review-record.review-record').count({ where: { application: { id: row.id } } });
  return { state: row.state, version: row.version, records: count };
};
const submit = (token: string, documentId: string, key: string | null, body: Record<string, unknown> = { version: 0 }) => {
  const request = app.http().post(`/api/applications/${documentId}/submit`).set('Authorization', `Bearer ${token}`);
  return (key ? request.set('Idempotency-Key', key) : request).send(body);
};

describe('Idempotency-Key', () => {
  it('answers a retried submission as the first time, without a second step', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    const first = await submit(jwt, documentId, 'submit-0001-aaaa');
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await submit(jwt, documentId, 'submit-0001-aaaa');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await records(documentId)).toEqual({ state: 'district_review', version: 1, records: 1 });
    // Without the key, the same retry is what it is: a stale version.
    expect((await submit(jwt, documentId, null)).status).toBe(409);
  });

  it('refuses the same key for another request, and keeps keys apart per caller', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await submit(jwt, documentId, 'shared-key-0002')).status).toBe(200);
    const reused = await app.http().post(`/api/applications/${documentId}/withdraw`).set('Authorization', `Bearer ${jwt}`).set('Idempotency-Key', 'shared-key-0002').send({ version: 1 });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ status: 409, details: { field: 'Idempotency-Key' } });
    expect(reused.body.error.message).toContain('已用于另一个请求');
    expect(await records(documentId)).toEqual({ state: 'district_review', version: 1, records: 1 });
    // Another applicant's key of the same value is its own: it replays nothing of ours.
    const theirs = (await createApplication(app, other, 'dataset-2025-batch-1')).documentId;
    const answer = await submit(other, theirs, 'shared-key-0002');
    expect(answer.status).toBe(200);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps nothing of a refused request, so the same key may be used again once it is right', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    const wrong = await submit(jwt, documentId, 'retry-after-fix-0003', { version: 7 });
    expect(wrong.status).toBe(409);
    expect(await records(documentId)).toEqual({ state: 'draft', version: 0, records: 0 });
    const again = await submit(jwt, documentId, 'retry-after-fix-0003', { version: 7 });
    expect(again.status).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    // corrected, under the same key: it was never kept, so this is the first request it answers
    expect((await submit(jwt, documentId, 'retry-after-fix-0003')).status).toBe(200);
    expect(await records(documentId)).toEqual({ state: 'district_review', version: 1, records: 1 });
  });

  it('refuses a malformed key, naming the header', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    for (const key of ['short', 'has space in it', 'x'.repeat(101), 'key/with/slashes']) {
      const response = await submit(jwt, documentId, key);
      expect(response.status).toBe(400);
      expect(response.body.error.details.field).toBe('Idempotency-Key');
    }
    expect(await records(documentId)).toEqual({ state: 'draft', version: 0, records: 0 });
  });

  it('creates a draft once and takes a staff step once, however often each is retried', async () => {
    const taskSpec = await taskSpecId(app, 'dataset-2025-batch-1');
    const count = () => app.strapi.db.query('api::application.application').count();
    const before = await count();
    const create = () => app.http().post('/api/applications').set('Authorization', `Bearer ${jwt}`).set('Idempotency-Key', 'create-draft-0005').send({ data: { taskSpec, title: '重试创建' } });
    const [a, b, c] = [await create(), await create(), await create()];
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body.data.documentId).toBe(a.body.data.documentId);
    expect(await count()).toBe(before + 1);

    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await submit(jwt, documentId, null)).status).toBe(200);
    const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
    const recommend = () => app.http().post(`/shenbao/applications/${documentId}/transitions`).set('Authorization', `Bearer ${reviewer}`).set('Idempotency-Key', 'recommend-0005-x').send({ action: 'recommend', version: 1, opinion: '同意推荐' });
    const first = await recommend();
    expect(first.status).toBe(200);
    const second = await recommend();
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await records(documentId)).toEqual({ state: 'city_review', version: 2, records: 2 });
  });

  it('treats every spelling of one route as that route: a retry replays, the same key elsewhere is refused, and the step is taken once', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    const key = 'spelled-retry-0006';
    const first = await submit(jwt, documentId, key);
    expect(first.status).toBe(200);
    const path = `/api/applications/${documentId}/submit`;
    const replayed: string[] = [];
    const retry = async (target: string) => {
      const response = await rawRequest(port, 'POST', target, { headers: { authorization: `Bearer ${jwt}`, 'idempotency-key': key }, body: { version: 0 } });
      const seen = { target, status: response.status, route: response.route };
      if (response.route !== 'POST /api/applications/:id/submit') {
        // no route (404, 405), or another route that refused it
        expect(seen).toEqual({ ...seen, status: expect.any(Number) });
        if (response.status < 400 || response.status >= 500 || (response.route === null && ![404, 405].includes(response.status))) throw new Error(`${target}: ${response.status} by ${response.route}`);
        return;
      }
      // The id as the router decodes it: the same application replays; another one (its id in another case) is another request.
      const id = decodeURIComponent(/^\/api\/applications\/([^/]+)\/submit/i.exec(target)![1]);
      if (id === documentId) {
        expect(seen).toEqual({ ...seen, status: 200 });
        expect(response.headers['idempotent-replayed']).toBe('true');
        expect(response.body).toEqual(first.body);
        replayed.push(target);
      } else {
        expect(seen).toEqual({ ...seen, status: 409 });
        expect(response.body.error.details.field).toBe('Idempotency-Key');
      }
    };
    for (const target of singleVariants(path)) await retry(target);
    await fc.assert(fc.asyncProperty(transformations, (list) => retry(spell(path, list))), { seed: 20, numRuns: 40 });
    // a trailing slash, the literal segments in another case, the id percent-encoded: each the same request
    expect(replayed).toEqual(expect.arrayContaining([`${path}/`, spell(path, [{ kind: 'upperSegment', segment: 0 }]), path.replace(documentId, `%${documentId.charCodeAt(0).toString(16).toUpperCase()}${documentId.slice(1)}`)]));
    // the same key and body on another route of the same application: another request
    const withdraw = await app.http().post(`/api/applications/${documentId}/withdraw`).set('Authorization', `Bearer ${jwt}`).set('Idempotency-Key', key).send({ version: 0 });
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.error.details.field).toBe('Idempotency-Key');
    expect(await records(documentId)).toEqual({ state: 'district_review', version: 1, records: 1 });
  });
});
