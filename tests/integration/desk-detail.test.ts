import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, seedDemo, staffAct, staffToken } from '../harness/workflow';

/**
 * What the admin desk reads from the staff detail besides the application itself: the
 * eligibility snapshot taken at submission, the attached files, the programme's award rule, the
 * workflow's stages with the panel rubric, and whom an assign action may name.
 */
let app: TestApp;
let jwt: string;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  for (const email of ['district.reviewer', 'city.reviewer']) tokens[email] = await staffToken(app, `${email}@shenbao.local`);
});
afterAll(async () => {
  await app?.stop();
});

const detail = (who: string, documentId: string) => app.http().get(`/shenbao/applications/${documentId}`).set('Authorization', `Bearer ${tokens[who]}`);

it('gives the desk the eligibility snapshot, the award rule and the stages with their rubric', async () => {
  const created = await createApplication(app, jwt, 'data-product-2026');
  expect((await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 })).status).toBe(200);
  const response = await detail('district.reviewer', created.documentId);
  expect(response.status).toBe(200);
  const data = response.body.data;
  expect(data.eligibility).toMatchObject({ usccValid: true, creditListings: [] });
  expect(typeof data.eligibility.creditCheckedAt).toBe('string');
  expect(data.program).toMatchObject({ key: 'data_product', ratioBp: 3000, capFen: 200_000_000, rounding: 'floor', capScope: 'per_project' });
  expect(Array.isArray(data.files)).toBe(true);
  const expertStage = data.workflow.stages.find((s: { key: string }) => s.key === 'expert_review');
  // each item scored 0–100 and weighted (version 3 of the chain)
  expect(expertStage.panel.rubric.map((r: { key: string; max: number; weight: number }) => [r.key, r.max, r.weight])).toEqual([
    ['innovation', 100, 30],
    ['application', 100, 40],
    ['compliance', 100, 30],
  ]);
  expect(data.workflow.stages.find((s: { key: string }) => s.key === 'district_review').timeLimitWorkingDays).toBe(10);
  // the district reviewer has no assign action, so no candidates
  expect(data.assigneeCandidates).toEqual([]);
});

it('lists the institutions the city reviewer may assign, by admin user id', async () => {
  const created = await createApplication(app, jwt, 'data-product-2026');
  const id = created.documentId;
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  expect((await staffAct(app, tokens['district.reviewer'], id, { version: await currentVersion(app, id), action: 'recommend', opinion: '同意推荐' })).status).toBe(200);
  const data = (await detail('city.reviewer', id)).body.data;
  expect(data.availableActions.map((a: { key: string }) => a.key)).toContain('assign');
  const institution = await adminUserId(app, 'institution@shenbao.local');
  expect(data.assigneeCandidates).toEqual([{ id: institution, name: expect.any(String), role: 'institution', institution: '演示会计师事务所' }]);
  // and the candidate's id is what the assign action takes
  const assigned = await staffAct(app, tokens['city.reviewer'], id, { version: await currentVersion(app, id), action: 'assign', assignees: [data.assigneeCandidates[0].id] });
  expect(assigned.status).toBe(200);
});

it('remembers each staff member\'s conflict-of-interest declaration on the application, and only its own', async () => {
  const created = await createApplication(app, jwt, 'dataset-2025-batch-1');
  const id = created.documentId;
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  expect((await detail('district.reviewer', id)).body.data.coiDeclared).toBe(false);
  // a step without the declaration does not count as one
  expect((await staffAct(app, tokens['district.reviewer'], id, { version: await currentVersion(app, id), action: 'recommend', opinion: '同意推荐' })).status).toBe(200);
  expect((await detail('district.reviewer', id)).body.data.coiDeclared).toBe(false);
  expect((await staffAct(app, tokens['city.reviewer'], id, { version: await currentVersion(app, id), action: 'confirm', opinion: '确认', coiDeclared: true })).status).toBe(200);
  expect((await detail('city.reviewer', id)).body.data.coiDeclared).toBe(true);
  expect((await detail('district.reviewer', id)).body.data.coiDeclared).toBe(false);
});
