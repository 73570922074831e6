import {
  formatShanghaiDate,
  formatShanghaiDateTime,
  shanghaiDate,
  shanghaiWallTime,
  startOfShanghaiDay,
} from '../../src/domain/time';

describe('Shanghai time', () => {
  it('shows UTC instants in Asia/Shanghai', () => {
    expect(formatShanghaiDateTime('2025-04-17T16:00:00Z')).toBe('2025年4月18日 00:00');
    expect(formatShanghaiDate(new Date('2025-03-18T01:00:00Z'))).toBe('2025年3月18日');
  });

  it('finds the Shanghai civil date of an instant', () => {
    expect(shanghaiDate('2026-02-13T15:59:59Z')).toBe('2026-02-13');
    expect(shanghaiDate('2026-02-13T16:00:00Z')).toBe('2026-02-14');
  });

  it('turns Shanghai wall time into UTC instants', () => {
    expect(startOfShanghaiDay('2025-04-18').toISOString()).toBe('2025-04-17T16:00:00.000Z');
    expect(shanghaiWallTime('2026-12-31 17:00').toISOString()).toBe('2026-12-31T09:00:00.000Z');
  });
});
