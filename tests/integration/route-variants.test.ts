import crypto from 'crypto';
import fc from 'fast-check';
import { RawResponse, listenRecordingRoutes, rawRequest } from '../harness/raw-http';
import { singleVariants, spell, transformations } from '../harness/path-variants';
import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, adminUserId, seedDemo, staffToken } from '../harness/workflow';

/**
 * Security rules follow the route, not its spelling (issue 20). For every login and every route
 * that sets a password (applicant's, staff's, the portal's), each spelling of its path: all
 * single transformations (letter case, percent-encoding, doubled or dotted or encoded slashes,
 * a backslash, trailing characters) and random combinations of two to five (fast-check). Each
 * request goes on the wire as written, and the server names the route its router ran. The
 * property: when the router ran the endpoint's own handler, its rule answered (a locked account
 * 429 with the lock's Chinese message; a weak password 400 naming 密码); when it ran none, 404
 * or 405; when it ran another route, that route refused it; never a 2xx, 3xx or 5xx, and
 * nothing changed.
 */
const STRONG = 'Variants-Test-2026';
const WEAK = 'aaaaaaaa';
const RUNS = Number(process.env.VARIANT_RUNS ?? 25);
const USER = 'plugin::users-permissions.user';
const LOCKED = 'variants.locked@example.com';
const APPLICANT = 'variants.applicant@example.com';
const LOCKED_STAFF = 'variants.locked@shenbao.local';
const STAFF = 'variants.staff@shenbao.local';
const INVITED = 'variants.invited@shenbao.local';
const RESET_CODE = 'variants-reset-code-0001';
const ADMIN_RESET_CODE = 'variants-admin-reset-code-0001';
const CSRF = crypto.randomBytes(24).toString('base64url');

let app: TestApp;
let port: number;
let applicantJwt: string;
let staffBearer: string;
let superBearer: string;
let staffId: number;
let registrationToken: string;
let serial = 0;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resetLimits = () => require('../../dist/src/portal/rate-limit').resetLimits();

const json = (method: string, headers: Record<string, string> = {}) => (target: string, body: object) => rawRequest(port, method, target, { headers, body });
const form = (target: string, fields: Record<string, string>) =>
  rawRequest(port, 'POST', target, { headers: { cookie: `sb_csrf=${CSRF}` }, body: new URLSearchParams({ _csrf: CSRF, ...fields }).toString() });
const unique = () => `variants${(serial += 1)}`;

const sessionsOf = async (origin: string, userId: number) => app.strapi.db.connection('strapi_sessions').where({ user_id: String(userId), origin }).count({ n: '*' }).first();
const applicantRow = (email: string) => app.strapi.db.query(USER).findOne({ where: { email } });
const staffRow = (email: string) => app.strapi.db.query('admin::user').findOne({ where: { email } });

const locked = (field: string) => (response: RawResponse) => {
  expect(response.status).toBe(429);
  if (response.body) expect(response.body.error).toMatchObject({ status: 429, details: { field } });
  expect(response.body ? response.body.error.message : response.text).toMatch(/登录失败次数过多，账号已锁定/);
};
const weak = (field: string) => (response: RawResponse) => {
  expect(response.status).toBe(400);
  if (response.body) expect(response.body.error).toMatchObject({ status: 400, details: { field } });
  expect(response.body ? response.body.error.message : response.text).toMatch(/密码/);
};

