import fc from 'fast-check';
import { describeEntry, panelSheet } from '../../src/domain/scores';
import { shanghaiMinute, shanghaiWallDate } from '../../src/domain/time';

/** The panel's sheet (src/domain/scores.ts), and the exports' Beijing time forms (src/domain/time.ts). */
const RUBRIC = [
  { key: 'innovation', label: '技术先进性与创新性', max: 30 },
  { key: 'application', label: '应用成效与推广价值', max: 40 },
  { key: 'compliance', label: '数据安全与合规', max: 30 },
];

describe('panelSheet', () => {
  it('totals each expert in rubric order, and gives the average to two places and the spread', () => {
    const result = panelSheet(
      [
        { actorName: '专家甲', actorId: '1', scores: { innovation: 25, application: 35, compliance: 28 } },
        { actorName: '专家乙', actorId: '2', scores: { compliance: 25, application: 30, innovation: 20 } },
        { actorName: '专家丙', actorId: '3', scores: { innovation: 22, application: 33, compliance: 27 }, opinion: ' 数据来源清晰 ' },
      ],
      RUBRIC,
    );
    expect(result.entries.map((e) => e.total)).toEqual([88, 75, 82]);
    expect(result.average).toBe(81.67);
    expect(result.spread).toBe(13);
    expect(describeEntry(result.entries[1])).toBe('专家乙：技术先进性与创新性 20，应用成效与推广价值 30，数据安全与合规 25，总分 75');
    // an expert's written opinion goes with its scores
    expect(describeEntry(result.entries[2])).toBe('专家丙：技术先进性与创新性 22，应用成效与推广价值 33，数据安全与合规 27，总分 82（意见：数据来源清晰）');
  });

  it('weights the total where the rubric has weights (version 3), as the panel does', () => {
    const weighted = [
      { key: 'innovation', label: '技术先进性与创新性', max: 100, weight: 30 },
      { key: 'application', label: '应用成效与推广价值', max: 100, weight: 40 },
      { key: 'compliance', label: '数据安全与合规', max: 100, weight: 30 },
    ];
    const sheet = panelSheet([{ actorName: '专家甲', actorId: '1', scores: { innovation: 80, application: 90, compliance: 70 } }], weighted);
    expect(sheet.entries[0].total).toBe(81);
    expect(sheet.average).toBe(81);
  });

  it('has no average and no spread without a score, and skips records without scores', () => {
    expect(panelSheet([], RUBRIC)).toEqual({ entries: [], average: null, spread: null });
    expect(panelSheet([{ actorName: '专家甲', scores: null }], RUBRIC).entries).toEqual([]);
  });

  it('keeps the average between the lowest and highest total, and the spread their difference', () => {
    const score = fc.record({ innovation: fc.integer({ min: 0, max: 30 }), application: fc.integer({ min: 0, max: 40 }), compliance: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 9 }), (scores) => {
        const result = panelSheet(scores.map((s, i) => ({ actorName: `专家${i}`, scores: s })), RUBRIC);
        const totals = scores.map((s) => s.innovation + s.application + s.compliance);
        expect(result.entries.map((e) => e.total)).toEqual(totals);
        expect(result.average!).toBeGreaterThanOrEqual(Math.min(...totals) - 0.005);
        expect(result.average!).toBeLessThanOrEqual(Math.max(...totals) + 0.005);
        expect(result.spread).toBe(Math.max(...totals) - Math.min(...totals));
      }),
    );
  });
});

describe('Beijing time in the exports', () => {
  it('writes an instant as the Shanghai wall clock, as text and as a date cell', () => {
    expect(shanghaiMinute('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(shanghaiWallDate('2026-12-31T16:30:00Z').toISOString()).toBe('2027-01-01T00:30:00.000Z');
  });
});
