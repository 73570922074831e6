import { demoInBrowser, submitAdminLogin } from '../harness/browser';

const env = demoInBrowser();

describe('the demo in a browser', () => {
  it('prints a login for every staff role and the demo applicant', () => {
    for (const email of ['admin@', 'editor@', 'city.reviewer@', 'district.reviewer@', 'institution@', 'expert@', 'finance@', 'applicant@']) {
      expect(env.demo.output()).toContain(`${email}shenbao.local`);
    }
  });

  it('shows the portal home with the consultation notice and the open calls', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.demo.url}/`);
    await expect(page.title()).resolves.toContain('武汉市数据局');
    await expect(page.getByRole('heading', { name: '通知公告' }).isVisible()).resolves.toBe(true);
    const notices = await page.locator('#notices').innerText();
    expect(notices).toContain('公开征求意见的通知');
    expect(notices).toContain('已截止');
    const calls = await page.locator('#calls li').allInnerTexts();
    expect(calls).toHaveLength(2);
    expect(calls.join('\n')).toContain('剩余');
    await page.close();
  });

  it('lets a demo staff member log in to the admin panel', async () => {
    const page = await env.browser.newPage();
    expect((await submitAdminLogin(page, env.demo.url, 'editor@shenbao.local')).status()).toBe(200);
    await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
    // The menu only appears once the panel has loaded the user's permissions.
    await page.locator('nav a[href*="content-manager"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: `${__dirname}/../.artifacts/admin-after-login.png` });
    // The seeded staff work in Simplified Chinese.
    expect(await page.evaluate(() => localStorage.getItem('strapi-admin-language'))).toBe('zh-Hans');
    await expect(page.locator('nav a[aria-label="媒体库"]').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('refuses a wrong password on the admin login page', async () => {
    const page = await env.browser.newPage();
    expect((await submitAdminLogin(page, env.demo.url, 'editor@shenbao.local', 'Wrong-password-1')).status()).toBe(400);
    expect(new URL(page.url()).pathname).toContain('/auth/login');
    await page.close();
  });
});
