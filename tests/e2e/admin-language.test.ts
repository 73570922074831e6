import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoInBrowser, loginAsStaff } from '../harness/browser';
import { api, screenshot, staffLogin, staffStep } from '../harness/portal';
import { COMPLETE_ANSWERS } from '../harness/workflow';
import { uploadRequiredFiles, uploadTo } from '../harness/materials';

/**
 * The language sweep (issue 21): every admin page each staff role can open — the home, the desk
 * (inbox, an application, 绩效监管 where offered) and the Content Manager's list and edit views of
 * every type the role may read — shows no Latin-letter word outside a short allow-list. The types
 * are discovered from the role's own permissions, so a new type is swept without editing this file.
 *
 * A failure lists, per role and page, the offending words and where they were seen (text,
 * placeholder, aria-label or title), so whoever adds an English string can find it quickly.
 */
const env = demoInBrowser();
const CALL = 'dataset-2025-batch-1';
const ROLES = [
  'editor@shenbao.local',
  'district.reviewer@shenbao.local',
  'city.reviewer@shenbao.local',
  'institution@shenbao.local',
  'expert@shenbao.local',
  'finance@shenbao.local',
];

/**
 * Latin words staff may see. Keep it short: each entry needs a reason.
 * - USCC: 统一社会信用代码's usual abbreviation in the bureau's own documents.
 * - PDF, XLSX, CSV, JSON, JPG, PNG, Word: file formats are known by these names (the policy
 *   says 「Word 文件」, the bureau's notice 「word电子版」); in any case (pdf, word).
 * - MB, GB: units of size, written so in Chinese documents.
 * - SHA: the 256 of "SHA-256", the algorithm's name on the attachment and ledger fields.
 * - ID: the record number's column (Strapi's `id`) and «文档 ID», used in Chinese as is.
 * - MIME: the file-type field's standard name.
 * - API: Strapi's own «API 令牌» on the profile menu.
 */
const ALLOWED = new Set(['USCC', 'PDF', 'XLSX', 'CSV', 'JSON', 'JPG', 'PNG', 'WORD', 'SHA', 'ID', 'MIME', 'API', 'MB', 'GB']);

/**
 * A word is a run of two or more Latin letters not joined to digits: codes such as a USCC
 * (91420100MA4K…), a serial number or a hash are data, not interface language. E-mail addresses
 * and web addresses are data as well and are removed first.
 */
const WORD = /(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g;
const DATA = /[\w.+-]+@[\w-]+(\.[\w-]+)+|https?:\/\/\S+/g;

function latinWords(text: string): string[] {
  return [...new Set(text.replace(DATA, ' ').match(WORD) ?? [])].filter((word) => !ALLOWED.has(word.toUpperCase()));
}

/**
 * The visible text of the navigation and the main content, and the visible controls' labels.
 * Left out: stored JSON as the Content Manager shows it (its code editor: keys and values are
 * data, as stored; the desk is where staff read an application), and <code> elements, which mark
 * an identifier a form designer types (a form field's key).
 */
async function visibleStrings(page: Page) {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const box = (el as HTMLElement).getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const found: Array<{ where: string; text: string }> = [];
    const roots = [...document.querySelectorAll('nav, main, [role="dialog"], [role="menu"], [role="listbox"]')];
    for (const root of roots.length ? roots : [document.body]) {
      if (visible(root)) {
        let text = (root as HTMLElement).innerText;
        for (const left of root.querySelectorAll<HTMLElement>('.cm-editor, code')) text = text.replace(left.innerText, ' ');
        found.push({ where: 'text', text });
      }
      for (const el of root.querySelectorAll('[placeholder], [aria-label], [title]')) {
        if (!visible(el) || el.closest('.cm-editor')) continue;
        for (const attribute of ['placeholder', 'aria-label', 'title']) {
          const value = el.getAttribute(attribute);
          if (value) found.push({ where: attribute, text: value });
        }
      }
    }
    return found;
  });
}

