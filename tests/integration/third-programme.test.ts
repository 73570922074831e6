import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, applicantStep, applicantToken, createApplication, currentVersion, seedDemo, recordPartyDecision, staffAct, staffToken } from '../harness/workflow';
import { adminToken } from '../harness/auth';

/**
 * A bureau adds a third programme (算力券, say) in the admin panel: a workflow definition, a
 * programme with its award rule and budget, and a call. No code changes; after the next restart
 * its stage actions are in the role editor and the seeded roles hold them.
 */
const WORKFLOW = {
  key: 'compute_voucher',
  version: 1,
  name: '算力券',
  initial: 'draft',
  stages: [
    { key: 'draft', label: '填报中', kind: 'applicant', actions: [{ key: 'submit', label: '提交申报', role: 'applicant', to: 'district_review', effects: ['submit'] }] },
    { key: 'returned', label: '退回补正', kind: 'applicant', actions: [{ key: 'resubmit', label: '重新提交', role: 'applicant', to: '@returned_from', effects: ['resubmit'] }] },
    {
      key: 'district_review',
      label: '区级初审',
      kind: 'review',
      actions: [
        { key: 'recommend', label: '推荐', role: 'district_reviewer', to: 'city_review', requires: { opinion: true } },
        { key: 'return', label: '退回补正', role: 'district_reviewer', to: 'returned', requires: { opinion: true, flaggedFields: true }, effects: ['return'] },
      ],
    },
    {
      key: 'city_review',
      label: '市级认定',
      kind: 'review',
      actions: [
        { key: 'recognise', label: '认定算力费用', role: 'city_reviewer', to: 'disbursement_plan', requires: { opinion: true, amount: true }, effects: ['recognise'] },
        { key: 'reject', label: '不予支持', role: 'city_reviewer', to: 'rejected', requires: { opinion: true } },
      ],
    },
    { key: 'disbursement_plan', label: '拨付计划', kind: 'finance', actions: [{ key: 'propose', label: '提出拨付建议', role: 'finance', to: 'party_group_review', requires: { opinion: true }, effects: ['plan_disbursement'] }] },
    { key: 'party_group_review', label: '党组研究', kind: 'finance', actions: [{ key: 'approve', label: '通过', role: 'finance', to: 'disbursed', requires: { decisionRecord: true } }] },
    { key: 'disbursed', label: '已拨付', kind: 'final', actions: [] },
    { key: 'rejected', label: '未通过', kind: 'terminal', actions: [] },
  ],
};

let app: TestApp;
let admin: string;
const cm = (uid: string, suffix = '') => `/content-manager/collection-types/${uid}${suffix}`;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  admin = await adminToken(app, 'admin@shenbao.local', PASSWORD);
});
afterAll(async () => {
  await app?.stop();
});

describe('a third programme configured in the admin panel', () => {
  it('refuses an invalid definition with messages that say what is wrong', async () => {
    const broken = { ...WORKFLOW, stages: WORKFLOW.stages.map((s) => (s.key === 'city_review' ? { ...s, actions: [{ ...s.actions[0], to: 'nowhere', role: 'mayor' }] } : s)) };
    const response = await app.http().post(cm('api::workflow.workflow')).set('Authorization', `Bearer ${admin}`).send({ key: 'compute_voucher', version: 1, name: '算力券', lifecycle: 'active', definition: broken });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('目标环节「nowhere」不存在');
    expect(response.body.error.message).toContain('未知的角色「mayor」');
    expect(await app.strapi.db.query('api::workflow.workflow').count({ where: { key: 'compute_voucher' } })).toBe(0);
  });

  it('runs an application through a chain added without code', async () => {
    const workflow = await app.http().post(cm('api::workflow.workflow')).set('Authorization', `Bearer ${admin}`).send({ key: 'compute_voucher', version: 1, name: '算力券', lifecycle: 'active', definition: WORKFLOW });
    expect(workflow.status).toBe(201);
    const program = await app.http().post(cm('api::program.program')).set('Authorization', `Bearer ${admin}`).send({
      key: 'compute_voucher', name: '算力券', baseDescription: '算力服务费用', ratioBp: 5000, capFen: '50000000', roundingMode: 'floor', capScope: 'per_project',
      ruleVersion: 'compute-2026', workflowKey: 'compute_voucher', publicityWorkingDays: 5, effectiveOn: '2026-01-01', annualBudgets: [{ year: new Date().getFullYear(), amountFen: '100000000' }],
    });
    expect(program.status).toBe(201);
    const day = 86_400_000;
    const call = await app.http().post(cm('api::task-spec.task-spec')).set('Authorization', `Bearer ${admin}`).send({
      title: '2026年度算力券申报通知', slug: 'compute-voucher-2026', kind: 'call', year: 2026, program: program.body.data.documentId,
      opensAt: new Date(Date.now() - day).toISOString(), closesAt: new Date(Date.now() + 30 * day).toISOString(), formVersion: 1, formDefinition: {},
    });
    expect(call.status).toBe(201);
    const published = await app.http().post(cm('api::task-spec.task-spec', `/${call.body.data.documentId}/actions/publish`)).set('Authorization', `Bearer ${admin}`).send({});
    expect(published.status).toBe(200);

    // New permission actions are registered when Strapi starts.
    await app.restart();
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'shenbao-city-reviewer' } });
    expect(await app.strapi.db.query('admin::permission').count({ where: { role: { id: role.id }, action: 'api::transition.compute-voucher.city-review.recognise' } })).toBe(1);

    const jwt = await applicantToken(app);
    const { documentId: id } = await createApplication(app, jwt, 'compute-voucher-2026');
    expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
    const act = async (who: string, body: object) => (await staffAct(app, await staffToken(app, `${who}@shenbao.local`), id, { version: await currentVersion(app, id), ...body })).body;
    expect(await act('district.reviewer', { action: 'recommend', opinion: '同意' })).toMatchObject({ data: { state: 'city_review' } });
    expect(await act('city.reviewer', { action: 'recognise', opinion: '认定', amountFen: 300_000_000 })).toMatchObject({ data: { state: 'disbursement_plan' } });
    expect(await act('finance', { action: 'propose', opinion: '建议拨付' })).toMatchObject({ data: { state: 'party_group_review' } });
    expect(await act('finance', { action: 'approve', decisionRecord: await recordPartyDecision(app, await staffToken(app, 'finance@shenbao.local'), '党组会议纪要〔2026〕31号') })).toMatchObject({ data: { state: 'disbursed' } });

    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } });
    expect(application).toMatchObject({ workflowKey: 'compute_voucher', workflowVersion: 1 });
    // 50% of 300万元 is 150万元, capped at the programme's 50万元
    expect(application.awardTrace).toMatchObject({ ratioBp: 5000, uncappedFen: 150_000_000, capFen: 50_000_000, awardFen: 50_000_000 });
  });

  it('freezes a definition once an application has pinned it', async () => {
    const stored = await app.strapi.db.query('api::workflow.workflow').findOne({ where: { key: 'compute_voucher', version: 1 } });
    const response = await app.http().put(cm('api::workflow.workflow', `/${stored.documentId}`)).set('Authorization', `Bearer ${admin}`).send({ definition: { ...WORKFLOW, name: '改名' } });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('请新建一个版本');
  });
});
