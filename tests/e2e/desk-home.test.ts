import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoInBrowser, loginAsStaff } from '../harness/browser';
import { readyDraftAt } from '../harness/materials';
import { api, screenshot, staffLogin, staffStep } from '../harness/portal';

/**
 * The admin home page of each staff role in Chromium: its to-do widgets, in Chinese, above the
 * fold at 1440×900 and at 1280×720, their labels not cut; none of Strapi's own widgets, which a
 * super admin still has. And the desk's honest controls: 发起公示 only while a 公示 can still be
 * started, 绩效监管 and the calendar warning only for the roles the server lets use them.
 */
const env = demoInBrowser();
const CALL = 'dataset-2025-batch-1';
const ids: Record<string, string> = {};

/** Strapi's own home widgets, by their (translated) titles. */
const STRAPI_WIDGETS = ['最近编辑的条目', '最近发布的条目', '项目统计', '个人资料'];
const TODO_WIDGETS: Record<string, string[]> = {
  district: ['home-todo', 'home-publicity', 'home-funnel'],
  city: ['home-todo', 'home-publicity', 'home-funnel'],
  institution: ['home-todo', 'home-publicity', 'home-funnel'],
  expert: ['home-todo', 'home-publicity', 'home-funnel'],
  finance: ['home-todo', 'home-publicity', 'home-funnel', 'home-budget'],
  editor: ['home-todo', 'home-publicity', 'home-funnel'],
};
const EMAILS: Record<string, string> = {
  district: 'district.reviewer@shenbao.local',
  city: 'city.reviewer@shenbao.local',
  institution: 'institution@shenbao.local',
  expert: 'expert@shenbao.local',
  finance: 'finance@shenbao.local',
  editor: 'editor@shenbao.local',
};

beforeAll(async () => {
  // Two applications: one waiting for the district, one whose entity 公示 is running.
  const login = await api(env.demo.url, 'POST', '/api/auth/local', undefined, { identifier: 'applicant@shenbao.local', password: DEMO_PASSWORD });
  const jwt = login.body.jwt as string;
  const admin = await staffLogin(env.demo.url, 'admin@shenbao.local');
  const calls = await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', admin);
  const taskSpec = calls.body.results.find((r: { slug: string }) => r.slug === CALL).documentId;
  for (const [key, title] of [['waiting', '城市感知数据集（待初审）'], ['publicity', '工业互联网数据集（公示中）']]) {
    ids[key] = await readyDraftAt(env.demo.url, jwt, taskSpec, CALL, title);
    expect((await api(env.demo.url, 'POST', `/api/applications/${ids[key]}/submit`, jwt, { version: 0 })).status).toBe(200);
  }
  await staffStep(env.demo.url, await staffLogin(env.demo.url, EMAILS.district), ids.publicity, { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
  const city = await staffLogin(env.demo.url, EMAILS.city);
  await staffStep(env.demo.url, city, ids.publicity, { action: 'confirm', opinion: '确认' });
  const started = await api(env.demo.url, 'POST', '/shenbao/bulk/publicity', city, { kind: 'entity_publicity', applications: [ids.publicity], workingDays: 5 });
  expect(started.status).toBe(200);
});

/** Each widget's top within the viewport, and no label narrower than its text. */
async function checkAboveTheFold(page: Page, widgets: string[], height: number) {
  for (const id of widgets) await page.getByTestId(id).waitFor({ timeout: 60_000 });
  const boxes = await page.evaluate((testids) => {
    return testids.map((id) => {
      const widget = document.querySelector(`[data-testid="${id}"]`)!.closest('[data-strapi-widget-id]') as HTMLElement;
      return { id, top: widget.getBoundingClientRect().top, title: widget.querySelector('h2')!.textContent, titleClipped: widget.querySelector('h2')!.scrollWidth > widget.querySelector('h2')!.clientWidth };
    });
  }, widgets);
  for (const box of boxes) {
    expect({ id: box.id, above: box.top >= 0 && box.top < height - 60 }).toEqual({ id: box.id, above: true });
    expect({ title: box.title, clipped: box.titleClipped }).toEqual({ title: box.title, clipped: false });
  }
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-home-label]')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
  );
  expect(clipped).toEqual([]);
}