/** Waits until the admin has fetched what the page shows and no loader is left. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
  await page
    .waitForFunction(() => !document.querySelector('main [aria-busy="true"], [data-testid="loader"]') && !/Loading content|加载中/.test(document.body.innerText), undefined, {
      timeout: 20_000,
    })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

const offences: string[] = [];

async function sweep(page: Page, role: string, name: string) {
  await settle(page);
  const seen = new Map<string, Set<string>>();
  for (const { where, text } of await visibleStrings(page)) {
    for (const word of latinWords(text)) {
      if (!seen.has(word)) seen.set(word, new Set());
      seen.get(word)!.add(where);
    }
  }
  if (seen.size) {
    offences.push(`${role} ${name} (${new URL(page.url()).pathname}): ${[...seen].map(([word, where]) => `${word} [${[...where].join(',')}]`).join(', ')}`);
  }
}

const tokens = new Map<string, Promise<string>>();
const token = (email: string) => {
  if (!tokens.has(email)) tokens.set(email, staffLogin(env.demo.url, email));
  return tokens.get(email)!;
};

/** The content types a role may read in the Content Manager, from its own permissions. */
async function readableTypes(jwt: string) {
  const [init, permissions] = await Promise.all([api(env.demo.url, 'GET', '/content-manager/init', jwt), api(env.demo.url, 'GET', '/admin/users/me/permissions', jwt)]);
  const readable = new Set(
    (permissions.body.data as Array<{ action: string; subject: string }>).filter((p) => p.action === 'plugin::content-manager.explorer.read').map((p) => p.subject),
  );
  return (
    init.body.data.contentTypes as Array<{
      uid: string;
      kind: string;
      isDisplayed: boolean;
    }>
  ).filter((type) => type.isDisplayed && readable.has(type.uid));
}

beforeAll(async () => {
  // Two applications, so that the desk has rows: one waits for the district, one for the city.
  const login = await api(env.demo.url, 'POST', '/api/auth/local', undefined, {
    identifier: 'applicant@shenbao.local',
    password: DEMO_PASSWORD,
  });
  const jwt = login.body.jwt as string;
  const admin = await token('admin@shenbao.local');
  const calls = await api(env.demo.url, 'GET', '/content-manager/collection-types/api::task-spec.task-spec?pageSize=50', admin);
  const taskSpec = calls.body.results.find((r: { slug: string }) => r.slug === CALL).documentId;
  const ids: string[] = [];
  for (const title of ['工业质检多模态数据集', '城市交通时空数据集']) {
    const created = await api(env.demo.url, 'POST', '/api/applications', jwt, {
      data: { taskSpec, title, answers: COMPLETE_ANSWERS[CALL] },
    });
    expect(created.status).toBe(200);
    const documentId = created.body.data.documentId as string;
    await uploadRequiredFiles(uploadTo(env.demo.url, jwt), documentId, CALL);
    expect((await api(env.demo.url, 'POST', `/api/applications/${documentId}/submit`, jwt, { version: 0 })).status).toBe(200);
    ids.push(documentId);
  }
  await staffStep(env.demo.url, await token('district.reviewer@shenbao.local'), ids[1], { action: 'recommend', opinion: '同意推荐', coiDeclared: true });
});

test('every admin page each staff role can open is in Chinese', async () => {
  for (const email of ROLES) {
    // A context per role: each keeps its own admin session.
    const context = await env.browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    try {
      const role = email.split('@')[0];
      const page = await context.newPage();
      await loginAsStaff(page, env.demo.url, email);
      await sweep(page, role, '首页');

      await page.goto(`${env.demo.url}/admin/shenbao-desk`);
      await sweep(page, role, '审核工作台');
      const row = page.locator('[data-testid^="desk-row-"]').first();
      if (await row.count()) {
        await row.click();
        await page.getByTestId('app-answers').waitFor({ timeout: 30_000 });
        await sweep(page, role, '申报详情');
        await page.goto(`${env.demo.url}/admin/shenbao-desk`);
        await settle(page);
      }
      const supervision = page.getByText('绩效监管', { exact: true });
      if (await supervision.count()) {
        await page.goto(`${env.demo.url}/admin/shenbao-desk/supervision`);
        await sweep(page, role, '绩效监管');
      }

      const jwt = await token(email);
      for (const type of await readableTypes(jwt)) {
        const base = `/admin/content-manager/${type.kind === 'singleType' ? 'single-types' : 'collection-types'}/${type.uid}`;
        if (type.kind === 'singleType') {
          await page.goto(`${env.demo.url}${base}`);
          await sweep(page, role, `${type.uid} 编辑`);
          continue;
        }
        await page.goto(`${env.demo.url}${base}`);
        await sweep(page, role, `${type.uid} 列表`);
        const first = await api(env.demo.url, 'GET', `/content-manager/collection-types/${type.uid}?page=1&pageSize=1`, jwt);
        const documentId = first.body?.results?.[0]?.documentId;
        if (documentId) {
          await page.goto(`${env.demo.url}${base}/${documentId}`);
          await sweep(page, role, `${type.uid} 编辑`);
        }
      }
      if (email === 'editor@shenbao.local') {
        for (const uid of ['api::task-spec.task-spec', 'api::program.program']) {
          await page.goto(`${env.demo.url}/admin/content-manager/collection-types/${uid}`);
          await settle(page);
          await screenshot(page, `language-${uid.split('.')[1]}-list`);
        }
      }
    } finally {
      await context.close();
    }
  }
  expect(offences).toEqual([]);
}, 900_000);
