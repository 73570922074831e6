import { REGISTRATION_CODES, normaliseUscc } from './uscc';

/**
 * 第四条: 支持对象须具有独立法人资格. An organisation states its type by legal form; whether that
 * form is a legal person follows the Civil Code (民法典 第五十七条 to 第一百零八条), not the
 * USCC: code 91 covers companies, which are legal persons, and partnerships, sole
 * proprietorships and branches, which are not. So the declared form decides, and the USCC may
 * only contradict it. Which legal persons a programme supports is the programme's setting.
 */
export const LEGAL_FORMS = [
  'limited_liability_company',
  'joint_stock_company',
  'other_enterprise_legal_person',
  'public_institution',
  'social_group',
  'foundation',
  'social_service_agency',
  'state_organ',
  'rural_collective_economic_organization',
  'cooperative_economic_organization',
  'grassroots_autonomous_organization',
  'partnership',
  'sole_proprietorship',
  'professional_service_firm',
  'branch',
  'individual_business',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** The Civil Code's classes, and the 个体工商户, which is a natural person trading, not an organisation. */
export const CIVIL_CODE_CLASSES = ['营利法人', '非营利法人', '特别法人', '非法人组织', '个体工商户'] as const;
export type CivilCodeClass = (typeof CIVIL_CODE_CLASSES)[number];
const LEGAL_PERSON_CLASSES: readonly CivilCodeClass[] = ['营利法人', '非营利法人', '特别法人'];

interface FormFacts {
  label: string;
  civilCodeClass: CivilCodeClass;
  /** what the form covers, where its name alone does not say it */
  hint?: string;
  /** other names a person may use for it */
  aliases?: string[];
  /**
   * The first two characters of the USCC a holder of this form is issued (GB 32100-2015).
   * Absent where the standard's table does not tell, or where the form shares code 91 with
   * companies: the code then contradicts nothing.
   */
  usccCodes?: string[];
}

const FORMS: Record<LegalForm, FormFacts> = {
  limited_liability_company: { label: '有限责任公司', civilCodeClass: '营利法人', usccCodes: ['91'] },
  joint_stock_company: { label: '股份有限公司', civilCodeClass: '营利法人', usccCodes: ['91'] },
  other_enterprise_legal_person: { label: '其他企业法人', civilCodeClass: '营利法人', hint: '全民所有制、集体所有制企业等', usccCodes: ['91'] },
  public_institution: { label: '事业单位', civilCodeClass: '非营利法人', hint: '含科研院所、公办高校', aliases: ['事业单位法人'], usccCodes: ['12', 'A1'] },
  // 13: mass organisations registered with the central staffing office; 81: a trade union is a
  // 社会团体法人 (工会法 第十六条).
  social_group: { label: '社会团体', civilCodeClass: '非营利法人', hint: '含行业协会、学会', aliases: ['社会团体法人'], usccCodes: ['51', '13', '81'] },
  foundation: { label: '基金会', civilCodeClass: '非营利法人', usccCodes: ['53'] },
  social_service_agency: { label: '社会服务机构（民办非企业单位）', civilCodeClass: '非营利法人', hint: '含民办高校、民办研究机构', aliases: ['社会服务机构', '民办非企业单位'], usccCodes: ['52'] },
  state_organ: { label: '机关法人', civilCodeClass: '特别法人', usccCodes: ['11'] },
  rural_collective_economic_organization: { label: '农村集体经济组织法人', civilCodeClass: '特别法人', usccCodes: ['N1', 'N2', 'N3'] },
  cooperative_economic_organization: { label: '城镇农村的合作经济组织法人', civilCodeClass: '特别法人', hint: '如农民专业合作社', usccCodes: ['93'] },
  grassroots_autonomous_organization: { label: '基层群众性自治组织法人', civilCodeClass: '特别法人', hint: '居民委员会、村民委员会' },
  partnership: { label: '合伙企业', civilCodeClass: '非法人组织' },
  sole_proprietorship: { label: '个人独资企业', civilCodeClass: '非法人组织' },
  professional_service_firm: { label: '不具有法人资格的专业服务机构', civilCodeClass: '非法人组织', hint: '如合伙制律师事务所、会计师事务所' },
  branch: { label: '分支机构（分公司）', civilCodeClass: '非法人组织', aliases: ['分公司', '分支机构'] },
  individual_business: { label: '个体工商户', civilCodeClass: '个体工商户', usccCodes: ['92'] },
};

export const LEGAL_FORM_LABELS = Object.fromEntries(LEGAL_FORMS.map((form) => [form, FORMS[form].label])) as Record<LegalForm, string>;

export const isLegalForm = (value: unknown): value is LegalForm => typeof value === 'string' && (LEGAL_FORMS as readonly string[]).includes(value);

export const civilCodeClassOf = (form: LegalForm): CivilCodeClass => FORMS[form].civilCodeClass;

export const isLegalPerson = (form: LegalForm) => LEGAL_PERSON_CLASSES.includes(FORMS[form].civilCodeClass);

/** The choices a form offers, grouped by class; non-legal-persons are listed so that their refusal says why. */
export const legalFormChoices = () =>
  LEGAL_FORMS.map((form) => ({
    value: form,
    label: FORMS[form].hint ? `${FORMS[form].label}（${FORMS[form].hint}）` : FORMS[form].label,
    group: isLegalPerson(form) ? FORMS[form].civilCodeClass : `${FORMS[form].civilCodeClass}（不具有法人资格，不能申报）`,
  }));

/** A form by the name a person writes ("有限责任公司", "分公司"), or null. */
export function legalFormOf(name: string): LegalForm | null {
  const wanted = name.trim();
  return LEGAL_FORMS.find((form) => FORMS[form].label === wanted || FORMS[form].aliases?.includes(wanted)) ?? null;
}

/** What a USCC's first two characters say about its holder, in words. */
export function usccHolderDescription(uscc: string): string | null {
  const code = normaliseUscc(uscc);
  const department = REGISTRATION_CODES[code[0]];
  const category = department?.categories[code[1]];
  if (!category) return null;
  if (code[0] === 'Y') return '其他登记管理部门登记的机构';
  return category === '其他' ? `${department.name}部门登记的其他机构` : category;
}

export interface LegalPersonProblem {
  code: 'legal_form_missing' | 'legal_form_unknown' | 'not_legal_person' | 'legal_form_contradicts_uscc' | 'branch_by_name' | 'legal_form_not_accepted';
  status: 400 | 403 | 409;
  field: string;
  message: string;
}

export interface DeclaredOrganization {
  legalForm?: string | null;
  uscc: string;
  name?: string | null;
}

const ARTICLE_4 = '第四条：支持对象须具有独立法人资格';

// A branch has a USCC of its own but no legal personality, and says so in its registered name.
const BRANCH_NAME = /(分公司|分支机构|办事处|分厂|分所|分店|分部)(（[^）]*）)?$/;

/**
 * 第四条 as far as it does not depend on the programme: the form is stated, is a legal person,
 * and neither the USCC nor the registered name contradicts it. `fieldPrefix` places the fields
 * where the caller keeps them ("organization." at submission).
 */
export function legalPersonProblem(org: DeclaredOrganization, fieldPrefix = ''): LegalPersonProblem | null {
  const field = `${fieldPrefix}legalForm`;
  if (!org.legalForm) {
    return { code: 'legal_form_missing', status: 409, field, message: '申报单位尚未填写单位类型，请先到“单位信息”页面补充单位类型' };
  }
  if (!isLegalForm(org.legalForm)) return { code: 'legal_form_unknown', status: 400, field, message: '单位类型不在可选范围内，请重新选择' };
  const form = FORMS[org.legalForm];
  if (!isLegalPerson(org.legalForm)) {
    const kind = form.civilCodeClass === '个体工商户' ? '' : `（${form.civilCodeClass}）`;
    return { code: 'not_legal_person', status: 403, field, message: `单位类型为“${form.label}”${kind}，不具有独立法人资格，不能申报（${ARTICLE_4}）` };
  }
  // No USCC (or one refused for its own fault, which the caller leaves out) contradicts nothing.
  const prefix = normaliseUscc(org.uscc).slice(0, 2);
  if (prefix && form.usccCodes && !form.usccCodes.includes(prefix)) {
    const holder = usccHolderDescription(prefix);
    return {
      code: 'legal_form_contradicts_uscc',
      status: 400,
      field,
      message: holder
        ? `统一社会信用代码第1、2位“${prefix}”表示${holder}，与所填单位类型“${form.label}”不一致`
        : `统一社会信用代码第1、2位“${prefix}”不是GB 32100-2015规定的登记管理部门和机构类别代码，与所填单位类型“${form.label}”不一致`,
    };
  }
  const name = (org.name ?? '').trim();
  if (BRANCH_NAME.test(name)) {
    return { code: 'branch_by_name', status: 403, field: `${fieldPrefix}name`, message: `单位名称“${name}”表明是分支机构，分支机构不具有独立法人资格，请以法人单位名义申报（${ARTICLE_4}）` };
  }
  return null;
}

/** 第四条 names 企业、事业单位、科研院所、高校: enterprises and public institutions that are legal persons. */
const SUPPORTED_BY_DEFAULT: readonly LegalForm[] = ['limited_liability_company', 'joint_stock_company', 'other_enterprise_legal_person', 'public_institution'];

/** Whether social organisations may apply is the bureau's call per programme (the programme's settings). */
export interface LegalPersonSettings {
  acceptsSocialGroups?: boolean | null;
  acceptsFoundations?: boolean | null;
  acceptsSocialServiceAgencies?: boolean | null;
}

export function supportedLegalForms(settings: LegalPersonSettings): LegalForm[] {
  return [
    ...SUPPORTED_BY_DEFAULT,
    ...(settings.acceptsSocialGroups ? (['social_group'] as const) : []),
    ...(settings.acceptsFoundations ? (['foundation'] as const) : []),
    ...(settings.acceptsSocialServiceAgencies ? (['social_service_agency'] as const) : []),
  ];
}

/** A form the programme does not support (ask legalPersonProblem first: this one assumes a legal person). */
export function supportProblem(legalForm: string, supported: readonly LegalForm[], fieldPrefix = ''): LegalPersonProblem | null {
  if (isLegalForm(legalForm) && supported.includes(legalForm)) return null;
  return {
    code: 'legal_form_not_accepted',
    status: 403,
    field: `${fieldPrefix}legalForm`,
    message: `单位类型“${isLegalForm(legalForm) ? FORMS[legalForm].label : legalForm}”不在本资金项目的支持对象范围内（支持对象：${supported.map((form) => FORMS[form].label).join('、')}）`,
  };
}

/**
 * The form a USCC alone proves, for organisations registered before the form was asked: only
 * codes issued to one legal form (a 12 is a 事业单位; a 91 may be a company, a partnership or a
 * branch, so it proves nothing).
 */
export function legalFormProvenByUscc(uscc: string): LegalForm | null {
  const prefix = normaliseUscc(uscc).slice(0, 2);
  const holders = LEGAL_FORMS.filter((form) => FORMS[form].usccCodes?.includes(prefix));
  return holders.length === 1 ? holders[0] : null;
}
