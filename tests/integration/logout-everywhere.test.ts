import { PortalBrowser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, seedDemo, staffToken } from '../harness/workflow';

/**
 * Logout ends the session everywhere (issue 20): an access token, an applicant's or a staff
 * member's, and the portal's cookies are refused on the very next request once their session
 * ended: by a logout, a password change or reset, a block or a deactivation, through whichever
 * door. Before, an applicant's access token lived out its 10 minutes.
 */
let app: TestApp;
let superAdmin: string;
const USER = 'plugin::users-permissions.user';
const STRONG = 'Logout-Test-2026';
const NEW_PASSWORD = 'Logout-Changed-2027';
let serial = 0;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  superAdmin = await staffToken(app, 'admin@shenbao.local');
});
afterAll(async () => {
  await app?.stop();
});

/** A new applicant account, so that each test ends only its own sessions. */
async function applicant() {
  serial += 1;
  const email = `logout.${serial}@example.com`;
  const registered = await app.http().post('/api/auth/local/register').send({ username: `logout-${serial}`, email, password: STRONG });
  expect(registered.status).toBe(200);
  return email;
}
const login = async (identifier: string, password = STRONG) => {
  const response = await app.http().post('/api/auth/local').send({ identifier, password });
  expect(response.status).toBe(200);
  return response.body as { jwt: string; refreshToken: string };
};
const api = (jwt: string) => app.http().get('/api/applications').set('Authorization', `Bearer ${jwt}`);
const refresh = (refreshToken: string) => app.http().post('/api/auth/refresh').send({ refreshToken });
const statusOf = async (jwt: string) => (await api(jwt)).status;
const logout = (jwt: string, body: object = {}) => app.http().post('/api/auth/logout').set('Authorization', `Bearer ${jwt}`).send(body);
/** A staff member edits the applicant's account in the Content Manager, as the admin panel does. */
async function editInContentManager(email: string, data: object) {
  const user = await app.strapi.db.query(USER).findOne({ where: { email } });
  const response = await app.http().put(`/content-manager/collection-types/${USER}/${user.documentId}`).set('Authorization', `Bearer ${superAdmin}`).send(data);
  expect(response.status).toBe(200);
}