interface Endpoint {
  name: string;
  /** the plain spelling */
  path: string;
  /** the route as the router names it */
  route: string;
  send(target: string): Promise<RawResponse>;
  ruled(response: RawResponse): void;
  /** what no request may change */
  state(): Promise<unknown>;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'applicant login, locked (users-permissions)',
    path: '/api/auth/local',
    route: 'POST /api/auth/local',
    send: (target) => json('POST')(target, { identifier: LOCKED, password: STRONG }),
    ruled: locked('identifier'),
    state: async () => sessionsOf('users-permissions', (await applicantRow(LOCKED)).id),
  },
  {
    name: 'applicant registration, weak password',
    path: '/api/auth/local/register',
    route: 'POST /api/auth/local/register',
    send: (target) => json('POST')(target, { username: unique(), email: `${unique()}@example.com`, password: WEAK }),
    ruled: weak('password'),
    state: () => app.strapi.db.query(USER).count(),
  },
  {
    name: 'applicant password reset, weak password',
    path: '/api/auth/reset-password',
    route: 'POST /api/auth/reset-password',
    send: (target) => json('POST')(target, { code: RESET_CODE, password: WEAK, passwordConfirmation: WEAK }),
    ruled: weak('password'),
    state: async () => ({ ...(await applicantRow(APPLICANT)) }),
  },
  {
    name: 'applicant password change, weak password',
    path: '/api/auth/change-password',
    route: 'POST /api/auth/change-password',
    send: (target) => json('POST', { authorization: `Bearer ${applicantJwt}` })(target, { currentPassword: STRONG, password: WEAK, passwordConfirmation: WEAK }),
    ruled: weak('password'),
    state: async () => {
      const row = await applicantRow(APPLICANT);
      return { password: row.password, sessions: await sessionsOf('users-permissions', row.id) };
    },
  },
  {
    name: 'staff login, locked (admin)',
    path: '/admin/login',
    route: 'POST /admin/login',
    send: (target) => json('POST')(target, { email: LOCKED_STAFF, password: PASSWORD }),
    ruled: locked('email'),
    state: async () => sessionsOf('admin', (await staffRow(LOCKED_STAFF)).id),
  },
  {
    name: 'first super admin, weak password',
    path: '/admin/register-admin',
    route: 'POST /admin/register-admin',
    send: (target) => json('POST')(target, { email: `${unique()}@shenbao.local`, firstname: '测试', password: WEAK }),
    ruled: weak('password'),
    state: () => app.strapi.db.query('admin::user').count(),
  },
  {
    name: 'invited staff registration, weak password',
    path: '/admin/register',
    route: 'POST /admin/register',
    send: (target) => json('POST')(target, { registrationToken, userInfo: { firstname: '测试', password: WEAK } }),
    ruled: weak('userInfo.password'),
    state: async () => ({ ...(await staffRow(INVITED)) }),
  },
  {
    name: 'staff password reset, weak password',
    path: '/admin/reset-password',
    route: 'POST /admin/reset-password',
    send: (target) => json('POST')(target, { resetPasswordToken: ADMIN_RESET_CODE, password: WEAK }),
    ruled: weak('password'),
    state: async () => ({ ...(await staffRow(STAFF)) }),
  },
  {
    name: "staff's own password change, weak password",
    path: '/admin/users/me',
    route: 'PUT /admin/users/me',
    send: (target) => json('PUT', { authorization: `Bearer ${staffBearer}` })(target, { currentPassword: PASSWORD, password: WEAK }),
    ruled: weak('password'),
    state: async () => ({ ...(await staffRow(STAFF)) }),
  },
  {
    name: "a super admin setting a staff member's password, weak",
    path: '/admin/users/{staff}',
    route: 'PUT /admin/users/:id',
    send: (target) => json('PUT', { authorization: `Bearer ${superBearer}` })(target, { password: WEAK }),
    ruled: weak('password'),
    state: async () => ({ ...(await staffRow(STAFF)) }),
  },
  {
    name: 'portal registration form, weak password',
    path: '/register',
    route: 'POST /register',
    send: (target) => form(target, { email: `${unique()}@example.com`, username: '', password: WEAK, passwordConfirm: WEAK }),
    ruled: (response) => {
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/密码须包含/);
    },
    state: () => app.strapi.db.query(USER).count(),
  },
  {
    name: 'portal login form, locked',
    path: '/login',
    route: 'POST /login',
    send: (target) => form(target, { identifier: LOCKED, password: STRONG }),
    ruled: (response) => {
      expect(response.status).toBe(429);
      expect(response.text).toMatch(/登录失败次数过多，账号已锁定/);
    },
    state: async () => sessionsOf('users-permissions', (await applicantRow(LOCKED)).id),
  },
];

/** The spellings each endpoint's handler was reached by, for the rate-limit check below. */
const reached = new Map<string, string[]>();

beforeAll(async () => {
  app = await startStrapi();
  port = await listenRecordingRoutes(app);
  await seedDemo(app);
  const register = (email: string) => json('POST')('/api/auth/local/register', { username: email.split('@')[0], email, password: STRONG });
  expect((await register(LOCKED)).status).toBe(200);
  expect((await register(APPLICANT)).status).toBe(200);
  applicantJwt = (await json('POST')('/api/auth/local', { identifier: APPLICANT, password: STRONG })).body.jwt;
  await app.strapi.db.query(USER).update({ where: { email: APPLICANT }, data: { resetPasswordToken: RESET_CODE } });

  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'shenbao-editor' } });
  const staff = (email: string, extra: object = {}) => app.strapi.service('admin::user').create({ email, firstname: '变体', lastname: '测试', roles: [role.id], ...extra });
  await staff(LOCKED_STAFF, { password: PASSWORD, isActive: true });
  staffId = (await staff(STAFF, { password: PASSWORD, isActive: true })).id;
  registrationToken = (await staff(INVITED)).registrationToken;
  expect(registrationToken).toEqual(expect.any(String));
  await app.strapi.db.query('admin::user').update({ where: { id: staffId }, data: { resetPasswordToken: ADMIN_RESET_CODE, resetPasswordTokenExpiresAt: new Date(Date.now() + 3600_000) } });
  staffBearer = await staffToken(app, STAFF);
  superBearer = await staffToken(app, 'admin@shenbao.local');
  expect(await adminUserId(app, STAFF)).toBe(staffId);

  // Lock both accounts through their plain doors.
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    expect((await json('POST')('/api/auth/local', { identifier: LOCKED, password: `Wrong-Guess-${attempt}` })).status).toBe(400);
    expect((await json('POST')('/admin/login', { email: LOCKED_STAFF, password: `Wrong-Guess-${attempt}` })).status).toBe(400);
  }
});
afterAll(async () => {
  await app?.stop();
});

