import { describeRecord, publicityOutcome, rulingOpinion } from '../../src/domain/objections';

/** What the chain says of a 公示's objections, and how a timeline reads the records (issue 20). */
describe('the record that ends a 公示', () => {
  it.each([
    [[], '公示期满，无异议'],
    [[{ resolution: 'dismissed' }], '公示期满；收到异议 1 件，经核查不成立'],
    [[{ resolution: 'dismissed' }, { resolution: 'dismissed' }], '公示期满；收到异议 2 件，经核查均不成立'],
    [[{ resolution: 'dismissed' }, { resolution: 'upheld' }], '公示期满；收到异议 2 件，1 件经核查不成立，1 件经核查成立'],
    [[{ resolution: 'open' }], '公示期满；收到异议 1 件，1 件尚未办结'],
  ] as const)('for objections %j says %s', (objections, text) => {
    expect(publicityOutcome(objections as any)).toBe(text);
  });

  it('says 无异议 only when there was none', () => {
    for (let n = 1; n < 5; n += 1) expect(publicityOutcome(Array.from({ length: n }, () => ({ resolution: 'dismissed' as const })))).not.toContain('无异议');
  });
});

describe('how a timeline reads a record', () => {
  it('names objection records, lets a system step say what it recorded, and keeps every other label', () => {
    expect(describeRecord(undefined, { action: 'objection_lodged', actorType: 'public', opinion: '异议编号 YY1' })).toEqual({ title: '收到公示异议', opinion: '异议编号 YY1' });
    expect(describeRecord(undefined, { action: 'objection_ruled', actorType: 'staff', opinion: rulingOpinion('dismissed', '材料属实') })).toEqual({ title: '公示异议核查结论', opinion: '经核查，异议不成立。理由：材料属实' });
    expect(describeRecord('公示期满无异议', { action: 'publicity_passed', actorType: 'system', opinion: '公示期满；收到异议 1 件，经核查不成立' })).toEqual({ title: '公示期满；收到异议 1 件，经核查不成立', opinion: null });
    expect(describeRecord('初审推荐', { action: 'recommend', actorType: 'staff', opinion: '同意' })).toEqual({ title: '初审推荐', opinion: '同意' });
  });
});
