import path from 'path';
import awardVectors from '../../../shared/vectors/award.json';
import { ROOT, usePostgres } from '../harness/env';
import { PDF } from '../harness/fixtures';
import { TestApp, startStrapi } from '../harness/strapi';
import {
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  currentVersion,
  seedDemo,
  staffAct,
  staffToken,
  passPublicity,
  recordPartyDecision, seatPanel, submitCompletion } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));

let app: TestApp;
let jwt: string;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  for (const email of ['district.reviewer', 'city.reviewer', 'institution', 'expert', 'expert2', 'expert3', 'finance']) {
    tokens[email] = await staffToken(app, `${email}@shenbao.local`);
  }
});
afterAll(async () => {
  await app?.stop();
});

async function step(who: string, documentId: string, body: Record<string, unknown>, expectedState: string) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200, body: { data: { state: expectedState } } });
}

async function records(documentId: string) {
  const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
  return app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: application.id } }, orderBy: { seq: 'asc' } });
}

describe(`both approval chains on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('walks a dataset application from draft to disbursed (第九条)', async () => {
    const created = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect(created.state).toBe('draft');
    const submit = await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 });
    expect(submit.status).toBe(200);
    const id = created.documentId;
    await step('district.reviewer', id, { action: 'recommend', opinion: '材料齐全，同意推荐' }, 'city_review');
    await step('city.reviewer', id, { action: 'confirm', opinion: '确认为建设单位' }, 'entity_publicity');
    await passPublicity(app, id);
    const completion = await submitCompletion(app, jwt, id, '专项审计报告.pdf');
    expect(completion.body).toMatchObject({ data: { state: 'evaluation' } });
    await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] }, 'evaluation');
    await step('institution', id, { action: 'recognise', opinion: '经审计，认定建设投入', amountFen: 123_456_789, coiDeclared: true }, 'award_publicity');
    await passPublicity(app, id);
    await step('finance', id, { action: 'propose', opinion: '建议按认定金额拨付' }, 'party_group_review');
    const decision = await recordPartyDecision(app, tokens.finance, '市数据局党组会议纪要〔2026〕第12号');
    await step('finance', id, { action: 'approve', decisionRecord: decision }, 'payment');
    await step('finance', id, { action: 'pay', amountFen: 37_037_036, payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕001号' } }, 'disbursed');

    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } });
    expect(Number(application.awardFen)).toBe(37_037_036);
    expect(application.awardTrace).toMatchObject({ baseFen: 123_456_789, ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project', ruleVersion: 'wuhan-data-fund-2025-draft', awardFen: 37_037_036 });
    expect(application).toMatchObject({ workflowKey: 'dataset', workflowVersion: 3, formVersion: 1, serialNo: expect.stringMatching(/^SB\d{4}-\d{6}$/) });
    expect(application.formHash).toMatch(/^[0-9a-f]{64}$/);

    const chain = await records(id);
    expect(chain.map((r: any) => [r.seq, r.action, r.fromState, r.toState, r.actorRole])).toEqual([
      [1, 'submit', 'draft', 'district_review', 'applicant'],
      [2, 'recommend', 'district_review', 'city_review', 'district_reviewer'],
      [3, 'confirm', 'city_review', 'entity_publicity', 'city_reviewer'],
      [4, 'start_publicity', 'entity_publicity', 'entity_publicity', 'city_reviewer'],
      [5, 'publicity_passed', 'entity_publicity', 'construction', 'system'],
      [6, 'submit_completion', 'construction', 'evaluation', 'applicant'],
      [7, 'assign', 'evaluation', 'evaluation', 'city_reviewer'],
      [8, 'recognise', 'evaluation', 'award_publicity', 'institution'],
      [9, 'start_publicity', 'award_publicity', 'award_publicity', 'city_reviewer'],
      [10, 'publicity_passed', 'award_publicity', 'disbursement_plan', 'system'],
      [11, 'propose', 'disbursement_plan', 'party_group_review', 'finance'],
      [12, 'approve', 'party_group_review', 'payment', 'finance'],
      [13, 'pay', 'payment', 'disbursed', 'finance'],
    ]);
    expect(chain[1]).toMatchObject({ opinion: '材料齐全，同意推荐', actorDistrict: 'donghu_hitech' });
    expect(chain[7]).toMatchObject({ coiDeclared: true, actorInstitution: '演示会计师事务所' });
    expect(Number(chain[7].amountFen)).toBe(37_037_036);
    // The approval names the meeting, and the scanned minutes' hash is in the chain.
    expect(chain[11].opinion).toContain('党组会议集体研究通过（市数据局党组会议纪要〔2026〕第12号）');
    expect(chain[11].attachments).toEqual([{ id: expect.any(String), name: '党组会议纪要.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    chain.forEach((record: any, i: number) => {
      expect(record.prevHash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1].hash);
      expect(record.formHash).toBe(application.formHash);
    });

    const disbursements = await app.strapi.db.query('api::disbursement.disbursement').findMany({ where: { application: { id: application.id } }, orderBy: { id: 'asc' }, populate: ['partyDecision'] });
    expect(disbursements.map((d: any) => [d.kind, Number(d.amountFen)])).toEqual([['plan', 37_037_036], ['decision', 37_037_036], ['payment', 37_037_036]]);
    expect(disbursements[1].decisionRef).toBe('市数据局党组会议纪要〔2026〕第12号');
    expect(disbursements[1].partyDecision.documentId).toBe(decision);
    expect(disbursements[2]).toMatchObject({ voucherNo: '武数拨〔2026〕001号', paidOn: '2026-12-01' });
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
  });

  it('walks a data product application through the expert panel (第十条)', async () => {
    const { documentId: id } = await createApplication(app, jwt, 'data-product-2026');
    expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
    await step('district.reviewer', id, { action: 'recommend', opinion: '同意推荐' }, 'third_party_review');
    await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] }, 'third_party_review');
    await step('institution', id, { action: 'pass', opinion: '复核通过', coiDeclared: true }, 'expert_review');
    // The panel is drawn from the pool and each expert declares no conflict (tests/integration/desk-panel.test.ts tries the rest).
    const panel = await seatPanel(app, tokens['city.reviewer'], id);
    const [first, second, third] = Object.keys(panel);
    const scoreAs = async (email: string, scores: Record<string, number>) => {
      const response = await staffAct(app, panel[email], id, { action: 'score', version: await currentVersion(app, id), scores, opinion: '技术路线清晰，应用成效明显' });
      expect(response.status).toBe(200);
    };

    // The panel cannot be finalised early, and an expert sees no other expert's scores before scoring.
    await scoreAs(first, { innovation: 85, application: 88, compliance: 90 });
    const early = await staffAct(app, tokens['city.reviewer'], id, { version: await currentVersion(app, id), action: 'recognise', opinion: '认定', amountFen: 1_000_000_000 });
    expect(early.status).toBe(409);
    const beforeScoring = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${panel[second]}`);
    expect(beforeScoring.body.data.timeline.filter((r: any) => r.action === 'score').map((r: any) => r.scores)).toEqual([null]);
    await scoreAs(second, { innovation: 70, application: 75, compliance: 80 });
    const afterScoring = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${panel[second]}`);
    expect(afterScoring.body.data.timeline.filter((r: any) => r.action === 'score').every((r: any) => r.scores !== null)).toBe(true);
    await scoreAs(third, { innovation: 73, application: 81, compliance: 77 });

    await step('city.reviewer', id, { action: 'recognise', opinion: '专家评审通过', amountFen: awardVectors.cases[0].base_fen }, 'award_publicity');
    await passPublicity(app, id);
    await step('finance', id, { action: 'propose', opinion: '建议拨付' }, 'party_group_review');
    await step('finance', id, { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕13号') }, 'payment');
    await step('finance', id, { action: 'pay', amountFen: awardVectors.cases[0].award_fen, payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕002号' } }, 'disbursed');

    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } });
    expect(Number(application.awardFen)).toBe(awardVectors.cases[0].award_fen);
    expect(application.awardTrace.capApplied).toBe(true);
    const chain = await records(id);
    expect(chain.map((r: any) => r.action)).toEqual(['submit', 'recommend', 'assign', 'pass', 'assign', 'declare', 'declare', 'declare', 'score', 'score', 'score', 'recognise', 'start_publicity', 'publicity_passed', 'propose', 'approve', 'pay']);
    expect(chain.filter((r: any) => r.action === 'score').every((r: any) => r.coiDeclared && r.scores)).toBe(true);
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
  });

  it('returns an application for correction and resumes at the stage that returned it', async () => {
    const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    await applicantStep(app, jwt, id, 'submit', { version: 0 });
    await step('district.reviewer', id, { action: 'recommend', opinion: '同意' }, 'city_review');
    await step('city.reviewer', id, { action: 'return', opinion: '请补充纳税证明', flaggedFields: ['taxCertificate'] }, 'returned');

    const detail = await app.http().get(`/api/applications/${id}`).set('Authorization', `Bearer ${jwt}`);
    expect(detail.body.data).toMatchObject({ state: 'returned', returnFlaggedFields: ['taxCertificate'] });
    expect(detail.body.data.timeline.at(-1)).toMatchObject({ action: 'return', opinion: '请补充纳税证明', actorName: null });

    // Only the flagged field may change.
    const other = await app.http().put(`/api/applications/${id}`).set('Authorization', `Bearer ${jwt}`).send({ data: { answers: { projectName: '改名' } } });
    expect(other.status).toBe(403);
    // A made-up file is refused, naming the slot; a real one goes into the flagged slot only.
    const madeUp = await app.http().put(`/api/applications/${id}`).set('Authorization', `Bearer ${jwt}`).send({ data: { answers: { taxCertificate: ['tax-2'] } } });
    expect(madeUp.status).toBe(400);
    expect(madeUp.body.error).toMatchObject({ message: expect.stringContaining('「纳税证明」'), details: { code: 'foreign_attachment', field: 'answers.taxCertificate' } });
    const [oldFile] = (await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } })).answers.taxCertificate;
    const upload = (slot: string) => app.http().post(`/api/applications/${id}/files`).set('Authorization', `Bearer ${jwt}`).field('slot', slot).attach('file', PDF, '纳税证明.pdf');
    expect((await upload('licence')).status).toBe(403);
    const uploaded = await upload('taxCertificate');
    expect(uploaded.status).toBe(200);
    // The old file leaves the slot only when the applicant removes it.
    const removed = await app.http().delete(`/api/applications/${id}/files/${oldFile}`).set('Authorization', `Bearer ${jwt}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.answers).toMatchObject({ projectName: '示例项目', taxCertificate: [uploaded.body.data.id] });

    const resubmit = await applicantStep(app, jwt, id, 'resubmit', { version: await currentVersion(app, id) });
    expect(resubmit.body).toMatchObject({ data: { state: 'city_review' } });
    // The reviewer sees what changed between the two submissions, both frozen in the chain.
    const seen = await app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${tokens['city.reviewer']}`);
    expect(seen.body.data.answersDiff).toEqual([{ path: 'taxCertificate', label: '纳税证明', change: 'changed', before: [oldFile], after: [uploaded.body.data.id] }]);
    const submissions = (await records(id)).filter((r: any) => r.answers);
    expect(submissions.map((r: any) => r.action)).toEqual(['submit', 'resubmit']);
    expect(submissions[1].answersHash).toMatch(/^[0-9a-f]{64}$/);
    await step('city.reviewer', id, { action: 'reject', opinion: '不符合支持条件' }, 'rejected');
    expect((await applicantStep(app, jwt, id, 'resubmit', { version: await currentVersion(app, id) })).status).toBe(409);
  });

  it('refuses a disbursement plan beyond what is left of the year\'s budget', async () => {
    // Budget this year: 100万元. The first walk-through's payment (37,037,036 fen) counts against
    // it, so of two more awards of the same size only one fits.
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const program = await app.strapi.documents('api::program.program').findFirst({ filters: { key: 'dataset' } });
    await app.strapi.documents('api::program.program').update({ documentId: program!.documentId, data: { annualBudgets: [{ year, amountFen: 100_000_000 }] } as any });
    const toPlan = async () => {
      const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
      await applicantStep(app, jwt, id, 'submit', { version: 0 });
      await step('district.reviewer', id, { action: 'recommend', opinion: '同意' }, 'city_review');
      await step('city.reviewer', id, { action: 'confirm', opinion: '确认' }, 'entity_publicity');
      await passPublicity(app, id);
      await submitCompletion(app, jwt, id, 'a.pdf');
      await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] }, 'evaluation');
      await step('institution', id, { action: 'recognise', opinion: '认定', amountFen: 123_456_789, coiDeclared: true }, 'award_publicity');
      await passPublicity(app, id);
      return id;
    };
    const first = await toPlan();
    const second = await toPlan();
    await step('finance', first, { action: 'propose', opinion: '建议拨付' }, 'party_group_review');
    const refused = await staffAct(app, tokens.finance, second, { version: await currentVersion(app, second), action: 'propose', opinion: '建议拨付' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('超出该项目类别本年度剩余预算');
    // Sending the first plan back frees its share of the budget.
    await step('finance', first, { action: 'revise', opinion: '调整' }, 'disbursement_plan');
    await step('finance', second, { action: 'propose', opinion: '建议拨付' }, 'party_group_review');
  });

  it('lets the applicant withdraw a draft, and notifies the applicant of staff decisions after commit', async () => {
    const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, id, 'withdraw', { version: 0 })).body).toMatchObject({ data: { state: 'withdrawn' } });
    const edited = await app.http().put(`/api/applications/${id}`).set('Authorization', `Bearer ${jwt}`).send({ data: { title: '撤回后再改' } });
    expect(edited.status).toBe(409);
    expect(edited.body.error.message).toBe('申报已撤回，不能修改');
    // the earlier walks told the applicant of each step; its own withdrawal tells it nothing
    const notifications = await app.strapi.db.query('api::notification.notification').findMany({ where: { template: { $startsWith: 'application.' } } });
    expect(notifications.length).toBeGreaterThan(0);
    expect(await app.strapi.db.query('api::notification.notification').count({ where: { application: { documentId: id } } })).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pending = await app.strapi.db.query('api::notification.notification').count({ where: { delivery: { $in: ['queued', 'sending'] } } });
    expect(pending).toBe(0);
  });
});
