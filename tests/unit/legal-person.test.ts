import vectors from '../../../shared/vectors/legal-person.json';
import organizationSchema from '../../src/api/organization/content-types/organization/schema.json';
import {
  CIVIL_CODE_CLASSES,
  LEGAL_FORMS,
  LEGAL_FORM_LABELS,
  LegalForm,
  civilCodeClassOf,
  isLegalPerson,
  legalFormChoices,
  legalFormOf,
  legalFormProvenByUscc,
  legalPersonProblem,
  supportProblem,
  supportedLegalForms,
  usccHolderDescription,
} from '../../src/domain/legal-person';
import { REGISTRATION_CODES } from '../../src/domain/uscc';

/** Every first-two-character pair the GB 32100 table defines. */
const CODE_PAIRS = Object.entries(vectors.registration_departments).flatMap(([department, { categories }]) => Object.keys(categories).map((category) => department + category));

describe('第四条 against the shared vectors', () => {
  it.each(vectors.cases)('$declared with a USCC starting $uscc_prefix: legal person $legal_person', ({ declared, uscc_prefix, legal_person }) => {
    const legalForm = legalFormOf(declared);
    expect(legalForm).not.toBeNull();
    expect(legalPersonProblem({ legalForm, uscc: uscc_prefix }) === null).toBe(legal_person);
  });

  it('keeps the GB 32100 table of the vectors', () => {
    expect(REGISTRATION_CODES).toEqual(vectors.registration_departments);
  });

  it.each(Object.entries(vectors.civil_code_classes).flatMap(([civilClass, names]) => names.map((name) => [name, civilClass])))('knows %s as %s', (name, civilClass) => {
    const form = legalFormOf(name);
    expect(form).not.toBeNull();
    expect(civilCodeClassOf(form!)).toBe(civilClass === 'not an organisation' ? '个体工商户' : civilClass);
    expect(isLegalPerson(form!)).toBe(civilClass.endsWith('法人'));
  });
});

describe('a declared form and the USCC', () => {
  it('says what the code says when it contradicts the form', () => {
    expect(legalPersonProblem({ legalForm: 'limited_liability_company', uscc: '92420100MA4K1234XX' })).toEqual({
      code: 'legal_form_contradicts_uscc',
      status: 400,
      field: 'legalForm',
      message: '统一社会信用代码第1、2位“92”表示个体工商户，与所填单位类型“有限责任公司”不一致',
    });
    expect(legalPersonProblem({ legalForm: 'public_institution', uscc: '91420100MA4K12345K' }, 'organization.')).toMatchObject({
      field: 'organization.legalForm',
      message: '统一社会信用代码第1、2位“91”表示企业，与所填单位类型“事业单位”不一致',
    });
    expect(legalPersonProblem({ legalForm: 'foundation', uscc: '59420100MA4K1234XX' })?.message).toBe('统一社会信用代码第1、2位“59”表示民政部门登记的其他机构，与所填单位类型“基金会”不一致');
    expect(legalPersonProblem({ legalForm: 'limited_liability_company', uscc: '97420100MA4K1234XX' })?.message).toContain('“97”不是GB 32100-2015规定的登记管理部门和机构类别代码');
  });

  // The property: every form against every code pair of the standard's table.
  it.each(LEGAL_FORMS.map((form) => [form]))('%s: refused unless a legal person whose code is one it is issued', (form) => {
    for (const pair of CODE_PAIRS) {
      const problem = legalPersonProblem({ legalForm: form, uscc: `${pair}420100MA4K1234X` });
      if (!isLegalPerson(form)) {
        expect(problem).toMatchObject({ code: 'not_legal_person', status: 403 });
        expect(problem!.message).toContain(`“${LEGAL_FORM_LABELS[form]}”`);
        expect(problem!.message).toContain('第四条：支持对象须具有独立法人资格');
        continue;
      }
      if (problem) {
        expect(problem.code).toBe('legal_form_contradicts_uscc');
        expect(problem.message).toBe(`统一社会信用代码第1、2位“${pair}”表示${usccHolderDescription(pair)}，与所填单位类型“${LEGAL_FORM_LABELS[form]}”不一致`);
      }
    }
  });

  it('lets each legal-person form through with the codes it is issued', () => {
    const accepted = (form: LegalForm) => CODE_PAIRS.filter((pair) => legalPersonProblem({ legalForm: form, uscc: pair }) === null);
    expect(accepted('limited_liability_company')).toEqual(['91']);
    expect(accepted('joint_stock_company')).toEqual(['91']);
    expect(accepted('other_enterprise_legal_person')).toEqual(['91']);
    expect(accepted('public_institution').sort()).toEqual(['12', 'A1']);
    expect(accepted('social_group').sort()).toEqual(['13', '51', '81']);
    expect(accepted('foundation')).toEqual(['53']);
    expect(accepted('social_service_agency')).toEqual(['52']);
    expect(accepted('state_organ')).toEqual(['11']);
    // the standard's table gives 居委会 and 村委会 no code of their own: the code contradicts nothing
    expect(accepted('grassroots_autonomous_organization')).toEqual(CODE_PAIRS);
  });

  it('refuses a branch by its registered name, whatever form it states', () => {
    expect(legalPersonProblem({ legalForm: 'limited_liability_company', uscc: '91420100MA4K12345K', name: '某集团有限公司武汉分公司' }, 'organization.')).toMatchObject({
      code: 'branch_by_name',
      status: 403,
      field: 'organization.name',
      message: expect.stringContaining('分支机构不具有独立法人资格'),
    });
    expect(legalPersonProblem({ legalForm: 'public_institution', uscc: '12420100MA4K1234XX', name: '某研究院武汉办事处' })?.code).toBe('branch_by_name');
    expect(legalPersonProblem({ legalForm: 'limited_liability_company', uscc: '91420100MA4K12345K', name: '武汉分子生物科技有限公司' })).toBeNull();
  });

  it('asks an organisation without a form to complete 单位信息, and refuses an unknown one', () => {
    for (const legalForm of [null, undefined, '']) {
      expect(legalPersonProblem({ legalForm, uscc: '91420100MA4K12345K' }, 'organization.')).toEqual({
        code: 'legal_form_missing',
        status: 409,
        field: 'organization.legalForm',
        message: '申报单位尚未填写单位类型，请先到“单位信息”页面补充单位类型',
      });
    }
    for (const legalForm of ['enterprise', 'toString', '__proto__', '有限责任公司']) {
      expect(legalPersonProblem({ legalForm, uscc: '91420100MA4K12345K' })).toMatchObject({ code: 'legal_form_unknown', status: 400, field: 'legalForm' });
    }
  });
});

