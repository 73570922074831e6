import fs from 'fs';
import ExcelJS from 'exceljs';
import path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoInBrowser, loginAsStaff } from '../harness/browser';
import { api, screenshot, staffLogin, staffStep } from '../harness/portal';
import { COMPLETE_ANSWERS } from '../harness/workflow';
import { uploadRequiredFiles, uploadTo } from '../harness/materials';
import { PDF, PNG } from '../harness/fixtures';
import { ROOT } from '../harness/env';
import { standInYears } from '../harness/calendar-stand-in';
import { HOLIDAY_NOTICES } from '../../src/seed/data/holidays';
import { DEMO_STAFF } from '../../src/seed/data/staff';

/**
 * The approval desk (审核工作台) in Chromium, each seeded role doing its job: the district
 * reviewer recommends one application and returns another with a flagged field; the city reviewer
 * confirms a third and starts its 公示 in bulk; the institution and the experts review; the third
 * party recognises an amount with the award shown live; finance proposes the plan and records the
 * party group's decision. A reviewer of another district sees none of it. The results are read
 * back over the staff API and, at the end, from the database itself.
 *
 * The demo runs its 公示 closing job every two seconds here; a 公示's period is made to pass by
 * moving its end instant into the past in the database (the test's stand-in for five working days).
 */
const env = demoInBrowser({ CRON_ENABLED: 'true', PUBLICITY_CLOSE_RULE: '*/2 * * * * *' });
const CALL = 'dataset-2025-batch-1';
const ids: Record<'recommend' | 'return' | 'confirm' | 'product', string> = { recommend: '', return: '', confirm: '', product: '' };
let contexts: BrowserContext[] = [];
const uploaded: { pdf: string; png: string } = { pdf: '', png: '' };
let applicantJwt = '';

