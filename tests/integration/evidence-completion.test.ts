import { PDF } from '../harness/fixtures';
import { uploadVia } from '../harness/materials';
import { singleVariants } from '../harness/path-variants';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, currentVersion, passPublicity, seedDemo, staffAct, staffToken } from '../harness/workflow';
import { DATASET_WORKFLOW, WorkflowDefinition } from '../../src/domain/workflow';

/**
 * 第九条 in the dataset chain (v3): 现场调研 and 会同市直有关部门核实 are records the city
 * reviewer writes, with files, while the application stays in its review; and the completion
 * step asks for the listed materials slot by slot. Applications pinned to v2 keep one slot.
 */
let app: TestApp;
let jwt: string;
const tokens: Record<string, string> = {};
const APPLICATION = 'api::application.application';
const row = (documentId: string) => app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
const records = (documentId: string) => app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { documentId } }, orderBy: { seq: 'asc' } });

async function atCityReview() {
  const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  expect((await applicantStep(app, jwt, documentId, 'submit', { version: 0 })).status).toBe(200);
  expect((await staffAct(app, tokens.district, documentId, { action: 'recommend', version: 1, opinion: '同意推荐' })).status).toBe(200);
  return documentId;
}

async function atConstruction() {
  const documentId = await atCityReview();
  expect((await staffAct(app, tokens.city, documentId, { action: 'confirm', version: 2, opinion: '确认' })).status).toBe(200);
  await passPublicity(app, documentId);
  return documentId;
}

const staffUpload = (token: string, documentId: string, name: string) =>
  app.http().post(`/shenbao/applications/${documentId}/files`).set('Authorization', `Bearer ${token}`).attach('file', PDF, { filename: name, contentType: 'application/pdf' });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  tokens.district = await staffToken(app, 'district.reviewer@shenbao.local');
  tokens.city = await staffToken(app, 'city.reviewer@shenbao.local');
});
afterAll(async () => {
  await app?.stop();
});

