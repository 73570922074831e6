import type { BrowserContext, Page } from 'playwright-core';
import { demoInBrowser } from '../harness/browser';
import { PDF, fixtureFile } from '../harness/fixtures';
import { auditPages, screenshot, staffLogin, staffStep } from '../harness/portal';

/**
 * An applicant's whole way through the portal in Chromium, with the page's CSP in force: register,
 * bind an organisation, fill the dataset call's form over two visits, submit, read the receipt
 * and the timeline; then, after a staff return, correct only the flagged field and resubmit.
 * Every page type on the way is checked with axe-core.
 */
const env = demoInBrowser();
const EMAIL = 'zhang.wei@example.com';
const PASSWORD = 'Apply@2026x';
const USCC = '91420100MA4K2E6Q08';
const pdf = () => fixtureFile('材料.pdf', PDF);

let context: BrowserContext;
let page: Page;
let documentId: string;
const pagesToAudit = new Set<string>();

beforeAll(async () => {
  context = await env.browser.newContext({ locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
});

const submitButton = (id: string) => page.locator(`#${id}`);
const named = (name: string) => page.locator(`main [name="${name}"]`);
const answer = (key: string) => named(`a.${key}`);

async function visit(path: string) {
  await page.goto(`${env.demo.url}${path}`);
  pagesToAudit.add(new URL(page.url()).pathname);
}

async function login() {
  await visit('/login');
  await named('identifier').fill(EMAIL);
  await named('password').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), submitButton('login-submit').click()]);
}

it('registers a new user and binds an organisation with a valid USCC', async () => {
  await visit('/register');
  await named('email').fill(EMAIL);
  await named('password').fill(PASSWORD);
  await named('passwordConfirm').fill(PASSWORD);
  await Promise.all([page.waitForURL('**/me/organization'), submitButton('register-submit').click()]);
  await screenshot(page, '03-organization');
  pagesToAudit.add('/me/organization');

  // A mistyped USCC is refused beside the field, and the values are kept.
  const form = page.locator('#create-organization');
  await form.getByLabel('单位名称').fill('武汉智数科技有限公司');
  await form.getByLabel('统一社会信用代码').fill('91420100MA4K2E6Q09');
  await form.getByLabel('单位类型').selectOption({ label: '有限责任公司' });
  await form.getByLabel('所属区').selectOption({ label: '东湖新技术开发区' });
  await form.getByLabel('联系人').fill('张伟');
  await form.getByLabel('联系电话').fill('13912345678');
  await submitButton('create-organization-submit').click();
  await expect(page.locator('.error-summary').innerText()).resolves.toContain('统一社会信用代码');
  await expect(page.locator('#create-organization').getByLabel('单位名称').inputValue()).resolves.toBe('武汉智数科技有限公司');

  await page.locator('#create-organization').getByLabel('统一社会信用代码').fill(USCC);
  await submitButton('create-organization-submit').click();
  await expect(page.locator('main').innerText()).resolves.toContain(USCC);
});

it('fills the dataset call\'s form over two visits, with files, and submits it', async () => {
  await visit('/calls/dataset-2025-batch-1/apply');
  await answer('projectName').fill('工业质检多模态数据集');
  await answer('taskKey').selectOption({ label: '工业制造' });
  await answer('summary').fill('面向汽车零部件的工业质检多模态数据集建设');
  await page.locator('[name="file.application"]').setInputFiles(pdf());
  await screenshot(page, '04-application-form');
  await Promise.all([page.waitForURL('**/edit?saved=1'), submitButton('save-draft').click()]);
  documentId = new URL(page.url()).pathname.split('/')[3];

  // Second visit: a new session finds the draft with its file.
  await page.locator('header form[action="/logout"] button').click();
  await page.waitForURL(`${env.demo.url}/`);
  await login();
  await visit('/me/applications');
  await screenshot(page, '05-my-applications');
  await page.locator(`a[href="/me/applications/${documentId}"]`).first().click();
  await page.locator('#edit-application').click();
  await expect(answer('projectName').inputValue()).resolves.toBe('工业质检多模态数据集');
  await expect(page.locator('a[href^="/files/"]').first().innerText()).resolves.toContain('材料.pdf');

  // Submitting early names what is missing, beside the fields.
  await submitButton('submit-application').click();
  await expect(page.locator('.error-summary').innerText()).resolves.toContain('数据集规模');
  await screenshot(page, '06-form-errors');
  pagesToAudit.add(`/me/applications/${documentId}/edit`);

  await answer('datasetScaleGb').fill('12000');
  await answer('plannedInvestmentFen').fill('5000000');
  await answer('contactName').fill('张伟');
  await answer('contactPhone').fill('027-87654321');
  for (const slot of ['commitment', 'licence', 'taxCertificate', 'rdProof']) await page.locator(`[name="file.${slot}"]`).setInputFiles(pdf());
  for (const key of ['commitIndependentLegalPerson', 'commitNoSafetyAccident', 'commitNotCreditListed', 'commitTruthful']) await answer(key).check();
  await Promise.all([page.waitForURL('**/receipt'), submitButton('submit-application').click()]);
  await expect(page.locator('#serial-no').innerText()).resolves.toMatch(/\S{6,}/);
  await screenshot(page, '07-receipt');
  pagesToAudit.add(new URL(page.url()).pathname);

  await visit(`/me/applications/${documentId}`);
  const timeline = await page.locator('main').innerText();
  expect(timeline).toContain('提交申报');
  expect(timeline).toContain('区级受理初审');
  await screenshot(page, '08-timeline');
});

it('after a return, lets the user correct only the flagged field and resubmit', async () => {
  const reviewer = await staffLogin(env.demo.url, 'district.reviewer@shenbao.local');
  const returned = await staffStep(env.demo.url, reviewer, documentId, { action: 'return', opinion: '请补充数据集规模的测算依据', flaggedFields: ['datasetScaleGb'], coiDeclared: true });
  expect(returned.state).toBe('returned');

  await visit(`/me/applications/${documentId}`);
  await expect(page.locator('main').innerText()).resolves.toContain('请补充数据集规模的测算依据');
  await page.locator('#edit-application').click();
  await expect(answer('datasetScaleGb').isEditable()).resolves.toBe(true);
  // The other answers are shown, but not as inputs.
  await expect(answer('projectName').count()).resolves.toBe(0);
  await expect(page.locator('main').innerText()).resolves.toContain('工业质检多模态数据集');
  await screenshot(page, '09-returned');
  await answer('datasetScaleGb').fill('15000');
  await Promise.all([page.waitForURL('**?resubmitted=1'), submitButton('resubmit').click()]);
  await expect(page.locator('main').innerText()).resolves.toContain('补正后重新提交');
});

it('has no serious or critical accessibility violations on the applicant pages', async () => {
  const anonymous = ['/register', '/login'];
  const found = {
    ...(await auditPages(env.browser, env.demo.url, anonymous)),
    ...(await auditPages(env.browser, env.demo.url, [...pagesToAudit].filter((path) => !anonymous.includes(path)), await context.storageState())),
  };
  expect(pagesToAudit.size).toBeGreaterThanOrEqual(6);
  expect(found).toEqual({});
});