/** The applicant's multipart upload into a form's file slot. */
async function upload(jwt: string, documentId: string, slot: string, name: string, content: Buffer, type: string) {
  const form = new FormData();
  form.append('slot', slot);
  form.append('file', new Blob([content], { type }), name);
  const response = await fetch(`${env.demo.url}/api/applications/${documentId}/files`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` }, body: form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

afterAll(async () => {
  for (const context of contexts) await context.close();
});

/** One logged-in page per staff member, reused: the admin's login rate limit counts every attempt. */
const pages = new Map<string, Promise<Page>>();
function staffPage(email: string): Promise<Page> {
  if (!pages.has(email)) {
    pages.set(
      email,
      (async () => {
        const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
        contexts.push(context);
        const page = await context.newPage();
        await loginAsStaff(page, env.demo.url, email);
        return page;
      })(),
    );
  }
  return pages.get(email)!;
}

const suite = () => [ids.recommend, ids.return, ids.confirm, ids.product];

beforeAll(async () => {
  // The demo applicant submits three applications through the portal API.
  const login = await api(env.demo.url, 'POST', '/api/auth/local', undefined, { identifier: 'applicant@shenbao.local', password: DEMO_PASSWORD });
  const jwt = login.body.jwt as string;
  applicantJwt = jwt;
  const admin = await token('admin@shenbao.local');
  const calls = await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', admin);
  const taskSpec = calls.body.results.find((r: { slug: string }) => r.slug === CALL).documentId;
  const titles = { recommend: '工业质检多模态数据集（推荐）', return: '城市交通时空数据集（退回）', confirm: '医疗影像标注数据集（确认）' };
  for (const key of Object.keys(titles) as Array<keyof typeof titles>) {
    const created = await api(env.demo.url, 'POST', '/api/applications', jwt, { data: { taskSpec, title: titles[key], answers: COMPLETE_ANSWERS[CALL] } });
    expect(created.status).toBe(200);
    ids[key] = created.body.data.documentId;
    if (key === 'recommend') {
      uploaded.pdf = await upload(jwt, ids[key], 'application', '申报书.pdf', PDF, 'application/pdf');
      uploaded.png = await upload(jwt, ids[key], 'licence', '营业执照.png', PNG, 'image/png');
    }
    await uploadRequiredFiles(uploadTo(env.demo.url, jwt), ids[key], CALL, key === 'recommend' ? ['application', 'licence'] : []);
    expect((await api(env.demo.url, 'POST', `/api/applications/${ids[key]}/submit`, jwt, { version: 0 })).status).toBe(200);
  }
  // A data product application too (第十条: third party, then the expert panel).
  const productCall = calls.body.results.find((r: { slug: string }) => r.slug === 'data-product-2026').documentId;
  const product = await api(env.demo.url, 'POST', '/api/applications', jwt, { data: { taskSpec: productCall, title: '交通大模型数据产品采购', answers: COMPLETE_ANSWERS['data-product-2026'] } });
  expect(product.status).toBe(200);
  ids.product = product.body.data.documentId;
  await uploadRequiredFiles(uploadTo(env.demo.url, jwt), ids.product, 'data-product-2026');
  expect((await api(env.demo.url, 'POST', `/api/applications/${ids.product}/submit`, jwt, { version: 0 })).status).toBe(200);
  // The third one and the data product have already passed the district's review.
  const district = await token('district.reviewer@shenbao.local');
  await staffStep(env.demo.url, district, ids.confirm, { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
  await staffStep(env.demo.url, district, ids.product, { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
});

// One API login per account: the login rate limit counts every attempt from this address.
const tokens = new Map<string, Promise<string>>();
const token = (email: string) => {
  if (!tokens.has(email)) tokens.set(email, staffLogin(env.demo.url, email));
  return tokens.get(email)!;
};

async function detail(email: string, documentId: string) {
  const response = await api(env.demo.url, 'GET', `/shenbao/applications/${documentId}`, await token(email));
  expect(response.status).toBe(200);
  return response.body.data;
}

async function openInDesk(page: Page, documentId: string) {
  await page.goto(`${env.demo.url}/admin/shenbao-desk`);
  await page.getByTestId(`desk-row-${documentId}`).click({ timeout: 60_000 });
  await page.getByTestId('app-answers').waitFor();
}

/** A drawn expert acts without the general declaration tick: its declaration is a step of its own. */
async function actOnPanel(page: Page, action: string, fill: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await fill();
  await page.getByTestId('action-submit').click();
}

/** The demo experts' logins by the name the desk shows. */
const EXPERT_BY_NAME = new Map(DEMO_STAFF.filter((s) => s.profile?.role === 'expert').map((s) => [`${s.lastname}${s.firstname}`, s.email]));

async function act(page: Page, action: string, fill: () => Promise<void>) {
  if (!(await page.getByTestId('action-coi').isChecked())) await page.getByTestId('action-coi').check();
  await page.getByTestId(`action-${action}`).click();
  await fill();
  await page.getByTestId('action-submit').click();
}

/** The demo's own SQLite database, for what only the database can tell. */
function database() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  return new Database(env.demo.database, { fileMustExist: true }) as {
    prepare(sql: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
    close(): void;
  };
}

/** Time passes: every open 公示 batch holding the application reaches its end instant. */
function endPublicityOf(documentId: string) {
  const db = database();
  try {
    const batches = db
      .prepare(
        `SELECT p.id, p.ends_at AS endsAt FROM publicities p
         JOIN publicities_applications_lnk l ON l.publicity_id = p.id
         JOIN applications a ON a.id = l.application_id
         WHERE a.document_id = ? AND p.phase != 'closed'`,
      )
      .all(documentId) as Array<{ id: number; endsAt: number | string }>;
    expect(batches.length).toBeGreaterThan(0);
    const past = Date.now() - 60_000;
    // keep the column's own representation (a number of milliseconds, or text)
    for (const batch of batches) db.prepare('UPDATE publicities SET ends_at = ? WHERE id = ?').run(typeof batch.endsAt === 'number' ? past : new Date(past).toISOString(), batch.id);
  } finally {
    db.close();
  }
}

async function waitForState(documentId: string, state: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { state: current } = await detail('city.reviewer@shenbao.local', documentId);
    if (current === state) return;
    if (Date.now() > deadline) throw new Error(`${documentId} stayed in ${current}, expected ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const candidateId = async (documentId: string, name: string) =>
  (await detail('city.reviewer@shenbao.local', documentId)).assigneeCandidates.find((c: { name: string; institution?: string }) => c.name === name || c.institution === name).id as number;

describe('the district reviewer', () => {
  let page: Page;
  beforeAll(async () => {
    page = await staffPage('district.reviewer@shenbao.local');
  });

  it('finds the submitted applications in 审核工作台 from the main menu', async () => {
    await page.getByRole('link', { name: '审核工作台' }).first().click({ timeout: 60_000 });
    await page.getByTestId('desk-inbox').waitFor();
    for (const key of ['recommend', 'return'] as const) await page.getByTestId(`desk-row-${ids[key]}`).waitFor({ timeout: 60_000 });
    // the one it has already recommended waits at the city now, not here
    const rows = await page.locator('[data-testid^="desk-row-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'desk-01-inbox-district');
  });

  it('opens an application, declares no conflict and recommends it with an opinion', async () => {
    await openInDesk(page, ids.recommend);
    // the answers as submitted, by the form's labels, and the eligibility snapshot
    await expect(page.getByTestId('app-answers').innerText()).resolves.toContain('工业质检多模态数据集');
    await expect(page.getByTestId('app-eligibility').innerText()).resolves.toContain('未列入失信名单');
    // only this role's actions are offered
    await expect(page.getByTestId('action-confirm').count()).resolves.toBe(0);
    // attachments open inline, fetched with the admin token: the PDF in a frame, the image as an image
    await page.getByTestId(`file-open-${uploaded.pdf}`).click();
    await expect(page.getByTestId('file-viewer-frame').getAttribute('src')).resolves.toMatch(/^blob:/);
    await page.getByTestId(`file-open-${uploaded.png}`).click();
    await page.getByTestId('file-viewer-image').waitFor();
    await expect(page.getByTestId('file-viewer-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
    await screenshot(page, 'desk-02-application');
    await act(page, 'recommend', async () => {
      await page.getByTestId('action-opinion').fill('材料齐全，符合申报条件，同意推荐。');
      await screenshot(page, 'desk-03-recommend');
    });
    await page.locator('[data-testid="app-state"][data-state="city_review"]').waitFor();
    await expect(page.getByTestId('no-actions').isVisible()).resolves.toBe(true);

    const after = await detail('city.reviewer@shenbao.local', ids.recommend);
    expect(after.state).toBe('city_review');
    const record = after.timeline.at(-1);
    expect(record).toMatchObject({ action: 'recommend', actorRole: 'district_reviewer', opinion: '材料齐全，符合申报条件，同意推荐。' });
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows a file the answers name but the application does not hold as missing, never as a link', async () => {
    // A stored file removed behind the system's back, as data written before issue 20 can hold.
    const db = database();
    try {
      db.prepare(`DELETE FROM attachments_application_lnk WHERE attachment_id = (SELECT id FROM attachments WHERE document_id = ?)`).run(uploaded.png);
    } finally {
      db.close();
    }
    const page = await staffPage('city.reviewer@shenbao.local');
    await openInDesk(page, ids.recommend);
    const licence = page.getByTestId('answer-licence');
    await expect(page.getByTestId('file-missing-licence').innerText()).resolves.toContain('附件缺失');
    await expect(licence.getByTestId(`file-open-${uploaded.png}`).count()).resolves.toBe(0);
    await licence.scrollIntoViewIfNeeded();
    await screenshot(page, 'desk-02b-missing-file');
  });

  it('opens that review record in the Content Manager (its condition names the record\'s application)', async () => {
    const db = database();
    let documentId: string;
    try {
      [{ documentId }] = db
        .prepare(
          `SELECT r.document_id AS documentId FROM review_records r
           JOIN review_records_application_lnk l ON l.review_record_id = r.id
           JOIN applications a ON a.id = l.application_id
           WHERE a.document_id = ? AND r.action = 'recommend'`,
        )
        .all(ids.recommend) as Array<{ documentId: string }>;
    } finally {
      db.close();
    }
    const preview = page.waitForResponse((response) => response.url().includes('/content-manager/preview/url/'), { timeout: 60_000 });
    await page.goto(`${env.demo.url}/admin/content-manager/collection-types/api::review-record.review-record/${documentId}`);
    await expect(page.locator('[name="opinion"]').inputValue({ timeout: 60_000 })).resolves.toBe('材料齐全，符合申报条件，同意推荐。');
    // in Chinese, and with no link out to Strapi's online documentation: preview is switched off
    await page.getByText('条目', { exact: true }).waitFor({ timeout: 60_000 });
    await expect(page.locator('input[name="search_contentType"]').getAttribute('placeholder')).resolves.toBe('搜索');
    expect((await preview).status()).toBe(204);
    await expect(page.locator('a[href^="https://docs.strapi.io"]').count()).resolves.toBe(0);
    await screenshot(page, 'desk-03b-record-in-content-manager');
  });

  it('is refused, with the server\'s message, when it returns an application without naming a field', async () => {
    await openInDesk(page, ids.return);
    await act(page, 'return', async () => {
      await page.getByTestId('action-opinion').fill('请补正。');
    });
    await expect(page.getByTestId('action-error').innerText()).resolves.toContain('请指明需要补正的字段');
    expect((await detail('district.reviewer@shenbao.local', ids.return)).state).toBe('district_review');
  });

  it('returns another application with a flagged field', async () => {
    await page.getByTestId('flag-summary').check();
    await page.getByTestId('action-opinion').fill('项目概述过于简略，请补充数据集的来源与规模说明。');
    await screenshot(page, 'desk-04-return');
    await page.getByTestId('action-submit').click();
    await page.locator('[data-testid="app-state"][data-state="returned"]').waitFor();

    const after = await detail('district.reviewer@shenbao.local', ids.return);
    expect(after.state).toBe('returned');
    expect(after.returnFlaggedFields).toEqual(['summary']);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'return', flaggedFields: ['summary'], opinion: '项目概述过于简略，请补充数据集的来源与规模说明。' });
  });
});

describe('after a return', () => {
  it('shows the district reviewer what the applicant changed since the previous submission', async () => {
    const fixed = '工业质检多模态数据集：来源为园区200家制造企业的产线质检图像，规模12TB。';
    const update = await api(env.demo.url, 'PUT', `/api/applications/${ids.return}`, applicantJwt, { data: { answers: { summary: fixed } } });
    expect(update.status).toBe(200);
    const { version } = await detail('district.reviewer@shenbao.local', ids.return);
    expect((await api(env.demo.url, 'POST', `/api/applications/${ids.return}/resubmit`, applicantJwt, { version })).status).toBe(200);

    const page = await staffPage('district.reviewer@shenbao.local');
    await openInDesk(page, ids.return);
    const diff = await page.getByTestId('answers-diff').innerText();
    expect(diff).toContain('项目简介');
    expect(diff).toContain('工业质检多模态数据集');
    expect(diff).toContain(fixed);
    await page.getByTestId('app-diffs').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'desk-04b-answers-diff');
  });
});

describe('the city reviewer', () => {
  let page: Page;
  beforeAll(async () => {
    page = await staffPage('city.reviewer@shenbao.local');
  });

  it('confirms an application the district recommended', async () => {
    await openInDesk(page, ids.confirm);
    await expect(page.getByTestId('app-timeline').innerText()).resolves.toContain('同意推荐');
    await expect(page.getByTestId('app-timeline').innerText()).resolves.toContain('出具初审推荐意见');
    await act(page, 'confirm', async () => {
      await page.getByTestId('action-opinion').fill('经市级复核，确认为建设单位。');
    });
    await page.locator('[data-testid="app-state"][data-state="entity_publicity"]').waitFor();
    await screenshot(page, 'desk-05-confirmed');

    const after = await detail('city.reviewer@shenbao.local', ids.confirm);
    expect(after.state).toBe('entity_publicity');
    expect(after.timeline.map((r: { action: string }) => r.action)).toEqual(['submit', 'recommend', 'confirm']);
    expect(after.timeline.at(-1)).toMatchObject({ actorRole: 'city_reviewer', opinion: '经市级复核，确认为建设单位。' });
  });
});

describe('the data product chain: institution, expert, recognised amount', () => {
  let city: Page;
  beforeAll(async () => {
    city = await staffPage('city.reviewer@shenbao.local');
  });

  it('lets the city reviewer assign the third-party institution from the candidates', async () => {
    await openInDesk(city, ids.product);
    await act(city, 'assign', async () => {
      await city.getByTestId('action-assignees').getByText('演示会计师事务所').click();
    });
    await city.getByTestId('timeline-3').waitFor();
    const after = await detail('city.reviewer@shenbao.local', ids.product);
    expect(after.state).toBe('third_party_review');
    expect(after.assignments.institution).toBe('演示会计师事务所');
    expect(after.timeline.at(-1)).toMatchObject({ action: 'assign', actorRole: 'city_reviewer' });
  });

  it('lets the institution declare no conflict and pass its review', async () => {
    const page = await staffPage('institution@shenbao.local');
    await openInDesk(page, ids.product);
    // nothing can be done before the declaration
    await expect(page.getByTestId('action-pass').isDisabled()).resolves.toBe(true);
    await act(page, 'pass', async () => {
      await page.getByTestId('action-opinion').fill('经复核，购买合同、发票与使用证明一致，同意提交专家评审。');
    });
    await page.locator('[data-testid="app-state"][data-state="expert_review"]').waitFor();
    await screenshot(page, 'desk-06-institution-pass');
    const after = await detail('city.reviewer@shenbao.local', ids.product);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'pass', actorRole: 'institution', opinion: '经复核，购买合同、发票与使用证明一致，同意提交专家评审。' });
  });

  it('draws the panel by field; a drawn expert declares a conflict and is replaced; another declares none and scores with an opinion', async () => {
    await openInDesk(city, ids.product);
    await act(city, 'assign', async () => {
      // the field's options say how many experts could be drawn for this applicant (its own employee and other fields left out)
      await expect(city.getByTestId('draw-field').locator('option[value="data_products"]').innerText()).resolves.toBe('数据产品与应用（可抽取4名）');
      await city.getByTestId('draw-field').selectOption('data_products');
      await expect(city.getByTestId('draw-size').inputValue()).resolves.toBe('3');
      await screenshot(city, 'desk-07a-draw');
    });
    await city.getByTestId('app-panel').waitFor();
    const drawn = (await detail('city.reviewer@shenbao.local', ids.product)).panel.members.map((m: { name: string }) => EXPERT_BY_NAME.get(m.name)!);
    expect(drawn).toHaveLength(3);
    await expect(city.getByTestId('panel-draws').innerText()).resolves.toMatch(/数据产品与应用[\s\S]*4名[\s\S]*与申报单位为同一单位1名/);
    await city.getByTestId('app-panel').scrollIntoViewIfNeeded();
    await screenshot(city, 'desk-07b-panel-drawn');

    // The first expert drawn declares a conflict: it is recused, and the one expert left in the pool replaces it.
    const [conflicted, scorer] = drawn;
    const recused = await staffPage(conflicted);
    await openInDesk(recused, ids.product);
    await expect(recused.getByTestId('action-coi').count()).resolves.toBe(0);
    await actOnPanel(recused, 'declare', async () => {
      await recused.getByTestId('declare-conflict').check();
      await recused.getByTestId('declare-note').fill('本人近三年曾为申报单位提供技术咨询服务。');
      await screenshot(recused, 'desk-07c-declare-conflict');
    });
    await recused.getByTestId('app-error').waitFor();
    await expect(recused.getByTestId('app-error').innerText()).resolves.toContain('无权查看');
    await openInDesk(city, ids.product);
    await expect(city.getByTestId('panel-members').innerText()).resolves.toContain('有利益冲突，已回避（本人近三年曾为申报单位提供技术咨询服务。）');
    await expect(city.getByTestId('panel-draws').innerText()).resolves.toMatch(/替补（评审专家[一二三四]?回避）/);
    await city.getByTestId('app-panel').scrollIntoViewIfNeeded();
    await screenshot(city, 'desk-07d-recusal-replacement');

    // Another declares none, then scores each weighted item with its 评审意见.
    const page = await staffPage(scorer);
    await openInDesk(page, ids.product);
    await actOnPanel(page, 'declare', async () => {
      await page.getByTestId('declare-none').check();
    });
    await page.getByTestId('action-score').waitFor();
    await actOnPanel(page, 'score', async () => {
      await expect(page.getByTestId('action-scores').innerText()).resolves.toContain('技术先进性与创新性（权重30%，0–100分）');
      await page.getByTestId('score-innovation').fill('80');
      await page.getByTestId('score-application').fill('90');
      await page.getByTestId('score-compliance').fill('70');
      await expect(page.getByTestId('score-total').innerText()).resolves.toContain('加权总分：81.00分');
      await page.getByTestId('action-opinion').fill('技术路线清晰，交通场景应用成效明显，数据来源合规。');
      await screenshot(page, 'desk-07e-expert-score');
    });
    await page.getByTestId('panel-result').waitFor();
    const timeline = await page.getByTestId('app-timeline').innerText();
    expect(timeline).toContain('技术先进性与创新性 80，应用成效与推广价值 90，数据安全与合规 70；加权总分 81.00分');
    expect(timeline).not.toMatch(/innovation|application:|compliance/);
    await page.getByTestId('app-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'desk-07f-panel-scored');
    const after = await detail('city.reviewer@shenbao.local', ids.product);
    expect(after.timeline.at(-1)).toMatchObject({ action: 'score', actorRole: 'expert', scores: { innovation: 80, application: 90, compliance: 70 }, opinion: '技术路线清晰，交通场景应用成效明显，数据来源合规。' });
  });

  it('shows the award live as min(30%, 200万元) for the recognised amount, and the server\'s refusal while the panel is incomplete', async () => {
    await openInDesk(city, ids.product);
    await act(city, 'recognise', async () => {
      await city.getByTestId('action-opinion').fill('认定购买金额。');
      await city.getByTestId('action-amount').fill('500万元');
      await expect(city.getByTestId('action-award-value').innerText()).resolves.toBe('1,500,000.00元（150万元）');
      await city.getByTestId('action-amount').fill('800万元');
      await expect(city.getByTestId('action-award-value').innerText()).resolves.toBe('2,000,000.00元（200万元）');
      await expect(city.getByTestId('action-award').innerText()).resolves.toContain('已封顶');
      await screenshot(city, 'desk-08-recognise-award');
    });
    await expect(city.getByTestId('action-error').innerText()).resolves.toContain('专家评分未完成');
    expect((await detail('city.reviewer@shenbao.local', ids.product)).state).toBe('expert_review');
  });

  it('recognises the amount once the two other experts have scored, with the award capped at 200万元', async () => {
    const cityToken = await token('city.reviewer@shenbao.local');
    // The two experts of the panel who have not scored declare no conflict and score.
    const panel = (await detail('city.reviewer@shenbao.local', ids.product)).panel;
    const waiting = panel.members.filter((m: { declaration: string; scored: boolean }) => m.declaration === 'pending').map((m: { name: string }) => EXPERT_BY_NAME.get(m.name)!);
    expect(waiting).toHaveLength(2);
    for (const expert of waiting) {
      await staffStep(env.demo.url, await token(expert), ids.product, { action: 'declare', hasConflict: false });
      await staffStep(env.demo.url, await token(expert), ids.product, { action: 'score', scores: { innovation: 70, application: 75, compliance: 80 }, opinion: '同意支持。' });
    }
    await openInDesk(city, ids.product);
    await act(city, 'recognise', async () => {
      await city.getByTestId('action-opinion').fill('三位专家评审通过，认定购买金额800万元。');
      await city.getByTestId('action-amount').fill('800万元');
      await expect(city.getByTestId('action-award-value').innerText()).resolves.toBe('2,000,000.00元（200万元）');
    });
    await city.locator('[data-testid="app-state"][data-state="award_publicity"]').waitFor();
    const after = await detail('city.reviewer@shenbao.local', ids.product);
    expect(Number(after.awardFen)).toBe(200_000_000);
    expect(after.timeline.filter((r: { action: string }) => r.action === 'score')).toHaveLength(3);
  });
});

describe('the home page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await staffPage('finance@shenbao.local');
  });

  it("shows finance's to-do, the running 公示, its funnel and the budget, then the charts of the applications so far", async () => {
    await page.goto(`${env.demo.url}/admin`);
    for (const title of ['待我办理', '进行中的公示', '办理进度（本人范围）', '预算执行（承诺与拨付）', '各区申报数（本年度）', '各环节办理时长中位数（天）']) {
      await page.getByText(title).first().waitFor({ timeout: 60_000 });
    }
    // Strapi's own home page strings are in Chinese too (translations added in src/admin/app.tsx).
    await page.getByText('欢迎使用申报管理后台').waitFor();
    for (const english of ['Welcome to your administration panel', 'Introducing the new Media Library']) await expect(page.getByText(english).count()).resolves.toBe(0);
    // The applications of this suite are counted in the funnel and by district.
    await page.getByTestId('home-funnel').waitFor();
    await page.getByTestId('widget-by-district').waitFor();
    await expect(page.getByTestId('widget-by-district').textContent()).resolves.toContain('东湖新技术开发区');
    await expect(page.getByTestId('home-budget').innerText()).resolves.toContain('高质量数据集建设');
    await page.locator('[data-testid="widget-median-days"], [data-testid="widget-median-days-empty"]').first().waitFor();
    await screenshot(page, 'desk-09-home-widgets');
  });
});

