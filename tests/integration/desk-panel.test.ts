import path from 'path';
import { drawFrom } from '../../src/domain/panel-draw';
import { panelResult } from '../../src/domain/panel';
import { DATA_PRODUCT_WORKFLOW, DATA_PRODUCT_WORKFLOW_V2 } from '../../src/domain/workflow';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, createStaff, currentVersion, drawPanel, panelEmails, seedDemo, staffAct, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));

/**
 * Expert review as a panel (issue 21, part 3): the draw from the pool, declarations, recusal and
 * replacement, scores with opinions, blindness and the panel's figures, through the real routes.
 */
const RUBRIC = DATA_PRODUCT_WORKFLOW.stages.find((s) => s.key === 'expert_review')!.panel!.rubric;
const DEMO_USCC = '91420100MA4K12345K';
const POOL = ['expert', 'expert2', 'expert3', 'expert4'].map((e) => `${e}@shenbao.local`);

let app: TestApp;
let jwt: string;
const tokens: Record<string, string> = {};
const token = async (email: string) => (tokens[email] ??= await staffToken(app, email));

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  // An expert of the right field who declared the demo applicant as a related party: never drawn for it.
  await createStaff(app, 'related.expert@shenbao.local', 'shenbao-expert', { role: 'expert', expertField: 'data_products', relatedUsccs: [DEMO_USCC] });
});
afterAll(async () => {
  await app?.stop();
});

const detail = async (who: string, id: string) => app.http().get(`/shenbao/applications/${id}`).set('Authorization', `Bearer ${await token(who)}`);
const act = async (who: string, id: string, body: Record<string, unknown>) => staffAct(app, await token(who), id, { version: await currentVersion(app, id), ...body });
const chain = async (id: string) => {
  const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } });
  return app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: application.id } }, orderBy: { seq: 'asc' } });
};
const idsOf = async (emails: string[]) => Promise.all(emails.map(async (e) => String(await adminUserId(app, e))));

/** A data product application waiting for its panel. */
async function atPanel() {
  const { documentId: id } = await createApplication(app, jwt, 'data-product-2026');
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  expect((await act('district.reviewer@shenbao.local', id, { action: 'recommend', opinion: '同意推荐' })).status).toBe(200);
  expect((await act('city.reviewer@shenbao.local', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] })).status).toBe(200);
  expect((await act('institution@shenbao.local', id, { action: 'pass', opinion: '复核通过', coiDeclared: true })).status).toBe(200);
  return id;
}

/** Asks, and checks the refusal changed nothing: same version, same records. */
async function refused(who: string, id: string, body: Record<string, unknown>, status: number, message: RegExp) {
  const before = { version: await currentVersion(app, id), records: (await chain(id)).length };
  const response = await act(who, id, body);
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { data: null, error: { status, message: expect.stringMatching(message) } } });
  expect({ version: await currentVersion(app, id), records: (await chain(id)).length }).toEqual(before);
  return response;
}