describe("an applicant's access token", () => {
  it('is refused at once after logout, with every token of the session minted before a refresh; another session goes on', async () => {
    const email = await applicant();
    const first = await login(email);
    const rotated = (await refresh(first.refreshToken)).body;
    const other = await login(email);
    expect([await statusOf(first.jwt), await statusOf(rotated.jwt), await statusOf(other.jwt)]).toEqual([200, 200, 200]);
    expect((await logout(rotated.jwt, { refreshToken: rotated.refreshToken })).status).toBe(200);
    expect([await statusOf(first.jwt), await statusOf(rotated.jwt)]).toEqual([401, 401]);
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    expect(await statusOf(other.jwt)).toBe(200);

    // A logout that names only the (older) access token ends the refreshed session too.
    const again = await login(email);
    const next = (await refresh(again.refreshToken)).body;
    expect((await logout(again.jwt)).status).toBe(200);
    expect([await statusOf(again.jwt), await statusOf(next.jwt), (await refresh(next.refreshToken)).status]).toEqual([401, 401, 401]);
  });

  it("is refused after logout with scope 'all', in every session", async () => {
    const email = await applicant();
    const [a, b] = [await login(email), await login(email)];
    expect((await logout(a.jwt, { scope: 'all' })).status).toBe(200);
    expect([await statusOf(a.jwt), await statusOf(b.jwt), (await refresh(b.refreshToken)).status]).toEqual([401, 401, 401]);
  });

  it('is refused after a password change, in every session; the change hands the caller a fresh session, as Strapi does', async () => {
    const email = await applicant();
    const [a, b] = [await login(email), await login(email)];
    const changed = await app.http().post('/api/auth/change-password').set('Authorization', `Bearer ${a.jwt}`).send({ currentPassword: STRONG, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect([await statusOf(a.jwt), await statusOf(b.jwt), (await refresh(a.refreshToken)).status, (await refresh(b.refreshToken)).status]).toEqual([401, 401, 401, 401]);
    expect(await statusOf(changed.body.jwt)).toBe(200);
    expect((await refresh(changed.body.refreshToken)).status).toBe(200);
  });

  it('is refused after a password reset, in every session', async () => {
    const email = await applicant();
    const a = await login(email);
    await app.strapi.db.query(USER).update({ where: { email }, data: { resetPasswordToken: `reset-${serial}-code` } });
    const reset = await app.http().post('/api/auth/reset-password').send({ code: `reset-${serial}-code`, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD });
    expect(reset.status).toBe(200);
    expect([await statusOf(a.jwt), (await refresh(a.refreshToken)).status]).toEqual([401, 401]);
    expect(await statusOf(reset.body.jwt)).toBe(200);
  });

  it('is refused once staff block the account, and stays refused after they unblock it', async () => {
    const email = await applicant();
    const a = await login(email);
    await editInContentManager(email, { blocked: true });
    expect([await statusOf(a.jwt), (await refresh(a.refreshToken)).status]).toEqual([401, 401]);
    await editInContentManager(email, { blocked: false });
    expect(await statusOf(a.jwt)).toBe(401);
    expect(await statusOf((await login(email)).jwt)).toBe(200);
  });

  it('is refused once staff set a new password in the Content Manager', async () => {
    const email = await applicant();
    const a = await login(email);
    await editInContentManager(email, { password: NEW_PASSWORD });
    expect([await statusOf(a.jwt), (await refresh(a.refreshToken)).status]).toEqual([401, 401]);
    expect(await statusOf((await login(email, NEW_PASSWORD)).jwt)).toBe(200);
  });
});

describe("the portal's cookies", () => {
  const loggedIn = async (browser: PortalBrowser) => (await browser.get('/me/applications')).status === 200;
  const copyOf = (browser: PortalBrowser, names = ['sb_session', 'sb_refresh']) => {
    const copy = new PortalBrowser(app);
    for (const name of names) copy.cookies.set(name, browser.cookies.get(name)!);
    return copy;
  };

  it('are refused at once after logout, even a fresh access cookie copied before it', async () => {
    const email = await applicant();
    const browser = await new PortalBrowser(app).login(email, STRONG);
    const [both, accessOnly] = [copyOf(browser), copyOf(browser, ['sb_session'])];
    expect(await loggedIn(accessOnly)).toBe(true);
    expect((await browser.post('/logout', {})).status).toBe(302);
    expect([await loggedIn(both), await loggedIn(accessOnly), await loggedIn(browser)]).toEqual([false, false, false]);
  });

  it('end at once when the session ends through the API: a logout of every session, a password change', async () => {
    const email = await applicant();
    const first = await new PortalBrowser(app).login(email, STRONG);
    expect((await logout((await login(email)).jwt, { scope: 'all' })).status).toBe(200);
    expect(await loggedIn(first)).toBe(false);

    const second = await new PortalBrowser(app).login(email, STRONG);
    const { jwt } = await login(email);
    expect((await app.http().post('/api/auth/change-password').set('Authorization', `Bearer ${jwt}`).send({ currentPassword: STRONG, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })).status).toBe(200);
    expect(await loggedIn(second)).toBe(false);
  });

  it('end at once when staff block the account, and stay ended after unblocking', async () => {
    const email = await applicant();
    const browser = await new PortalBrowser(app).login(email, STRONG);
    const copy = copyOf(browser);
    expect(await loggedIn(browser)).toBe(true);
    await editInContentManager(email, { blocked: true });
    expect(await loggedIn(browser)).toBe(false);
    await editInContentManager(email, { blocked: false });
    expect(await loggedIn(copy)).toBe(false);
  });
});

describe("a staff member's access token", () => {
  /** A staff member of their own (the admin login allows five attempts per address in five minutes). */
  async function staff() {
    serial += 1;
    const email = `logout.staff.${serial}@shenbao.local`;
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'shenbao-editor' } });
    const user = await app.strapi.service('admin::user').create({ email, firstname: '登出', lastname: '测试', password: PASSWORD, isActive: true, roles: [role.id] });
    return { email, id: user.id as number };
  }
  const me = (token: string) => app.http().get('/admin/users/me').set('Authorization', `Bearer ${token}`);
  const statusAsStaff = async (token: string) => (await me(token)).status;
  const superEdit = (id: number, data: object) => app.http().put(`/admin/users/${id}`).set('Authorization', `Bearer ${superAdmin}`).send(data);

  it('is refused at once after logout', async () => {
    const { email } = await staff();
    const token = await staffToken(app, email);
    expect(await statusAsStaff(token)).toBe(200);
    expect((await app.http().post('/admin/logout').set('Authorization', `Bearer ${token}`).send({})).status).toBe(200);
    expect(await statusAsStaff(token)).toBe(401);
  });

  it("is refused in the member's other sessions after they change their own password (and in this one: Strapi ends them all)", async () => {
    const { email } = await staff();
    const [mine, other] = [await staffToken(app, email), await staffToken(app, email)];
    const changed = await app.http().put('/admin/users/me').set('Authorization', `Bearer ${mine}`).send({ currentPassword: PASSWORD, password: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect([await statusAsStaff(other), await statusAsStaff(mine)]).toEqual([401, 401]);
  });

  it("is refused once a super admin sets the member's password", async () => {
    const { email, id } = await staff();
    const token = await staffToken(app, email);
    expect((await superEdit(id, { password: NEW_PASSWORD })).status).toBe(200);
    expect(await statusAsStaff(token)).toBe(401);
  });

  it('is refused once a super admin deactivates the member, and stays refused after reactivation', async () => {
    const { email, id } = await staff();
    const token = await staffToken(app, email);
    expect((await superEdit(id, { isActive: false })).status).toBe(200);
    expect(await statusAsStaff(token)).toBe(401);
    expect((await superEdit(id, { isActive: true })).status).toBe(200);
    expect(await statusAsStaff(token)).toBe(401);
    expect(await statusAsStaff(await staffToken(app, email))).toBe(200);
  });
});
