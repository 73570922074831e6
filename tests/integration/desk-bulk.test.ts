import { loadCalendar } from '../../src/api/application/support/scope';
import { shanghaiDate, startOfShanghaiDay } from '../../src/domain/time';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, seedDemo, staffAct, staffToken, endPublicity, passPublicity, submitCompletion } from '../harness/workflow';

/** Bulk actions: through the transition service, one review record per application, all or nothing. */
let app: TestApp;
let jwt: string;
const tokens: Record<string, string> = {};
const ids: string[] = [];
let entityBatch: string;
const APPLICATION = 'api::application.application';

const bulk = (who: string, body: Record<string, unknown>) => app.http().post('/shenbao/bulk/transitions').set('Authorization', `Bearer ${tokens[who]}`).send(body);
const publicity = (who: string, body: Record<string, unknown>) => app.http().post('/shenbao/bulk/publicity').set('Authorization', `Bearer ${tokens[who]}`).send(body);
const picked = async (...documentIds: string[]) => Promise.all(documentIds.map(async (documentId) => ({ documentId, version: await currentVersion(app, documentId) })));
const stateOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).state;
async function recordCount(documentId: string) {
  const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
  return app.strapi.db.query('api::review-record.review-record').count({ where: { application: { id: row.id } } });
}
async function step(who: string, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}
async function setBudget(amountFen: number) {
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::program.program').update({ documentId: program.documentId, data: { annualBudgets: [{ year: Number(shanghaiDate(new Date()).slice(0, 4)), amountFen: String(amountFen) }] } as any });
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'expert', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  for (let i = 0; i < 4; i += 1) {
    const created = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 })).status).toBe(200);
    ids.push(created.documentId);
  }
});
afterAll(async () => {
  await app?.stop();
});

describe('POST /shenbao/bulk/transitions', () => {
  it('recommends several applications, one review record each', async () => {
    const response = await bulk('district.reviewer', { action: 'recommend', opinion: '材料齐全，同意推荐', applications: await picked(ids[0], ids[1]) });
    expect(response.status).toBe(200);
    expect(response.body.data.results.map((r: any) => [r.documentId, r.state])).toEqual([
      [ids[0], 'city_review'],
      [ids[1], 'city_review'],
    ]);
    expect(await recordCount(ids[0])).toBe(2);
    expect(await recordCount(ids[1])).toBe(2);
  });

  it('changes nothing when one of them is refused (rollback)', async () => {
    const [first] = await picked(ids[2]);
    const response = await bulk('district.reviewer', { action: 'recommend', opinion: '同意', applications: [first, { documentId: ids[3], version: 99 }] });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('全部未办理');
    expect(response.body.error.details).toMatchObject({ code: 'stale_version', documentId: ids[3] });
    expect(await stateOf(ids[2])).toBe('district_review');
    expect(await currentVersion(app, ids[2])).toBe(first.version);
    expect(await recordCount(ids[2])).toBe(1);
  });

  it('refuses a role without the stage permission, and bad input naming the field', async () => {
    const expert = await bulk('expert', { action: 'recommend', opinion: '同意', applications: await picked(ids[2]) });
    expect(expert.status).toBe(403);
    expect(await stateOf(ids[2])).toBe('district_review');
    const none = await bulk('district.reviewer', { action: 'recommend', opinion: '同意', applications: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.details.field).toBe('applications');
    const noVersion = await bulk('district.reviewer', { action: 'recommend', opinion: '同意', applications: [{ documentId: ids[2] }] });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.details.field).toBe('applications[0]');
    const noAction = await bulk('district.reviewer', { applications: await picked(ids[2]) });
    expect(noAction.body.error.details.field).toBe('action');
    const noOpinion = await bulk('district.reviewer', { action: 'recommend', applications: await picked(ids[2]) });
    expect(noOpinion.status).toBe(400);
    expect(await recordCount(ids[2])).toBe(1);
  });
});

