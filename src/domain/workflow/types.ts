/**
 * The workflow definition format. A definition is data: it can be stored, versioned, validated
 * and pinned by an application at submission, so a later edit never changes a running case.
 */
export const WORKFLOW_ROLES = ['applicant', 'district_reviewer', 'city_reviewer', 'institution', 'expert', 'finance', 'system'] as const;
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

export const ROLE_LABELS: Record<WorkflowRole, string> = {
  applicant: '申报单位',
  district_reviewer: '区数据部门',
  city_reviewer: '市数据局',
  institution: '第三方机构',
  expert: '评审专家',
  finance: '资金拨付',
  system: '系统',
};

/** What an action needs from the person taking it. */
export interface ActionRequirements {
  opinion?: boolean;
  flaggedFields?: boolean;
  scores?: boolean;
  amount?: boolean;
  attachments?: boolean;
  decisionRecord?: boolean;
  /** the actor must declare that it has no conflict of interest with the applicant */
  conflictDeclaration?: boolean;
  /** the stage's expert panel must have enough scores */
  panelComplete?: boolean;
  /** a payment record: the date paid and the voucher number (the amount is the award) */
  payment?: boolean;
  /** the stage's 公示 must not have been started yet */
  startsPublicity?: boolean;
  /** the stage's 公示 must have been started and its period have ended */
  publicityEnded?: boolean;
  /** no objection may still be open against the application */
  noOpenObjection?: boolean;
  /** names who is assigned: an institution, or (version 2) experts picked by hand */
  assignees?: 'institution' | 'expert';
  /** the panel is drawn from the expert pool by field and size (src/domain/panel-draw.ts) */
  panelDraw?: boolean;
  /** an expert on the panel declares whether it has a conflict of interest (有/无利益冲突); a conflict recuses it */
  interestDeclaration?: boolean;
  /** the actor must have declared that it has no conflict of interest in this stage */
  declaredNoConflict?: boolean;
  /** a supervision finding (第十一条): one of FINDINGS */
  finding?: boolean;
  /** the applicant's materials, each in a slot of its own (第九条 项目认定's list); implies attachments */
  materials?: MaterialSlot[];
}

/**
 * The conclusions of a supervision record (检查、审计、数据报送核查). `clawback` is the one a
 * clawback can be based on (第十二条: 追回专项资金).
 */
export const FINDINGS = {
  no_issue: '未发现问题',
  rectify: '发现问题，责令整改',
  clawback: '发现违规使用资金，应追回',
} as const;
export type Finding = keyof typeof FINDINGS;

/** One item of a step's list of materials: uploaded into a slot of its own, and named by its label when missing. */
export interface MaterialSlot {
  key: string;
  label: string;
  required: boolean;
}

export type ActionEffect =
  | 'submit' // pins the workflow and form versions
  | 'return' // remembers the stage to come back to and the fields to fix
  | 'resubmit'
  | 'recognise' // the amount is the recognised base; the award is computed from it
  | 'score' // an expert's score; the state does not change
  | 'assign' // assignments change; the state does not
  | 'draw' // experts are drawn onto the stage's panel; the state does not change
  | 'declare' // an expert's declaration of interest; a conflict recuses it and draws a replacement
  | 'plan_disbursement' // checked against the programme's remaining annual budget
  | 'pay' // the award is paid, once
  | 'clawback'
  | 'evidence'; // a record of evidence gathered in the stage (现场调研, 核实); neither the state nor the waiting time changes

/** `to` may name a stage, or this marker: back to the stage that returned the application. */
export const RETURN_TO_SENDER = '@returned_from';

export interface ActionDefinition {
  key: string;
  label: string;
  role: WorkflowRole;
  to: string;
  requires?: ActionRequirements;
  effects?: ActionEffect[];
}

export type StageKind = 'applicant' | 'review' | 'panel' | 'publicity' | 'finance' | 'final' | 'terminal';

export interface RubricItem {
  key: string;
  label: string;
  max: number;
  /** the item's weight in the total, a percentage (the weights add up to 100); absent in version 2 */
  weight?: number;
}

export interface StageDefinition {
  key: string;
  label: string;
  kind: StageKind;
  timeLimitWorkingDays?: number;
  panel?: { requiredScores: number; rubric: RubricItem[] };
  actions: ActionDefinition[];
}

export interface WorkflowDefinition {
  key: string;
  version: number;
  name: string;
  initial: string;
  stages: StageDefinition[];
}
