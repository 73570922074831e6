import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoInBrowser, loginAsStaff } from '../harness/browser';
import { PNG, docx, fixtureFile } from '../harness/fixtures';
import { api, auditPages, screenshot, staffLogin, staffStep } from '../harness/portal';
import { COMPLETE_ANSWERS } from '../harness/workflow';
import { uploadRequiredFiles, uploadTo } from '../harness/materials';

/**
 * A visitor's side of the portal in Chromium, with the CSP in force: reading a notice and a
 * guideline, sending consultation feedback with both files (and being refused once the
 * deadline has passed), and lodging an objection on a running 公示. Each page type is checked
 * with axe-core.
 */
const env = demoInBrowser();
let context: BrowserContext;
let page: Page;
const audited = new Set<string>();

beforeAll(async () => {
  context = await env.browser.newContext({ locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
});

async function visit(path: string) {
  await page.goto(`${env.demo.url}${path}`);
  audited.add(path);
}

const mainText = () => page.locator('main').innerText();

/** Opens the first entry of a list page and returns the detail's path. */
async function openFirst(listPath: string) {
  await visit(listPath);
  await page.locator(`main a[href^="${listPath}/"]`).first().click();
  await page.waitForURL(`**${listPath}/**`);
  const path = new URL(page.url()).pathname;
  audited.add(path);
  return path;
}

it('lets a visitor read a notice and a guideline', async () => {
  await visit('/');
  await screenshot(page, '01-home');
  await openFirst('/notices');
  await expect(page.locator('h1').innerText()).resolves.toContain('通知');
  await screenshot(page, '01-notice');
  await openFirst('/guidelines');
  await expect(page.locator('h1').innerText()).resolves.toContain('指南');
  await screenshot(page, '01-guideline');
  await openFirst('/calls');
  await expect(mainText()).resolves.toContain('申报材料');
});

describe('consultation feedback', () => {
  let editor: string;
  let documentId: string;
  const path = '/consultations/e2e-open-consultation';
  const cm = '/content-manager/collection-types/api::consultation.consultation';

  beforeAll(async () => {
    // An editor opens a consultation for comments in the admin (through its API here).
    editor = await staffLogin(env.demo.url, 'editor@shenbao.local');
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await api(env.demo.url, 'POST', cm, editor, {
      title: '关于《武汉市公共数据资源授权运营实施细则（征求意见稿）》公开征求意见的通知',
      slug: 'e2e-open-consultation',
      summary: '请于截止时间前反馈意见。',
      draftTitle: '武汉市公共数据资源授权运营实施细则（征求意见稿）',
      issuedAt: new Date().toISOString(),
      deadline,
      issuer: '武汉市数据局',
      topics: [{ topic: 'dataset', name: '高质量数据集', phone: '027-65770039', email: 'ssjjsjzlc@163.com' }],
      requireWordFile: true,
      requireSignedScan: true,
    });
    expect(created.status).toBe(201);
    documentId = created.body.data.documentId;
    expect((await api(env.demo.url, 'POST', `${cm}/${documentId}/actions/publish`, editor, {})).status).toBe(200);
  });

  async function fillFeedback() {
    const form = page.locator('#feedback-form');
    await form.locator('[name="name"]').fill('王芳');
    await form.locator('[name="organization"]').fill('武汉数据产业协会');
    await form.locator('[name="phone"]').fill('13800138000');
    await form.locator('[name="email"]').fill('wangfang@example.com');
    await form.locator('[name="topic"]').selectOption({ index: 1 });
    await form.locator('[name="comment"]').fill('建议第三条明确数据产品的认定口径。');
    await form.locator('[name="wordFile"]').setInputFiles(fixtureFile('修改意见.docx', await docx()));
    await form.locator('[name="signedScan"]').setInputFiles(fixtureFile('签字扫描件.png', PNG));
  }

  it('takes feedback with both files before the deadline', async () => {
    await visit(path);
    await expect(mainText()).resolves.toContain('027-65770039');
    await fillFeedback();
    await screenshot(page, '02-consultation');
    await page.locator('#feedback-form button[type="submit"]').click();
    await expect(page.locator('#receipt-no').innerText()).resolves.toMatch(/\S+/);
    await screenshot(page, '02-feedback-receipt');
  });

  it('lets the editor read the feedback in the admin panel and export it as XLSX', async () => {
    const admin = await env.browser.newPage();
    await loginAsStaff(admin, env.demo.url, 'editor@shenbao.local');
    await admin.goto(`${env.demo.url}/admin/content-manager/collection-types/api::consultation-feedback.consultation-feedback`);
    await admin.getByText('王芳').first().waitFor({ timeout: 60_000 });
    await admin.getByTestId('feedback-export').click();
    const dialog = admin.getByTestId('feedback-export-dialog');
    await dialog.locator('select').selectOption(documentId);
    const [download] = await Promise.all([admin.waitForEvent('download'), dialog.getByText('下载 XLSX').click()]);
    const file = await download.path();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workbook = new (require('exceljs').Workbook)();
    await workbook.xlsx.readFile(file);
    const cells = workbook.worksheets[0].getSheetValues().flat().map(String).join(' ');
    expect(cells).toContain('王芳');
    expect(cells).toContain('建议第三条明确数据产品的认定口径。');
    await screenshot(admin, '02-feedback-admin');
    await admin.close();
  });

  it('refuses a post made after the deadline, even from a page opened before it', async () => {
    await visit(path);
    await fillFeedback();
    // The deadline passes while the visitor is typing.
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await api(env.demo.url, 'PUT', `${cm}/${documentId}`, editor, { deadline: past })).status).toBe(200);
    expect((await api(env.demo.url, 'POST', `${cm}/${documentId}/actions/publish`, editor, {})).status).toBe(200);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('#feedback-form button[type="submit"]').click()]);
    expect(response.status()).toBeGreaterThanOrEqual(400);
    expect(response.status()).toBeLessThan(500);
    await expect(mainText()).resolves.toContain('截止');
    await visit(path);
    await expect(page.locator('#feedback-form').count()).resolves.toBe(0);
    await expect(page.locator('#feedback-closed').isVisible()).resolves.toBe(true);
  });
});