describe('bulk 公示', () => {
  it('lets the city reviewer select confirmed applications and start a 公示, which the portal then shows', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId(`desk-select-${ids.confirm}`).check({ timeout: 60_000 });
    await page.getByTestId('desk-bulk-publicity').click();
    const dialog = page.getByTestId('bulk-publicity-dialog');
    await expect(dialog.innerText()).resolves.toContain('发起公示（1项）');
    await dialog.getByTestId('bulk-publicity-kind').selectOption('entity_publicity');
    await dialog.getByTestId('bulk-publicity-days').fill('5');
    await dialog.getByTestId('bulk-publicity-submit').click();
    await dialog.getByTestId('bulk-publicity-done').waitFor();
    await screenshot(page, 'desk-10-bulk-publicity');
    const portal = await (await fetch(`${env.demo.url}/publicity`)).text();
    expect(portal).toContain('建设单位公示');
    expect(portal).toContain('公示中');
  });

  it('exports the applications as CSV, showing the progress, into a file that holds them', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId(`desk-row-${ids.confirm}`).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('desk-export-csv').click()]);
    await page.getByTestId('desk-export-progress').filter({ hasText: '导出完成' }).waitFor();
    expect(download.suggestedFilename()).toBe('申报列表.csv');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('医疗影像标注数据集（确认）');
    expect(text.split('\r\n')[0]).toContain('申报编号');
  });

  it('exports the applications as XLSX that opens: a sheet per chain, labels, Beijing time, money as numbers', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('desk-export-xlsx').click()]);
    await page.getByTestId('desk-export-progress').filter({ hasText: '导出完成' }).waitFor();
    expect(download.suggestedFilename()).toBe('申报列表.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['高质量数据集建设项目', '数据产品应用项目']);
    const sheet = workbook.getWorksheet('高质量数据集建设项目')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const at = (row: ExcelJS.Row, header: string) => row.getCell(headers.indexOf(header));
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => at(r, '项目名称').value === '医疗影像标注数据集（确认）')!;
    expect(at(row, '当前环节').value).toBe('建设单位公示');
    expect(String(at(row, '所属区').value)).toMatch(/^[\u4e00-\u9fa5]+$/);
    expect(at(row, '资金项目').value).toBe('高质量数据集建设');
    expect(at(row, '提交时间（北京时间）').value).toBeInstanceOf(Date);
    expect(at(row, '市级复核复审、确认主体·结论').value).toBe('确认建设单位');
    expect(headers).toEqual(expect.arrayContaining(['奖补金额（元）', '建设单位公示批次', '党组会议纪要编号', '支付凭证号', '追回金额（元）']));
  });
});

