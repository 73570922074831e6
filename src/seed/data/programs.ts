/**
 * The bureau's two programmes (第六条、第七条). The award rule is configuration: ratio in basis
 * points, cap in fen, rounding and cap scope. Annual budgets are placeholders for the demo; the
 * real figures come from the year's departmental budget and are edited in the admin panel.
 */
// 第六条、第七条: both programmes pay 30% of the base, at most 200万元, per project.
const POLICY_AWARD_RULE = {
  ratioBp: 3000,
  capFen: 200_000_000,
  roundingMode: 'floor',
  capScope: 'per_project',
  ruleVersion: 'wuhan-data-fund-2025-draft',
  publicityWorkingDays: 5,
} as const;

const demoBudgets = (amountFen: number) =>
  [2025, 2026, 2027].map((year) => ({ year, amountFen, note: '演示数据，以年度部门预算为准' }));

export const PROGRAMS = [
  {
    key: 'dataset',
    name: '高质量数据集建设',
    description: '对完成高质量数据集建设任务专项并通过评审的企事业单位，按建设投入成本的30%给予不超过200万元的奖励。',
    policyBasis: '资金管理办法（征求意见稿）第六条、第九条',
    baseDescription: '建设投入成本（经专项审计审定）',
    ...POLICY_AWARD_RULE,
    workflowKey: 'dataset',
    contactPhone: '027-65770039',
    contactEmail: 'ssjjsjzlc@163.com',
    sortOrder: 1,
    annualBudgets: demoBudgets(3_000_000_000),
  },
  {
    key: 'data_product',
    name: '数据产品应用',
    description: '对利用数据产品支持人工智能发展且通过评审的企事业单位，按照数据产品购买金额的30%给予最高200万元补助。',
    policyBasis: '资金管理办法（征求意见稿）第七条、第十条',
    baseDescription: '数据产品购买金额（以合同和发票为准）',
    ...POLICY_AWARD_RULE,
    workflowKey: 'data_product',
    contactPhone: '027-65771619',
    contactEmail: '1203063280@qq.com',
    sortOrder: 2,
    annualBudgets: demoBudgets(2_000_000_000),
  },
] as const;
