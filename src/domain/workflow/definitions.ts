import { ActionDefinition, ActionEffect, ActionRequirements, MaterialSlot, RETURN_TO_SENDER, StageDefinition, WorkflowDefinition, WorkflowRole } from './types';

/**
 * The approval chains of the Wuhan data fund (资金管理办法 第九条、第十条), as data. Read each
 * chain top to bottom: it is the regulation's procedure, stage by stage.
 */
const act = (
  key: string,
  label: string,
  role: WorkflowRole,
  to: string,
  requires: ActionRequirements = {},
  effects: ActionEffect[] = [],
): ActionDefinition => ({ key, label, role, to, requires, effects });

/** Every review stage can return the application for correction (退回补正) or reject it. */
const returnOrReject = (role: WorkflowRole, rejectLabel = '不予推荐'): ActionDefinition[] => [
  act('return', '退回补正', role, 'returned', { opinion: true, flaggedFields: true }, ['return']),
  act('reject', rejectLabel, role, 'rejected', { opinion: true }),
];

/**
 * 公示: the city reviewer starts it (one batch for many applications), the period's end advances
 * each application that has no open objection, and an upheld objection returns or rejects it.
 */
const publicity = (key: string, label: string, next: string): StageDefinition => ({
  key,
  label,
  kind: 'publicity',
  actions: [
    act('start_publicity', '发起公示', 'city_reviewer', key, { startsPublicity: true }),
    act('publicity_passed', '公示期满无异议', 'system', next, { publicityEnded: true, noOpenObjection: true }),
    ...returnOrReject('city_reviewer', '异议成立，不予支持'),
  ],
});

const applicantStages: StageDefinition[] = [
  {
    key: 'draft',
    label: '填报中',
    kind: 'applicant',
    actions: [
      act('submit', '提交申报', 'applicant', 'district_review', {}, ['submit']),
      act('withdraw', '撤回申报', 'applicant', 'withdrawn'),
    ],
  },
  {
    key: 'returned',
    label: '退回补正',
    kind: 'applicant',
    actions: [act('resubmit', '补正后重新提交', 'applicant', RETURN_TO_SENDER, {}, ['resubmit'])],
  },
];

/** A supervision record after payment: the opinion, the files and the finding; the application stays paid. */
const supervision = (key: string, label: string): ActionDefinition =>
  act(key, label, 'city_reviewer', 'disbursed', { opinion: true, attachments: true, finding: true }, ['evidence']);

/** 资金拨付: the plan, the party group's collective decision, payment; 追回 afterwards (第十二条). */
const disbursementStages: StageDefinition[] = [
  {
    key: 'disbursement_plan',
    label: '拟定拨付计划',
    kind: 'finance',
    actions: [act('propose', '提出拨付计划建议', 'finance', 'party_group_review', { opinion: true }, ['plan_disbursement'])],
  },
  {
    key: 'party_group_review',
    label: '党组集体研究',
    kind: 'finance',
    actions: [
      act('approve', '党组集体研究通过', 'finance', 'payment', { decisionRecord: true }),
      act('revise', '退回修改拨付计划', 'finance', 'disbursement_plan', { opinion: true }),
    ],
  },
  {
    key: 'payment',
    label: '待拨付',
    kind: 'finance',
    actions: [act('pay', '拨付资金', 'finance', 'disbursed', { amount: true, payment: true }, ['pay'])],
  },
  {
    key: 'disbursed',
    label: '已拨付',
    kind: 'final',
    actions: [
      act('clawback', '追回资金', 'finance', 'clawed_back', { opinion: true, amount: true, attachments: true }, ['clawback']),
      // 第十一条: the bureau's supervision, inspection and audit, and its check of the unit's data reports; each with a finding
      supervision('inspection', '监督检查'),
      supervision('audit', '审计'),
      supervision('data_report_check', '数据报送核查'),
    ],
  },
];

const terminalStages: StageDefinition[] = [
  { key: 'rejected', label: '未通过', kind: 'terminal', actions: [] },
  { key: 'withdrawn', label: '已撤回', kind: 'terminal', actions: [] },
  { key: 'clawed_back', label: '已追回', kind: 'terminal', actions: [] },
];

const districtReview = (next: string): StageDefinition => ({
  key: 'district_review',
  label: '区级受理初审',
  kind: 'review',
  timeLimitWorkingDays: 10,
  actions: [act('recommend', '出具初审推荐意见', 'district_reviewer', next, { opinion: true }), ...returnOrReject('district_reviewer')],
});

/**
 * Evidence the reviewer gathers without moving the application on (第九条、第十条: 现场调研,
 * 会同市直有关部门核实): an opinion and the files, as a record of the stage.
 */
const evidence = (key: string, label: string, role: WorkflowRole, stage: string): ActionDefinition =>
  act(key, label, role, stage, { opinion: true, attachments: true }, ['evidence']);

/**
 * 第九条(三)3: what a construction unit provides before the evaluation starts. Compute evidence
 * only "如在建设应用过程中有算力投入及使用情况的", so it is not required.
 */
export const COMPLETION_MATERIALS: MaterialSlot[] = [
  { key: 'audit_report', label: '建设投入专项审计报告', required: true },
  { key: 'deduction_sheet', label: '建设费用加计扣除优惠明细表', required: true },
  { key: 'contracts_invoices', label: '应用落地相关服务合同、发票、财务凭证', required: true },
  { key: 'compute_evidence', label: '算力投入及使用情况佐证材料', required: false },
];

