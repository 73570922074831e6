import { addMonths, reportSchedule, ReportRule, unfiledPeriods } from '../../src/domain/supervision';

const RULES: ReportRule[] = [
  { kind: 'self_evaluation', everyMonths: 12, count: 2, graceDays: 30 },
  { kind: 'operating_data', everyMonths: 6, count: 2, graceDays: 15 },
];

describe('the post-award report schedule', () => {
  it('adds months, keeping to the month\'s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-12-01', 12)).toBe('2027-12-01');
  });

  it('numbers each rule\'s periods from the payment, in due order', () => {
    const schedule = reportSchedule(RULES, '2026-12-01', [], '2026-12-02');
    expect(schedule.map((r) => [r.period, r.dueOn, r.status])).toEqual([
      ['operating_data#1', '2027-06-01', 'upcoming'],
      ['operating_data#2', '2027-12-01', 'upcoming'],
      ['self_evaluation#1', '2027-12-01', 'upcoming'],
      ['self_evaluation#2', '2028-12-01', 'upcoming'],
    ]);
    expect(schedule[0].label).toBe('经营情况数据报送第1期（2027-06-01前）');
  });

  it('opens a period 30 days before it is due, marks it late after the grace days, and settles it when filed', () => {
    const at = (today: string, filed: Array<{ period: string; submittedAt: string }> = []) =>
      reportSchedule(RULES, '2026-12-01', filed, today).find((r) => r.period === 'operating_data#1')!;
    expect(at('2027-05-01').status).toBe('upcoming');
    expect(at('2027-05-02').status).toBe('due');
    expect(at('2027-06-16').status).toBe('due'); // 15 grace days
    expect(at('2027-06-17').status).toBe('late');
    expect(at('2027-06-17', [{ period: 'operating_data#1', submittedAt: '2027-06-17T02:00:00Z' }])).toMatchObject({ status: 'filed', filedAt: '2027-06-17T02:00:00Z' });
    const filed = [{ period: 'operating_data#1', submittedAt: '2027-06-17T02:00:00Z' }];
    expect(unfiledPeriods(reportSchedule(RULES, '2026-12-01', filed, '2027-06-17')).map((r) => r.period)).toEqual(['operating_data#2', 'self_evaluation#1', 'self_evaluation#2']);
  });
});
