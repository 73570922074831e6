import { applicantTypeProblem, checkSubmission, isListingValid } from '../../src/domain/eligibility';

const base = {
  now: new Date('2026-11-28T02:00:00Z'),
  opensAt: '2026-11-01T01:00:00Z',
  closesAt: '2026-12-31T09:00:00Z',
  uscc: '91420100MA4K12345K',
  organizationName: '武汉某科技有限公司',
  creditListings: [],
};
const codes = (facts: object) => checkSubmission({ ...base, ...facts }, '2026-11-28').map((p) => p.code);

describe('submission eligibility', () => {
  it('passes an eligible organisation inside the window', () => {
    expect(codes({})).toEqual([]);
  });

  it('enforces the window to the instant', () => {
    expect(codes({ now: new Date('2026-11-01T00:59:59Z') })).toEqual(['not_open_yet']);
    expect(codes({ now: new Date('2026-11-01T01:00:00Z') })).toEqual([]);
    expect(codes({ now: new Date('2026-12-31T08:59:59Z') })).toEqual([]);
    expect(codes({ now: new Date('2026-12-31T09:00:00Z') })).toEqual(['closed']);
  });

  it('refuses an invalid USCC with the domain module\'s reason', () => {
    const [problem] = checkSubmission({ ...base, uscc: '91420100MA4K12345A' }, '2026-11-28');
    expect(problem).toMatchObject({ code: 'invalid_uscc', status: 400, field: 'organization.uscc', message: expect.stringContaining('校验位') });
  });

  it.each([
    ['92420100MA4K1234XX', '武汉某小吃店', '个体工商户'],
    ['11420100MA4K1234XX', '某局', '机关单位'],
    ['91420100MA4K12345K', '某集团有限公司武汉分公司', '分支机构'],
    ['91420100MA4K12345K', '某研究院武汉办事处', '分支机构'],
  ])('refuses %s %s as %s', (uscc, name, reason) => {
    expect(applicantTypeProblem(uscc, name)).toContain(reason);
  });

  it('does not mistake a company whose name merely contains 分 for a branch', () => {
    expect(applicantTypeProblem('91420100MA4K12345K', '武汉分子生物科技有限公司')).toBeNull();
  });

  it('refuses an organisation on a credit list that is still valid, naming the list', () => {
    const listed = checkSubmission({ ...base, creditListings: [{ listType: 'dishonest_judgment_debtor', expiresOn: '2026-11-28' }] }, '2026-11-28');
    expect(listed).toEqual([expect.objectContaining({ code: 'credit_listed', status: 403, message: '申报单位被列入失信被执行人，不得申报' })]);
    expect(codes({ creditListings: [{ listType: 'major_tax_violation', expiresOn: '2026-11-27' }] })).toEqual([]);
    expect(codes({ creditListings: [{ listType: 'government_procurement_violation', expiresOn: null }] })).toEqual(['credit_listed']);
    expect(isListingValid({ listType: 'x', expiresOn: '2026-11-28' }, '2026-11-29')).toBe(false);
  });
});
