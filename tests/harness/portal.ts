import fs from 'fs';
import path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './browser';
import { ROOT } from './env';

/**
 * What the portal's browser tests share: screenshots kept as test artifacts, the axe-core
 * accessibility check, and the staff steps a test drives through the API (the desk is issue 6).
 */
export const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(ROOT, 'tests', '.artifacts', 'screenshots');

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the current page and returns the serious and critical violations, each as
 * "rule: target" lines so that a failure says where. Needs a context with `bypassCSP`, since
 * the portal's CSP (rightly) refuses the injected script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}

/**
 * Audits each path with axe-core in a context of its own (optionally logged in through a saved
 * storage state) and returns the serious and critical violations by path: `{}` when clean.
 * The context lifts the portal's CSP, which rightly refuses the injected axe script.
 */
export async function auditPages(browser: Browser, baseUrl: string, paths: string[], storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const context = await browser.newContext({ bypassCSP: true, storageState });
  const page = await context.newPage();
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(`${baseUrl}${path}`);
    const violations = await seriousViolations(page);
    if (violations.length) found[path] = violations;
  }
  await context.close();
  return found;
}

/** JSON over HTTP against the demo server, as the admin panel or another client would call it. */
export async function api(baseUrl: string, method: string, urlPath: string, token?: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function staffLogin(baseUrl: string, email: string) {
  const response = await api(baseUrl, 'POST', '/admin/login', undefined, { email, password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`staff login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
}

/** Takes one staff action on an application at its current version, and insists it worked. */
export async function staffStep(baseUrl: string, token: string, documentId: string, body: Record<string, unknown>) {
  const detail = await api(baseUrl, 'GET', `/shenbao/applications/${documentId}`, token);
  const response = await api(baseUrl, 'POST', `/shenbao/applications/${documentId}/transitions`, token, { version: detail.body.data.version, ...body });
  if (response.status !== 200) throw new Error(`${body.action} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data as { state: string; version: number };
}
