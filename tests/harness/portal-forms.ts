import type { TestApp } from './strapi';

export { DOC, EXE, PDF, PNG, docx, plainZip } from './fixtures';

/** Helpers for posting the portal's forms (the application, feedback, objections) as a browser would. */

/** GETs a page and returns the CSRF token its cookie carries, with the cookie to send back. */
export async function csrfFrom(app: TestApp, path: string): Promise<{ token: string; cookie: string }> {
  const response = await app.http().get(path);
  const cookies: string[] = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const csrf = cookies.find((c) => c.startsWith('sb_csrf='));
  if (csrf) {
    const pair = csrf.split(';')[0];
    return { token: decodeURIComponent(pair.slice('sb_csrf='.length)), cookie: pair };
  }
  // A cached page sets no new cookie: read the token from the form instead.
  const match = /name="_csrf" value="([^"]+)"/.exec(response.text);
  throw new Error(`no CSRF cookie on ${path} (${match ? 'token in page only' : 'no token'})`);
}

export interface Upload {
  field: string;
  content: Buffer;
  name: string;
}

/** A multipart post with the CSRF cookie and field (unless `csrf` is false). */
export function postForm(app: TestApp, path: string, session: { token: string; cookie: string }, fields: Record<string, string>, files: Upload[], csrf = true) {
  let request = app.http().post(path).set('Cookie', session.cookie);
  if (csrf) request = request.field('_csrf', session.token);
  for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
  for (const file of files) request = request.attach(file.field, file.content, file.name);
  return request;
}

/** Forgets the portal's rate-limit counts in the running server (built under dist/), so a file may post more than a visitor could. */
export function resetPortalLimits() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../dist/src/portal/rate-limit').resetLimits();
}

/** The demo call's application form, filled in as the portal posts it (a draft's save). */
export const FORM_FIELDS = {
  'a.projectName': '工业质检数据集',
  'a.taskKey': 'manufacturing',
  'a.summary': '工业质检多模态数据集',
  'a.datasetScaleGb': '12000',
  'a.plannedInvestmentFen': '5,000,000.50',
  'a.contactName': '李华',
  'a.contactPhone': '027-87654321',
};
