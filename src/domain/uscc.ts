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

const REGISTRATION_AUTHORITIES: Record<string, string> = {
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商（市场监管）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
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
  if (!(code[0] in REGISTRATION_AUTHORITIES)) {
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
    registrationAuthority: REGISTRATION_AUTHORITIES[code[0]],
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
