import jwtLib from 'jsonwebtoken';
import { PortalBrowser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import { APPLICANT, PASSWORD, seedDemo } from '../harness/workflow';

/**
 * Applicant sessions on users-permissions' session manager: access tokens of ten minutes,
 * refresh tokens that rotate and are good once, a session that ends after 30 minutes unused,
 * and a logout that ends it on the server, for the JSON API and for the portal's cookies.
 */
let app: TestApp;
const SESSIONS = 'strapi_sessions';

const login = async () => (await app.http().post('/api/auth/local').send({ identifier: APPLICANT, password: PASSWORD })).body;
const refresh = (refreshToken: string) => app.http().post('/api/auth/refresh').send({ refreshToken });
const own = (jwt: string) => app.http().get('/api/applications').set('Authorization', `Bearer ${jwt}`);
/** Moves every session row of the applicant back in time, as if it had not been used since. */
const idleFor = async (minutes: number) => {
  const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: APPLICANT } });
  await app.strapi.db.connection(SESSIONS).where({ user_id: String(user.id) }).update({ created_at: new Date(Date.now() - minutes * 60_000) });
};

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('the JSON API', () => {
  it('issues a ten-minute access token with a refresh token', async () => {
    const body = await login();
    expect(body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
    const claims = jwtLib.decode(body.jwt) as { iat: number; exp: number; type: string };
    expect(claims.type).toBe('access');
    expect(claims.exp - claims.iat).toBe(600);
    expect((await own(body.jwt)).status).toBe(200);
  });

  it('rotates the refresh token, and refuses one that was already used', async () => {
    const first = await login();
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await own(rotated.body.jwt)).status).toBe(200);
    const replayed = await refresh(first.refreshToken);
    expect(replayed.status).toBe(401);
    expect((await refresh(rotated.body.refreshToken)).status).toBe(200);
  });

  it('refuses a refresh token left unused for 30 minutes, and a forged one', async () => {
    const body = await login();
    await idleFor(31);
    expect((await refresh(body.refreshToken)).status).toBe(401);
    expect((await refresh(jwtLib.sign({ userId: '1', sessionId: 'x', type: 'refresh' }, 'not-the-secret'))).status).toBe(401);
  });

  it('ends the session on logout: its refresh token is refused', async () => {
    const body = await login();
    expect((await app.http().post('/api/auth/logout').set('Authorization', `Bearer ${body.jwt}`).send({})).status).toBe(200);
    expect((await refresh(body.refreshToken)).status).toBe(401);
  });
});

describe('the portal', () => {
  const loggedIn = async (browser: PortalBrowser) => (await browser.get('/me/applications')).status === 200;

  it('keeps an active user logged in by rotating the refresh cookie, each one good once', async () => {
    const browser = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
    expect(browser.cookies.get('sb_refresh')).toEqual(expect.any(String));
    const spent = browser.cookies.get('sb_refresh')!;
    browser.cookies.delete('sb_session'); // the access token ran out
    expect(await loggedIn(browser)).toBe(true);
    expect(browser.cookies.get('sb_refresh')).not.toBe(spent);
    expect(browser.cookies.get('sb_session')).toEqual(expect.any(String));
    // the spent refresh cookie, replayed from elsewhere, opens nothing
    const thief = new PortalBrowser(app);
    thief.cookies.set('sb_refresh', spent);
    expect((await thief.get('/me/applications')).status).toBe(302);
    expect((await refresh(spent)).status).toBe(401);
  });

  it('rotates while the access token is still valid once it is a minute old, so the idle clock restarts with use', async () => {
    const browser = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
    const { userId, sessionId } = jwtLib.decode(browser.cookies.get('sb_session')!) as { userId: string; sessionId: string };
    // the same access token, as it stands two minutes after it was issued
    const older = jwtLib.sign({ userId, sessionId, type: 'access', iat: Math.floor(Date.now() / 1000) - 120 }, process.env.JWT_SECRET!, { expiresIn: 600 });
    expect((app.strapi as any).sessionManager('users-permissions').validateAccessToken(older).isValid).toBe(true);
    browser.cookies.set('sb_session', older);
    const spent = browser.cookies.get('sb_refresh');
    expect(await loggedIn(browser)).toBe(true);
    expect(browser.cookies.get('sb_refresh')).not.toBe(spent);
    // a fresh access token is not rotated again on the next request
    const fresh = browser.cookies.get('sb_refresh');
    expect(await loggedIn(browser)).toBe(true);
    expect(browser.cookies.get('sb_refresh')).toBe(fresh);
  });

  it('ends the session after 30 minutes idle', async () => {
    const browser = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
    await idleFor(31);
    browser.cookies.delete('sb_session');
    const page = await browser.get('/me/applications');
    expect(page.status).toBe(302);
    expect(page.headers.location).toMatch(/^\/login/);
  });

  it('ends the session on the server at logout', async () => {
    const browser = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
    const refreshCookie = browser.cookies.get('sb_refresh')!;
    expect((await browser.post('/logout', {})).status).toBe(302);
    expect(browser.cookies.has('sb_session')).toBe(false);
    const kept = new PortalBrowser(app);
    kept.cookies.set('sb_refresh', refreshCookie);
    expect(await loggedIn(kept)).toBe(false);
  });
});