/** Sends one spelling and checks the property; true when the endpoint's own handler ran. */
async function check(endpoint: Endpoint, target: string): Promise<boolean> {
  resetLimits();
  const response = await endpoint.send(target);
  if (response.status < 400 || response.status >= 500) throw new Error(`${target} was answered ${response.status} by ${response.route ?? 'no route'}: ${response.text.slice(0, 300)}`);
  if (response.route === endpoint.route) {
    try {
      endpoint.ruled(response);
    } catch (error) {
      throw new Error(`${target} reached ${endpoint.route} and was answered ${response.status}: ${response.text.slice(0, 300)}\n${(error as Error).message}`);
    }
    return true;
  }
  // No route ran: the router refused the spelling. Another route ran: its own guard refused it (checked above).
  if (response.route === null && ![404, 405].includes(response.status)) throw new Error(`${target} reached no route and was answered ${response.status}`);
  return false;
}

describe('every spelling of every login and password route meets its rule', () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))('%s', async (_name, endpoint) => {
    const path = endpoint.path.replace('{staff}', String(staffId));
    const before = await endpoint.state();
    const singles = [path, ...singleVariants(path)];
    const hits: string[] = [];
    for (const target of singles) if (await check(endpoint, target)) hits.push(target);
    await fc.assert(
      fc.asyncProperty(transformations, async (list) => {
        const target = spell(path, list);
        if (await check(endpoint, target)) hits.push(target);
      }),
      { seed: 20, numRuns: RUNS },
    );
    expect(await endpoint.state()).toEqual(before);
    // What this Strapi's router really does: the plain path, a trailing slash and another
    // letter case reach the handler (so each was a way around a rule that compared strings).
    expect(hits).toEqual(expect.arrayContaining([path, `${path}/`, spell(path, [{ kind: 'upperSegment', segment: 0 }])]));
    expect(singles.length).toBeGreaterThan(20);
    reached.set(endpoint.route, hits);
  });
});

describe("Strapi's own per-address limits key on the route too", () => {
  it("the admin login's limit (5 in 5 minutes per e-mail and address) counts every spelling the router dispatches as one", async () => {
    const email = `${unique()}@shenbao.local`;
    const spellings = ['/admin/login', '/admin/login/', '/ADMIN/login', '/admin/LOGIN/', '/Admin/Login?v=1'];
    // without a password, so not a guess for the lockout: only the limit counts them
    for (const target of spellings) {
      const response = await json('POST')(target, { email });
      expect({ target, status: response.status, route: response.route }).toEqual({ target, status: 400, route: 'POST /admin/login' });
    }
    const sixth = await json('POST')('/aDmIn/LoGiN/', { email });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.name).toBe('RateLimitError');
  });

  it("users-permissions' limit on its auth routes gives every spelling that reached a handler above the key of its plain path", () => {
    // Its limit is raised for the tests (config/env/test/plugins.ts), so its key is checked directly.
    const { buildPrefixKey } = (app.strapi.plugin('users-permissions') as any).middlewares.rateLimit;
    const keyOf = (target: string) => buildPrefixKey({ request: { path: target.split(/[?#]/)[0], ip: '10.0.0.1', body: { email: 'someone@example.com' } } });
    const routes = ['POST /api/auth/local', 'POST /api/auth/local/register', 'POST /api/auth/reset-password', 'POST /api/auth/change-password'];
    for (const route of routes) {
      const hits = reached.get(route) ?? [];
      expect(hits.length).toBeGreaterThan(10);
      for (const target of hits) expect({ target, key: keyOf(target) }).toEqual({ target, key: keyOf(route.split(' ')[1]) });
    }
  });
});