describe('the working-day calendar', () => {
  it('warns on the desk in November and December while next year is missing, and the city reviewer imports it', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
    // the demo loads the years in src/seed/data/holidays.ts, and the harness its stand-ins
    const missing = (next: number) => month >= 11 && !(next in HOLIDAY_NOTICES) && !standInYears().includes(next);
    const warning = page.getByTestId('desk-calendar-warning');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId('desk-table').waitFor({ timeout: 60_000 });
    if (missing(year + 1)) await expect(warning.innerText({ timeout: 30_000 })).resolves.toContain(`${year + 1}年工作日历尚未导入`);
    else await page.getByTestId('desk-calendar-ok').waitFor({ state: 'attached', timeout: 30_000 });
    await screenshot(page, 'desk-15-calendar-warning');

    await page.goto(`${env.demo.url}/admin/content-manager/collection-types/api::calendar-day.calendar-day`);
    await page.getByTestId('calendar-import-file').setInputFiles(path.join(ROOT, 'tests', 'fixtures', 'holiday-cn-2027.json'));
    await expect(page.getByTestId('calendar-import-report').innerText({ timeout: 30_000 })).resolves.toContain('已导入 2027 年工作日历：放假 5 天，调休上班 1 天');
    await screenshot(page, 'desk-16-calendar-import');
    await page.getByTestId('calendar-import-report').getByRole('button', { name: '关闭' }).click();
    if (year + 1 === 2027) {
      await page.goto(`${env.demo.url}/admin/shenbao-desk`);
      await page.getByTestId('desk-calendar-ok').waitFor({ state: 'attached', timeout: 30_000 });
      await expect(warning.count()).resolves.toBe(0);
    }
  });
});