describe('POST /shenbao/bulk/publicity', () => {
  it('starts an entity 公示 for applications in that stage, with a snapshot of public fields only', async () => {
    const confirmed = await bulk('city.reviewer', { action: 'confirm', opinion: '确认为建设单位', applications: await picked(ids[0], ids[1]) });
    expect(confirmed.status).toBe(200);
    const response = await publicity('city.reviewer', { kind: 'entity_publicity', applications: [ids[0], ids[1]] });
    expect(response.status).toBe(200);
    const { data } = response.body;
    expect(data.workingDays).toBe(5);
    // five working days counting the day it starts, ending at the start of the next Shanghai day
    const calendar = await loadCalendar(app.strapi);
    const endsAt = new Date(data.endsAt);
    const lastDay = shanghaiDate(new Date(endsAt.getTime() - 1));
    expect(startOfShanghaiDay(shanghaiDate(endsAt)).getTime()).toBe(endsAt.getTime());
    expect(calendar.countWorkingDays(shanghaiDate(data.startsAt), lastDay)).toBe(5);
    expect(calendar.isWorkingDay(lastDay)).toBe(true);
    expect(data.snapshot.columns.map((c: any) => c.key)).toEqual(['serialNo', 'title', 'organizationName', 'districtName']);
    expect(data.snapshot.rows[0]).toEqual({ serialNo: expect.stringMatching(/^SB/), title: '示例项目', organizationName: '武汉光谷智数科技有限公司（演示）', districtName: expect.any(String) });
    const stored = await app.strapi.db.query('api::publicity.publicity').findOne({ where: { documentId: data.documentId }, populate: ['applications'] });
    expect(stored).toMatchObject({ kind: 'entity_publicity', phase: 'open', workingDays: 5 });
    expect(stored.applications.map((a: any) => a.documentId).sort()).toEqual([ids[0], ids[1]].sort());
    entityBatch = data.documentId;
    for (const id of [ids[0], ids[1]]) {
      const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: id } });
      const last = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { id: row.id } }, orderBy: { seq: 'desc' } });
      expect(last).toMatchObject({ action: 'start_publicity', fromState: 'entity_publicity', toState: 'entity_publicity', actorRole: 'city_reviewer' });
      expect(last.opinion).toContain('建设单位公示');
      expect(last.opinion).toContain('5个工作日');
    }
  });

  it('refuses the wrong stage, a second batch, other roles and bad input', async () => {
    const wrongKind = await publicity('city.reviewer', { kind: 'award_publicity', applications: [ids[0]] });
    expect(wrongKind.status).toBe(409);
    expect(wrongKind.body.error.details.code).toBe('wrong_stage');
    expect((await publicity('city.reviewer', { kind: 'entity_publicity', applications: [ids[0], ids[2]] })).status).toBe(409);
    expect((await publicity('city.reviewer', { kind: 'entity_publicity', applications: [ids[0]] })).body.error.details.code).toBe('publicity_started');
    const backdated = await publicity('city.reviewer', { kind: 'entity_publicity', applications: [ids[0]], startsAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(backdated.status).toBe(400);
    expect(backdated.body.error.details.field).toBe('startsAt');
    expect((await publicity('district.reviewer', { kind: 'entity_publicity', applications: [ids[0]] })).status).toBe(403);
    const kind = await publicity('city.reviewer', { kind: 'other', applications: [ids[0]] });
    expect(kind.status).toBe(400);
    expect(kind.body.error.details.field).toBe('kind');
    expect((await publicity('city.reviewer', { kind: 'entity_publicity', applications: [ids[0]], workingDays: 0 })).body.error.details.field).toBe('workingDays');
    expect(await app.strapi.db.query('api::publicity.publicity').count()).toBe(1);
  });
});

describe('a disbursement plan proposed in bulk', () => {
  beforeAll(async () => {
    await endPublicity(app, entityBatch);
    expect(await (app.strapi.service('api::publicity.publicity') as any).closeDue()).toEqual({ closed: 1, advanced: 2, held: 0 });
    for (const id of [ids[0], ids[1]]) {
      const completion = await submitCompletion(app, jwt, id, '专项审计报告.pdf');
      expect(completion.status).toBe(200);
      await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
      await step('institution', id, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    }
    await passPublicity(app, ids[0], ids[1]);
    expect([await stateOf(ids[0]), await stateOf(ids[1])]).toEqual(['disbursement_plan', 'disbursement_plan']);
  });

  const preview = (who: string, applications: string) => app.http().get('/shenbao/budget/preview').query({ applications }).set('Authorization', `Bearer ${tokens[who]}`);

  it('previews the budget before anything is committed: the year, what remains, the plan, and after', async () => {
    await setBudget(50_000_000);
    const response = await preview('finance', `${ids[0]},${ids[1]}`);
    expect(response.status).toBe(200);
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    expect(response.body.data.budgets).toEqual([{ programKey: 'dataset', name: expect.stringContaining('高质量数据集'), year, budgetFen: 50_000_000, count: 2, totalFen: 60_000_000, remainingFen: 50_000_000, afterFen: -10_000_000 }]);
    // read-only: nothing planned, nothing moved
    expect(await app.strapi.db.query('api::disbursement.disbursement').count({ where: { kind: 'plan' } })).toBe(0);
    expect(await stateOf(ids[0])).toBe('disbursement_plan');
  });

  it('previews only for finance, only its stage, and refuses a bad selection in Chinese', async () => {
    for (const who of ['district.reviewer', 'city.reviewer', 'expert']) {
      const refused = await preview(who, ids[0]);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ data: null, error: { status: 403 } });
    }
    const wrongStage = await preview('finance', ids[2]);
    expect(wrongStage.status).toBe(409);
    expect(wrongStage.body.error.message).toContain('拟定拨付计划');
    expect((await preview('finance', 'nope')).status).toBe(404);
    const empty = await preview('finance', '');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await preview('finance', `${ids[0]},${ids[0]}`)).status).toBe(400);
  });

  it('is refused over the remaining budget, naming the programme, with the total and the remainder', async () => {
    await setBudget(50_000_000); // two awards of 30万元 each against 50万元
    const response = await bulk('finance', { action: 'propose', opinion: '建议拨付', applications: await picked(ids[0], ids[1]) });
    expect(response.status).toBe(409);
    expect(response.body.error.details).toMatchObject({ code: 'budget_exceeded', budget: { programKey: 'dataset', totalFen: 60_000_000, remainingFen: 50_000_000 } });
    expect(response.body.error.message).toContain('高质量数据集');
    expect(response.body.error.message).toContain('预算剩余500,000.00元，本次拨付计划合计600,000.00元，超出100,000.00元');
    expect(await stateOf(ids[0])).toBe('disbursement_plan');
    expect(await stateOf(ids[1])).toBe('disbursement_plan');
  });

  it('goes through within the budget and answers the total and what remained', async () => {
    await setBudget(3_000_000_000);
    const response = await bulk('finance', { action: 'propose', opinion: '建议拨付', applications: await picked(ids[0], ids[1]) });
    expect(response.status).toBe(200);
    expect(response.body.data.budgets).toEqual([expect.objectContaining({ programKey: 'dataset', totalFen: 60_000_000, remainingFen: 3_000_000_000 })]);
    expect(await stateOf(ids[0])).toBe('party_group_review');
    const plans = await app.strapi.db.query('api::disbursement.disbursement').count({ where: { kind: 'plan' } });
    expect(plans).toBe(2);
  });
});
