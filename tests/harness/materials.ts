import { REQUIRED_SLOTS } from '../../src/seed/bulk/answers';
import { PDF } from './fixtures';
import type { TestApp } from './strapi';

/**
 * Real uploads into a draft's file slots, as the portal and an API client make them: a form's
 * file slot names only attachments stored for that application and slot, so a complete
 * application has its files uploaded, never ids written into its answers.
 */
export type Upload = (documentId: string, slot: string, file: Buffer, name: string) => Promise<{ status: number; body: any }>;

/** Uploads through an in-process test server (supertest). */
export const uploadVia = (app: TestApp, jwt: string): Upload => (documentId, slot, file, name) =>
  app
    .http()
    .post(`/api/applications/${documentId}/files`)
    .set('Authorization', `Bearer ${jwt}`)
    .field('slot', slot)
    .attach('file', file, { filename: name, contentType: 'application/octet-stream' })
    .then((response) => ({ status: response.status, body: response.body }));

/** Uploads to a server process at `base` (fetch with multipart). */
export const uploadTo = (base: string, jwt: string): Upload => async (documentId, slot, file, name) => {
  const form = new FormData();
  form.append('slot', slot);
  form.append('file', new Blob([file]), name);
  const response = await fetch(`${base}/api/applications/${documentId}/files`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` }, body: form });
  return { status: response.status, body: await response.json().catch(() => null) };
};

/** One small PDF into each slot the seeded call requires (but those in `skip`); returns the stored ids by slot. */
export async function uploadRequiredFiles(upload: Upload, documentId: string, slug: string, skip: string[] = []): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const slot of (REQUIRED_SLOTS[slug] ?? []).filter((s) => !skip.includes(s))) {
    const response = await upload(documentId, slot, PDF, `${slot}.pdf`);
    if (response.status !== 200) throw new Error(`upload into ${slot} failed: ${response.status} ${JSON.stringify(response.body)}`);
    ids[slot] = response.body.data.id;
  }
  return ids;
}

/** A draft created on a server process at `base`, with its required files uploaded: ready to submit. */
export async function readyDraftAt(base: string, jwt: string, taskSpec: string, slug: string, title: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { COMPLETE_ANSWERS } = require('../../src/seed/bulk/answers');
  const response = await fetch(`${base}/api/applications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ data: { taskSpec, title, answers: COMPLETE_ANSWERS[slug] } }),
  });
  const body = await response.json().catch(() => null);
  if (response.status !== 200) throw new Error(`create failed: ${response.status} ${JSON.stringify(body)}`);
  await uploadRequiredFiles(uploadTo(base, jwt), body.data.documentId, slug);
  return body.data.documentId;
}
