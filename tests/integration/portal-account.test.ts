import { PortalBrowser as Browser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import { OTHER_USCC, PASSWORD, seedDemo, secondApplicant } from '../harness/workflow';

/** Portal accounts and organisation binding, through the real pages with CSRF cookies. */
let app: TestApp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resetLimits = () => require('../../dist/src/portal/rate-limit').resetLimits();

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  await secondApplicant(app);
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => resetLimits());

const usersCount = () => app.strapi.db.query('plugin::users-permissions.user').count();
const orgCount = () => app.strapi.db.query('api::organization.organization').count();
const STRONG = 'Portal-Test-2026';

async function registered(email: string) {
  const browser = new Browser(app);
  const response = await browser.post('/register', { email, username: '', password: STRONG, passwordConfirm: STRONG });
  expect(response.status).toBe(302);
  return browser;
}

describe('registration', () => {
  it('creates a confirmed local user with the authenticated role, whatever the client adds', async () => {
    const browser = new Browser(app);
    const response = await browser.post('/register', {
      email: 'New.User@Example.com',
      username: '',
      password: STRONG,
      passwordConfirm: STRONG,
      role: '1',
      confirmed: 'false',
      blocked: 'true',
      provider: 'github',
    });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/me/organization');
    const user = await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'new.user@example.com' }, populate: ['role'] });
    expect(user).toMatchObject({ username: 'new.user@example.com', confirmed: true, blocked: false, provider: 'local' });
    expect(user.role.type).toBe('authenticated');
    // The session cookie is httpOnly and SameSite.
    const session = (response.headers['set-cookie'] as string[]).find((c) => c.startsWith('sb_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect((await browser.get('/me/organization')).status).toBe(200);
  });

  it('refuses a weak password, a mismatch and a taken email with messages on the fields, creating nobody', async () => {
    const before = await usersCount();
    const browser = new Browser(app);
    const weak = await browser.post('/register', { email: 'weak@example.com', password: 'abcdefgh', passwordConfirm: 'abcdefgh' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('密码须包含大写字母、小写字母、数字、符号中的至少3类');
    expect(weak.text).toContain('href="#f-password"');
    const short = await browser.post('/register', { email: 'weak@example.com', password: 'Ab1!', passwordConfirm: 'Ab1!' });
    expect(short.text).toContain('密码至少8位');
    const mismatch = await browser.post('/register', { email: 'weak@example.com', password: STRONG, passwordConfirm: `${STRONG}x` });
    expect(mismatch.text).toContain('两次输入的密码不一致');
    const taken = await browser.post('/register', { email: 'APPLICANT@shenbao.local', password: STRONG, passwordConfirm: STRONG });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('该电子邮箱已注册');
    expect(await usersCount()).toBe(before);
  });

  it('refuses a post without the CSRF token, with nothing created', async () => {
    const before = await usersCount();
    const browser = new Browser(app);
    const response = await browser.post('/register', { email: 'csrf@example.com', password: STRONG, passwordConfirm: STRONG }, { csrf: false });
    expect(response.status).toBe(403);
    expect(await usersCount()).toBe(before);
  });
});

describe('login and logout', () => {
  it('logs in with email or username, follows a site-relative next, and logs out', async () => {
    const browser = new Browser(app);
    const response = await browser.post('/login', { identifier: 'applicant@shenbao.local', password: PASSWORD, next: '/me/applications?x=1' });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/me/applications?x=1');
    expect((await browser.get('/me/organization')).text).toContain('91420100MA4K12345K');
    const out = await browser.post('/logout', {});
    expect(out.status).toBe(302);
    const after = await browser.get('/me/organization');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login?next=%2Fme%2Forganization');
  });

  it('refuses an open redirect', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = new Browser(app);
      const response = await browser.post('/login', { identifier: 'other', password: PASSWORD, next });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('/me/applications');
    }
    const page = await new Browser(app).get('/login?next=//evil.example');
    expect(page.text).not.toContain('evil.example');
  });

  it('answers a wrong password, an unknown user and a blocked user with one generic message', async () => {
    const blocked = await registered('blocked@example.com');
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { email: 'blocked@example.com' }, data: { blocked: true } });
    const texts: string[] = [];
    for (const [identifier, password] of [['applicant@shenbao.local', 'Wrong-Password-1'], ['nobody@example.com', PASSWORD], ['blocked@example.com', STRONG]]) {
      const response = await new Browser(app).post('/login', { identifier, password });
      expect(response.status).toBe(400);
      expect(response.headers['set-cookie']?.some((c: string) => c.startsWith('sb_session=ey'))).toBeFalsy();
      texts.push(response.text.match(/<p>(账号[^<]*)<\/p>/)?.[1] ?? '');
    }
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('账号或密码不正确');
    // A blocked user's running session stops working too.
    expect((await blocked.get('/me/organization')).status).toBe(302);
  });

  it('stops an address after 20 login attempts in 15 minutes, even with the right password, until the window passes', async () => {
    const browser = new Browser(app);
    // Twenty accounts, four guesses each at most: the address is stopped before any account locks.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      expect((await browser.post('/login', { identifier: `guess-${attempt % 5}@example.com`, password: `Wrong-Password-${attempt}` })).status).toBe(400);
    }
    const limited = await browser.post('/login', { identifier: 'applicant@shenbao.local', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('操作过于频繁');
    expect(limited.headers['set-cookie']?.some((c: string) => c.startsWith('sb_session=ey'))).toBeFalsy();
    resetLimits();
    expect((await browser.post('/login', { identifier: 'applicant@shenbao.local', password: PASSWORD })).status).toBe(302);
  });

  it('redirects a visitor who is not logged in to the login page', async () => {
    const response = await app.http().get('/me/applications');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fme%2Fapplications');
  });
});

