import { DomainError } from './errors';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters.
 *   1     registration authority (登记管理部门代码)
 *   2     organisation category (机构类别代码)
 *   3–8   administrative division of the registering authority (登记管理机关行政区划码)
 *   9–17  organisation code (主体标识码)
 *   18    check character, mod 31 over the first 17
 */
export type UsccErrorCode =
  | 'uscc.empty'
  | 'uscc.length'
  | 'uscc.charset'
  | 'uscc.registration_authority'
  | 'uscc.division'
  | 'uscc.checksum';

export class UsccError extends DomainError<UsccErrorCode> {}

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * GB 32100-2015 表1: each registration-management department code (position 1) with the
 * institution category codes (position 2) it issues. A code says who registered the holder and as
 * what; legal-person.ts reads it to catch a declared type that the code contradicts.
 */
export const REGISTRATION_CODES: Record<string, { name: string; categories: Record<string, string> }> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常住新闻机构', '9': '其他' } },
  '3': { name: '司法行政', categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' } },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { name: '旅游', categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商（市场监管）', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '不再划分' } },
};

export interface UsccInfo {
  code: string;
  registrationAuthority: string;
  categoryCode: string;
  divisionCode: string;
  organisationCode: string;
}

/** People paste codes with spaces or in lower case; both are harmless, so normalise them. */
export const normaliseUscc = (input: string) => String(input ?? '').replace(/\s+/g, '').toUpperCase();

export function usccCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((acc, char, index) => acc + CHARSET.indexOf(char) * WEIGHTS[index], 0);
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Returns the normalised code and its parts, or throws a UsccError saying what is wrong. */
export function parseUscc(input: string, field = 'uscc'): UsccInfo {
  const code = normaliseUscc(input);
  const fail = (errorCode: UsccErrorCode, message: string, details?: Record<string, unknown>): never => {
    throw new UsccError(errorCode, message, { field, details });
  };
  if (!code) fail('uscc.empty', '统一社会信用代码不能为空');
  if (code.length !== 18) fail('uscc.length', `统一社会信用代码应为18位，当前为${code.length}位`, { length: code.length });
  // The check character is compared below; a character outside the charset there is a wrong check.
  const badChars = [...new Set([...code.slice(0, 17)].filter((char) => !CHARSET.includes(char)))];
  if (badChars.length) {
    fail('uscc.charset', `统一社会信用代码含有不允许的字符：${badChars.join('、')}（不使用 I、O、Z、S、V）`, { badChars });
  }
  if (!(code[0] in REGISTRATION_CODES)) {
    fail('uscc.registration_authority', `统一社会信用代码第1位「${code[0]}」不是有效的登记管理部门代码`);
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    fail('uscc.division', '统一社会信用代码第3至8位应为行政区划代码（6位数字）');
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected) {
    fail('uscc.checksum', '统一社会信用代码校验位不正确，请核对后重新输入', { expected, actual: code[17] });
  }
  return {
    code,
    registrationAuthority: REGISTRATION_CODES[code[0]].name,
    categoryCode: code[1],
    divisionCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
  };
}

export const isValidUscc = (input: string) => {
  try {
    parseUscc(input);
    return true;
  } catch (error) {
    if (error instanceof UsccError) return false;
    throw error;
  }
};
