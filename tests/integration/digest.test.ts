import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { readMailFolder, waitForMail } from '../harness/mail';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sendDigests } = require(path.join(ROOT, 'dist', 'src', 'api', 'notification', 'support', 'digest'));

/**
 * The daily digest (每日待办). Two applications wait at 区级受理初审 (10 working days): one
 * arrived on Monday 2026-06-01, due 2026-06-15, the other on 2026-06-15. The digest runs at
 * 08:30 Beijing time on the days after, whatever day the tests run.
 */
const MAIL = path.join(ROOT, '.tmp', 'test', `mail-${crypto.randomBytes(4).toString('hex')}`);
const NOTIFICATION = 'api::notification.notification';
const DISTRICT = 'district.reviewer@shenbao.local';
const at = (day: string) => new Date(`${day}T00:30:00Z`);
let app: TestApp;
const ids: string[] = [];
const digests = () => app.strapi.db.query(NOTIFICATION).findMany({ where: { template: 'digest.daily' }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  process.env.EMAIL_FOLDER = MAIL;
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  for (const arrived of ['2026-06-01T02:00:00Z', '2026-06-15T06:00:00Z']) {
    const id = (await createApplication(app, jwt, 'dataset-2025-batch-1')).documentId;
    expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
    await app.strapi.db.query('api::application.application').updateMany({ where: { documentId: id }, data: { stateChangedAt: new Date(arrived) } });
    ids.push(id);
  }
});
afterAll(async () => {
  await app?.stop();
  delete process.env.EMAIL_FOLDER;
  fs.rmSync(MAIL, { recursive: true, force: true });
});

it('mails the owner the overdue item with its due date and the new one, with desk links; nobody else', async () => {
  expect(await sendDigests(app.strapi, at('2026-06-16'))).toEqual({ sent: 1 });
  const [row] = await digests();
  expect(row).toMatchObject({ recipientType: 'staff', recipientEmail: DISTRICT, dedupeKey: expect.stringMatching(/^digest:\d+:2026-06-16$/) });
  const mail = await waitForMail(MAIL, (m) => m.to === DISTRICT && m.subject.includes('每日待办'));
  expect(mail.subject).toBe('【每日待办】2026年6月16日：超期1件，新到1件');
  expect(mail.text).toContain('【区级受理初审】');
  expect(mail.text).toContain('办理期限2026年6月15日，已超期1个工作日');
  for (const id of ids) expect(mail.text).toContain(`/admin/shenbao-desk/applications/${id}`);
  expect(mail.text.indexOf(ids[0])).toBeLessThan(mail.text.indexOf('新到 1 件'));
  expect(mail.text.indexOf(ids[1])).toBeGreaterThan(mail.text.indexOf('新到 1 件'));
  expect(readMailFolder(MAIL).filter((m) => m.subject.includes('每日待办')).map((m) => m.to)).toEqual([DISTRICT]);
});

it('sends once per person and day, also when two instances run at once', async () => {
  expect(await sendDigests(app.strapi, at('2026-06-16'))).toEqual({ sent: 0 });
  const both = await Promise.all([sendDigests(app.strapi, at('2026-06-17')), sendDigests(app.strapi, at('2026-06-17'))]);
  expect(both.reduce((sum: number, o: any) => sum + o.sent, 0)).toBe(1);
  const rows = await digests();
  expect(rows.map((r: any) => r.dedupeKey.slice(-10))).toEqual(['2026-06-16', '2026-06-17']);
  // The second day lists the overdue item again, and nothing as new: the other arrived before the first digest.
  expect(rows[1].payload).toMatchObject({ overdue: [ids[0]], fresh: [] });
});

it('sends nothing to whoever has opted out, and refuses a malformed preference naming the field', async () => {
  const token = await staffToken(app, DISTRICT);
  const prefs = (body?: unknown) => (body === undefined ? app.http().get('/shenbao/preferences') : app.http().post('/shenbao/preferences').send(body as object)).set('Authorization', `Bearer ${token}`);
  expect((await prefs()).body).toEqual({ data: { digest: true } });
  const bad = await prefs({ digest: 'no' });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ data: null, error: { status: 400, message: expect.stringContaining('接收每日待办邮件'), details: { field: 'digest' } } });
  expect((await prefs()).body).toEqual({ data: { digest: true } });
  expect((await prefs({ digest: false })).body).toEqual({ data: { digest: false } });
  expect(await sendDigests(app.strapi, at('2026-06-18'))).toEqual({ sent: 0 });
  expect((await prefs({ digest: true })).status).toBe(200);
  expect(await sendDigests(app.strapi, at('2026-06-18'))).toEqual({ sent: 1 });
});

it('refuses the preference to a staff member without a reviewer profile', async () => {
  const token = await staffToken(app, 'admin@shenbao.local');
  const response = await app.http().post('/shenbao/preferences').set('Authorization', `Bearer ${token}`).send({ digest: false });
  expect(response.status).toBe(404);
  expect(response.body.error.message).toContain('审核人员档案');
});
