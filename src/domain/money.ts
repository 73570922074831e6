import { DomainError } from './errors';

/**
 * Money is integer fen (分) everywhere: stored, computed and sent over the API.
 * A Fen value is a JavaScript safe integer; the multiplication in the award rule is done in
 * BigInt so that large bases cannot lose precision on the way to the cap.
 */
export type Fen = number;

export type MoneyErrorCode =
  | 'money.not_a_number'
  | 'money.not_integer'
  | 'money.negative'
  | 'money.too_large'
  | 'money.malformed'
  | 'money.too_many_decimals'
  | 'money.invalid_ratio';

export class MoneyError extends DomainError<MoneyErrorCode> {}

const FEN_PER_YUAN = 100n;
const FEN_PER_WAN_YUAN = 1_000_000n;
const BASIS_POINTS = 10_000n;

const fail = (code: MoneyErrorCode, message: string, field?: string): never => {
  throw new MoneyError(code, message, { field });
};

const fieldLabel = (field?: string) => (field ? `「${field}」` : '金额');

/**
 * Accepts what fen values look like when they arrive: a safe integer, a bigint, or a string of
 * digits (databases hand biginteger columns back as strings). Anything else is refused.
 */
export function parseFen(value: unknown, field?: string): Fen {
  const label = fieldLabel(field);
  let asBig: bigint;
  if (typeof value === 'bigint') {
    asBig = value;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('money.not_a_number', `${label}必须是数字`, field);
    if (!Number.isInteger(value)) return fail('money.not_integer', `${label}必须是以“分”为单位的整数`, field);
    asBig = BigInt(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    asBig = BigInt(value.trim());
  } else {
    return fail('money.not_a_number', `${label}必须是以“分”为单位的整数`, field);
  }
  if (asBig < 0n) return fail('money.negative', `${label}不能为负数`, field);
  if (asBig > BigInt(Number.MAX_SAFE_INTEGER)) return fail('money.too_large', `${label}超出允许范围`, field);
  return Number(asBig);
}

/**
 * Parses an amount typed by a person: "1,234.56", "¥1234.5", "1234.56元" or "200万元".
 * Decimal places are converted exactly (no floating point): at most 2 for 元, 6 for 万元.
 */
export function parseAmount(text: string, field?: string): Fen {
  const label = fieldLabel(field);
  const cleaned = String(text).replace(/[\s,，]/g, '').replace(/^[¥￥]/, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?(万元|元)?$/.exec(cleaned);
  if (!match) return fail('money.malformed', `${label}格式不正确，例如 1234.56元 或 200万元`, field);
  const [, sign, whole, fraction = '', unit = '元'] = match;
  if (sign) return fail('money.negative', `${label}不能为负数`, field);
  const scale = unit === '万元' ? 6 : 2;
  if (fraction.length > scale) {
    return fail('money.too_many_decimals', `${label}最多保留${scale}位小数（${unit}）`, field);
  }
  const perUnit = unit === '万元' ? FEN_PER_WAN_YUAN : FEN_PER_YUAN;
  const fen = BigInt(whole) * perUnit + BigInt(fraction.padEnd(scale, '0') || '0');
  return parseFen(fen, field);
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 12345678 → "123,456.78元" */
export function formatYuan(fen: Fen): string {
  const value = BigInt(parseFen(fen));
  const yuan = value / FEN_PER_YUAN;
  const cents = (value % FEN_PER_YUAN).toString().padStart(2, '0');
  return `${groupThousands(yuan.toString())}.${cents}元`;
}

/**
 * 200000000 → "200万元"; 123456789 → "123.46万元". Rounded half up to `decimals` places,
 * trailing zeros dropped, as amounts are written in the bureau's notices.
 */
export function formatWanYuan(fen: Fen, decimals = 2): string {
  const value = BigInt(parseFen(fen));
  const unit = 10n ** BigInt(6 - decimals);
  const scaled = (value + unit / 2n) / unit; // half up, value is never negative
  const divisor = 10n ** BigInt(decimals);
  const whole = groupThousands((scaled / divisor).toString());
  const fraction = (scaled % divisor).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}万元`;
}

export const ROUNDING_MODES = ['floor', 'half_up', 'ceil'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const CAP_SCOPES = ['per_project', 'per_applicant_year'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];

export interface AwardRule {
  ratioBp: number;
  capFen: Fen;
  rounding: RoundingMode;
  capScope: CapScope;
  ruleVersion: string;
}

export interface AwardTrace extends AwardRule {
  baseFen: Fen;
  /** base × ratio, rounded, before any cap */
  uncappedFen: Fen;
  /** awards already granted to the same applicant in the same year (per_applicant_year only) */
  priorAwardsFen: Fen;
  /** the cap still available for this award after prior awards */
  capAvailableFen: Fen;
  capApplied: boolean;
  awardFen: Fen;
}

function divide(numerator: bigint, denominator: bigint, rounding: RoundingMode): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  if (rounding === 'ceil') return quotient + 1n;
  if (rounding === 'half_up') return remainder * 2n >= denominator ? quotient + 1n : quotient;
  return quotient;
}

export function validateAwardRule(rule: AwardRule): AwardRule {
  if (!Number.isInteger(rule.ratioBp) || rule.ratioBp < 0 || rule.ratioBp > 10_000) {
    fail('money.invalid_ratio', '奖补比例必须是 0 到 10000 之间的整数（基点）', 'ratioBp');
  }
  parseFen(rule.capFen, 'capFen');
  if (!ROUNDING_MODES.includes(rule.rounding)) {
    fail('money.malformed', `不支持的取整方式「${String(rule.rounding)}」`, 'rounding');
  }
  if (!CAP_SCOPES.includes(rule.capScope)) {
    fail('money.malformed', `不支持的封顶口径「${String(rule.capScope)}」`, 'capScope');
  }
  return rule;
}

/**
 * award = min(round(base × ratio_bp / 10000), cap available). With the per-applicant-year scope
 * the cap is shared by all of the applicant's awards that year, so prior awards reduce it.
 */
export function computeAward(rule: AwardRule, baseFen: Fen, priorAwardsFen: Fen = 0): AwardTrace {
  validateAwardRule(rule);
  const base = BigInt(parseFen(baseFen, 'baseFen'));
  const prior = rule.capScope === 'per_applicant_year' ? BigInt(parseFen(priorAwardsFen, 'priorAwardsFen')) : 0n;
  const uncapped = divide(base * BigInt(rule.ratioBp), BASIS_POINTS, rule.rounding);
  const cap = BigInt(rule.capFen);
  const capAvailable = cap > prior ? cap - prior : 0n;
  const award = uncapped < capAvailable ? uncapped : capAvailable;
  return {
    ...rule,
    baseFen: Number(base),
    uncappedFen: Number(uncapped),
    priorAwardsFen: Number(prior),
    capAvailableFen: Number(capAvailable),
    capApplied: award < uncapped,
    awardFen: Number(award),
  };
}