describe('from the 公示 to payment: the third party, the city reviewer and finance', () => {
  it('closes the 公示 when its period has passed: the application moves on to construction', async () => {
    endPublicityOf(ids.confirm);
    await waitForState(ids.confirm, 'construction');
    const { timeline } = await detail('city.reviewer@shenbao.local', ids.confirm);
    expect(timeline.map((r: { action: string }) => r.action).slice(-2)).toEqual(['start_publicity', 'publicity_passed']);
  });

  it('lets the third party recognise the construction investment, showing the award as min(30%, 200万元)', async () => {
    const { version } = await detail('city.reviewer@shenbao.local', ids.confirm);
    const materials = [];
    for (const [key, name] of [['audit_report', '专项审计报告.pdf'], ['deduction_sheet', '加计扣除优惠明细表.pdf'], ['contracts_invoices', '服务合同与发票.pdf']]) {
      materials.push(await upload(applicantJwt, ids.confirm, `__completion.${key}`, name, PDF, 'application/pdf'));
    }
    const completion = await api(env.demo.url, 'POST', `/api/applications/${ids.confirm}/completion`, applicantJwt, { version, attachments: materials });
    expect(completion.status).toBe(200);
    await staffStep(env.demo.url, await token('city.reviewer@shenbao.local'), ids.confirm, { action: 'assign', assignees: [await candidateId(ids.confirm, '演示会计师事务所')] });

    const page = await staffPage('institution@shenbao.local');
    await openInDesk(page, ids.confirm);
    await act(page, 'recognise', async () => {
      await page.getByTestId('action-opinion').fill('经专项审计，认定建设投入500万元。');
      await page.getByTestId('action-amount').fill('1000万元');
      await expect(page.getByTestId('action-award-value').innerText()).resolves.toBe('2,000,000.00元（200万元）');
      await page.getByTestId('action-amount').fill('500万元');
      await expect(page.getByTestId('action-award-value').innerText()).resolves.toBe('1,500,000.00元（150万元）');
      await screenshot(page, 'desk-11-institution-recognise');
    });
    await page.locator('[data-testid="app-state"][data-state="award_publicity"]').waitFor();
    expect(Number((await detail('city.reviewer@shenbao.local', ids.confirm)).awardFen)).toBe(150_000_000);
  });

  it('lets the city reviewer start the award 公示 in bulk, which then closes', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId(`desk-select-${ids.confirm}`).check({ timeout: 60_000 });
    await page.getByTestId(`desk-select-${ids.product}`).check();
    await page.getByTestId('desk-bulk-publicity').click();
    const dialog = page.getByTestId('bulk-publicity-dialog');
    await dialog.getByTestId('bulk-publicity-kind').selectOption('award_publicity');
    await dialog.getByTestId('bulk-publicity-submit').click();
    // a 公示 holds one programme: the two applications are of two, so the server refuses the batch
    await expect(dialog.getByTestId('bulk-error').innerText()).resolves.toContain('同一资金项目');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.getByTestId(`desk-select-${ids.product}`).uncheck();
    await page.getByTestId('desk-bulk-publicity').click();
    await dialog.getByTestId('bulk-publicity-kind').selectOption('award_publicity');
    await dialog.getByTestId('bulk-publicity-submit').click();
    await dialog.getByTestId('bulk-publicity-done').waitFor();
    endPublicityOf(ids.confirm);
    await waitForState(ids.confirm, 'disbursement_plan');
  });

  it('lets finance propose a disbursement plan in bulk, against the remaining budget', async () => {
    const page = await staffPage('finance@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId(`desk-select-${ids.confirm}`).check({ timeout: 60_000 });
    await page.getByTestId('desk-bulk-plan').click();
    const dialog = page.getByTestId('bulk-plan-dialog');
    // The money before the commitment: the year's budget, what remains, the plan and what it leaves.
    await dialog.getByTestId('bulk-plan-budget').waitFor();
    const preview = await dialog.getByTestId('bulk-plan-budget').innerText();
    expect(preview).toMatch(/高质量数据集建设（\d{4}年度）/);
    expect(preview).toMatch(/年度预算\s*[\d,.]+元/);
    expect(preview).toMatch(/本次拟拨付合计（1项）\s*1,500,000.00元/);
    expect(preview).toMatch(/本次计划后剩余\s*[\d,.]+元/);
    await screenshot(page, 'desk-12-finance-plan-preview');
    expect((await detail('finance@shenbao.local', ids.confirm)).state).toBe('disbursement_plan');
    await dialog.getByTestId('bulk-plan-opinion').fill('按认定金额拨付150万元。');
    await dialog.getByTestId('bulk-plan-submit').click();
    await dialog.getByTestId('bulk-plan-done').waitFor();
    await expect(dialog.innerText()).resolves.toContain('拟定拨付计划（1项）');
    await screenshot(page, 'desk-12-finance-plan');
    expect((await detail('finance@shenbao.local', ids.confirm)).state).toBe('party_group_review');
  });

  it('lets finance record the party group decision with its scanned minutes, then pay the award with its voucher', async () => {
    const page = await staffPage('finance@shenbao.local');
    await openInDesk(page, ids.confirm);
    await act(page, 'approve', async () => {
      await page.getByTestId('decision-date').fill(new Date(Date.now() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10));
      await page.getByTestId('decision-minute').fill('市数据局党组会议纪要〔2026〕12号');
      await page.getByTestId('decision-scan').setInputFiles({ name: '党组会议纪要.pdf', mimeType: 'application/pdf', buffer: PDF });
      await screenshot(page, 'desk-13-party-decision');
    });
    await page.locator('[data-testid="app-state"][data-state="payment"]').waitFor();
    await expect(page.getByTestId('app-timeline').innerText()).resolves.toContain('党组会议纪要.pdf');
    const { timeline } = await detail('finance@shenbao.local', ids.confirm);
    expect(timeline.at(-1)).toMatchObject({ action: 'approve', actorRole: 'finance', attachments: [{ name: '党组会议纪要.pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect(timeline.at(-1).opinion).toContain('市数据局党组会议纪要〔2026〕12号');

    // Payment: the amount must be the award; the voucher and the date are recorded.
    await act(page, 'pay', async () => {
      await page.getByTestId('action-amount').fill('150万元');
      await page.getByTestId('payment-date').fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
      await page.getByTestId('payment-voucher').fill('武数拨〔2026〕012号');
      await screenshot(page, 'desk-13b-payment');
    });
    await page.locator('[data-testid="app-state"][data-state="disbursed"]').waitFor();
    const paid = await detail('finance@shenbao.local', ids.confirm);
    expect(paid.timeline.at(-1)).toMatchObject({ action: 'pay', actorRole: 'finance', amountFen: 150_000_000 });
    expect(paid.timeline.at(-1).opinion).toContain('武数拨〔2026〕012号');

    // Paid, it is under supervision (第十一条): its report schedule counts from the payment.
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.getByTestId('desk-supervision-link').click({ timeout: 60_000 });
    const row = page.getByTestId(`supervision-row-${ids.confirm}`);
    await expect(row.innerText({ timeout: 60_000 })).resolves.toContain('绩效自评第1期');
    await expect(row.innerText()).resolves.toContain('经营情况数据报送第1期');
    await screenshot(page, 'desk-17-supervision');
  });
});

describe('a district reviewer of another district', () => {
  it('sees none of these applications in its inbox or in the Content Manager', async () => {
    const page = await staffPage('jiangan.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    await page.locator('[data-testid="desk-empty"]:has-text("暂无待办"), [data-testid^="desk-row-"]').first().waitFor({ timeout: 60_000 });
    for (const id of suite()) await expect(page.getByTestId(`desk-row-${id}`).count()).resolves.toBe(0);

    await page.goto(`${env.demo.url}/admin/content-manager/collection-types/api::application.application`);
    await page.getByRole('heading', { name: '申报' }).first().waitFor({ timeout: 60_000 });
    // the list, or its empty state (找不到内容) once the scoped query has answered
    await page.locator('main table, main :text("找不到内容")').first().waitFor({ timeout: 60_000 });
    const text = await page.locator('main').innerText();
    for (const title of ['工业质检多模态数据集', '城市交通时空数据集', '医疗影像标注数据集', '交通大模型数据产品采购']) expect(text).not.toContain(title);
    await screenshot(page, 'desk-14-other-district-content-manager');
    const list = await api(env.demo.url, 'GET', '/content-manager/collection-types/api::application.application?page=1&pageSize=100', await token('jiangan.reviewer@shenbao.local'));
    expect(list.status).toBe(200);
    expect(list.body.results.map((r: { documentId: string }) => r.documentId)).toEqual(expect.not.arrayContaining(suite()));
  });

  it('gets 403 or 404 when it opens one of them by its address', async () => {
    const jiangan = await token('jiangan.reviewer@shenbao.local');
    for (const id of suite()) {
      expect((await api(env.demo.url, 'GET', `/shenbao/applications/${id}`, jiangan)).status).toBe(404);
      expect([403, 404]).toContain((await api(env.demo.url, 'GET', `/content-manager/collection-types/api::application.application/${id}`, jiangan)).status);
    }
    const page = await staffPage('jiangan.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk/applications/${ids.recommend}`);
    await expect(page.getByTestId('app-error').innerText({ timeout: 60_000 })).resolves.toContain('不存在或您无权查看');
  });
});

describe('the database afterwards', () => {
  it('holds one hash-chained review record per step for every application of this suite', () => {
    const db = database();
    try {
      const chain = (documentId: string) =>
        db
          .prepare(
            `SELECT r.seq, r.action, r.actor_role AS actorRole, r.prev_hash AS prevHash, r.hash FROM review_records r
             JOIN review_records_application_lnk l ON l.review_record_id = r.id
             JOIN applications a ON a.id = l.application_id
             WHERE a.document_id = ? ORDER BY r.seq`,
          )
          .all(documentId) as Array<{ seq: number; action: string; actorRole: string; prevHash: string; hash: string }>;
      expect(chain(ids.recommend).map((r) => r.action)).toEqual(['submit', 'recommend']);
      expect(chain(ids.return).map((r) => r.action)).toEqual(['submit', 'return', 'resubmit']);
      expect(chain(ids.confirm).map((r) => [r.action, r.actorRole])).toEqual([
        ['submit', 'applicant'],
        ['recommend', 'district_reviewer'],
        ['confirm', 'city_reviewer'],
        ['start_publicity', 'city_reviewer'],
        ['publicity_passed', 'system'],
        ['submit_completion', 'applicant'],
        ['assign', 'city_reviewer'],
        ['recognise', 'institution'],
        ['start_publicity', 'city_reviewer'],
        ['publicity_passed', 'system'],
        ['propose', 'finance'],
        ['approve', 'finance'],
        ['pay', 'finance'],
      ]);
      // the draw; a declared conflict and its replacement (two records of one step); each expert's declaration, then its score
      expect(chain(ids.product).map((r) => r.action)).toEqual(['submit', 'recommend', 'assign', 'pass', 'assign', 'declare', 'panel_replacement', 'declare', 'score', 'declare', 'score', 'declare', 'score', 'recognise']);
      for (const id of suite()) {
        chain(id).forEach((record, i, all) => {
          expect(record.seq).toBe(i + 1);
          expect(record.prevHash).toBe(i === 0 ? '0'.repeat(64) : all[i - 1].hash);
        });
      }
    } finally {
      db.close();
    }
  });
});

/**
 * 第九条 and 第十一条 on the desk: the city reviewer records a 现场调研 with its file while an
 * application stays in its review, and records an audit of the paid one with a finding; finance's
 * 追回资金 form then offers that finding as its basis. The digest's 邮件提醒 sits on the inbox.
 */
describe('evidence, supervision and the digest switch', () => {
  let evidenceId = '';
  beforeAll(async () => {
    const taskSpec = (await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', await token('admin@shenbao.local'))).body.results.find(
      (r: { slug: string }) => r.slug === CALL,
    ).documentId;
    const created = await api(env.demo.url, 'POST', '/api/applications', applicantJwt, { data: { taskSpec, title: '城市三维实景数据集（现场调研）', answers: COMPLETE_ANSWERS[CALL] } });
    evidenceId = created.body.data.documentId;
    await uploadRequiredFiles(uploadTo(env.demo.url, applicantJwt), evidenceId, CALL);
    expect((await api(env.demo.url, 'POST', `/api/applications/${evidenceId}/submit`, applicantJwt, { version: 0 })).status).toBe(200);
    await staffStep(env.demo.url, await token('district.reviewer@shenbao.local'), evidenceId, { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
  });

  it('lets the city reviewer record a 现场调研 with its file; the application stays in the city review', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk/applications/${evidenceId}`);
    await page.getByTestId('app-answers').waitFor({ timeout: 60_000 });
    await act(page, 'site_visit', async () => {
      await page.getByTestId('action-opinion').fill('2026年12月3日赴建设单位现场调研，数据采集设备与标注平台已部署，情况属实。');
      await page.getByTestId('action-documents').setInputFiles({ name: '现场调研记录.pdf', mimeType: 'application/pdf', buffer: PDF });
      await screenshot(page, 'desk-20-site-visit');
    });
    await page.locator('[data-testid="timeline-3"][data-action="site_visit"]').waitFor();
    await expect(page.getByTestId('timeline-files-3').innerText()).resolves.toContain('现场调研记录.pdf');
    await expect(page.getByTestId('action-verify_with_departments').isVisible()).resolves.toBe(true);
    await page.getByTestId('app-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'desk-21-site-visit-timeline');
    expect((await detail('city.reviewer@shenbao.local', evidenceId)).state).toBe('city_review');
  });

  it('lets the city reviewer record an audit of a paid project with a finding, shown on 绩效监管', async () => {
    const page = await staffPage('city.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk/applications/${ids.confirm}`);
    await page.getByTestId('app-answers').waitFor({ timeout: 60_000 });
    await act(page, 'audit', async () => {
      await page.getByTestId('action-opinion').fill('专项审计发现部分资金用于与项目无关的支出，金额30万元。');
      await page.getByTestId('action-finding').selectOption('clawback');
      await page.getByTestId('action-documents').setInputFiles({ name: '专项资金审计报告.pdf', mimeType: 'application/pdf', buffer: PDF });
      await screenshot(page, 'desk-22-audit-finding');
    });
    await page.locator('[data-action="audit"]').waitFor();
    const { timeline } = await detail('city.reviewer@shenbao.local', ids.confirm);
    const audit = timeline.at(-1);
    expect(audit).toMatchObject({ action: 'audit', finding: 'clawback', attachments: [{ name: '专项资金审计报告.pdf' }] });
    await expect(page.getByTestId(`timeline-finding-${audit.seq}`).innerText()).resolves.toBe('结论：发现违规使用资金，应追回');

    await page.goto(`${env.demo.url}/admin/shenbao-desk/supervision`);
    await expect(page.getByTestId(`supervision-checks-${ids.confirm}`).innerText({ timeout: 60_000 })).resolves.toContain('审计：发现违规使用资金，应追回');
    await screenshot(page, 'desk-23-supervision-checks');

    // Finance's 追回资金 offers the finding as its basis (the step itself is tested over the API).
    const finance = await staffPage('finance@shenbao.local');
    await finance.goto(`${env.demo.url}/admin/shenbao-desk/applications/${ids.confirm}`);
    await finance.getByTestId('app-answers').waitFor({ timeout: 60_000 });
    if (!(await finance.getByTestId('action-coi').isChecked())) await finance.getByTestId('action-coi').check();
    await finance.getByTestId('action-clawback').click();
    await expect(finance.getByTestId('action-based-on').inputValue()).resolves.toBe(String(audit.seq));
    await expect(finance.getByTestId('action-based-on').innerText()).resolves.toContain(`第${audit.seq}号记录：审计`);
    await screenshot(finance, 'desk-24-clawback-based-on-finding');
  });

  it('shows the 邮件提醒 switch on the inbox, and keeps the choice', async () => {
    const page = await staffPage('district.reviewer@shenbao.local');
    await page.goto(`${env.demo.url}/admin/shenbao-desk`);
    const toggle = page.getByTestId('digest-toggle');
    await toggle.waitFor({ timeout: 60_000 });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    // The choice is saved on the server (the reviewer profile), not only in the page.
    const saved = async () => (await api(env.demo.url, 'GET', '/shenbao/preferences', await token('district.reviewer@shenbao.local'))).body.data.digest;
    for (const deadline = Date.now() + 10_000; (await saved()) !== false && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await saved()).toBe(false);
    await page.reload();
    await page.getByTestId('digest-toggle').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('digest-toggle').isChecked()).toBe(false);
    await page.getByTestId('digest-toggle').check();
    await screenshot(page, 'desk-25-digest-switch');
  });
});
