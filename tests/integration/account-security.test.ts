import { PortalBrowser as Browser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, seedDemo } from '../harness/workflow';

/**
 * Account lockout (5 failed logins lock an account for 15 minutes) on every login: the portal's
 * form, users-permissions' JSON login and the admin panel's; the password rule on the JSON
 * routes that set a portal password; the security headers.
 */
let app: TestApp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resetLimits = () => require('../../dist/src/portal/rate-limit').resetLimits();
const FAILURE = 'api::login-failure.login-failure';
const STRONG = 'Lockout-Test-2026';
const sessionSet = (response: any) => (response.headers['set-cookie'] ?? []).some((c: string) => c.startsWith('sb_session=ey'));

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => resetLimits());

async function register(email: string) {
  const response = await new Browser(app).post('/register', { email, username: '', password: STRONG, passwordConfirm: STRONG });
  expect(response.status).toBe(302);
}

/** Moves an account's recorded failures into the past, as if the clock had run on. */
async function age(account: string, minutes: number) {
  const rows = await app.strapi.db.query(FAILURE).findMany({ where: { account } });
  for (const row of rows) await app.strapi.db.query(FAILURE).update({ where: { id: row.id }, data: { failedAt: new Date(new Date(row.failedAt).getTime() - minutes * 60_000) } });
}

const jsonLogin = (identifier: string, password: string) => app.http().post('/api/auth/local').send({ identifier, password });
const adminLogin = (email: string, password: string) => app.http().post('/admin/login').send({ email, password });

describe('account lockout', () => {
  it('locks a portal account after five wrong passwords, refuses even the right one, and opens again after 15 minutes', async () => {
    await register('lock.form@example.com');
    const browser = new Browser(app);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await browser.post('/login', { identifier: 'Lock.Form@example.com', password: `Wrong-Guess-${attempt}` });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('账号或密码不正确');
    }
    const locked = await browser.post('/login', { identifier: 'lock.form@example.com', password: STRONG });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('登录失败次数过多，账号已锁定');
    expect(sessionSet(locked)).toBe(false);
    // The JSON login of the same account is locked too: one count per account, not per door.
    const json = await jsonLogin('lock.form@example.com', STRONG);
    expect(json.status).toBe(429);
    expect(json.body.jwt).toBeUndefined();
    expect(await app.strapi.db.query(FAILURE).count({ where: { realm: 'portal', account: 'lock.form@example.com' } })).toBe(5);

    await age('lock.form@example.com', 14);
    expect((await browser.post('/login', { identifier: 'lock.form@example.com', password: STRONG })).status).toBe(429);
    await age('lock.form@example.com', 2);
    const open = await browser.post('/login', { identifier: 'lock.form@example.com', password: STRONG });
    expect(open.status).toBe(302);
    expect(sessionSet(open)).toBe(true);
    // A success clears the count: one more mistake does not lock again.
    expect(await app.strapi.db.query(FAILURE).count({ where: { account: 'lock.form@example.com' } })).toBe(0);
  });

  it('does not lock on four failures, nor on five spread over more than 15 minutes', async () => {
    await register('lock.slow@example.com');
    for (let attempt = 1; attempt <= 4; attempt += 1) expect((await jsonLogin('lock.slow@example.com', `Wrong-Guess-${attempt}`)).status).toBe(400);
    await age('lock.slow@example.com', 16);
    expect((await jsonLogin('lock.slow@example.com', 'Wrong-Guess-5')).status).toBe(400);
    const right = await jsonLogin('lock.slow@example.com', STRONG);
    expect(right.status).toBe(200);
    expect(right.body.jwt).toEqual(expect.any(String));
  });

  it('locks the JSON login with an error in Strapi\'s shape that names the field, and leaves other accounts alone', async () => {
    await register('lock.json@example.com');
    for (let attempt = 1; attempt <= 5; attempt += 1) expect((await jsonLogin('lock.json@example.com', `Wrong-Guess-${attempt}`)).status).toBe(400);
    const locked = await jsonLogin('lock.json@example.com', STRONG);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ data: null, error: { status: 429, details: { field: 'identifier' } } });
    expect(locked.body.error.message).toMatch(/^登录失败次数过多，账号已锁定，请于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 后再试$/);
    expect((await jsonLogin('applicant@shenbao.local', PASSWORD)).status).toBe(200);
  });

  it('counts an account once whether it is named by its e-mail or its username', async () => {
    const registered = await app.http().post('/api/auth/local/register').send({ username: 'lock-alias', email: 'lock.alias@example.com', password: STRONG });
    expect(registered.status).toBe(200);
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await jsonLogin('lock-alias', `Wrong-Guess-${attempt}`)).status).toBe(400);
    for (let attempt = 4; attempt <= 5; attempt += 1) expect((await jsonLogin('LOCK.alias@example.com', `Wrong-Guess-${attempt}`)).status).toBe(400);
    expect((await jsonLogin('lock-alias', STRONG)).status).toBe(429);
    expect((await jsonLogin('lock.alias@example.com', STRONG)).status).toBe(429);
    expect((await new Browser(app).post('/login', { identifier: 'lock-alias', password: STRONG })).status).toBe(429);
    expect(await app.strapi.db.query(FAILURE).count({ where: { realm: 'portal', account: 'lock.alias@example.com' } })).toBe(5);
  });

  it('does not count a login without a password as a guess', async () => {
    await register('lock.empty@example.com');
    for (let attempt = 1; attempt <= 6; attempt += 1) expect((await app.http().post('/api/auth/local').send({ identifier: 'lock.empty@example.com' })).status).toBe(400);
    expect(await app.strapi.db.query(FAILURE).count({ where: { account: 'lock.empty@example.com' } })).toBe(0);
  });

  it('locks an admin account after five wrong passwords, with a Chinese message, and issues no token', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) expect((await adminLogin('finance@shenbao.local', `Wrong-Guess-${attempt}`)).status).toBe(400);
    const locked = await adminLogin('finance@shenbao.local', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ status: 429, details: { field: 'email' } });
    expect(locked.body.error.message).toContain('登录失败次数过多');
    expect(locked.body.data).toBeNull();
    expect(await app.strapi.db.query(FAILURE).count({ where: { realm: 'admin', account: 'finance@shenbao.local' } })).toBe(5);
    // another staff member is not affected
    expect((await adminLogin('city.reviewer@shenbao.local', PASSWORD)).status).toBe(200);
  });
});

