import { addCalendarDays, yearOf } from '../../src/domain/calendar';
import { shanghaiDate } from '../../src/domain/time';
import { HOLIDAY_NOTICES } from '../../src/seed/data/holidays';

/**
 * The seed's calendar holds the years whose State Council notice has been transcribed
 * (src/seed/data/holidays.ts), and the product refuses to count into any other. A test that starts
 * a 5-working-day 公示 late in December would run into a year not announced yet, and in a year the
 * seed lacks nothing could be counted at all. So the tests import a stand-in for each year the
 * coming weeks reach that the seed lacks, as staff import a notice: weekends and 元旦 only. It is
 * a test fixture, never a guess shipped to a bureau.
 */
const REACH_DAYS = 21;

export function standInYears(now = new Date()): number[] {
  const today = shanghaiDate(now);
  const years: number[] = [];
  for (let year = yearOf(today); year <= yearOf(addCalendarDays(today, REACH_DAYS)); year += 1) {
    if (!(year in HOLIDAY_NOTICES)) years.push(year);
  }
  return years;
}

export const standInFile = (year: number) => ({
  $comment: 'A stand-in for the tests (tests/harness/calendar-stand-in.ts): 元旦 and weekends only, not the State Council notice.',
  year,
  days: [{ name: '元旦', date: `${year}-01-01`, isOffDay: true }],
});

export const STAND_IN_SOURCE = '测试用替代日历（非国务院通知）';

/** Through the admin route, as the city's staff import a year (for a server in another process). */
export async function importStandInsOver(baseUrl: string, email: string, password: string) {
  const years = standInYears();
  if (!years.length) return;
  const login = await fetch(`${baseUrl}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`stand-in calendar: admin login failed (${login.status})`);
  const { token } = ((await login.json()) as { data: { token: string } }).data;
  for (const year of years) {
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify(standInFile(year))], { type: 'application/json' }), `stand-in-${year}.json`);
    const response = await fetch(`${baseUrl}/shenbao/calendar/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (response.status !== 200) throw new Error(`stand-in calendar ${year}: ${response.status} ${await response.text()}`);
  }
}
