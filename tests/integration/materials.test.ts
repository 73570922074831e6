import crypto from 'crypto';
import fc from 'fast-check';
import { TestApp, startStrapi } from '../harness/strapi';
import { PDF, PNG } from '../harness/fixtures';
import { uploadRequiredFiles, uploadVia } from '../harness/materials';
import {
  COMPLETE_ANSWERS,
  REQUIRED_SLOTS,
  applicantStep,
  applicantToken,
  createApplication,
  currentVersion,
  passPublicity,
  secondApplicant,
  seedDemo,
  staffAct,
  staffToken,
  submitCompletion,
} from '../harness/workflow';

/**
 * 申报材料 are real (issue 20): whatever a client writes into a file slot, the application names
 * only files stored for it in that slot, and no submission goes on without the files its form
 * requires. Each property is tried over generated inputs, on SQLite and on PostgreSQL.
 */
let app: TestApp;
let jwt: string;
let other: string;
const DATASET = 'dataset-2025-batch-1';
const PRODUCT = 'data-product-2026';

const row = (documentId: string) => app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
const recordsOf = async (documentId: string) =>
  app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: (await row(documentId)).id } }, orderBy: { seq: 'asc' } });
const put = (documentId: string, data: object, token = jwt) => app.http().put(`/api/applications/${documentId}`).set('Authorization', `Bearer ${token}`).send({ data });
const labelsOf = async (slug: string) => {
  const call = await app.strapi.documents('api::task-spec.task-spec').findFirst({ filters: { slug }, status: 'published' });
  return Object.fromEntries(Object.entries((call!.formDefinition as any).properties).map(([key, field]: [string, any]) => [key, field.title])) as Record<string, string>;
};

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  other = await secondApplicant(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('a file slot names only files stored for this application and slot', () => {
  it('refuses any other value on a draft save, naming the slot by its label, and changes nothing', async () => {
    const labels = await labelsOf(DATASET);
    const mine = await createApplication(app, jwt, DATASET);
    const theirs = await createApplication(app, other, DATASET);
    const mineIds = (await row(mine.documentId)).answers;
    const theirIds = (await row(theirs.documentId)).answers;
    const slots = REQUIRED_SLOTS[DATASET];
    // Made-up strings, another organisation's files, this application's files of another slot, a duplicate, non-strings.
    const next = (slot: string) => slots[(slots.indexOf(slot) + 1) % slots.length];
    const foreignValue = fc.oneof(
      fc.string({ minLength: 1, maxLength: 64 }).map((id) => () => [id]),
      fc.constant((slot: string) => [theirIds[slot][0]]),
      fc.constant((slot: string) => [mineIds[next(slot)][0]]),
      fc.constant((slot: string) => [mineIds[slot][0], mineIds[slot][0]]),
      fc.oneof(fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string())).map((value) => () => [value]),
    );
    const before = await row(mine.documentId);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...slots), foreignValue, async (slot, value) => {
        const ids = value(slot);
        const response = await put(mine.documentId, { answers: { ...COMPLETE_ANSWERS[DATASET], [slot]: ids } });
        expect(response.status).toBe(400);
        expect(response.body.error.details).toMatchObject({ code: 'foreign_attachment', field: `answers.${slot}` });
        expect(response.body.error.message).toContain(`「${labels[slot]}」`);
      }),
      { numRuns: 40 },
    );
    expect(await row(mine.documentId)).toEqual(before);
  });

  it('refuses any file id in a new draft: files come through the upload', async () => {
    const call = (await app.strapi.documents('api::task-spec.task-spec').findFirst({ filters: { slug: DATASET }, status: 'published' }))!.documentId;
    const count = await app.strapi.db.query('api::application.application').count();
    const response = await app.http().post('/api/applications').set('Authorization', `Bearer ${jwt}`).send({ data: { taskSpec: call, answers: { ...COMPLETE_ANSWERS[DATASET], licence: ['licence-file'] } } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ message: expect.stringContaining('「营业执照或事业单位法人证书」'), details: { field: 'answers.licence' } });
    expect(await app.strapi.db.query('api::application.application').count()).toBe(count);
  });

  it('keeps the files a save did not list, and lets one go only when it is removed', async () => {
    const draft = await createApplication(app, jwt, DATASET);
    const stored = (await row(draft.documentId)).answers;
    // A save that sends the slot empty, or without it, keeps what was uploaded.
    expect((await put(draft.documentId, { answers: { ...COMPLETE_ANSWERS[DATASET], licence: [] } })).body.data.answers.licence).toEqual(stored.licence);
    expect((await put(draft.documentId, { answers: { projectName: '只改名称' } })).body.data.answers.licence).toEqual(stored.licence);
    // Removing another application's file, or one not in the slot, is refused.
    const theirs = (await row((await createApplication(app, other, DATASET)).documentId)).answers.licence[0];
    expect((await app.http().delete(`/api/applications/${draft.documentId}/files/${theirs}`).set('Authorization', `Bearer ${jwt}`)).status).toBe(404);
    const removed = await app.http().delete(`/api/applications/${draft.documentId}/files/${stored.licence[0]}`).set('Authorization', `Bearer ${jwt}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.answers.licence).toEqual([]);
  });
});

describe('a submission carries the files its form requires', () => {
  it('names every required slot that holds no stored file, for any subset left empty, and writes nothing', async () => {
    const labels = await labelsOf(DATASET);
    const slots = REQUIRED_SLOTS[DATASET];
    await fc.assert(
      fc.asyncProperty(fc.subarray(slots, { minLength: 1 }), fc.boolean(), async (empty, madeUp) => {
        const draft = await createApplication(app, jwt, DATASET, {}, { files: false });
        await uploadRequiredFiles(uploadVia(app, jwt), draft.documentId, DATASET, empty);
        // The empty slots may also hold made-up ids written straight into the row, as a bypass of the API would.
        if (madeUp) {
          const current = await row(draft.documentId);
          await app.strapi.db.query('api::application.application').update({ where: { id: current.id }, data: { answers: { ...current.answers, ...Object.fromEntries(empty.map((slot) => [slot, [`${slot}-file`]])) } } });
        }
        const before = await row(draft.documentId);
        const response = await applicantStep(app, jwt, draft.documentId, 'submit', { version: 0 });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(`以下必需的申报材料尚未上传：${empty.map((slot) => `「${labels[slot]}」`).join('、')}`);
        expect(response.body.error.details.errors.map((e: any) => e.path).sort()).toEqual([...empty].sort());
        expect(await row(draft.documentId)).toEqual(before);
        expect(await recordsOf(draft.documentId)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  it('requires a conditionally required slot exactly when its condition shows it', async () => {
    for (const hasComputeInvestment of [true, false]) {
      const draft = await createApplication(app, jwt, PRODUCT, { answers: { ...COMPLETE_ANSWERS[PRODUCT], hasComputeInvestment } });
      const response = await applicantStep(app, jwt, draft.documentId, 'submit', { version: 0 });
      if (hasComputeInvestment) {
        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe('以下必需的申报材料尚未上传：「算力投入及使用情况佐证材料」');
      } else expect(response.status).toBe(200);
    }
  });

  it('records the stored name and SHA-256 of exactly the files the answers name', async () => {
    const draft = await createApplication(app, jwt, DATASET);
    const upload = uploadVia(app, jwt);
    const extra = await upload(draft.documentId, 'licence', PNG, '营业执照副本.png');
    const dropped = await upload(draft.documentId, 'licence', PDF, '作废.pdf');
    await app.http().delete(`/api/applications/${draft.documentId}/files/${dropped.body.data.id}`).set('Authorization', `Bearer ${jwt}`);
    expect((await applicantStep(app, jwt, draft.documentId, 'submit', { version: 0 })).status).toBe(200);
    const [submit] = await recordsOf(draft.documentId);
    const answers = (await row(draft.documentId)).answers;
    expect(submit.attachments.map((a: any) => a.id).sort()).toEqual(REQUIRED_SLOTS[DATASET].flatMap((slot) => answers[slot]).sort());
    expect(submit.attachments).toContainEqual({ id: extra.body.data.id, slot: 'licence', name: '营业执照副本.png', sha256: crypto.createHash('sha256').update(PNG).digest('hex') });
    expect(submit.attachments.map((a: any) => a.id)).not.toContain(dropped.body.data.id);
  });

  it('refuses a resubmission whose flagged slot was emptied, naming it', async () => {
    const draft = await createApplication(app, jwt, DATASET);
    await applicantStep(app, jwt, draft.documentId, 'submit', { version: 0 });
    const district = await staffToken(app, 'district.reviewer@shenbao.local');
    expect((await staffAct(app, district, draft.documentId, { action: 'return', version: 1, opinion: '请更换纳税证明', flaggedFields: ['taxCertificate'] })).status).toBe(200);
    const [old] = (await row(draft.documentId)).answers.taxCertificate;
    expect((await app.http().delete(`/api/applications/${draft.documentId}/files/${old}`).set('Authorization', `Bearer ${jwt}`)).status).toBe(200);
    const refused = await applicantStep(app, jwt, draft.documentId, 'resubmit', { version: 2 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('以下必需的申报材料尚未上传：「纳税证明」');
    expect((await row(draft.documentId)).state).toBe('returned');
    await uploadVia(app, jwt)(draft.documentId, 'taxCertificate', PDF, '纳税证明（新）.pdf');
    expect((await applicantStep(app, jwt, draft.documentId, 'resubmit', { version: 2 })).status).toBe(200);
  });
});

describe('completion materials are files uploaded for the step', () => {
  it('refuses made-up, foreign and missing files, and records the stored ones', async () => {
    const district = await staffToken(app, 'district.reviewer@shenbao.local');
    const city = await staffToken(app, 'city.reviewer@shenbao.local');
    const toConstruction = async (token: string) => {
      const draft = await createApplication(app, token, DATASET);
      await applicantStep(app, token, draft.documentId, 'submit', { version: 0 });
      await staffAct(app, district, draft.documentId, { action: 'recommend', version: 1, opinion: '同意' });
      await staffAct(app, city, draft.documentId, { action: 'confirm', version: 2, opinion: '确认' });
      await passPublicity(app, draft.documentId);
      return draft.documentId;
    };
    const id = await toConstruction(jwt);
    // Before it is in construction, nothing may be uploaded as completion material.
    const early = await createApplication(app, jwt, DATASET);
    expect((await uploadVia(app, jwt)(early.documentId, '__completion.audit_report', PDF, '审计报告.pdf')).status).toBe(409);
    const version = await currentVersion(app, id);
    const tries = [
      [{ id: 'made-up', name: '专项审计报告.pdf', sha256: '0'.repeat(64) }],
      [(await row(early.documentId)).answers.licence[0]],
      [],
      'not a list',
    ];
    for (const attachments of tries) {
      const response = await applicantStep(app, jwt, id, 'completion', { version, attachments });
      expect(response.status).toBe(400);
      expect(response.body.error.details.field).toBe('attachments');
      expect(response.body.error.message).toMatch(/建设完成材料|建设投入专项审计报告/);
    }
    expect((await row(id)).state).toBe('construction');
    const done = await submitCompletion(app, jwt, id, '专项审计报告.pdf');
    expect(done.status).toBe(200);
    const last = (await recordsOf(id)).at(-1);
    expect(last).toMatchObject({ action: 'submit_completion' });
    expect(last.attachments[0]).toMatchObject({ name: '专项审计报告.pdf', material: 'audit_report', sha256: crypto.createHash('sha256').update(PDF).digest('hex') });
  });
});
