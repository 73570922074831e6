import JSZip from 'jszip';
import type { TestApp } from './strapi';

/** Helpers for posting the portal's public forms (feedback, objections) as a browser would. */

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082', 'hex');
/** A Windows executable (MZ header), to be renamed as a document. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);
/** An OLE compound file header, as a Word 97 .doc starts. */
export const DOC = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024, 0)]);

/** A minimal .docx: a ZIP holding [Content_Types].xml and word/document.xml. */
export async function docx(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>意见</w:t></w:r></w:p></w:body></w:document>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A ZIP that is not a Word document. */
export async function plainZip(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('readme.txt', 'not a word file');
  return zip.generateAsync({ type: 'nodebuffer' });
}

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