describe('which legal persons a programme supports', () => {
  it('supports enterprises and public institutions by default, social organisations when the programme says so', () => {
    expect(supportedLegalForms({})).toEqual(['limited_liability_company', 'joint_stock_company', 'other_enterprise_legal_person', 'public_institution']);
    expect(supportedLegalForms({ acceptsSocialGroups: true, acceptsFoundations: null, acceptsSocialServiceAgencies: true })).toEqual([
      'limited_liability_company',
      'joint_stock_company',
      'other_enterprise_legal_person',
      'public_institution',
      'social_group',
      'social_service_agency',
    ]);
  });

  it('refuses every other legal person, naming what the programme supports', () => {
    const supported = supportedLegalForms({});
    for (const form of LEGAL_FORMS.filter(isLegalPerson)) {
      const problem = supportProblem(form, supported, 'organization.');
      expect(problem === null).toBe(supported.includes(form));
    }
    expect(supportProblem('social_group', supported)).toEqual({
      code: 'legal_form_not_accepted',
      status: 403,
      field: 'legalForm',
      message: '单位类型“社会团体”不在本资金项目的支持对象范围内（支持对象：有限责任公司、股份有限公司、其他企业法人、事业单位）',
    });
    expect(supportProblem('social_group', supportedLegalForms({ acceptsSocialGroups: true }))).toBeNull();
  });
});

describe('forms for people', () => {
  it('stores exactly the domain\'s forms', () => {
    expect(organizationSchema.attributes.legalForm.enum).toEqual([...LEGAL_FORMS]);
  });


  it('offers every form once, grouped by class, with the non-legal-persons marked', () => {
    const choices = legalFormChoices();
    expect(choices.map((c) => c.value)).toEqual([...LEGAL_FORMS]);
    expect(new Set(choices.map((c) => c.group)).size).toBe(CIVIL_CODE_CLASSES.length);
    expect(choices.find((c) => c.value === 'partnership')?.group).toBe('非法人组织（不具有法人资格，不能申报）');
    expect(choices.find((c) => c.value === 'public_institution')?.label).toBe('事业单位（含科研院所、公办高校）');
  });

  it('reads a form from a USCC only where the code proves it', () => {
    expect(legalFormProvenByUscc('12420100MA4K1234XX')).toBe('public_institution');
    expect(legalFormProvenByUscc('92420100MA4K1234XX')).toBe('individual_business');
    expect(legalFormProvenByUscc('51420100MA4K1234XX')).toBe('social_group');
    expect(legalFormProvenByUscc('11420100MA4K1234XX')).toBe('state_organ');
    // a 91 may be a company, a partnership, a sole proprietorship or a branch
    expect(legalFormProvenByUscc('91420100MA4K12345K')).toBeNull();
    expect(legalFormProvenByUscc('Y1420100MA4K1234XX')).toBeNull();
  });
});
