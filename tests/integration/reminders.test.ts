import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sendReminders } = require(path.join(ROOT, 'dist', 'src', 'api', 'notification', 'support', 'reminders'));

/**
 * Time limits: 区级受理初审 has 10 working days. The application is put into the stage on Monday
 * 2026-06-01, so the counting is fixed whatever day the tests run (端午 2026-06-19 is a holiday).
 */
let app: TestApp;
let id: string;
const NOTIFICATION = 'api::notification.notification';
const reminders = () => app.strapi.db.query(NOTIFICATION).findMany({ where: { template: { $startsWith: 'reminder.' } }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  id = (await createApplication(app, jwt, 'dataset-2025-batch-1')).documentId;
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  await app.strapi.db.query('api::application.application').updateMany({ where: { documentId: id }, data: { stateChangedAt: new Date('2026-06-01T02:00:00Z') } });
});
afterAll(async () => {
  await app?.stop();
});

it('does nothing within the time limit', async () => {
  expect(await sendReminders(app.strapi, new Date('2026-06-12T04:00:00Z'))).toMatchObject({ reminded: 0, escalated: 0 }); // 9 working days
  expect(await reminders()).toEqual([]);
});

it('reminds the district\'s own reviewer once the limit has passed, once', async () => {
  expect(await sendReminders(app.strapi, new Date('2026-06-16T04:00:00Z'))).toMatchObject({ reminded: 1, escalated: 0 }); // 11 working days
  expect(await sendReminders(app.strapi, new Date('2026-06-17T04:00:00Z'))).toMatchObject({ reminded: 0, escalated: 0 });
  const [reminder] = await reminders();
  expect(reminder).toMatchObject({ template: 'reminder.overdue', recipientType: 'staff', recipientEmail: 'district.reviewer@shenbao.local', delivery: 'sent' });
  expect(reminder.body).toContain('已等待11个工作日');
  expect(reminder.body).toContain('区级受理初审');
});

it('escalates to the supervisor five working days later, skipping the holiday', async () => {
  // 06-23 is the 15th working day (06-19 is 端午): not yet
  expect(await sendReminders(app.strapi, new Date('2026-06-23T04:00:00Z'))).toMatchObject({ reminded: 0, escalated: 0 });
  expect(await sendReminders(app.strapi, new Date('2026-06-24T04:00:00Z'))).toMatchObject({ reminded: 0, escalated: 1 });
  const all = await reminders();
  expect(all.map((r: any) => [r.template, r.recipientEmail])).toEqual([
    ['reminder.overdue', 'district.reviewer@shenbao.local'],
    ['reminder.escalated', 'city.reviewer@shenbao.local'],
  ]);
  expect(all[1].body).toContain('已等待16个工作日');
});