describe('the password rule on the JSON API', () => {
  const users = () => app.strapi.db.query('plugin::users-permissions.user').count();

  it('refuses a weak password at registration, naming the field, and creates nobody', async () => {
    const before = await users();
    for (const password of ['short1A', 'alllowercase', 'ALLUPPER123', '12345678901']) {
      const response = await app.http().post('/api/auth/local/register').send({ username: `weak${password.length}`, email: `weak.${password.toLowerCase()}@example.com`, password });
      expect(response.status).toBe(400);
      expect(response.body.error.details.field).toBe('password');
      expect(response.body.error.message).toMatch(/密码/);
    }
    expect(await users()).toBe(before);
  });

  it('refuses a weak new password on change and reset, and the old password still works', async () => {
    await register('change.weak@example.com');
    const { jwt } = (await jsonLogin('change.weak@example.com', STRONG)).body;
    const change = await app.http().post('/api/auth/change-password').set('Authorization', `Bearer ${jwt}`).send({ currentPassword: STRONG, password: 'password', passwordConfirmation: 'password' });
    expect(change.status).toBe(400);
    expect(change.body.error.details.field).toBe('password');
    const reset = await app.http().post('/api/auth/reset-password').send({ code: 'whatever', password: 'password', passwordConfirmation: 'password' });
    expect(reset.status).toBe(400);
    expect(reset.body.error.details.field).toBe('password');
    expect((await jsonLogin('change.weak@example.com', STRONG)).status).toBe(200);
  });
});

describe('security headers (strapi::security, helmet)', () => {
  it.each(['/', '/notices', '/login', '/api/applications'])('sends them on %s', async (path) => {
    const response = await app.http().get(path);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    // helmet's no-referrer on the API; the portal's pages send same-origin themselves (their own links)
    expect(['no-referrer', 'same-origin']).toContain(response.headers['referrer-policy']);
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
