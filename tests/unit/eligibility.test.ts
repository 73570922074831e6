import { checkSubmission, isListingValid } from '../../src/domain/eligibility';

const base = {
  now: new Date('2026-11-28T02:00:00Z'),
  opensAt: '2026-11-01T01:00:00Z',
  closesAt: '2026-12-31T09:00:00Z',
  uscc: '91420100MA4K12345K',
  organizationName: '武汉某科技有限公司',
  legalForm: 'limited_liability_company',
  program: { effectiveOn: '2026-01-01', endsOn: '2026-12-31' },
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

  // 第四条 (legal-person.ts has the whole table): each refusal reaches the submission with the organisation's field.
  it.each([
    [{ legalForm: null }, 'legal_form_missing', 409, 'organization.legalForm', '请先到“单位信息”页面补充单位类型'],
    [{ legalForm: 'partnership' }, 'not_legal_person', 403, 'organization.legalForm', '不具有独立法人资格'],
    [{ legalForm: 'individual_business', uscc: '92420100MA4K1234XX' }, 'not_legal_person', 403, 'organization.legalForm', '不具有独立法人资格'],
    [{ uscc: '92420100MA4K1234XX' }, 'legal_form_contradicts_uscc', 400, 'organization.legalForm', '“92”表示个体工商户'],
    [{ organizationName: '某集团有限公司武汉分公司' }, 'branch_by_name', 403, 'organization.name', '分支机构'],
    [{ legalForm: 'state_organ', uscc: '11420100MA4K1234XX' }, 'legal_form_not_accepted', 403, 'organization.legalForm', '支持对象范围'],
    [{ legalForm: 'social_group', uscc: '51420100MA4K1234XX' }, 'legal_form_not_accepted', 403, 'organization.legalForm', '“社会团体”'],
  ])('refuses %o as %s', (facts, code, status, field, message) => {
    const problems = checkSubmission({ ...base, ...facts }, '2026-11-28').filter((p) => p.code !== 'invalid_uscc');
    expect(problems).toEqual([{ code, status, field, message: expect.stringContaining(message) }]);
  });

  it('lets a social group in where the programme supports it', () => {
    expect(codes({ legalForm: 'social_group', uscc: '51420100MA4K1234XX', program: { ...base.program, acceptsSocialGroups: true } }).filter((c) => c !== 'invalid_uscc')).toEqual([]);
  });

  // 第十四条 (program-validity.ts has the boundaries): outside the validity, submission is refused first.
  it('refuses a submission outside the programme\'s validity, before anything else', () => {
    const [first] = checkSubmission({ ...base, program: { effectiveOn: '2026-01-01', endsOn: '2026-11-27' }, now: new Date('2026-12-31T09:00:00Z') }, '2026-12-31');
    expect(first).toEqual({ code: 'program_expired', status: 409, field: 'program.endsOn', message: '该资金项目有效期至2026年11月27日，已失效，不能提交申报' });
    expect(codes({ program: { effectiveOn: '2026-11-29' } })).toEqual(['program_not_effective']);
  });

  it('refuses an organisation on a credit list that is still valid, naming the list', () => {
    const listed = checkSubmission({ ...base, creditListings: [{ listType: 'dishonest_judgment_debtor', expiresOn: '2026-11-28' }] }, '2026-11-28');
    expect(listed).toEqual([expect.objectContaining({ code: 'credit_listed', status: 403, message: '申报单位被列入失信被执行人，不得申报' })]);
    expect(codes({ creditListings: [{ listType: 'major_tax_violation', expiresOn: '2026-11-27' }] })).toEqual([]);
    expect(codes({ creditListings: [{ listType: 'government_procurement_violation', expiresOn: null }] })).toEqual(['credit_listed']);
    expect(isListingValid({ listType: 'x', expiresOn: '2026-11-28' }, '2026-11-29')).toBe(false);
  });
});