describe('the draw', () => {
  it('refuses a missing field, a bad size and too small a pool, in Chinese, changing nothing', async () => {
    const id = await atPanel();
    const city = 'city.reviewer@shenbao.local';
    await refused(city, id, { action: 'assign', panelSize: 3 }, 400, /专业领域/);
    await refused(city, id, { action: 'assign', field: 'data_products', panelSize: 0 }, 400, /抽取人数/);
    await refused(city, id, { action: 'assign', field: 'data_products', panelSize: '3' }, 400, /抽取人数/);
    // Four of the pool may be drawn for the demo applicant: not its own employee (expert6), not the related expert, not the other field (expert5).
    await refused(city, id, { action: 'assign', field: 'data_products', panelSize: 5 }, 409, /「数据产品与应用」领域可抽取的专家不足：需要5名，符合条件的仅4名/);
    await refused(city, id, { action: 'assign', field: 'artificial_intelligence', panelSize: 1 }, 409, /「人工智能」领域可抽取的专家不足/);
    // hand-picking is no longer how a panel is made
    await refused(city, id, { action: 'assign', assignees: [await adminUserId(app, 'expert5@shenbao.local')] }, 400, /专业领域/);
  });

  it('draws from the field, leaves out related and same-organisation experts, and records pool, seed and result', async () => {
    const id = await atPanel();
    const drawn = await drawPanel(app, await token('city.reviewer@shenbao.local'), id);
    expect(drawn).toHaveLength(3);
    const records = await chain(id);
    const draw = records[records.length - 1];
    expect(draw).toMatchObject({ action: 'assign', actorRole: 'city_reviewer', subject: { kind: 'panel_draw', field: 'data_products', panelSize: 3 } });
    expect([...draw.subject.pool].sort()).toEqual((await idsOf(POOL)).sort());
    const excluded = Object.fromEntries(draw.subject.excluded.map((e: any) => [e.id, e.reason]));
    expect(excluded[String(await adminUserId(app, 'expert6@shenbao.local'))]).toBe('same_organisation');
    expect(excluded[String(await adminUserId(app, 'related.expert@shenbao.local'))]).toBe('related');
    expect(excluded[String(await adminUserId(app, 'expert5@shenbao.local'))]).toBe('other_field');
    // reproducible from the record alone
    expect(draw.subject.drawn).toEqual(drawFrom(draw.subject.pool, draw.subject.seed, 3));
    expect(draw.subject.drawn).toEqual(await idsOf(drawn));
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });

    // The desk shows the draw in Chinese; each expert drawn has an assignment and sees the application.
    const seen = (await detail('city.reviewer@shenbao.local', id)).body.data.panel;
    expect(seen.draws).toEqual([expect.objectContaining({ kind: 'draw', fieldLabel: '数据产品与应用', poolSize: 4, seed: draw.subject.seed, drawnNames: draw.subject.drawnNames })]);
    expect(seen.draws[0].excluded.map((e: any) => e.label).sort()).toEqual(['专业领域不符', '与申报单位为同一单位', '与申报单位存在关联关系'].sort());
    expect(seen.members.map((m: any) => m.declaration)).toEqual(['pending', 'pending', 'pending']);
    for (const email of drawn) expect((await detail(email, id)).body.data.availableActions.map((a: any) => a.key)).toEqual(['declare']);
    const notDrawn = POOL.find((e) => !drawn.includes(e))!;
    expect((await detail(notDrawn, id)).status).toBe(404);
  });
});

