import { call, twoInstances } from '../../harness/instances';

/**
 * Logout ends the session on every instance (issue 20): two Strapi processes on one PostgreSQL
 * database. A session ended on instance A (a logout, a password change, a block, a
 * deactivation) is refused on instance B at its very next request, well within a second: each
 * instance reads the session store on every request, and keeps no copy of it.
 */
const PASSWORD = 'Two-Instances-2026';
const STRONG = 'Two-Instances-Logout-2026';
const NEW_PASSWORD = 'Two-Instances-Changed-2027';
const instances = twoInstances(PASSWORD);
let serial = 0;

/** Calls `probe` on B right after `end` answered on A; its first answer must already be the refusal, within 1 s. */
async function refusedOnB(end: () => Promise<{ status: number }>, probe: () => Promise<number>, refused = 401) {
  expect(await probe()).toBe(200);
  expect((await end()).status).toBe(200);
  const ended = Date.now();
  expect(await probe()).toBe(refused);
  expect(Date.now() - ended).toBeLessThan(1000);
}

async function applicant() {
  serial += 1;
  const email = `two.logout.${serial}@example.com`;
  expect((await call(instances.a.url, 'POST', '/api/auth/local/register', { username: `two-logout-${serial}`, email, password: STRONG })).status).toBe(200);
  return email;
}
const applicantLogin = async (email: string) => (await call(instances.a.url, 'POST', '/api/auth/local', { identifier: email, password: STRONG })).body as { jwt: string; refreshToken: string };
const onB = (jwt: string) => async () => (await call(instances.b.url, 'GET', '/api/applications', undefined, jwt)).status;
const superAdmin = async () => (await call(instances.a.url, 'POST', '/admin/login', { email: 'admin@shenbao.local', password: PASSWORD })).body.data.token as string;

/** A browser's cookies against one instance, enough for the portal's forms. */
class Browser {
  cookies = new Map<string, string>();
  constructor(private base: string) {}
  async send(method: string, path: string, form?: Record<string, string>) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams({ _csrf: this.cookies.get('sb_csrf') ?? '', ...form }).toString() : undefined,
    });
    for (const raw of response.headers.getSetCookie()) {
      const [pair] = raw.split(';');
      const [name, ...rest] = pair.split('=');
      if (rest.join('=')) this.cookies.set(name, rest.join('='));
      else this.cookies.delete(name);
    }
    return response.status;
  }
  /** The same cookies, sent to another instance. */
  on(base: string) {
    const copy = new Browser(base);
    copy.cookies = new Map(this.cookies);
    return copy;
  }
}

describe('an applicant', () => {
  it('logged out on A is refused on B at once', async () => {
    const { jwt } = await applicantLogin(await applicant());
    await refusedOnB(() => call(instances.a.url, 'POST', '/api/auth/logout', {}, jwt), onB(jwt));
  });

  it('whose password is changed on A is refused on B at once, in every session', async () => {
    const email = await applicant();
    const [a, b] = [await applicantLogin(email), await applicantLogin(email)];
    const change = () => call(instances.a.url, 'POST', '/api/auth/change-password', { currentPassword: STRONG, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, a.jwt);
    await refusedOnB(change, onB(b.jwt));
    expect(await onB(a.jwt)()).toBe(401);
  });

  it('blocked by staff on A is refused on B at once', async () => {
    const email = await applicant();
    const { jwt } = await applicantLogin(email);
    const token = await superAdmin();
    const found = await call(instances.a.url, 'GET', `/content-manager/collection-types/plugin::users-permissions.user?filters[email][$eq]=${encodeURIComponent(email)}`, undefined, token);
    const documentId = found.body.results[0].documentId;
    await refusedOnB(() => call(instances.a.url, 'PUT', `/content-manager/collection-types/plugin::users-permissions.user/${documentId}`, { blocked: true }, token), onB(jwt));
  });

  it("logged out of the portal on A has the browser's cookies refused on B at once", async () => {
    const email = await applicant();
    const browser = new Browser(instances.a.url);
    await browser.send('GET', '/login');
    expect(await browser.send('POST', '/login', { identifier: email, password: STRONG })).toBe(302);
    const onInstanceB = browser.on(instances.b.url);
    await refusedOnB(
      async () => ({ status: (await browser.send('POST', '/logout', {})) === 302 ? 200 : 500 }),
      () => onInstanceB.send('GET', '/me/applications'),
      302,
    );
  });
});

describe('a staff member', () => {
  const staffLogin = async (email: string, password = PASSWORD) => (await call(instances.a.url, 'POST', '/admin/login', { email, password })).body.data.token as string;
  const staffOnB = (token: string) => async () => (await call(instances.b.url, 'GET', '/admin/users/me', undefined, token)).status;
  async function staff() {
    serial += 1;
    const email = `two.logout.${serial}@shenbao.local`;
    const token = await superAdmin();
    const roles = (await call(instances.a.url, 'GET', '/admin/roles', undefined, token)).body.data;
    const created = await call(instances.a.url, 'POST', '/admin/users', { email, firstname: '登出', lastname: '测试', roles: [roles.find((r: any) => r.code === 'shenbao-editor').id] }, token);
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    expect((await call(instances.a.url, 'PUT', `/admin/users/${id}`, { password: PASSWORD, isActive: true }, token)).status).toBe(200);
    return { email, id, superToken: token };
  }

  it('logged out on A is refused on B at once', async () => {
    const { email } = await staff();
    const token = await staffLogin(email);
    await refusedOnB(() => call(instances.a.url, 'POST', '/admin/logout', {}, token), staffOnB(token));
  });

  it('changing their own password on A is refused on B in their other session at once', async () => {
    const { email } = await staff();
    const [mine, other] = [await staffLogin(email), await staffLogin(email)];
    await refusedOnB(() => call(instances.a.url, 'PUT', '/admin/users/me', { currentPassword: PASSWORD, password: NEW_PASSWORD }, mine), staffOnB(other));
  });

  it('deactivated by a super admin on A is refused on B at once', async () => {
    const { email, id, superToken } = await staff();
    const token = await staffLogin(email);
    await refusedOnB(() => call(instances.a.url, 'PUT', `/admin/users/${id}`, { isActive: false }, superToken), staffOnB(token));
  });

  it('whose password a super admin sets on A is refused on B at once', async () => {
    const { email, id, superToken } = await staff();
    const token = await staffLogin(email);
    await refusedOnB(() => call(instances.a.url, 'PUT', `/admin/users/${id}`, { password: NEW_PASSWORD }, superToken), staffOnB(token));
  });
});
