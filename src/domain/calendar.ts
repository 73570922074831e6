import { DomainError } from './errors';
import { shanghaiDate, startOfShanghaiDay } from './time';

/**
 * The working-day calendar (工作日历). A working day is Monday to Friday unless it is a statutory
 * holiday, or any day announced as a make-up working day (调休上班). Holidays and make-up days come
 * from the State Council's annual notice, so the calendar only knows the years that were loaded,
 * and it refuses to count into any other year rather than guess.
 */
export type IsoDate = string; // YYYY-MM-DD, a civil date in China

export type CalendarDayKind = 'holiday' | 'makeup_workday';

export interface CalendarDayEntry {
  date: IsoDate;
  kind: CalendarDayKind;
  name?: string;
}

export type CalendarErrorCode = 'calendar.year_not_loaded' | 'calendar.invalid_date' | 'calendar.invalid_count' | 'calendar.invalid_file';

export class CalendarError extends DomainError<CalendarErrorCode> {}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtcDate(date: IsoDate): Date {
  const match = ISO_DATE.exec(String(date));
  const parsed = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : new Date(NaN);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new CalendarError('calendar.invalid_date', `日期「${String(date)}」无效，应为 YYYY-MM-DD`, {
      details: { date },
    });
  }
  return parsed;
}

const fromUtcDate = (date: Date): IsoDate => date.toISOString().slice(0, 10);

export const yearOf = (date: IsoDate) => toUtcDate(date).getUTCFullYear();

export const addCalendarDays = (date: IsoDate, days: number): IsoDate =>
  fromUtcDate(new Date(toUtcDate(date).getTime() + days * DAY_MS));

export class WorkingCalendar {
  private readonly kinds = new Map<IsoDate, CalendarDayKind>();
  /** per year: how many working days come before each day of it (index: day of the year) */
  private readonly workingBefore = new Map<number, Int32Array>();
  readonly loadedYears: ReadonlySet<number>;

  /**
   * @param years the years whose holiday notice has been loaded; a year with no entry in
   *              `entries` still needs to be listed to count as loaded.
   */
  constructor(entries: Iterable<CalendarDayEntry>, years?: Iterable<number>) {
    const loaded = new Set<number>(years ?? []);
    for (const entry of entries) {
      loaded.add(yearOf(entry.date));
      this.kinds.set(entry.date, entry.kind);
    }
    this.loadedYears = loaded;
  }

