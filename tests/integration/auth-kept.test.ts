import { TestApp, startStrapi } from '../harness/strapi';
import { applicantToken, seedDemo, staffToken } from '../harness/workflow';

/**
 * The login checks keep a role's permissions for a few seconds per process (docs/performance.md,
 * fix 19). A permission taken away on this process must bite on the very next request, and an
 * account switched off at once, whatever is kept.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('an applicant, through users-permissions', () => {
  const PERMISSION = 'plugin::users-permissions.permission';
  const list = (jwt: string) => app.http().get('/api/applications').set('Authorization', `Bearer ${jwt}`);

  it('loses a permission taken from the role on the very next request, and gets it back likewise', async () => {
    const jwt = await applicantToken(app);
    const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const where = { action: 'api::application.application.find', role: { id: role.id } };
    expect((await list(jwt)).status).toBe(200);
    await app.strapi.db.query(PERMISSION).delete({ where });
    const refused = await list(jwt);
    expect(refused.status).toBe(403);
    expect(refused.body.error.status).toBe(403);
    await app.strapi.db.query(PERMISSION).create({ data: { action: 'api::application.application.find', role: role.id } });
    expect((await list(jwt)).status).toBe(200);
  });

  it('is refused at once when blocked, with a token issued before, which stays refused after unblocking (the block ended its session)', async () => {
    const jwt = await applicantToken(app);
    expect((await list(jwt)).status).toBe(200);
    const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'applicant@shenbao.local' } });
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { blocked: true } });
    try {
      expect((await list(jwt)).status).toBe(401);
    } finally {
      await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { blocked: false } });
    }
    expect((await list(jwt)).status).toBe(401);
    expect((await list(await applicantToken(app))).status).toBe(200);
  });
});

describe('a staff member, through the admin', () => {
  const SUBJECT = 'api::calendar-day.calendar-day';
  const calendarList = (token: string) => app.http().get(`/content-manager/collection-types/${SUBJECT}`).set('Authorization', `Bearer ${token}`);

  it('loses a permission taken from the role on the very next request', async () => {
    const token = await staffToken(app, 'city.reviewer@shenbao.local');
    expect((await calendarList(token)).status).toBe(200);
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'shenbao-city-reviewer' } });
    const permission = await app.strapi.db.query('admin::permission').findOne({ where: { action: 'plugin::content-manager.explorer.read', subject: SUBJECT, role: { id: role.id } } });
    expect(permission).not.toBeNull();
    await app.strapi.db.query('admin::permission').delete({ where: { id: permission.id } });
    expect((await calendarList(token)).status).toBe(403);
  });

  it('is refused at once when the account is switched off', async () => {
    const token = await staffToken(app, 'district.reviewer@shenbao.local');
    const desk = () => app.http().get('/shenbao/calendar/status').set('Authorization', `Bearer ${token}`);
    expect((await desk()).status).toBe(200);
    await app.strapi.db.query('admin::user').update({ where: { email: 'district.reviewer@shenbao.local' }, data: { isActive: false } });
    expect((await desk()).status).toBe(401);
  });
});