describe('binding an organisation', () => {
  const district = async () => (await app.strapi.db.query('api::district.district').findOne({ where: { code: '420106' } })).documentId as string;
  const form = async (uscc: string) => ({
    name: '武汉测试科技有限公司',
    uscc,
    legalForm: 'limited_liability_company',
    district: await district(),
    legalRepresentative: '张三',
    contactName: '李四',
    contactPhone: '13912345678',
    contactEmail: 'li@example.com',
    address: '武汉市武昌区',
  });

  it('refuses a bad USCC naming the field, and a USCC already registered, creating nothing', async () => {
    const browser = await registered('binder@example.com');
    const before = await orgCount();
    const bad = await browser.post('/me/organization', await form('91420100MA4K12345X'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('统一社会信用代码校验位不正确');
    expect(bad.text).toContain('href="#f-uscc"');
    const duplicate = await browser.post('/me/organization', await form(OTHER_USCC));
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain('请向本单位已注册的同事索取邀请码');
    expect(await orgCount()).toBe(before);
  });

  it('creates the organisation with the user as its member, then a colleague joins with the code', async () => {
    const founder = await registered('founder@example.com');
    const created = await founder.post('/me/organization', await form('91420106MA4K00001X'.slice(0, 17) + checkChar('91420106MA4K00001')));
    expect(created.status).toBe(302);
    const page = await founder.get('/me/organization');
    expect(page.text).toContain('武汉测试科技有限公司');
    const code = page.text.match(/id="join-code">([A-Z0-9]+)</)![1];
    // A second binding is refused.
    expect((await founder.post('/me/organization', await form('91420106MA4K00002X'))).status).toBe(409);

    const colleague = await registered('colleague@example.com');
    const wrong = await colleague.post('/me/organization/join', { code: 'WRONGCODE1' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('邀请码不正确或已失效');
    expect((await colleague.post('/me/organization/join', { code: code.toLowerCase() })).status).toBe(302);
    const members = (await colleague.get('/me/organization')).text;
    expect(members).toContain('founder@example.com');
    expect(members).toContain('colleague@example.com');

    // Regenerating the code makes the old one useless.
    const regenerated = await founder.post('/me/organization/code', {});
    const fresh = regenerated.text.match(/id="join-code">([A-Z0-9]+)</)![1];
    expect(fresh).not.toBe(code);
    const late = await registered('late@example.com');
    expect((await late.post('/me/organization/join', { code })).status).toBe(400);
  });
});

describe('after binding', () => {
  it('goes back to where the user was heading, on this site only', async () => {
    const district = (await app.strapi.db.query('api::district.district').findOne({ where: { code: '420106' } })).documentId;
    const base = { name: '武汉下一步科技有限公司', legalForm: 'limited_liability_company', district, contactName: '王五', contactPhone: '13912345678' };
    const first = await registered('next1@example.com');
    const page = await first.get('/me/organization?next=%2Fcalls%2Fx%2Fapply');
    expect(page.text).toContain('name="next" value="/calls/x/apply"');
    const ok = await first.post('/me/organization', { ...base, uscc: '91420106MA4K00003' + checkChar('91420106MA4K00003'), next: '/calls/x/apply' });
    expect(ok.headers.location).toBe('/calls/x/apply');
    const second = await registered('next2@example.com');
    const evil = await second.post('/me/organization', { ...base, uscc: '91420106MA4K00004' + checkChar('91420106MA4K00004'), next: '//evil.example' });
    expect(evil.headers.location).toBe('/me/organization');
  });
});

function checkChar(first17: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../src/domain/uscc').usccCheckCharacter(first17);
}