  private assertLoaded(date: IsoDate) {
    const year = yearOf(date);
    if (!this.loadedYears.has(year)) {
      throw new CalendarError('calendar.year_not_loaded', `${year}年工作日历尚未导入，无法计算工作日`, {
        details: { year },
      });
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    this.assertLoaded(date);
    const kind = this.kinds.get(date);
    if (kind) return kind === 'makeup_workday';
    const weekday = toUtcDate(date).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The date of the n-th working day of a period that starts on `start`. The start day counts
   * when it is itself a working day (公示 “自发布之日起” counting).
   */
  nthWorkingDay(start: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 1) {
      throw new CalendarError('calendar.invalid_count', '工作日天数必须是正整数', { details: { n } });
    }
    let date = start;
    let counted = this.isWorkingDay(date) ? 1 : 0;
    while (counted < n) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  /**
   * The instant a period of n working days ends when it starts at `start`: the beginning of the
   * Shanghai day after its last working day. A 公示 published during a working day counts that day.
   */
  periodEnd(start: Date, workingDays: number): Date {
    const lastDay = this.nthWorkingDay(shanghaiDate(start), workingDays);
    return startOfShanghaiDay(addCalendarDays(lastDay, 1));
  }

  /**
   * Working days in the closed range [from, to]; 0 when `to` is before `from`. The inbox asks
   * this for every row it shows, over periods of months, so each year is counted once into a
   * running total and a range costs a subtraction per year it spans.
   */
  countWorkingDays(from: IsoDate, to: IsoDate): number {
    if (to < from) return 0;
    const [firstYear, lastYear] = [yearOf(from), yearOf(to)];
    let count = 0;
    for (let year = firstYear; year <= lastYear; year += 1) {
      const before = this.workingDaysBefore(year);
      const start = year === firstYear ? dayOfYear(from) : 0;
      const end = year === lastYear ? dayOfYear(to) + 1 : before.length - 1;
      count += before[end] - before[start];
    }
    return count;
  }

  private workingDaysBefore(year: number): Int32Array {
    const cached = this.workingBefore.get(year);
    if (cached) return cached;
    const first = Date.UTC(year, 0, 1);
    const days = (Date.UTC(year + 1, 0, 1) - first) / DAY_MS;
    const before = new Int32Array(days + 1);
    for (let i = 0; i < days; i += 1) before[i + 1] = before[i] + (this.isWorkingDay(fromUtcDate(new Date(first + i * DAY_MS))) ? 1 : 0);
    this.workingBefore.set(year, before);
    return before;
  }
}

const dayOfYear = (date: IsoDate) => (toUtcDate(date).getTime() - Date.UTC(yearOf(date), 0, 1)) / DAY_MS;

export interface HolidayNotice {
  /** "MM-DD" or "MM-DD..MM-DD" ranges of days off */
  off: string[];
  /** "MM-DD" make-up working days */
  makeup_workdays: string[];
}

/** Expands a notice in the compact form of the shared vectors into calendar entries. */
export function expandHolidayNotice(year: number, notice: HolidayNotice): CalendarDayEntry[] {
  const day = (monthDay: string) => `${year}-${monthDay}`;
  const entries: CalendarDayEntry[] = [];
  for (const range of notice.off) {
    const [first, last = first] = range.split('..').map(day);
    for (let date = first; date <= last; date = addCalendarDays(date, 1)) {
      entries.push({ date, kind: 'holiday' });
    }
  }
  for (const monthDay of notice.makeup_workdays) entries.push({ date: day(monthDay), kind: 'makeup_workday' });
  return entries;
}

/**
 * A year in the format of the holiday-cn project (github.com/NateScarlet/holiday-cn), which
 * transcribes each State Council notice: `{ year, days: [{ name, date, isOffDay }] }`. Days off
 * become holidays and working days become make-up working days; a day off that falls on a weekend
 * is kept too, as the notice lists it.
 */
export function parseHolidayCn(input: unknown): { year: number; entries: CalendarDayEntry[] } {
  const invalid = (message: string): never => {
    throw new CalendarError('calendar.invalid_file', message);
  };
  const data = input as { year?: unknown; days?: unknown };
  if (!data || typeof data !== 'object') invalid('文件不是 holiday-cn 格式的 JSON（应包含 year 和 days）');
  const year = data.year;
  if (!Number.isInteger(year) || (year as number) < 2000 || (year as number) > 2100) invalid('year 应为 2000–2100 之间的年份');
  if (!Array.isArray(data.days) || !data.days.length) invalid('days 应为非空数组');
  const seen = new Set<string>();
  const entries = (data.days as unknown[]).map((day, i) => {
    const { date, isOffDay, name } = (day ?? {}) as { date?: unknown; isOffDay?: unknown; name?: unknown };
    if (typeof date !== 'string' || !ISO_DATE.test(date)) return invalid(`days[${i}].date 应为 YYYY-MM-DD`);
    toUtcDate(date);
    if (yearOf(date) !== year) return invalid(`days[${i}].date（${date}）不在 ${year} 年内`);
    if (typeof isOffDay !== 'boolean') return invalid(`days[${i}].isOffDay 应为 true 或 false`);
    if (seen.has(date)) return invalid(`days[${i}].date（${date}）重复`);
    seen.add(date);
    return { date, kind: isOffDay ? 'holiday' : 'makeup_workday', name: typeof name === 'string' ? name.slice(0, 50) : undefined } as CalendarDayEntry;
  });
  return { year: year as number, entries };
}

/**
 * The year the admin should be warned about: this year when it is not loaded (nothing can be
 * counted), else next year from November on, until its notice is imported.
 */
export function missingCalendarYear(loadedYears: ReadonlySet<number>, today: IsoDate): { year: number; warn: boolean } {
  const year = yearOf(today);
  if (!loadedYears.has(year)) return { year, warn: true };
  const month = Number(today.slice(5, 7));
  return { year: year + 1, warn: month >= 11 && !loadedYears.has(year + 1) };
}
