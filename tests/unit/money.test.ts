import awardVectors from '../../../shared/vectors/award.json';
import {
  AwardRule,
  MoneyError,
  computeAward,
  formatWanYuan,
  formatYuan,
  parseAmount,
  parseFen,
} from '../../src/domain/money';

const policyRule: AwardRule = {
  ratioBp: 3000,
  capFen: 200_000_000,
  rounding: 'floor',
  capScope: 'per_project',
  ruleVersion: 'wuhan-data-fund-2025-draft',
};

describe('award rule against the shared vectors', () => {
  it.each(awardVectors.cases)('base $base_fen fen gives $award_fen fen', ({ base_fen, award_fen }) => {
    const trace = computeAward(policyRule, base_fen);
    expect(trace.awardFen).toBe(award_fen);
    expect(trace.baseFen).toBe(base_fen);
    expect(trace.ruleVersion).toBe('wuhan-data-fund-2025-draft');
  });
});

describe('award rule settings', () => {
  it('rounds by the programme setting', () => {
    // 3 fen × 30% = 0.9 fen
    expect(computeAward({ ...policyRule, rounding: 'floor' }, 3).awardFen).toBe(0);
    expect(computeAward({ ...policyRule, rounding: 'half_up' }, 3).awardFen).toBe(1);
    expect(computeAward({ ...policyRule, rounding: 'ceil' }, 1).awardFen).toBe(1);
    // 5 fen × 30% = 1.5 fen: half up goes up, 1.4 would not
    expect(computeAward({ ...policyRule, rounding: 'half_up' }, 5).awardFen).toBe(2);
    expect(computeAward({ ...policyRule, ratioBp: 2800, rounding: 'half_up' }, 5).awardFen).toBe(1);
  });

  it('keeps a complete trace', () => {
    const trace = computeAward(policyRule, 1_000_000_000);
    expect(trace).toEqual({
      ...policyRule,
      baseFen: 1_000_000_000,
      uncappedFen: 300_000_000,
      priorAwardsFen: 0,
      capAvailableFen: 200_000_000,
      capApplied: true,
      awardFen: 200_000_000,
    });
  });

  it('shares the cap across an applicant year when the programme says so', () => {
    const rule: AwardRule = { ...policyRule, capScope: 'per_applicant_year' };
    expect(computeAward(rule, 500_000_000, 150_000_000).awardFen).toBe(50_000_000);
    expect(computeAward(rule, 500_000_000, 250_000_000).awardFen).toBe(0);
    // prior awards do not matter per project
    expect(computeAward(policyRule, 500_000_000, 150_000_000).awardFen).toBe(150_000_000);
  });

  it('does not lose precision on bases near the safe-integer limit', () => {
    const base = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const trace = computeAward({ ...policyRule, capFen: Number.MAX_SAFE_INTEGER }, base);
    expect(trace.uncappedFen).toBe(Number((BigInt(base) * 3000n) / 10000n));
  });

  it.each([
    [{ ratioBp: 10_001 }, 'ratioBp'],
    [{ ratioBp: 30.5 }, 'ratioBp'],
    [{ capFen: -1 }, 'capFen'],
    [{ rounding: 'banker' }, 'rounding'],
    [{ capScope: 'per_galaxy' }, 'capScope'],
  ])('refuses a broken rule %p', (override, field) => {
    expect(() => computeAward({ ...policyRule, ...(override as object) } as AwardRule, 100)).toThrow(
      expect.objectContaining({ name: 'MoneyError', field }),
    );
  });

  it('refuses a negative base with a typed error', () => {
    expect(() => computeAward(policyRule, -1)).toThrow(MoneyError);
    expect(() => computeAward(policyRule, -1)).toThrow('「baseFen」不能为负数');
  });
});

describe('parseFen', () => {
  it('accepts integers, bigints and digit strings', () => {
    expect(parseFen(0)).toBe(0);
    expect(parseFen(123n)).toBe(123);
    expect(parseFen('200000000')).toBe(200_000_000);
  });

  it.each([
    [-5, 'money.negative'],
    ['-5', 'money.negative'],
    [1.5, 'money.not_integer'],
    [Number.NaN, 'money.not_a_number'],
    [Number.POSITIVE_INFINITY, 'money.not_a_number'],
    ['1e3', 'money.not_a_number'],
    ['12.00', 'money.not_a_number'],
    [null, 'money.not_a_number'],
    [{}, 'money.not_a_number'],
    ['99999999999999999999', 'money.too_large'],
  ])('refuses %p with %s', (value, code) => {
    expect(() => parseFen(value, 'amountFen')).toThrow(expect.objectContaining({ code, field: 'amountFen' }));
  });
});

describe('parseAmount', () => {
  it.each([
    ['1234.56', 123_456],
    ['1,234.5元', 123_450],
    ['¥ 12', 1_200],
    ['200万元', 200_000_000],
    ['0.000001万元', 1],
    ['123.456789万元', 123_456_789],
  ])('%s is %d fen', (text, fen) => {
    expect(parseAmount(text)).toBe(fen);
  });

  it.each([
    ['1.234', 'money.too_many_decimals'],
    ['1.0000001万元', 'money.too_many_decimals'],
    ['-3元', 'money.negative'],
    ['abc', 'money.malformed'],
    ['', 'money.malformed'],
    ['1.2.3', 'money.malformed'],
  ])('refuses %p with %s', (text, code) => {
    expect(() => parseAmount(text, '购买金额')).toThrow(expect.objectContaining({ code }));
  });

  it('names the field in the message', () => {
    expect(() => parseAmount('abc', '购买金额')).toThrow(/「购买金额」格式不正确/);
  });
});

describe('formatting', () => {
  it('formats 元 with thousands separators', () => {
    expect(formatYuan(0)).toBe('0.00元');
    expect(formatYuan(5)).toBe('0.05元');
    expect(formatYuan(123_456_789)).toBe('1,234,567.89元');
  });

  it('formats 万元 as the notices write it', () => {
    expect(formatWanYuan(200_000_000)).toBe('200万元');
    expect(formatWanYuan(123_456_789)).toBe('123.46万元');
    expect(formatWanYuan(123_456_789, 4)).toBe('123.4568万元');
    expect(formatWanYuan(15_000)).toBe('0.02万元');
    expect(formatWanYuan(1_000_000_000_000)).toBe('1,000,000万元');
  });

  it('refuses to format a negative amount', () => {
    expect(() => formatYuan(-1)).toThrow(MoneyError);
  });
});