describe('a running 公示', () => {
  let batchId: string;
  let applicationId: string;
  let receiptNo = '';
  let lookupKey = '';

  beforeAll(async () => {
    // The demo applicant's application reaches 建设单位公示 through the API, and the bureau
    // publishes a batch with it (the admin's 公示 action is issue 7).
    const login = await api(env.demo.url, 'POST', '/api/auth/local', undefined, { identifier: 'applicant@shenbao.local', password: DEMO_PASSWORD });
    const jwt = login.body.jwt as string;
    const admin = await staffLogin(env.demo.url, 'admin@shenbao.local');
    const calls = await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', admin);
    const taskSpec = calls.body.results.find((r: { slug: string }) => r.slug === 'dataset-2025-batch-1').documentId;
    const created = await api(env.demo.url, 'POST', '/api/applications', jwt, { data: { taskSpec, title: '城市治理多模态数据集', answers: COMPLETE_ANSWERS['dataset-2025-batch-1'] } });
    expect(created.status).toBe(200);
    const id = created.body.data.documentId as string;
    applicationId = id;
    await uploadRequiredFiles(uploadTo(env.demo.url, jwt), id, 'dataset-2025-batch-1');
    expect((await api(env.demo.url, 'POST', `/api/applications/${id}/submit`, jwt, { version: 0 })).status).toBe(200);
    await staffStep(env.demo.url, await staffLogin(env.demo.url, 'district.reviewer@shenbao.local'), id, { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
    const cityReviewer = await staffLogin(env.demo.url, 'city.reviewer@shenbao.local');
    const confirmed = await staffStep(env.demo.url, cityReviewer, id, { action: 'confirm', opinion: '确认为建设单位', coiDeclared: true });
    expect(confirmed.state).toBe('entity_publicity');

    const { serialNo, organization } = (await api(env.demo.url, 'GET', `/shenbao/applications/${id}`, cityReviewer)).body.data;
    const batch = await api(env.demo.url, 'POST', '/content-manager/collection-types/api::publicity.publicity', admin, {
      title: '2025年度高质量数据集建设单位公示（第一批）',
      kind: 'entity_publicity',
      applications: { connect: [{ documentId: id }] },
      workingDays: 5,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      phase: 'open',
      snapshot: { columns: ['serialNo', 'title', 'organizationName'], rows: [{ serialNo, title: '城市治理多模态数据集', organizationName: organization.name, contactPhone: '13912345678' }] },
    });
    expect(batch.status).toBe(201);
    batchId = batch.body.data.documentId;
  });

  it('shows the batch\'s public fields only, and takes a signed objection', async () => {
    await visit('/publicity');
    await screenshot(page, '10-publicity-list');
    await visit(`/publicity/${batchId}`);
    const text = await mainText();
    expect(text).toContain('城市治理多模态数据集');
    expect(text).not.toContain('13912345678');

    const form = page.locator('#objection-form');
    await form.locator('[name="objectorName"]').fill('赵强');
    await form.locator('[name="phone"]').fill('13700137000');
    await form.locator('[name="application"]').selectOption({ index: 1 });
    await form.locator('[name="reason"]').fill('该单位申报的数据集规模与其公开披露的情况明显不符，请予核查。');
    await form.locator('[name="signedScan"]').setInputFiles(fixtureFile('异议签字件.png', PNG));
    await screenshot(page, '11-objection');
    await form.locator('button[type="submit"]').click();
    // The receipt: its number and the key to look the ruling up with; reloading it lodges nothing again.
    await expect(page.locator('#objection-receipt').isVisible()).resolves.toBe(true);
    receiptNo = (await page.locator('#objection-receipt-no').innerText()).trim();
    lookupKey = (await page.locator('#objection-key').innerText()).trim();
    expect(receiptNo).toMatch(/^YY\d{8}-[A-Z2-9]{8}$/);
    await screenshot(page, '11b-objection-receipt');
    await page.reload();
    await expect(page.locator('#objection-resolution').innerText()).resolves.toBe('核查中');
  });

  it('lets the city reviewer find the objection on the application in the desk, and answer it', async () => {
    const staff = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    try {
      const desk = await staff.newPage();
      await loginAsStaff(desk, env.demo.url, 'city.reviewer@shenbao.local');
      await desk.goto(`${env.demo.url}/admin/shenbao-desk/applications/${applicationId}`);
      const section = desk.getByTestId('app-objections');
      await expect(section.innerText({ timeout: 60_000 })).resolves.toContain('赵强');
      await expect(section.innerText()).resolves.toContain('待处理');
      await expect(section.innerText()).resolves.toContain(receiptNo);
      // No ruling is chosen for the reviewer: until one is, it cannot be sent.
      await expect(section.getByTestId('finding-dismissed').isChecked()).resolves.toBe(false);
      await expect(section.getByTestId('finding-upheld').isChecked()).resolves.toBe(false);
      await expect(section.getByTestId('finding-submit').isDisabled()).resolves.toBe(true);
      await section.getByTestId('finding-dismissed').check();
      await section.getByTestId('finding-submit').click();
      await expect(section.getByTestId('finding-error').innerText()).resolves.toContain('核查意见');
      await section.getByTestId('finding-reason').fill('经核查，该单位数据集规模与审计报告一致。');
      await section.getByTestId('finding-reply').fill('经核查，您反映的情况不属实，异议不成立。感谢您的监督。');
      await screenshot(desk, '12-objection-finding');
      await section.getByTestId('finding-submit').click();
      // decided: the finding and the reply are shown in place of the form
      await section.getByText('答复：经核查，您反映的情况不属实').waitFor({ timeout: 30_000 });
      await expect(section.innerText()).resolves.toContain('异议不成立');
      await expect(section.getByTestId('finding-form').count()).resolves.toBe(0);
      // The chain holds the filing and the ruling, with who ruled.
      const timeline = desk.getByTestId('app-timeline');
      await expect(timeline.innerText()).resolves.toContain('收到公示异议');
      await expect(timeline.innerText()).resolves.toContain('经核查，异议不成立。理由：经核查，该单位数据集规模与审计报告一致。');
      await timeline.scrollIntoViewIfNeeded();
      await screenshot(desk, '12b-objection-in-chain');
    } finally {
      await staff.close();
    }
  });

  it('shows the objector the ruling and the reply, by receipt number and key', async () => {
    await visit('/objections');
    await page.locator('[name="no"]').fill(receiptNo.toLowerCase());
    await page.locator('[name="key"]').fill(lookupKey);
    await page.locator('#objection-lookup button[type="submit"]').click();
    await expect(page.locator('#objection-resolution').innerText()).resolves.toBe('已办结：异议不成立');
    await expect(page.locator('#objection-reply').innerText()).resolves.toContain('您反映的情况不属实');
    await expect(page.locator('#objection-key').count()).resolves.toBe(0);
    await screenshot(page, '13-objection-ruling');
    await visit('/objections?no=YY20260101-AAAAAAAA&key=wrong');
    await expect(page.locator('#lookup-error').innerText()).resolves.toContain('异议编号或查询码不正确');
  });

  it('refuses an anonymous objection', async () => {
    await visit(`/publicity/${batchId}`);
    const form = page.locator('#objection-form');
    await form.locator('[name="application"]').selectOption({ index: 1 });
    await form.locator('[name="reason"]').fill('匿名反映：该项目存在问题，请核查处理。');
    await form.locator('[name="signedScan"]').setInputFiles(fixtureFile('异议签字件.png', PNG));
    await form.locator('button[type="submit"]').click();
    await expect(page.locator('.error-summary').innerText()).resolves.toContain('姓名');
  });
});

it('has no serious or critical accessibility violations on the public pages', async () => {
  expect(audited.size).toBeGreaterThanOrEqual(8);
  expect(await auditPages(env.browser, env.demo.url, [...audited])).toEqual({});
});
