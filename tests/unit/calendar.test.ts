import workingDayVectors from '../../../shared/vectors/working-days.json';
import {
  CalendarError,
  WorkingCalendar,
  addCalendarDays,
  expandHolidayNotice,
  missingCalendarYear,
  parseHolidayCn,
} from '../../src/domain/calendar';

const entries = Object.entries(workingDayVectors.calendar).flatMap(([year, notice]) =>
  expandHolidayNotice(Number(year), notice),
);
const calendar = new WorkingCalendar(entries);

describe('working days against the shared vectors', () => {
  const cases = workingDayVectors.cases;

  it.each(cases.filter((c) => !c.end.startsWith('error')))(
    '$working_days working days from $start end on $end',
    ({ start, working_days, end }) => {
      expect(calendar.nthWorkingDay(start, working_days)).toBe(end);
    },
  );

  it.each(cases.filter((c) => c.end.startsWith('error')))(
    '$working_days working days from $start: $end',
    ({ start, working_days }) => {
      expect(() => calendar.nthWorkingDay(start, working_days)).toThrow(CalendarError);
      expect(() => calendar.nthWorkingDay(start, working_days)).toThrow('2027年工作日历尚未导入');
    },
  );
});

describe('the calendar', () => {
  it('knows the loaded years', () => {
    expect([...calendar.loadedYears].sort()).toEqual([2025, 2026]);
  });

  it('treats holidays, weekends and make-up days correctly', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // National Day, a Thursday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false); // plain Saturday
    expect(calendar.isWorkingDay('2026-11-27')).toBe(true); // plain Friday
  });

  it('counts a make-up Saturday inside a 7-working-day period', () => {
    // 02-12 Thu, 02-13 Fri, 02-14 Sat (调休上班), then the Spring Festival 02-15..02-23, then 02-24..02-27
    expect(calendar.nthWorkingDay('2026-02-12', 7)).toBe('2026-02-27');
    // without that make-up day it would end a working day later, on the next one (02-28, also 调休上班)
    const withoutMakeup = new WorkingCalendar(entries.filter((e) => e.date !== '2026-02-14'));
    expect(withoutMakeup.nthWorkingDay('2026-02-12', 7)).toBe('2026-02-28');
  });

  it('does not count the start day when it is not a working day', () => {
    // 2026-10-01 is a holiday: the first working day is 10-08
    expect(calendar.nthWorkingDay('2026-10-01', 1)).toBe('2026-10-08');
  });

  it('counts working days in a range', () => {
    expect(calendar.countWorkingDays('2026-09-28', '2026-10-09')).toBe(5);
    expect(calendar.countWorkingDays('2026-10-09', '2026-09-28')).toBe(0);
  });

  it('counts any range, across the year boundary too, as a day-by-day count would', () => {
    const dayByDay = (from: string, to: string) => {
      let count = 0;
      for (let date = from; date <= to; date = addCalendarDays(date, 1)) if (calendar.isWorkingDay(date)) count += 1;
      return count;
    };
    const ranges: Array<[string, string]> = [
      ['2025-01-01', '2026-12-31'],
      ['2025-12-20', '2026-01-10'],
      ['2026-02-14', '2026-02-14'], // a make-up Saturday alone
      ['2026-02-15', '2026-02-23'], // the Spring Festival alone: none
      ['2025-10-01', '2026-10-08'],
    ];
    for (const [from, to] of ranges) expect(calendar.countWorkingDays(from, to)).toBe(dayByDay(from, to));
    expect(calendar.countWorkingDays('2026-02-15', '2026-02-23')).toBe(0);
    expect(calendar.countWorkingDays('2026-02-14', '2026-02-14')).toBe(1);
  });

  it('refuses to count a range that reaches into a year not loaded', () => {
    expect(() => calendar.countWorkingDays('2026-12-01', '2027-01-05')).toThrow('2027年工作日历尚未导入');
  });

  it('ends a period at the start of the next Shanghai day', () => {
    // published 2026-09-28 10:00 Shanghai (02:00Z): 5 working days end with 10-09
    const end = calendar.periodEnd(new Date('2026-09-28T02:00:00Z'), 5);
    expect(end.toISOString()).toBe('2026-10-09T16:00:00.000Z');
  });

  it('uses the Shanghai date of the start instant, not the UTC one', () => {
    // 2026-02-13 20:00Z is already Saturday 2026-02-14 in Shanghai, a make-up working day
    const end = calendar.periodEnd(new Date('2026-02-13T20:00:00Z'), 1);
    expect(end.toISOString()).toBe('2026-02-14T16:00:00.000Z');
  });

  it('fails closed for a year that is not loaded, even with no holidays in it', () => {
    const only2025 = new WorkingCalendar(entries.filter((e) => e.date.startsWith('2025')));
    expect(() => only2025.isWorkingDay('2026-03-02')).toThrow(
      expect.objectContaining({ code: 'calendar.year_not_loaded', details: { year: 2026 } }),
    );
    const emptyButLoaded = new WorkingCalendar([], [2030]);
    expect(emptyButLoaded.isWorkingDay('2030-01-01')).toBe(true);
  });

  it.each(['2026-02-30', '2026/01/01', 'tomorrow', ''])('refuses the malformed date %p', (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(expect.objectContaining({ code: 'calendar.invalid_date' }));
  });

  it.each([0, -1, 1.5])('refuses a period of %p working days', (n) => {
    expect(() => calendar.nthWorkingDay('2026-03-02', n)).toThrow(
      expect.objectContaining({ code: 'calendar.invalid_count' }),
    );
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('a year from a holiday-cn file', () => {
  const file = { year: 2027, days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }, { name: '春节', date: '2027-02-06', isOffDay: false }] };

  it('becomes holidays and make-up working days that the calendar then counts with', () => {
    const { year, entries: imported } = parseHolidayCn(file);
    expect(year).toBe(2027);
    expect(imported).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'makeup_workday', name: '春节' },
    ]);
    const extended = new WorkingCalendar([...imported, ...entries]);
    // 2026-12-28 Mon … 12-31 Thu, 2027-01-01 off, 01-04 Mon is the fifth working day
    expect(extended.nthWorkingDay('2026-12-28', 5)).toBe('2027-01-04');
  });

  it.each([
    [null, 'holiday-cn'],
    [{ ...file, year: 1999 }, 'year'],
    [{ ...file, days: [] }, 'days'],
    [{ ...file, days: [{ date: '2027-02-30', isOffDay: true }] }, '2027-02-30'],
    [{ ...file, days: [{ date: '2026-12-31', isOffDay: true }] }, '不在 2027 年内'],
    [{ ...file, days: [{ date: '2027-01-01', isOffDay: 'yes' }] }, 'isOffDay'],
    [{ ...file, days: [file.days[0], file.days[0]] }, '重复'],
  ])('refuses %j, saying what is wrong', (input, message) => {
    expect(() => parseHolidayCn(input)).toThrow(CalendarError);
    expect(() => parseHolidayCn(input)).toThrow(message);
  });

  it('warns from November on while the coming year is missing, and at once when this year is', () => {
    const loaded = new Set([2025, 2026]);
    expect(missingCalendarYear(loaded, '2026-10-31')).toEqual({ year: 2027, warn: false });
    expect(missingCalendarYear(loaded, '2026-11-01')).toEqual({ year: 2027, warn: true });
    expect(missingCalendarYear(new Set([2026, 2027]), '2026-12-15')).toEqual({ year: 2027, warn: false });
    expect(missingCalendarYear(loaded, '2027-01-01')).toEqual({ year: 2027, warn: true });
    expect(missingCalendarYear(new Set([2026]), '2027-06-30')).toEqual({ year: 2027, warn: true });
  });
});
