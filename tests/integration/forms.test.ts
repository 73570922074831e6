import { adminToken } from '../harness/auth';
import { TestApp, startStrapi } from '../harness/strapi';
import { uploadRequiredFiles, uploadVia } from '../harness/materials';
import { COMPLETE_ANSWERS, PASSWORD, applicantStep, applicantToken, createApplication, seedDemo, staffToken, taskSpecId } from '../harness/workflow';

/** Forms defined through the admin API, validated at every draft save and at submission, and frozen by version. */
let app: TestApp;
let admin: string;
let jwt: string;
const CM = '/content-manager/collection-types/api::task-spec.task-spec';
const SLUG = 'data-product-2026';

const put = (documentId: string, body: object) => app.http().put(`/api/applications/${documentId}`).set('Authorization', `Bearer ${jwt}`).send({ data: body });
const row = (documentId: string) => app.strapi.db.query('api::application.application').findOne({ where: { documentId } });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  admin = await adminToken(app, 'admin@shenbao.local', PASSWORD);
  jwt = await applicantToken(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('the form of a call', () => {
  it('refuses an invalid definition saved through the admin API, with reasons', async () => {
    const id = await taskSpecId(app, SLUG);
    const spec = await app.strapi.documents('api::task-spec.task-spec').findOne({ documentId: id });
    const broken = JSON.parse(JSON.stringify(spec!.formDefinition));
    broken.properties.purchaseAmountFen['x-ui'].widget = 'slider';
    broken.properties.computeProof['x-ui'].visibleWhen.field = 'ghost';
    const response = await app.http().put(`${CM}/${id}`).set('Authorization', `Bearer ${admin}`).send({ formDefinition: broken });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('未知的字段类型「slider」');
    expect(response.body.error.message).toContain('显示条件引用的字段「ghost」不存在');
  });

  it('keeps a partial draft, but refuses wrong types, naming the field', async () => {
    const draft = await createApplication(app, jwt, SLUG, { answers: { projectName: '只填了名称' } }, { files: false });
    expect(draft.state).toBe('draft');
    const wrong = await put(draft.documentId, { answers: { purchaseAmountFen: '一千万', extra: 1 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'purchaseAmountFen', message: '应为整数', label: '数据产品购买金额（元）' }),
      expect.objectContaining({ path: 'extra', message: '未知字段「extra」' }),
    ]));
    expect((await row(draft.documentId)).answers).toEqual({ projectName: '只填了名称' });
  });

  it('refuses an incomplete submission with every field path, and changes nothing', async () => {
    const draft = await createApplication(app, jwt, SLUG, { answers: { ...COMPLETE_ANSWERS[SLUG], contactPhone: '12345', hasComputeInvestment: true } }, { files: false });
    await uploadRequiredFiles(uploadVia(app, jwt), draft.documentId, SLUG, ['invoices']);
    const before = await row(draft.documentId);
    const response = await applicantStep(app, jwt, draft.documentId, 'submit', { version: 0 });
    expect(response.status).toBe(400);
    // Every missing file slot is named by its label, the conditionally required one too, and the other problems follow.
    expect(response.body.error.message).toMatch(/^以下必需的申报材料尚未上传：「发票」、「算力投入及使用情况佐证材料」；另有1处需要修改$/);
    expect(response.body.error.details.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'contactPhone', message: '电话号码格式不正确（手机号或带区号的座机）', label: '联系电话' }),
      expect.objectContaining({ path: 'invoices', message: '请上传附件', label: '发票' }),
    ]));
    expect(await row(draft.documentId)).toEqual(before);
    expect(await app.strapi.db.query('api::review-record.review-record').count({ where: { application: { id: before.id } } })).toBe(0);
  });

  it('freezes the version an application was submitted against when the editor changes the form', async () => {
    const id = await taskSpecId(app, SLUG);
    const submitted = await createApplication(app, jwt, SLUG);
    expect((await applicantStep(app, jwt, submitted.documentId, 'submit', { version: 0 })).status).toBe(200);
    const pinned = await row(submitted.documentId);
    expect(pinned.formVersion).toBe(1);

    const spec = await app.strapi.documents('api::task-spec.task-spec').findOne({ documentId: id });
    const next = JSON.parse(JSON.stringify(spec!.formDefinition));
    next.properties.gpuHours = { type: 'integer', title: '算力使用时长（卡时）', minimum: 1, 'x-ui': { widget: 'integer', section: 'purchase' } };
    next.required.push('gpuHours');
    expect((await app.http().put(`${CM}/${id}`).set('Authorization', `Bearer ${admin}`).send({ formDefinition: next })).status).toBe(200);
    expect((await app.http().post(`${CM}/${id}/actions/publish`).set('Authorization', `Bearer ${admin}`).send({})).status).toBe(200);
    const published = await app.strapi.documents('api::task-spec.task-spec').findOne({ documentId: id, status: 'published' });
    expect(published!.formVersion).toBe(2);
    expect((published!.formHistory as any[]).map((f) => f.version)).toEqual([1]);

    // The submitted application still shows, and is judged by, version 1.
    const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
    const detail = await app.http().get(`/shenbao/applications/${submitted.documentId}`).set('Authorization', `Bearer ${reviewer}`);
    expect(detail.body.data.form.version).toBe(1);
    expect(detail.body.data.form.hash).toBe(pinned.formHash);
    expect(detail.body.data.form.definition.properties.gpuHours).toBeUndefined();
    expect(detail.body.data.formDiff).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'gpuHours', change: 'added', label: '算力使用时长（卡时）' }),
    ]));

    // A new application is bound to version 2 and must answer the new field.
    const fresh = await createApplication(app, jwt, SLUG);
    const refused = await applicantStep(app, jwt, fresh.documentId, 'submit', { version: 0 });
    expect(refused.body.error.details.errors).toEqual([{ path: 'gpuHours', message: '必填', label: '算力使用时长（卡时）' }]);
    expect((await put(fresh.documentId, { answers: { ...COMPLETE_ANSWERS[SLUG], gpuHours: 800 } })).status).toBe(200);
    expect((await applicantStep(app, jwt, fresh.documentId, 'submit', { version: 0 })).status).toBe(200);
    expect((await row(fresh.documentId)).formVersion).toBe(2);
  });

  it('keeps the form version and history out of editors\' hands', async () => {
    const id = await taskSpecId(app, SLUG);
    await app.http().put(`${CM}/${id}`).set('Authorization', `Bearer ${admin}`).send({ formVersion: 99, formHistory: [] });
    const draft = await app.strapi.db.query('api::task-spec.task-spec').findOne({ where: { documentId: id, publishedAt: null } });
    expect(draft.formVersion).toBe(2);
    expect(draft.formHistory).toHaveLength(1);
  });
});