/** 第九条 高质量数据集建设 */
export const DATASET_WORKFLOW: WorkflowDefinition = {
  key: 'dataset',
  // v2: the 公示 is started by the city reviewer as a recorded step, and payment is a step of its own after the party group's approval
  // v3: 现场调研 and 会同市直有关部门核实 as records of the city's review; the completion materials as slots of their own;
  // supervision records (检查、审计、数据报送核查) after payment
  version: 3,
  name: '高质量数据集建设项目',
  initial: 'draft',
  stages: [
    ...applicantStages,
    districtReview('city_review'),
    {
      key: 'city_review',
      label: '市级复核复审、确认主体',
      kind: 'review',
      timeLimitWorkingDays: 15,
      actions: [
        act('confirm', '确认建设单位', 'city_reviewer', 'entity_publicity', { opinion: true }),
        evidence('site_visit', '现场调研', 'city_reviewer', 'city_review'),
        evidence('verify_with_departments', '会同市直有关部门核实', 'city_reviewer', 'city_review'),
        ...returnOrReject('city_reviewer'),
      ],
    },
    publicity('entity_publicity', '建设单位公示', 'construction'),
    {
      key: 'construction',
      label: '项目建设',
      kind: 'applicant',
      actions: [act('submit_completion', '提交建设完成材料', 'applicant', 'evaluation', { attachments: true, materials: COMPLETION_MATERIALS })],
    },
    {
      key: 'evaluation',
      label: '第三方机构评审认定',
      kind: 'review',
      timeLimitWorkingDays: 20,
      actions: [
        act('assign', '委托第三方机构', 'city_reviewer', 'evaluation', { assignees: 'institution' }, ['assign']),
        act('recognise', '认定建设投入并形成拟奖励意见', 'institution', 'award_publicity', { opinion: true, amount: true, conflictDeclaration: true }, ['recognise']),
        ...returnOrReject('institution', '不予认定'),
      ],
    },
    publicity('award_publicity', '拟奖励项目公示', 'disbursement_plan'),
    ...disbursementStages,
    ...terminalStages,
  ],
};

/**
 * 第十条 数据产品应用. Version 3: the panel is drawn from the expert pool by field, each drawn
 * expert declares 有/无利益冲突 (a conflict recuses it and draws a replacement), and a score needs
 * the expert's declaration and its written 评审意见; the rubric's items carry weights. Supervision
 * records after payment as in the dataset chain.
 */
const dataProductStages = (panelStage: StageDefinition): StageDefinition[] => [
  ...applicantStages,
  districtReview('third_party_review'),
  {
    key: 'third_party_review',
    label: '第三方机构复核复审',
    kind: 'review',
    timeLimitWorkingDays: 15,
    actions: [
      act('assign', '委托第三方机构', 'city_reviewer', 'third_party_review', { assignees: 'institution' }, ['assign']),
      act('pass', '复核复审通过', 'institution', 'expert_review', { opinion: true, conflictDeclaration: true }),
      ...returnOrReject('institution'),
    ],
  },
  panelStage,
  publicity('award_publicity', '拟支持项目公示', 'disbursement_plan'),
  ...disbursementStages,
  ...terminalStages,
];

const recogniseProduct = act('recognise', '认定购买金额并形成拟支持意见', 'city_reviewer', 'award_publicity', { opinion: true, amount: true, panelComplete: true }, ['recognise']);

export const DATA_PRODUCT_WORKFLOW: WorkflowDefinition = {
  key: 'data_product',
  // v3: the panel is drawn and declares (above); supervision records after payment, as for the dataset chain
  version: 3,
  name: '数据产品应用项目',
  initial: 'draft',
  stages: dataProductStages({
    key: 'expert_review',
    label: '专家评审认定',
    kind: 'panel',
    timeLimitWorkingDays: 20,
    panel: {
      requiredScores: 3,
      // Each item is scored 0–100 and counts for its weight: the total is out of 100.
      rubric: [
        { key: 'innovation', label: '技术先进性与创新性', max: 100, weight: 30 },
        { key: 'application', label: '应用成效与推广价值', max: 100, weight: 40 },
        { key: 'compliance', label: '数据安全与合规', max: 100, weight: 30 },
      ],
    },
    actions: [
      act('assign', '抽取评审专家', 'city_reviewer', 'expert_review', { panelDraw: true }, ['draw']),
      act('declare', '利益冲突声明', 'expert', 'expert_review', { interestDeclaration: true }, ['declare']),
      act('score', '专家评分', 'expert', 'expert_review', { scores: true, opinion: true, declaredNoConflict: true }, ['score']),
      recogniseProduct,
      ...returnOrReject('city_reviewer', '不予认定'),
    ],
  }),
};

/**
 * Version 2's panel, as applications pinned to it run it: experts picked by hand, a tick for the
 * declaration, no written opinion. (Its other stages are today's; the panel is what differs.)
 */
export const DATA_PRODUCT_WORKFLOW_V2: WorkflowDefinition = {
  key: 'data_product',
  version: 2,
  name: '数据产品应用项目',
  initial: 'draft',
  stages: dataProductStages({
    key: 'expert_review',
    label: '专家评审认定',
    kind: 'panel',
    timeLimitWorkingDays: 20,
    panel: {
      requiredScores: 3,
      rubric: [
        { key: 'innovation', label: '技术先进性与创新性', max: 30 },
        { key: 'application', label: '应用成效与推广价值', max: 40 },
        { key: 'compliance', label: '数据安全与合规', max: 30 },
      ],
    },
    actions: [
      act('assign', '抽取评审专家', 'city_reviewer', 'expert_review', { assignees: 'expert' }, ['assign']),
      act('score', '专家评分', 'expert', 'expert_review', { scores: true, conflictDeclaration: true }, ['score']),
      recogniseProduct,
      ...returnOrReject('city_reviewer', '不予认定'),
    ],
  }),
};

export const BUILT_IN_WORKFLOWS = [DATASET_WORKFLOW, DATA_PRODUCT_WORKFLOW];