const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

describe('the home page of each staff role', () => {
  for (const role of Object.keys(EMAILS)) {
    it(`shows ${role}'s to-do in Chinese above the fold at 1440×900 and 1280×720, without Strapi's own widgets`, async () => {
      const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      try {
        const page = await context.newPage();
        await loginAsStaff(page, env.demo.url, EMAILS[role]);
        await page.goto(`${env.demo.url}/admin`);
        await checkAboveTheFold(page, TODO_WIDGETS[role], 900);
        const text = await visibleText(page);
        for (const title of STRAPI_WIDGETS) expect({ title, shown: text.includes(title) }).toEqual({ title, shown: false });
        expect(text).not.toContain('全新媒体库');
        expect(text).toContain('待我办理');
        if (role === 'finance') expect(text).toContain('预算执行');
        else expect(text).not.toContain('预算执行');
        await screenshot(page, `home-${role}`);

        await page.setViewportSize({ width: 1280, height: 720 });
        await checkAboveTheFold(page, TODO_WIDGETS[role], 720);
        if (role === 'district' || role === 'city') await screenshot(page, `home-${role}-1280`);
      } finally {
        await context.close();
      }
    });
  }

  it("lists the district's waiting application, linking to the desk's page, and the running 公示 with its end", async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await loginAsStaff(page, env.demo.url, EMAILS.district);
      await page.goto(`${env.demo.url}/admin`);
      const item = page.getByTestId(`home-todo-item-${ids.waiting}`);
      await expect(item.innerText({ timeout: 60_000 })).resolves.toMatch(/区级受理初审.*办理期限：\d{4}年\d{1,2}月\d{1,2}日/s);
      await expect(page.getByTestId('home-publicity').innerText()).resolves.toMatch(/公示期至\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）/);
      await item.getByRole('link').click();
      await page.waitForURL(`**/admin/shenbao-desk/applications/${ids.waiting}`);
      await page.locator('[data-testid="app-state"][data-state="district_review"]').waitFor({ timeout: 60_000 });
    } finally {
      await context.close();
    }
  });

  it("still gives a super admin Strapi's own widgets", async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await loginAsStaff(page, env.demo.url, 'admin@shenbao.local');
      await page.goto(`${env.demo.url}/admin`);
      await page.getByText('最近编辑的条目').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('home-todo').waitFor();
      await screenshot(page, 'home-super-admin');
    } finally {
      await context.close();
    }
  });
});

describe('honest controls on the desk', () => {
  it('gives an expert neither the bulk buttons, nor 绩效监管, nor the calendar warning', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await loginAsStaff(page, env.demo.url, EMAILS.expert);
      await page.goto(`${env.demo.url}/admin/shenbao-desk`);
      await page.getByTestId('desk-calendar-ok').waitFor({ state: 'attached', timeout: 60_000 });
      for (const id of ['desk-bulk-publicity', 'desk-bulk-plan', 'desk-supervision-link', 'desk-calendar-warning']) await expect(page.getByTestId(id).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it('gives the city reviewer no 发起公示 once the 公示 of its only confirmed application has started, and 绩效监管', async () => {
    const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await loginAsStaff(page, env.demo.url, EMAILS.city);
      await page.goto(`${env.demo.url}/admin/shenbao-desk`);
      const row = page.getByTestId(`desk-row-${ids.publicity}`);
      await expect(row.innerText({ timeout: 60_000 })).resolves.toContain('建设单位公示');
      await page.getByTestId('desk-supervision-link').waitFor();
      await expect(page.getByTestId('desk-bulk-publicity').count()).resolves.toBe(0);
      await screenshot(page, 'desk-18-no-publicity-button');
    } finally {
      await context.close();
    }
  });
});
