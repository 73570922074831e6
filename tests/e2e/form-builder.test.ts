import { DEMO_PASSWORD, demoInBrowser, loginAsStaff } from '../harness/browser';
import { api, staffLogin } from '../harness/portal';

/**
 * An editor builds fields in the admin's visual form builder (a conditional field, a table with
 * its columns, a commitment), sees them in the preview, and saves them; no JSON is typed. Once
 * the call is published, an applicant finds them in the portal's form, the condition working live.
 */
const env = demoInBrowser();

it('adds fields to a call\'s form without typing JSON, and the portal renders them', async () => {
  const token = await staffLogin(env.demo.url, 'editor@shenbao.local');
  const list = (await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', token)).body;
  const call = list.results.find((r: { slug: string }) => r.slug === 'data-product-2026');

  const page = await env.browser.newPage();
  await loginAsStaff(page, env.demo.url, 'editor@shenbao.local');
  await page.goto(`${env.demo.url}/admin/content-manager/collection-types/api::task-spec.task-spec/${call.documentId}`);

  const builder = page.getByTestId('form-builder');
  await builder.waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('new-field-key').fill('gpuHours');
  await page.getByTestId('new-field-type').selectOption('integer');
  await page.getByTestId('add-field').click();
  await page.getByTestId('title-gpuHours').fill('算力使用时长（卡时）');
  await page.getByTestId('required-gpuHours').check();
  await expect(page.getByTestId('form-preview').innerText()).resolves.toContain('算力使用时长（卡时） *');
  // Shown only when the applicant says there is compute investment.
  const condition = page.getByTestId('condition-gpuHours');
  await condition.getByLabel('条件字段').selectOption('hasComputeInvestment');
  await condition.getByLabel('条件', { exact: true }).selectOption('equals');
  await condition.getByLabel('条件值').selectOption({ label: '是' });
  // A table of team members with a second column.
  await page.getByTestId('new-field-key').fill('team');
  await page.getByTestId('new-field-type').selectOption('table');
  await page.getByTestId('add-field').click();
  await page.getByTestId('new-column-key-team').fill('duty');
  await page.getByTestId('add-column-team').click();
  // A further commitment.
  await page.getByTestId('new-field-key').fill('commitNoDuplicateFunding');
  await page.getByTestId('new-field-type').selectOption('yesno');
  await page.getByTestId('add-field').click();
  await page.getByTestId('title-commitNoDuplicateFunding').fill('本项目未获得其他市级财政资金重复支持');
  await page.getByTestId('commitment-commitNoDuplicateFunding').check();
  await expect(page.getByTestId('form-preview').innerText()).resolves.toContain('本项目未获得其他市级财政资金重复支持 *');
  await expect(page.getByTestId('form-problems').count()).resolves.toBe(0);

  await page.screenshot({ path: `${__dirname}/../.artifacts/form-builder.png`, fullPage: true });
  const [saveResponse] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api::task-spec.task-spec/${call.documentId}`) && r.request().method() === 'PUT', { timeout: 30_000 }),
    page.getByRole('button', { name: /^(保存|Save)$/ }).click(),
  ]);
  expect(saveResponse.status()).toBe(200);

  const saved = (await api(env.demo.url, 'GET', `/content-manager/collection-types/api::task-spec.task-spec/${call.documentId}`, token)).body;
  expect(saved.data.formDefinition.properties.gpuHours).toMatchObject({ type: 'integer', title: '算力使用时长（卡时）', 'x-ui': { widget: 'integer' } });
  expect(saved.data.formDefinition.required).toEqual(expect.arrayContaining(['gpuHours', 'commitNoDuplicateFunding']));
  expect(saved.data.formDefinition.properties.gpuHours['x-ui'].visibleWhen).toEqual({ field: 'hasComputeInvestment', equals: true });
  expect(Object.keys(saved.data.formDefinition.properties.team.items.properties)).toEqual(['name', 'duty']);
  expect(saved.data.formDefinition.properties.commitNoDuplicateFunding).toMatchObject({ type: 'boolean', 'x-ui': { widget: 'yesno', commitment: true } });
  await page.close();

  // Published, the call's form on the portal carries the new fields, and the condition works there too.
  expect((await api(env.demo.url, 'POST', `/content-manager/collection-types/api::task-spec.task-spec/${call.documentId}/actions/publish`, token, {})).status).toBe(200);
  const portal = await env.browser.newPage();
  await portal.goto(`${env.demo.url}/login?next=/calls/data-product-2026/apply`);
  await portal.locator('main [name="identifier"]').fill('applicant@shenbao.local');
  await portal.locator('main [name="password"]').fill(DEMO_PASSWORD);
  await Promise.all([portal.waitForURL('**/calls/data-product-2026/apply'), portal.locator('#login-submit').click()]);
  const gpuHours = portal.locator('[name="a.gpuHours"]');
  await expect(portal.locator('main').innerText()).resolves.toContain('本项目未获得其他市级财政资金重复支持');
  await expect(portal.locator('[name="a.team.0.duty"]').count()).resolves.toBe(1);
  await expect(gpuHours.isVisible()).resolves.toBe(false);
  await portal.locator('[name="a.hasComputeInvestment"][value="true"]').check();
  await expect(gpuHours.isVisible()).resolves.toBe(true);
  await portal.screenshot({ path: `${__dirname}/../.artifacts/form-builder-portal.png`, fullPage: true });
  await portal.close();
});