describe('declarations, recusal and replacement', () => {
  it('recuses an expert who declares a conflict and draws a replacement, both recorded', async () => {
    const id = await atPanel();
    const drawn = await drawPanel(app, await token('city.reviewer@shenbao.local'), id);
    const [conflicted] = drawn;
    const spare = POOL.find((e) => !drawn.includes(e))!;
    await refused(conflicted, id, { action: 'declare' }, 400, /利益冲突声明/);
    await refused(conflicted, id, { action: 'declare', hasConflict: true }, 400, /利益冲突情况说明/);
    await refused(conflicted, id, { action: 'score', scores: { innovation: 80, application: 80, compliance: 80 }, opinion: '好' }, 409, /利益冲突声明/);
    // an expert not on the panel cannot declare, for itself or naming another
    await refused(spare, id, { action: 'declare', hasConflict: false }, 404, /无权查看/);
    await refused('expert5@shenbao.local', id, { action: 'declare', hasConflict: true, opinion: '代为声明', actorId: String(await adminUserId(app, conflicted)) }, 404, /无权查看/);

    expect((await act(conflicted, id, { action: 'declare', hasConflict: true, opinion: '本人曾为申报单位提供技术咨询' })).status).toBe(200);
    const records = await chain(id);
    const [declaration, replacement] = records.slice(-2);
    expect(declaration).toMatchObject({ action: 'declare', actorId: String(await adminUserId(app, conflicted)), opinion: '本人曾为申报单位提供技术咨询', subject: { kind: 'interest_declaration', hasConflict: true } });
    expect(replacement).toMatchObject({ action: 'panel_replacement', actorType: 'system', seq: declaration.seq + 1, subject: { kind: 'panel_replacement', recused: String(await adminUserId(app, conflicted)), field: 'data_products' } });
    expect(replacement.subject.pool).toEqual(await idsOf([spare]));
    expect(replacement.subject.drawn).toEqual(drawFrom(replacement.subject.pool, replacement.subject.seed, 1));
    expect(await panelEmails(app, id)).toEqual([...drawn.slice(1), spare]);
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
    // the recused expert's assignment has ended
    expect((await detail(conflicted, id)).status).toBe(404);
    const rows = await app.strapi.db.query('api::assignment.assignment').findMany({ where: { role: 'expert', applicationRowId: (await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } })).id } });
    expect(rows.map((r: any) => String(r.adminUserId)).sort()).toEqual((await idsOf([...drawn.slice(1), spare])).sort());

    const seen = (await detail('city.reviewer@shenbao.local', id)).body.data.panel;
    expect(seen.draws.map((d: any) => d.kind)).toEqual(['draw', 'replacement']);
    expect(seen.draws[1]).toMatchObject({ recusedName: declaration.actorName, poolSize: 1 });
    expect(seen.members.find((m: any) => m.declaration === 'conflict')).toMatchObject({ name: declaration.actorName, conflictNote: '本人曾为申报单位提供技术咨询' });

    // A second declaration by the same expert is refused; an empty pool recuses without a replacement.
    const [second] = drawn.slice(1);
    expect((await act(second, id, { action: 'declare', hasConflict: false })).status).toBe(200);
    await refused(second, id, { action: 'declare', hasConflict: true, opinion: '改口' }, 409, /已就本申报作出利益冲突声明/);
    expect((await act(spare, id, { action: 'declare', hasConflict: true, opinion: '系申报单位股东' })).status).toBe(200);
    const last = (await chain(id)).slice(-1)[0];
    expect(last).toMatchObject({ action: 'panel_replacement', subject: { drawn: [] }, opinion: expect.stringContaining('没有符合条件的替补专家') });
    await refused('city.reviewer@shenbao.local', id, { action: 'assign', field: 'data_products', panelSize: 1 }, 409, /仅0名/);
  });

  it('lets only one of two experts racing their declarations through on the same version', async () => {
    const id = await atPanel();
    const drawn = await drawPanel(app, await token('city.reviewer@shenbao.local'), id);
    const version = await currentVersion(app, id);
    const responses = await Promise.all(
      drawn.slice(0, 2).map(async (email) => staffAct(app, await token(email), id, { version, action: 'declare', hasConflict: true, opinion: '存在利益冲突' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const panel = await panelEmails(app, id);
    expect(panel).toHaveLength(3);
    expect(new Set(panel).size).toBe(3);
    // the same expert declaring twice at once: once
    const third = drawn[2];
    const again = await currentVersion(app, id);
    const twice = await Promise.all([0, 1].map(async () => staffAct(app, await token(third), id, { version: again, action: 'declare', hasConflict: false })));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const thirdId = String(await adminUserId(app, third));
    expect((await chain(id)).filter((r: any) => r.action === 'declare' && r.actorId === thirdId)).toHaveLength(1);
  });
});

describe('scoring', () => {
  it('requires the 评审意见, keeps scores blind until the expert has scored, and gives the panel result', async () => {
    const id = await atPanel();
    const drawn = await drawPanel(app, await token('city.reviewer@shenbao.local'), id);
    for (const email of drawn) expect((await act(email, id, { action: 'declare', hasConflict: false })).status).toBe(200);
    const [a, b, c] = drawn;
    const sheets: Record<string, Record<string, number>> = {
      [a]: { innovation: 80, application: 90, compliance: 70 },
      [b]: { innovation: 60, application: 70, compliance: 65 },
      [c]: { innovation: 91, application: 88, compliance: 77 },
    };
    await refused(a, id, { action: 'score', scores: sheets[a] }, 400, /评审意见/);
    await refused(a, id, { action: 'score', scores: sheets[a], opinion: '   ' }, 400, /评审意见/);
    await refused(a, id, { action: 'score', scores: { ...sheets[a], innovation: 101 }, opinion: '好' }, 400, /技术先进性与创新性」应为 0 到 100/);
    expect((await act(a, id, { action: 'score', scores: sheets[a], opinion: '创新性突出' })).status).toBe(200);

    // b has not scored: a's scores, opinion and the result are hidden from it
    const blind = (await detail(b, id)).body.data;
    const scoreRow = blind.timeline.find((r: any) => r.action === 'score');
    expect(scoreRow).toMatchObject({ scores: null, opinion: null });
    expect(blind.panel.scores).toEqual([expect.objectContaining({ hidden: true, items: null, total: null, opinion: null })]);
    expect(blind.panel.result).toBeNull();
    // a sees its own
    expect((await detail(a, id)).body.data.panel.scores[0]).toMatchObject({ hidden: false, total: 81, opinion: '创新性突出' });

    expect((await act(b, id, { action: 'score', scores: sheets[b], opinion: '应用场景有限' })).status).toBe(200);
    const open = (await detail(b, id)).body.data;
    expect(open.panel.scores.every((s: any) => !s.hidden && s.items && s.opinion)).toBe(true);
    await refused(b, id, { action: 'score', scores: sheets[b], opinion: '再评' }, 409, /已提交过评分/);
    await refused('city.reviewer@shenbao.local', id, { action: 'recognise', opinion: '认定', amountFen: 100_000_000 }, 409, /需要3位专家评分，已有2位/);
    expect((await act(c, id, { action: 'score', scores: sheets[c], opinion: '数据合规措施完备' })).status).toBe(200);

    const city = (await detail('city.reviewer@shenbao.local', id)).body.data.panel;
    expect(city.rubric.map((r: any) => [r.label, r.weight])).toEqual([['技术先进性与创新性', 30], ['应用成效与推广价值', 40], ['数据安全与合规', 30]]);
    expect(city.scores.map((s: any) => s.total)).toEqual([81, 65.5, 85.6]);
    expect(city.scores[0].items.map((i: any) => [i.label, i.score])).toEqual([['技术先进性与创新性', 80], ['应用成效与推广价值', 90], ['数据安全与合规', 70]]);
    const expected = panelResult(RUBRIC, drawn.map((e) => ({ expertId: e, scores: sheets[e] })));
    expect(city.result).toEqual({ count: 3, average: expected.average, spread: expected.spread, highest: 85.6, lowest: 65.5 });
    expect(city.result).toMatchObject({ average: 77.37, spread: 20.1 });
    // the applicant sees no scores
    expect((await act('city.reviewer@shenbao.local', id, { action: 'recognise', opinion: '专家评审通过', amountFen: 100_000_000 })).status).toBe(200);
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
  });
});

describe('an application pinned to version 2 of the chain', () => {
  it('keeps its hand-picked panel, the tick declaration and scores without opinion', async () => {
    // Version 2 as an existing database stores it, and an application submitted under it.
    await app.strapi.documents('api::workflow.workflow').create({
      data: { key: 'data_product', version: 2, name: DATA_PRODUCT_WORKFLOW_V2.name, definition: DATA_PRODUCT_WORKFLOW_V2, lifecycle: 'active' } as any,
    });
    const id = await atPanel();
    await app.strapi.db.query('api::application.application').updateMany({ where: { documentId: id }, data: { workflowVersion: 2 } });
    const experts = ['expert', 'expert2', 'expert3'].map((e) => `${e}@shenbao.local`);
    expect((await act('city.reviewer@shenbao.local', id, { action: 'assign', assignees: await Promise.all(experts.map((e) => adminUserId(app, e))) })).status).toBe(200);
    expect((await detail(experts[0], id)).body.data.availableActions.map((a: any) => a.key)).toEqual(['score']);
    for (const email of experts) {
      const response = await act(email, id, { action: 'score', scores: { innovation: 25, application: 35, compliance: 28 }, coiDeclared: true });
      expect(response.status).toBe(200);
    }
    // the desk reads its scores by v2's rubric: points, no weights, out of 100
    const panel = (await detail('city.reviewer@shenbao.local', id)).body.data.panel;
    expect(panel).toMatchObject({ maxTotal: 100, result: { count: 3, average: 88, spread: 0 } });
    expect((await act('city.reviewer@shenbao.local', id, { action: 'recognise', opinion: '专家评审通过', amountFen: 100_000_000 })).body).toMatchObject({ data: { state: 'award_publicity' } });
    const records = await chain(id);
    expect(records.filter((r: any) => r.action === 'score').every((r: any) => r.workflowVersion === 2 && r.coiDeclared)).toBe(true);
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
  });
});
