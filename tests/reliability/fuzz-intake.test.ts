import fc from 'fast-check';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantToken, createApplication, seedDemo } from '../harness/workflow';

/**
 * Property-based fuzzing of the intake (issue 9): generated payloads at draft save (create and
 * update) and at submit. Wrong types, huge strings, deep nesting, unicode edge cases,
 * prototype-pollution keys and numbers as strings. The properties: no 5xx; every refusal is a
 * 4xx in Strapi's error shape with a Chinese message naming a field; a refusal changes no row;
 * the server's Object.prototype is never touched.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3400); // per target: three targets, over 10,000 in all
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

let app: TestApp;
let jwt: string;
let draft: string;
let incomplete: string;
const tally = { requests: 0, accepted: 0, refused: 0, byStatus: {} as Record<number, number> };

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  draft = (await createApplication(app, jwt, 'dataset-2025-batch-1')).documentId;
  incomplete = (await createApplication(app, jwt, 'dataset-2025-batch-1', { answers: {} })).documentId;
});
afterAll(async () => {
  console.log(`intake fuzzing: ${tally.requests} requests, ${tally.accepted} accepted, ${tally.refused} refused, by status ${JSON.stringify(tally.byStatus)}`);
  await app?.stop();
});

// --- what is thrown at the intake ---------------------------------------------------------------
const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');
const fieldKey = fc.constantFrom('title', 'answers', 'claimedBaseFen', 'taskSpec', 'state', 'version', 'organization', 'awardFen', 'serialNo', 'data', 'id', 'documentId');
const key = fc.oneof(pollutingKey, fieldKey, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }));
const edgeString = fc.constantFrom(
  '', ' ', '\u0000', '\uFEFF', '\u202E申报', '\uD800', '𠮷'.repeat(60), '申'.repeat(201), 'a'.repeat(70_000), '<script>alert(1)</script>',
  "' OR 1=1 --", '../../etc/passwd', '１２３', 'NaN', 'Infinity', '-0', '1e309', '0x1F', '9007199254740993', '12.345', '-100', '{}', '[]', 'null', 'true',
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1, 0.1));
const leaf = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), edgeString, number, number.map(String), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
}));
/** Nested far deeper than any form: arrays or objects, a few thousand levels. */
const deep = fc.tuple(fc.integer({ min: 50, max: 5000 }), fc.boolean()).map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** A request body: JSON text, so that `__proto__` arrives as a key and broken JSON arrives at all. */
const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({ data: value }).map((v) => JSON.stringify(v)),
  fc.dictionary(key, value, { maxKeys: 5 }).map((data) => JSON.stringify({ data })),
  fc.record({ title: value, answers: value, claimedBaseFen: value }, { requiredKeys: [] }).map((data) => JSON.stringify({ data })),
  fc.record({ answers: fc.dictionary(key, value, { maxKeys: 6 }) }).map((data) => JSON.stringify({ data })),
  deep.map((nested) => `{"data":{"answers":{"x":${nested}}}}`),
  fc.constantFrom(
    '{"data":{"__proto__":{"polluted":"yes"}}}',
    '{"data":{"answers":{"__proto__":{"polluted":"yes"}}}}',
    '{"data":{"constructor":{"prototype":{"polluted":"yes"}}}}',
    '{"__proto__":{"polluted":"yes"},"version":0}',
    '{"data":{"title":"a"', '{"data":', 'not json', '', '\u0000', '{"data":{"title":"\\ud800"}}',
  ),
  fc.record({ version: value }).map((v) => JSON.stringify(v)),
);

// --- the properties ---------------------------------------------------------------------------
const ROW_FIELDS = ['title', 'answers', 'claimedBaseFen', 'state', 'version', 'commitmentsSignedAt', 'submittedAt', 'serialNo', 'updatedAt'];
const rowOf = async (documentId: string) => app.strapi.db.query('api::application.application').findOne({ where: { documentId }, select: ROW_FIELDS });
const counts = async () => ({
  applications: await app.strapi.db.query('api::application.application').count(),
  records: await app.strapi.db.query('api::review-record.review-record').count(),
});
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const CHINESE = /[\u4e00-\u9fff]/;

async function send(method: 'post' | 'put', path: string, text: string) {
  const response = await app.http()[method](path).set('Authorization', `Bearer ${jwt}`).set('Content-Type', 'application/json').send(text);
  tally.requests += 1;
  tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
  return response;
}

function checkAnswer(response: any, text: string) {
  const context = `payload ${text.slice(0, 300)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
  if (response.status >= 500) throw new Error(`5xx on user input: ${context}`);
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys.join() || ({} as any).polluted !== undefined) {
    throw new Error(`Object.prototype was changed: ${context}`);
  }
  if (response.status < 400) {
    tally.accepted += 1;
    return false;
  }
  tally.refused += 1;
  const error = response.body?.error;
  if (!error || error.status !== response.status || response.body.data !== null) throw new Error(`refusal not in Strapi's error shape: ${context}`);
  if (!CHINESE.test(error.message ?? '')) throw new Error(`refusal without a Chinese message: ${context}`);
  if (typeof error.details?.field !== 'string' || !error.details.field) throw new Error(`refusal names no field: ${context}`);
  return true;
}

const property = (make: (text: string) => Promise<void>) =>
  fc.assert(fc.asyncProperty(body, make), { numRuns: RUNS, seed: SEED, endOnFailure: true });

describe('intake fuzzing', () => {
  it('draft save (update): no 5xx, refusals name a field and change nothing', async () => {
    await property(async (text) => {
      const before = await rowOf(draft);
      const response = await send('put', `/api/applications/${draft}`, text);
      if (checkAnswer(response, text)) expect(await rowOf(draft)).toEqual(before);
      else expect((await rowOf(draft)).state).toBe('draft');
    });
  });

  it('draft save (create): no 5xx, refusals name a field and create nothing', async () => {
    await property(async (text) => {
      const before = await counts();
      const response = await send('post', '/api/applications', text);
      if (checkAnswer(response, text)) expect(await counts()).toEqual(before);
    });
  });

  it('submit: no 5xx, refusals name a field, and nothing is submitted or recorded', async () => {
    await property(async (text) => {
      const before = [await rowOf(incomplete), await counts()];
      const response = await send('post', `/api/applications/${incomplete}/submit`, text);
      expect(checkAnswer(response, text)).toBe(true);
      expect([await rowOf(incomplete), await counts()]).toEqual(before);
    });
  });
});
