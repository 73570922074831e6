import { Browser, Page, chromium } from 'playwright-core';
import { importStandInsOver } from './calendar-stand-in';
import { DemoServer, startDemo } from './demo-server';

/**
 * Debian's Chromium, driven by playwright-core: no browser download. The flags keep it from
 * reaching for the network, which this machine does not have.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/** The demo's password for every seeded login (src/seed). */
export const DEMO_PASSWORD = 'Shenbao@2026';

/** Fills the admin login form as a person would and returns the login response. */
export async function submitAdminLogin(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/admin`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/login')),
    page.locator('button[type="submit"]').click(),
  ]);
  return response;
}

/** Logs a staff member in and waits until the admin has left the login page. */
export async function loginAsStaff(page: Page, baseUrl: string, email: string) {
  await submitAdminLogin(page, baseUrl, email);
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
}

/**
 * One demo server (with extra environment, if given) and one browser for a test file, started
 * together and stopped after it; the demo gets the calendar stand-ins the tests need (./calendar-stand-in.ts).
 */
export function demoInBrowser(demoEnv: Record<string, string> = {}) {
  const env = {} as { demo: DemoServer; browser: Browser };
  beforeAll(async () => {
    [env.demo, env.browser] = await Promise.all([startDemo(demoEnv), launchBrowser()]);
    await importStandInsOver(env.demo.url, 'admin@shenbao.local', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.demo?.stop();
  });
  return env;
}
