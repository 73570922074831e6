import fs from 'fs';
import fc from 'fast-check';
import { TestApp, startStrapi } from '../harness/strapi';
import { PDF, PNG } from '../harness/fixtures';
import { uploadVia } from '../harness/materials';
import { applicantToken, createApplication, seedDemo } from '../harness/workflow';

/**
 * Uploads are exact under concurrency (issue 20): the count check and the answers' update of a
 * slot serialise on the application's row, so parallel uploads to a slot of limit L accept
 * exactly min(N, L), each referenced, and a draft save or a removal racing them loses nothing.
 * Random interleavings from fast-check, on SQLite and on PostgreSQL.
 */
let app: TestApp;
let jwt: string;
const LIMIT = 3;
const SLUG = 'race-call';

const row = (documentId: string) => app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
const storedFiles = () => (fs.existsSync(process.env.UPLOAD_PRIVATE_DIR!) ? fs.readdirSync(process.env.UPLOAD_PRIVATE_DIR!).length : 0);
const rowsOf = async (documentId: string) =>
  app.strapi.db.query('api::attachment.attachment').findMany({ where: { application: { id: (await row(documentId)).id } }, select: ['documentId', 'slot'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  app = await startStrapi();
  // Listening once: supertest would otherwise listen and close per request, and requests in parallel would find it closed.
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  await seedDemo(app);
  jwt = await applicantToken(app);
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::task-spec.task-spec').create({
    data: {
      slug: SLUG, title: '并发上传测试', kind: 'call', year: 2026, program: program.documentId,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      formDefinition: {
        title: '并发上传测试', type: 'object',
        properties: {
          note: { type: 'string', title: '说明', maxLength: 200, 'x-ui': { widget: 'text' } },
          scan: { type: 'array', title: '盖章扫描件', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf', 'png'], maxSizeMb: 1, maxCount: LIMIT } },
          extra: { type: 'array', title: '其他材料', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf', 'png'], maxSizeMb: 1, maxCount: 10 } },
        },
      },
    } as any,
    status: 'published',
  });
});
afterAll(async () => {
  await app?.stop();
});

it('accepts exactly min(N, L) of N parallel uploads to a slot of limit L, all referenced, and stores nothing of the rest', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 9, maxLength: 9 }), async (n, delays) => {
      const { documentId } = await createApplication(app, jwt, SLUG, { answers: {} }, { files: false });
      const filesBefore = storedFiles();
      const upload = uploadVia(app, jwt);
      const answers = await Promise.all(Array.from({ length: n }, async (_, i) => (await sleep(delays[i]), upload(documentId, 'scan', i % 2 ? PNG : PDF, `扫描件${i}.pdf`))));
      const accepted = answers.filter((a) => a.status === 200).map((a) => a.body.data.id);
      const refused = answers.filter((a) => a.status !== 200);
      expect(accepted).toHaveLength(Math.min(n, LIMIT));
      for (const answer of refused) expect(answer).toMatchObject({ status: 400, body: { error: { details: { code: 'too_many', field: 'scan' }, message: expect.stringContaining(`「盖章扫描件」最多上传${LIMIT}个文件`) } } });
      expect([...(await row(documentId)).answers.scan].sort()).toEqual([...accepted].sort());
      expect((await rowsOf(documentId)).map((r: any) => r.documentId).sort()).toEqual([...accepted].sort());
      expect(storedFiles() - filesBefore).toBe(accepted.length);
    }),
    { numRuns: 15 },
  );
});

it('loses neither a draft save nor an upload nor a removal, in any interleaving', async () => {
  type Op = { kind: 'upload'; slot: 'scan' | 'extra' } | { kind: 'save'; note: string; sendsSlot: boolean } | { kind: 'remove' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constantFrom('scan' as const, 'extra' as const).map((slot) => ({ kind: 'upload' as const, slot })),
    fc.record({ kind: fc.constant('save' as const), note: fc.string({ minLength: 1, maxLength: 20 }), sendsSlot: fc.boolean() }),
    fc.constant({ kind: 'remove' as const }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(op, fc.integer({ min: 0, max: 15 })), { minLength: 2, maxLength: 8 }), async (ops) => {
      const { documentId } = await createApplication(app, jwt, SLUG, { answers: {} }, { files: false });
      const upload = uploadVia(app, jwt);
      // Two files in the extra slot before the race: the removals take them out, one each.
      const before = [(await upload(documentId, 'extra', PDF, '原有1.pdf')).body.data.id, (await upload(documentId, 'extra', PDF, '原有2.pdf')).body.data.id];
      const removable = [...before];
      const notes: string[] = [];
      const results = await Promise.all(
        ops.map(async ([step, delay]) => {
          await sleep(delay);
          if (step.kind === 'upload') return { step, response: await upload(documentId, step.slot, PDF, '并发.pdf') };
          if (step.kind === 'save') {
            notes.push(step.note);
            const answers = { note: step.note, ...(step.sendsSlot ? { extra: before } : {}) };
            return { step, response: await app.http().put(`/api/applications/${documentId}`).set('Authorization', `Bearer ${jwt}`).send({ data: { answers } }) };
          }
          const target = removable.shift();
          if (!target) return { step, response: { status: 0 } as any, target };
          return { step, response: await app.http().delete(`/api/applications/${documentId}/files/${target}`).set('Authorization', `Bearer ${jwt}`), target };
        }),
      );
      for (const { response } of results) expect([0, 200, 400]).toContain(response.status);
      const final = (await row(documentId)).answers;
      const acceptedIn = (slot: string) => results.filter((r) => r.step.kind === 'upload' && r.step.slot === slot && r.response.status === 200).map((r) => r.response.body.data.id);
      const removed = results.filter((r) => r.step.kind === 'remove' && r.response.status === 200).map((r) => (r as any).target);
      // Every accepted upload is referenced; what was removed is gone; what was there and not removed stays.
      expect([...(final.scan ?? [])].sort()).toEqual([...acceptedIn('scan')].sort());
      expect([...(final.extra ?? [])].sort()).toEqual([...before.filter((id) => !removed.includes(id)), ...acceptedIn('extra')].sort());
      expect((final.scan ?? []).length).toBeLessThanOrEqual(LIMIT);
      if (notes.length) expect(notes).toContain(final.note);
      // Refused uploads left no record.
      expect((await rowsOf(documentId)).length).toBe(before.length + acceptedIn('scan').length + acceptedIn('extra').length);
    }),
    { numRuns: 20 },
  );
});
