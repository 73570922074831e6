import { usePostgres } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, createStaff, seedDemo, staffAct, staffToken } from '../harness/workflow';

let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

it(`lets only one of two staff members approve the same application at once (${usePostgres() ? 'PostgreSQL' : 'SQLite'})`, async () => {
  const jwt = await applicantToken(app);
  const first = await staffToken(app, 'district.reviewer@shenbao.local');
  const second = (await createStaff(app, 'colleague@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: 'donghu_hitech' })).token;
  for (let round = 0; round < 5; round += 1) {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    const body = { action: 'recommend', version: 1, opinion: '同意' };
    const results = await Promise.all([staffAct(app, first, documentId, body), staffAct(app, second, documentId, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error).toMatchObject({ status: 409, name: 'ConflictError', message: expect.stringContaining('已被他人处理') });
    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
    expect(application).toMatchObject({ state: 'city_review', version: 2 });
    expect(await app.strapi.db.query('api::review-record.review-record').count({ where: { application: { id: application.id } } })).toBe(2);
  }
});
