import type { Browser } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { DemoServer, startDemo } from '../harness/demo-server';

/** An editor builds a field in the admin's visual form builder, sees it in the preview, and saves it. */
let demo: DemoServer;
let browser: Browser;
beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const api = async (path: string, token?: string, body?: unknown) => {
  const response = await fetch(`${demo.url}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
};

it('adds a required field to a call\'s form without typing JSON', async () => {
  const token = (await api('/admin/login', undefined, { email: 'editor@shenbao.local', password: 'Shenbao@2026' })).data.token;
  const list = await api('/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', token);
  const call = list.results.find((r: { slug: string }) => r.slug === 'data-product-2026');

  const page = await browser.newPage();
  await page.goto(`${demo.url}/admin`);
  await page.locator('input[name="email"]').fill('editor@shenbao.local');
  await page.locator('input[name="password"]').fill('Shenbao@2026');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
  await page.goto(`${demo.url}/admin/content-manager/collection-types/api::task-spec.task-spec/${call.documentId}`);

  const builder = page.getByTestId('form-builder');
  await builder.waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('new-field-key').fill('gpuHours');
  await page.getByTestId('new-field-type').selectOption('integer');
  await page.getByTestId('add-field').click();
  await page.getByTestId('title-gpuHours').fill('算力使用时长（卡时）');
  await page.getByTestId('required-gpuHours').check();
  await expect(page.getByTestId('form-preview').innerText()).resolves.toContain('算力使用时长（卡时） *');
  await expect(page.getByTestId('form-problems').count()).resolves.toBe(0);

  await page.screenshot({ path: `${__dirname}/../.artifacts/form-builder.png`, fullPage: true });
  const [saveResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api::task-spec.task-spec/${call.documentId}`) && r.request().method() === 'PUT', { timeout: 30_000 }),
    page.getByRole('button', { name: /^(保存|Save)$/ }).click(),
  ]);
  expect(saveResponse.status()).toBe(200);

  const saved = await api(`/content-manager/collection-types/api::task-spec.task-spec/${call.documentId}`, token);
  expect(saved.data.formDefinition.properties.gpuHours).toMatchObject({ type: 'integer', title: '算力使用时长（卡时）', 'x-ui': { widget: 'integer' } });
  expect(saved.data.formDefinition.required).toContain('gpuHours');
  await page.close();
});
