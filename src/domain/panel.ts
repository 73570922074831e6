import type { RubricItem } from './workflow/types';

/**
 * The expert panel of a review stage (第十条 专家评审): the fields experts are drawn by, and the
 * panel's figures. Free of Node and Strapi: the admin bundle shows the same labels and figures.
 */
export const EXPERT_FIELDS = ['data_products', 'artificial_intelligence', 'data_security', 'data_engineering', 'finance_audit'] as const;
export type ExpertField = (typeof EXPERT_FIELDS)[number];

export const EXPERT_FIELD_LABELS: Record<ExpertField, string> = {
  data_products: '数据产品与应用',
  artificial_intelligence: '人工智能',
  data_security: '数据安全与合规',
  data_engineering: '数据工程与治理',
  finance_audit: '财务与审计',
};

export const isExpertField = (value: unknown): value is ExpertField => typeof value === 'string' && (EXPERT_FIELDS as readonly string[]).includes(value);

/** Why an expert of the pool could not be drawn; recorded with the draw. */
export const EXCLUSION_LABELS = {
  other_field: '专业领域不符',
  related: '与申报单位存在关联关系',
  same_organisation: '与申报单位为同一单位',
  declared_conflict: '已声明利益冲突',
  already_drawn: '已被抽取',
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_LABELS;

/**
 * An item's weighted points: the expert scores each item 0–100, and the item counts for its
 * weight (a percentage; the weights of a rubric add up to 100). Kept in hundredths of a point, so
 * the sum is exact; a rubric without weights (version 2) counts each item's points as they are.
 */
const weightedHundredths = (item: RubricItem, score: number) => (item.weight === undefined || item.weight === null ? score * 100 : score * item.weight);

/** An expert's total, in points (two decimals at most): out of 100 with weights, out of the sum of the maxima without. */
export function weightedTotal(rubric: RubricItem[], scores: Record<string, number>): number {
  return rubric.reduce((sum, item) => sum + weightedHundredths(item, Number(scores[item.key]) || 0), 0) / 100;
}

export const rubricMax = (rubric: RubricItem[]) => (rubric.every((item) => item.weight !== undefined && item.weight !== null) ? 100 : rubric.reduce((sum, item) => sum + item.max, 0));

export interface PanelResult {
  totals: Array<{ expertId: string; total: number }>;
  /** the mean of the totals, rounded to two decimals */
  average: number | null;
  /** the spread: the highest total less the lowest (极差) */
  spread: number | null;
  highest: number | null;
  lowest: number | null;
}

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** The panel's result from each expert's scores: each total, their average and their spread (max − min). */
export function panelResult(rubric: RubricItem[], scored: Array<{ expertId: string; scores: Record<string, number> }>): PanelResult {
  const totals = scored.map(({ expertId, scores }) => ({ expertId, total: weightedTotal(rubric, scores) }));
  if (!totals.length) return { totals, average: null, spread: null, highest: null, lowest: null };
  const values = totals.map((t) => t.total);
  const highest = Math.max(...values);
  const lowest = Math.min(...values);
  return { totals, average: twoDecimals(values.reduce((a, b) => a + b, 0) / values.length), spread: twoDecimals(highest - lowest), highest, lowest };
}