describe('evidence in the city review', () => {
  it.each([
    ['site_visit', '现场调研'],
    ['verify_with_departments', '会同市直有关部门核实'],
  ])('%s is a record with the opinion and the files; the application stays and its waiting time goes on', async (action, label) => {
    const id = await atCityReview();
    const before = await row(id);
    const file = await staffUpload(tokens.city, id, `${label}记录.pdf`);
    expect(file.status).toBe(200);
    const response = await staffAct(app, tokens.city, id, { action, version: before.version, opinion: `${label}：情况属实`, attachments: [{ id: file.body.data.id }] });
    expect(response.status).toBe(200);
    const after = await row(id);
    expect(after).toMatchObject({ state: 'city_review', version: before.version + 1 });
    expect(new Date(after.stateChangedAt).getTime()).toBe(new Date(before.stateChangedAt).getTime());
    const last = (await records(id)).at(-1);
    expect(last).toMatchObject({ action, fromState: 'city_review', toState: 'city_review', opinion: `${label}：情况属实`, attachments: [{ name: `${label}记录.pdf`, sha256: expect.any(String) }] });
    // On the desk: the action is offered, and the timeline shows the record with its files.
    const detail = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${tokens.city}`);
    expect(detail.body.data.availableActions.map((a: any) => a.label)).toEqual(expect.arrayContaining(['现场调研', '会同市直有关部门核实', '确认建设单位']));
    expect(detail.body.data.timeline.at(-1)).toMatchObject({ action, opinion: `${label}：情况属实`, attachments: [{ name: `${label}记录.pdf` }] });
    // The chain goes on from there.
    expect((await staffAct(app, tokens.city, id, { action: 'confirm', version: after.version, opinion: '确认' })).status).toBe(200);
  });

  it('refuses without an opinion or files, to the district, and on every route spelling, changing nothing', async () => {
    const id = await atCityReview();
    const version = await currentVersion(app, id);
    const file = (await staffUpload(tokens.city, id, '调研.pdf')).body.data.id;
    const noOpinion = await staffAct(app, tokens.city, id, { action: 'site_visit', version, attachments: [{ id: file }] });
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body).toMatchObject({ data: null, error: { details: { field: 'opinion' }, message: expect.stringMatching(/意见/) } });
    const noFiles = await staffAct(app, tokens.city, id, { action: 'site_visit', version, opinion: '已调研' });
    expect(noFiles.status).toBe(400);
    expect(noFiles.body.error.details.field).toBe('attachments');
    const madeUp = await staffAct(app, tokens.city, id, { action: 'site_visit', version, opinion: '已调研', attachments: [{ id: 'made-up' }] });
    expect(madeUp.status).toBe(400);
    const district = await staffAct(app, tokens.district, id, { action: 'site_visit', version, opinion: '已调研', attachments: [{ id: file }] });
    expect(district.status).toBe(403);
    for (const path of singleVariants(`/shenbao/applications/${id}/transitions`)) {
      const response = await app.http().post(path).set('Authorization', `Bearer ${tokens.district}`).send({ action: 'verify_with_departments', version, opinion: '已核实', attachments: [{ id: file }] });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(await currentVersion(app, id)).toBe(version);
    expect((await records(id)).map((r: any) => r.action)).toEqual(['submit', 'recommend']);
  });

  it('two evidence records at once: one is taken, the other is told the application moved on', async () => {
    const id = await atCityReview();
    const version = await currentVersion(app, id);
    const [a, b] = await Promise.all(['甲', '乙'].map(async (n) => (await staffUpload(tokens.city, id, `${n}.pdf`)).body.data.id));
    const both = await Promise.all([a, b].map((file) => staffAct(app, tokens.city, id, { action: 'site_visit', version, opinion: '现场调研', attachments: [{ id: file }] })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('the completion materials', () => {
  const upload = (id: string, slot: string, name = 'a.pdf') => uploadVia(app, jwt)(id, slot, PDF, name);

  it('takes each item into its own slot and refuses the step naming every missing item', async () => {
    const id = await atConstruction();
    const plain = await upload(id, '__completion');
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toContain('建设投入专项审计报告');
    expect((await upload(id, '__completion.bogus')).status).toBe(400);
    const audit = await upload(id, '__completion.audit_report', '审计报告.pdf');
    expect(audit.status).toBe(200);
    const version = await currentVersion(app, id);
    const partial = await applicantStep(app, jwt, id, 'completion', { version, attachments: [{ id: audit.body.data.id }] });
    expect(partial.status).toBe(400);
    expect(partial.body.error).toMatchObject({
      message: '请上传「建设费用加计扣除优惠明细表」、「应用落地相关服务合同、发票、财务凭证」',
      details: { field: 'attachments', errors: [{ path: 'materials.deduction_sheet' }, { path: 'materials.contracts_invoices' }] },
    });
    const empty = await applicantStep(app, jwt, id, 'completion', { version, attachments: [] });
    expect(empty.body.error.message).toBe('请上传「建设投入专项审计报告」、「建设费用加计扣除优惠明细表」、「应用落地相关服务合同、发票、财务凭证」');
    expect((await row(id)).state).toBe('construction');
    const rest = [];
    for (const slot of ['__completion.deduction_sheet', '__completion.contracts_invoices', '__completion.compute_evidence']) rest.push((await upload(id, slot)).body.data.id);
    const done = await applicantStep(app, jwt, id, 'completion', { version, attachments: [{ id: audit.body.data.id }, ...rest.map((file) => ({ id: file }))] });
    expect(done.status).toBe(200);
    const last = (await records(id)).at(-1);
    expect(last.attachments.map((a: any) => a.material)).toEqual(['audit_report', 'deduction_sheet', 'contracts_invoices', 'compute_evidence']);
  });

  it('keeps one slot for applications pinned to version 2', async () => {
    // Version 2 as it was stored: no evidence records, 建设完成材料 in one slot.
    const v2: WorkflowDefinition = {
      ...DATASET_WORKFLOW,
      version: 2,
      stages: DATASET_WORKFLOW.stages.map((stage) => ({
        ...stage,
        actions: stage.actions.filter((a) => !a.effects?.includes('evidence')).map((a) => (a.requires?.materials ? { ...a, requires: { attachments: true } } : a)),
      })),
    };
    await app.strapi.documents('api::workflow.workflow').create({ data: { key: 'dataset', version: 2, name: v2.name, definition: v2 as any, lifecycle: 'active' } as any });
    const id = await atConstruction();
    await app.strapi.db.query(APPLICATION).updateMany({ where: { documentId: id }, data: { workflowVersion: 2 } });
    expect((await upload(id, '__completion.audit_report')).status).toBe(400);
    const file = await upload(id, '__completion', '完工报告.pdf');
    expect(file.status).toBe(200);
    const done = await applicantStep(app, jwt, id, 'completion', { version: await currentVersion(app, id), attachments: [{ id: file.body.data.id }] });
    expect(done.status).toBe(200);
    expect((await row(id)).state).toBe('evaluation');
  });
});
