import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { seedDemo, staffToken } from '../harness/workflow';

/** Next year's working-day calendar, imported by staff from a holiday-cn file. */
let app: TestApp;
const FILE = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'holiday-cn-2027.json'));
const UID = 'api::calendar-day.calendar-day';
const calendar = () => app.strapi.service(UID) as any;
const importAs = (token: string, content: Buffer, name = 'holiday-cn-2027.json') =>
  app.http().post('/shenbao/calendar/import').set('Authorization', `Bearer ${token}`).attach('file', content, { filename: name, contentType: 'application/json' });

beforeAll(async () => {
  app = await startStrapi();
  // the calendar as the seed leaves it: this test imports the coming year itself
  await seedDemo(app, { calendarStandIns: false });
});
afterAll(async () => {
  await app?.stop();
});

it('warns in November, imports the year for the city reviewer, and then counts periods into it', async () => {
  const november = new Date('2026-11-15T02:00:00Z');
  expect(await calendar().status(november)).toEqual({ loadedYears: [2025, 2026], year: 2027, warn: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadCalendar } = require(path.join(ROOT, 'dist', 'src', 'api', 'application', 'support', 'scope'));
  await expect(loadCalendar(app.strapi).then((c: any) => c.nthWorkingDay('2026-12-28', 5))).rejects.toThrow('2027年工作日历尚未导入');

  const city = await staffToken(app, 'city.reviewer@shenbao.local');
  const response = await importAs(city, FILE);
  expect(response.status).toBe(200);
  expect(response.body.data).toEqual({ year: 2027, holidays: 5, makeupWorkdays: 1 });
  expect(await calendar().status(november)).toMatchObject({ loadedYears: [2025, 2026, 2027], warn: false });
  expect(await loadCalendar(app.strapi).then((c: any) => c.nthWorkingDay('2026-12-28', 5))).toBe('2027-01-04');

  // Importing again replaces the year rather than adding to it.
  expect((await importAs(city, FILE)).status).toBe(200);
  expect(await app.strapi.db.query(UID).count({ where: { year: 2027 } })).toBe(6);
});

it('refuses other roles and bad files, naming the file, and keeps the year as it was', async () => {
  const before = await app.strapi.db.query(UID).count();
  const district = await staffToken(app, 'district.reviewer@shenbao.local');
  expect((await importAs(district, FILE)).status).toBe(403);
  const city = await staffToken(app, 'city.reviewer@shenbao.local');
  for (const [content, message] of [
    [Buffer.from('not json'), '不是有效的 JSON'],
    [Buffer.from(JSON.stringify({ year: 2027, days: [{ date: '2027-02-30', isOffDay: true }] })), '2027-02-30'],
    [Buffer.from(JSON.stringify({ year: 2027, days: [{ date: '2027-01-01', isOffDay: true }, { date: '2027-13-01', isOffDay: true }] })), '2027-13-01'],
  ] as const) {
    const response = await importAs(city, content);
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe('file');
    expect(response.body.error.message).toContain(message);
  }
  expect(await app.strapi.db.query(UID).count()).toBe(before);
});
