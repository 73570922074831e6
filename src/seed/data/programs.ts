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

/**
 * 第十四条: 自印发之日起施行，失效时间与《武汉市促进人工智能产业发展若干政策措施》文件保持一致.
 * The 办法 is still a 征求意见稿, so neither date is known. The effective date is a placeholder
 * (the consultation notice's date, early enough that the demo's calls are open) and says so, as
 * the budgets do; the end date stays empty while the note says what governs it.
 */
export const PROGRAM_VALIDITY = {
  effectiveOn: '2025-03-18',
  effectiveOnNote: '演示数据，以办法正式印发之日为准',
  endsOn: null,
  endsOnNote: '跟随《武汉市促进人工智能产业发展若干政策措施》',
};

/**
 * 第四条 names 企业、事业单位、科研院所、高校 as the supported legal persons; social organisations
 * (社会团体、基金会、社会服务机构) only where the bureau says so for a programme. Neither programme does.
 */
const ENTERPRISES_AND_PUBLIC_INSTITUTIONS = { acceptsSocialGroups: false, acceptsFoundations: false, acceptsSocialServiceAgencies: false };

/**
 * 第十一条 asks for performance evaluation and operating data after payment, without a calendar;
 * these schedules are placeholders for the demo, set per programme in the admin panel.
 */
const textarea = (title: string, order: number) => ({ type: 'string', title, maxLength: 5000, 'x-ui': { widget: 'textarea', section: 'main', order } });
const money = (title: string, order: number) => ({ type: 'integer', title, minimum: 0, 'x-ui': { widget: 'money', section: 'main', order } });

/** 绩效自评: the performance evaluation the bureau asks for after payment. */
const SELF_EVALUATION_FORM = {
  title: '绩效自评表',
  type: 'object',
  'x-sections': [{ key: 'main', title: '绩效自评' }],
  properties: {
    goals: textarea('绩效目标完成情况', 1),
    spentFen: money('本期资金使用金额（元）', 2),
    spending: textarea('资金使用情况', 3),
    benefits: textarea('产生的经济和社会效益', 4),
  },
  required: ['goals', 'spentFen', 'spending'],
};

/** 经营情况数据报送: the operating data 第十一条 asks organisations to report. */
const OPERATING_DATA_FORM = {
  title: '经营情况数据报送表',
  type: 'object',
  'x-sections': [{ key: 'main', title: '经营情况' }],
  properties: {
    revenueFen: money('本期营业收入（元）', 1),
    rdFen: money('本期研发投入（元）', 2),
    employees: { type: 'integer', title: '从业人员（人）', minimum: 0, 'x-ui': { widget: 'integer', section: 'main', order: 3 } },
    notes: textarea('数据资源和产品的应用情况', 4),
  },
  required: ['revenueFen', 'employees'],
};

const DATASET_REPORTS = [
  { kind: 'self_evaluation', everyMonths: 12, count: 3, graceDays: 30, form: SELF_EVALUATION_FORM },
  { kind: 'operating_data', everyMonths: 6, count: 6, graceDays: 15, form: OPERATING_DATA_FORM },
];
const DATA_PRODUCT_REPORTS = [
  { kind: 'self_evaluation', everyMonths: 12, count: 2, graceDays: 30, form: SELF_EVALUATION_FORM },
  { kind: 'operating_data', everyMonths: 3, count: 8, graceDays: 15, form: OPERATING_DATA_FORM },
];

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
    ...PROGRAM_VALIDITY,
    ...ENTERPRISES_AND_PUBLIC_INSTITUTIONS,
    workflowKey: 'dataset',
    contactPhone: '027-65770039',
    contactEmail: 'ssjjsjzlc@163.com',
    sortOrder: 1,
    annualBudgets: demoBudgets(3_000_000_000),
    reportRules: DATASET_REPORTS,
  },
  {
    key: 'data_product',
    name: '数据产品应用',
    description: '对利用数据产品支持人工智能发展且通过评审的企事业单位，按照数据产品购买金额的30%给予最高200万元补助。',
    policyBasis: '资金管理办法（征求意见稿）第七条、第十条',
    baseDescription: '数据产品购买金额（以合同和发票为准）',
    ...POLICY_AWARD_RULE,
    ...PROGRAM_VALIDITY,
    ...ENTERPRISES_AND_PUBLIC_INSTITUTIONS,
    workflowKey: 'data_product',
    contactPhone: '027-65771619',
    contactEmail: '1203063280@qq.com',
    sortOrder: 2,
    annualBudgets: demoBudgets(2_000_000_000),
    reportRules: DATA_PRODUCT_REPORTS,
  },
] as const;
