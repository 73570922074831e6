import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { demoInBrowser, loginAsStaff } from '../harness/browser';
import { ARTIFACTS, screenshot } from '../harness/portal';
import { ROOT } from '../harness/env';

/**
 * `npm run demo` with its cases, as a new city reviewer first sees it: the desk is not empty, and
 * what waits at the city (assignments, the panel's result, 公示 to start) is listed with its stage.
 */
const env = demoInBrowser({ SHENBAO_DEMO_CASES: '1' });
let page: Page;

beforeAll(async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  await loginAsStaff(page, env.demo.url, 'city.reviewer@shenbao.local');
}, 240_000);

it("shows the city reviewer's inbox full of the demo's cases", async () => {
  await page.goto(`${env.demo.url}/admin/shenbao-desk`);
  await page.getByTestId('desk-inbox').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid^="desk-row-"]').first().waitFor({ timeout: 60_000 });
  const states = await page.locator('[data-testid^="desk-row-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
  // the city's own stages of both chains hold at least two cases each
  for (const state of ['city_review', 'entity_publicity', 'evaluation', 'expert_review', 'award_publicity']) {
    expect({ state, count: states.filter((s) => s === state).length >= 2 }).toEqual({ state, count: true });
  }
  await screenshot(page, 'demo-inbox');
  fs.mkdirSync(path.join(ROOT, 'docs', 'img', 'admin'), { recursive: true });
  fs.copyFileSync(path.join(ARTIFACTS, 'demo-inbox.png'), path.join(ROOT, 'docs', 'img', 'admin', 'demo-inbox.png'));
});
