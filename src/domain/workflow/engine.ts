import { AwardRule, AwardTrace, computeAward, formatYuan, parseFen } from '../money';
import { EXPERT_FIELD_LABELS, ExpertField, isExpertField } from '../panel';
import { PoolExpert, drawFrom, eligibleExperts } from '../panel-draw';
import { ActionDefinition, FINDINGS, Finding, MaterialSlot, RETURN_TO_SENDER, ROLE_LABELS, StageDefinition, WorkflowDefinition, WorkflowRole } from './types';

/**
 * The workflow engine: given a definition, a case, an actor and a requested action, it says
 * either what the transition is (the next state, the review record to write, the effects on the
 * case) or why it is refused. It reads nothing and writes nothing; the transition service does.
 */
export interface CaseSnapshot {
  state: string;
  version: number;
  districtCode: string;
  organizationId: string;
  organizationUscc: string;
  returnedFromState?: string | null;
  assignments?: { institution?: string | null; experts?: string[] } | null;
  /** the experts who have scored since the case entered its current panel stage */
  panelScoredBy?: string[];
  openObjections?: number;
  awardFen?: number | null;
  /** where the 公示 of the current publicity stage stands: not started, running, or its period has ended */
  publicity?: PublicityPhase;
  /** the panel since the case entered its current stage, as its records say */
  panel?: PanelSnapshot;
}

export interface PanelSnapshot {
  /** the field of the latest draw */
  field: ExpertField | null;
  /** every expert drawn in this stage, recused ones included */
  drawn: string[];
  /** each declaration made in this stage: true for a declared conflict */
  declared: Record<string, boolean>;
}

export type PublicityPhase = 'not_started' | 'running' | 'ended';

export interface Actor {
  /** `public`: a member of the public who signs an act (an objection); never a chain step's actor */
  kind: 'staff' | 'applicant' | 'system' | 'public';
  id: string;
  name?: string | null;
  /** null for a staff member without a reviewer profile, such as a bare super admin */
  role: WorkflowRole | null;
  districtCode?: string | null;
  institution?: string | null;
  relatedUsccs?: string[];
  organizationId?: string | null;
}

export interface Assignee {
  id: string;
  name?: string | null;
  role: WorkflowRole | null;
  institution?: string | null;
  relatedUsccs?: string[];
}

export interface AttachmentRef {
  id: string | number;
  name: string;
  sha256?: string;
  /** the item of the step's list of materials the file was uploaded as (ActionRequirements.materials) */
  material?: string;
}

export interface TransitionRequest {
  action: string;
  version: number;
  opinion?: string | null;
  flaggedFields?: string[] | null;
  scores?: Record<string, number> | null;
  amountFen?: number | string | null;
  attachments?: AttachmentRef[] | null;
  coiDeclared?: boolean | null;
  decisionRecord?: string | null;
  /** a payment: the day it was paid (YYYY-MM-DD, Beijing) and the voucher number */
  payment?: { paidOn?: unknown; voucherNo?: unknown } | null;
  /** a supervision record's conclusion (FINDINGS) */
  finding?: unknown;
  /** a clawback: the seq of the supervision record whose finding it acts on (the adapter checks it) */
  basedOn?: unknown;
  /** the 公示 batch a `start_publicity` belongs to; the adapter checks it exists */
  publicityBatch?: string | null;
  assignees?: Assignee[] | null;
  /** a draw: the 专业领域 and the number of experts to draw */
  field?: unknown;
  panelSize?: unknown;
  /** a declaration of interest: true for 有利益冲突 */
  hasConflict?: unknown;
}

export interface DecisionContext {
  /** a draw or a declaration: the active experts, and a fresh seed for the draw */
  expertPool?: PoolExpert[];
  drawSeed?: string;
  awardRule?: AwardRule;
  /** awards already granted to the applicant this year, for a per-applicant-year cap */
  priorAwardsFen?: number;
  /** what is left of the programme's annual budget */
  budgetRemainingFen?: number;
}

export type RefusalCode =
  | 'unknown_action'
  | 'wrong_stage'
  | 'terminal_state'
  | 'not_visible'
  | 'no_workflow_role'
  | 'wrong_role'
  | 'stale_version'
  | 'conflict_of_interest'
  | 'coi_not_declared'
  | 'missing_opinion'
  | 'missing_flagged_fields'
  | 'missing_amount'
  | 'invalid_amount'
  | 'missing_attachments'
  | 'missing_decision_record'
  | 'publicity_started'
  | 'publicity_running'
  | 'invalid_payment'
  | 'invalid_finding'
  | 'amount_mismatch'
  | 'clawback_exceeds_award'
  | 'invalid_scores'
  | 'already_scored'
  | 'panel_incomplete'
  | 'on_hold'
  | 'invalid_assignees'
  | 'invalid_field'
  | 'invalid_panel_size'
  | 'pool_too_small'
  | 'missing_declaration'
  | 'already_declared'
  | 'assignee_conflict'
  | 'no_return_stage'
  | 'no_award_rule'
  | 'budget_exceeded';

export interface Refusal {
  code: RefusalCode;
  status: 400 | 403 | 404 | 409;
  message: string;
  field?: string;
}

export interface RecordDraft {
  stage: string;
  action: string;
  fromState: string;
  toState: string;
  actorType: Actor['kind'];
  actorId: string;
  actorName: string | null;
  actorRole: string | null;
  actorDistrict: string | null;
  actorInstitution: string | null;
  opinion: string | null;
  flaggedFields: string[] | null;
  scores: Record<string, number> | null;
  amountFen: number | null;
  attachments: AttachmentRef[] | null;
  coiDeclared: boolean;
}

export interface CaseEffects {
  returnedFromState?: string | null;
  returnFlaggedFields?: string[] | null;
  recognisedBaseFen?: number;
  award?: AwardTrace;
  assignments?: { institution?: string | null; experts?: string[] };
  pinVersions?: true;
  plannedDisbursementFen?: number;
  payment?: { amountFen: number; paidOn: string; voucherNo: string };
  clawbackFen?: number;
  finding?: Finding;
}

export interface Transition {
  action: ActionDefinition;
  fromState: string;
  toState: string;
  record: RecordDraft;
  effects: CaseEffects;
  /** what the record is about beyond the application: a draw and its pool, seed and result; a declaration */
  subject?: Record<string, unknown>;
  /** a record that follows in the same step: the replacement drawn for a recused expert */
  followUp?: { action: string; record: RecordDraft; subject: Record<string, unknown> };
}

export type Decision = { ok: true; transition: Transition } | { ok: false; refusal: Refusal };

const refuse = (code: RefusalCode, status: Refusal['status'], message: string, field?: string): Decision => ({
  ok: false,
  refusal: { code, status, message, field },
});

const stageOf = (definition: WorkflowDefinition, key: string) => definition.stages.find((stage) => stage.key === key);

/** Who may see a case at all: the applicant its own, district staff their district, institutions and experts their assignments. */
export function canSee(actor: Actor, snapshot: CaseSnapshot): boolean {
  switch (actor.role) {
    case 'applicant':
      return !!actor.organizationId && actor.organizationId === snapshot.organizationId;
    case 'district_reviewer':
      return !!actor.districtCode && actor.districtCode === snapshot.districtCode;
    case 'institution':
      return !!actor.institution && snapshot.assignments?.institution === actor.institution;
    case 'expert':
      return (snapshot.assignments?.experts ?? []).includes(actor.id);
    case 'city_reviewer':
    case 'finance':
    case 'system':
      return true;
    default:
      return false;
  }
}

const isRelated = (usccs: string[] | undefined, uscc: string) => (usccs ?? []).includes(uscc);

function checkScores(stage: StageDefinition, scores: TransitionRequest['scores']): Refusal | null {
  const rubric = stage.panel?.rubric ?? [];
  if (!scores || typeof scores !== 'object') return { code: 'invalid_scores', status: 400, message: '请按评分细则逐项打分', field: 'scores' };
  for (const key of Object.keys(scores)) {
    if (!rubric.some((item) => item.key === key)) return { code: 'invalid_scores', status: 400, message: `评分项「${key}」不在评分细则中`, field: `scores.${key}` };
  }
  for (const item of rubric) {
    const value = scores[item.key];
    if (!Number.isInteger(value) || value < 0 || value > item.max) {
      return { code: 'invalid_scores', status: 400, message: `「${item.label}」应为 0 到 ${item.max} 之间的整数`, field: `scores.${item.key}` };
    }
  }
  return null;
}

const isIsoDate = (value: string) => {
  const day = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
};

const nonEmptyText = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

export function decide(
  definition: WorkflowDefinition,
  snapshot: CaseSnapshot,
  actor: Actor,
  request: TransitionRequest,
  context: DecisionContext = {},
): Decision {
  const stage = stageOf(definition, snapshot.state);
  if (!stage) return refuse('wrong_stage', 409, `当前状态「${snapshot.state}」不在流程「${definition.name}」中`);
  if (!actor.role) return refuse('no_workflow_role', 403, '您没有审批角色（缺少审核人员档案），不能办理申报');
  if (!canSee(actor, snapshot)) return refuse('not_visible', 404, '申报不存在或您无权查看');
  // A caller working from an old view learns that first: whatever it asked, the case has moved on.
  if (request.version !== snapshot.version) {
    return refuse('stale_version', 409, '申报已被他人处理，请刷新后重试', 'version');
  }

  const action = stage.actions.find((candidate) => candidate.key === request.action);
  if (!action) {
    if (stage.kind === 'terminal') return refuse('terminal_state', 409, `申报已「${stage.label}」，不能再办理`);
    const elsewhere = definition.stages.find((s) => s.actions.some((a) => a.key === request.action));
    return elsewhere
      ? refuse('wrong_stage', 409, `申报当前处于「${stage.label}」环节，不能执行「${request.action}」`, 'action')
      : refuse('unknown_action', 400, `未知的操作「${String(request.action)}」`, 'action');
  }
  if (action.role !== actor.role) return refuse('wrong_role', 403, `「${action.label}」只能由${roleName(action.role)}办理`);
  if (actor.kind === 'staff' && isRelated(actor.relatedUsccs, snapshot.organizationUscc)) {
    return refuse('conflict_of_interest', 403, '您与申报单位存在关联关系，应当回避');
  }

  const requires = action.requires ?? {};
  if (requires.conflictDeclaration && request.coiDeclared !== true) {
    return refuse('coi_not_declared', 400, '请先声明与申报单位不存在利益关联', 'coiDeclared');
  }
  if (requires.opinion && !nonEmptyText(request.opinion)) return refuse('missing_opinion', 400, requires.scores ? '请填写评审意见' : '请填写审核意见', 'opinion');
  if (requires.flaggedFields && (!Array.isArray(request.flaggedFields) || !request.flaggedFields.length || !request.flaggedFields.every(nonEmptyText))) {
    return refuse('missing_flagged_fields', 400, '请指明需要补正的字段或材料', 'flaggedFields');
  }
  if (requires.attachments && (!Array.isArray(request.attachments) || !request.attachments.length)) {
    const listed = missingMaterials(requires.materials, []);
    return refuse('missing_attachments', 400, listed.length ? `请上传${listed.map((m) => `「${m.label}」`).join('、')}` : '请上传相关材料', 'attachments');
  }
  if (requires.finding && !(typeof request.finding === 'string' && Object.hasOwn(FINDINGS, request.finding))) {
    return refuse('invalid_finding', 400, `请选择结论：${Object.values(FINDINGS).join('、')}`, 'finding');
  }
  if (requires.decisionRecord && !nonEmptyText(request.decisionRecord)) {
    return refuse('missing_decision_record', 400, '请填写党组集体研究的会议纪要或决定文号', 'decisionRecord');
  }
  let amountFen: number | null = null;
  if (requires.amount) {
    if (request.amountFen === undefined || request.amountFen === null || request.amountFen === '') {
      return refuse('missing_amount', 400, '请填写金额（分）', 'amountFen');
    }
    try {
      amountFen = parseFen(request.amountFen, 'amountFen');
    } catch (error) {
      return refuse('invalid_amount', 400, (error as Error).message, 'amountFen');
    }
  }
  const panel: PanelSnapshot = snapshot.panel ?? { field: null, drawn: [], declared: {} };
  if (requires.declaredNoConflict && panel.declared[actor.id] !== false) {
    return refuse('coi_not_declared', 409, '请先作出利益冲突声明（声明无利益冲突后方可评分）', 'hasConflict');
  }
  if (requires.scores) {
    if ((snapshot.panelScoredBy ?? []).includes(actor.id)) return refuse('already_scored', 409, '您已提交过评分');
    const invalid = checkScores(stage, request.scores);
    if (invalid) return { ok: false, refusal: invalid };
  }
  if (requires.panelComplete) {
    // Only the scores of experts still on the panel count: a recused expert's assignment has ended.
    const onPanel = snapshot.assignments?.experts ?? [];
    const counted = (snapshot.panelScoredBy ?? []).filter((id) => onPanel.includes(id)).length;
    if (counted < (stage.panel?.requiredScores ?? 0)) return refuse('panel_incomplete', 409, `专家评分未完成：需要${stage.panel!.requiredScores}位专家评分，已有${counted}位`);
  }
  let payment: { paidOn: string; voucherNo: string } | undefined;
  if (requires.payment) {
    const paidOn = request.payment?.paidOn;
    const voucherNo = request.payment?.voucherNo;
    if (typeof paidOn !== 'string' || !isIsoDate(paidOn)) return refuse('invalid_payment', 400, '请填写拨付日期，格式如 2026-03-01', 'payment.paidOn');
    if (!nonEmptyText(voucherNo) || (voucherNo as string).trim().length > 100) return refuse('invalid_payment', 400, '请填写拨付凭证号（不超过100字）', 'payment.voucherNo');
    payment = { paidOn, voucherNo: (voucherNo as string).trim() };
  }
  if (requires.startsPublicity && (snapshot.publicity ?? 'not_started') !== 'not_started') {
    return refuse('publicity_started', 409, '该申报的公示已经发起，不能重复发起');
  }
  if (requires.publicityEnded && snapshot.publicity !== 'ended') {
    return refuse('publicity_running', 409, snapshot.publicity === 'running' ? '公示期尚未届满' : '该申报尚未发起公示');
  }
  if (requires.noOpenObjection && (snapshot.openObjections ?? 0) > 0) {
    return refuse('on_hold', 409, '该申报有未处理的公示异议，暂缓办理');
  }

  const effects: CaseEffects = requires.finding ? { finding: request.finding as Finding } : {};
  if (requires.assignees) {
    const assignees = request.assignees ?? [];
    if (!assignees.length || assignees.some((a) => a.role !== requires.assignees)) {
      return refuse('invalid_assignees', 400, `请选择${roleName(requires.assignees)}`, 'assignees');
    }
    const related = assignees.find((a) => isRelated(a.relatedUsccs, snapshot.organizationUscc));
    if (related) return refuse('assignee_conflict', 409, `${related.name ?? related.id}与申报单位存在关联关系，不能分配`, 'assignees');
    effects.assignments =
      requires.assignees === 'institution'
        ? { ...snapshot.assignments, institution: assignees[0].institution ?? null }
        : { ...snapshot.assignments, experts: [...new Set([...(snapshot.assignments?.experts ?? []), ...assignees.map((a) => a.id)])] };
  }

  let subject: Record<string, unknown> | undefined;
  let followUp: Transition['followUp'];
  if (requires.panelDraw) {
    if (!isExpertField(request.field)) return refuse('invalid_field', 400, '请选择专业领域', 'field');
    const size = request.panelSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 15) return refuse('invalid_panel_size', 400, '抽取人数应为1到15之间的整数', 'panelSize');
    const draw = drawPanel(context, snapshot, panel, request.field, size, []);
    if (draw.drawn.length < size) {
      return refuse(
        'pool_too_small',
        409,
        `专家库中「${EXPERT_FIELD_LABELS[request.field]}」领域可抽取的专家不足：需要${size}名，符合条件的仅${draw.pool.length}名（已排除与申报单位关联、同单位、已声明利益冲突和已抽取的专家）`,
        'panelSize',
      );
    }
    effects.assignments = { ...snapshot.assignments, experts: [...(snapshot.assignments?.experts ?? []), ...draw.drawn] };
    subject = { kind: 'panel_draw', panelSize: size, ...draw };
  }
  if (requires.interestDeclaration) {
    if (actor.id in panel.declared) return refuse('already_declared', 409, '您已就本申报作出利益冲突声明');
    if (typeof request.hasConflict !== 'boolean') return refuse('missing_declaration', 400, '请选择利益冲突声明：有利益冲突或无利益冲突', 'hasConflict');
    if (request.hasConflict && !nonEmptyText(request.opinion)) return refuse('missing_opinion', 400, '请填写利益冲突情况说明', 'opinion');
    subject = { kind: 'interest_declaration', hasConflict: request.hasConflict };
    if (request.hasConflict) {
      // The conflicted expert leaves the panel, and one replacement is drawn from the rest of the pool.
      const remaining = (snapshot.assignments?.experts ?? []).filter((id) => id !== actor.id);
      const draw = panel.field ? drawPanel(context, snapshot, panel, panel.field, 1, [actor.id]) : null;
      effects.assignments = { ...snapshot.assignments, experts: [...remaining, ...(draw?.drawn ?? [])] };
      const replacement = draw?.drawnNames.length ? `抽取替补专家：${draw.drawnNames.join('、')}` : '专家库中没有符合条件的替补专家，请重新抽取';
      followUp = {
        action: 'panel_replacement',
        subject: { kind: 'panel_replacement', recused: actor.id, recusedName: actor.name ?? null, panelSize: 1, ...(draw ?? { field: null, seed: null, pool: [], excluded: [], drawn: [], drawnNames: [] }) },
        record: { ...systemRecord(snapshot.state), opinion: `${actor.name ?? actor.id}声明有利益冲突，予以回避；${replacement}` },
      };
    }
  }

  let toState = action.to;
  if (toState === RETURN_TO_SENDER) {
    if (!snapshot.returnedFromState) return refuse('no_return_stage', 409, '找不到退回补正前的环节');
    toState = snapshot.returnedFromState;
  }

  for (const effect of action.effects ?? []) {
    if (effect === 'submit') effects.pinVersions = true;
    if (effect === 'return') {
      effects.returnedFromState = snapshot.state;
      effects.returnFlaggedFields = request.flaggedFields ?? [];
    }
    if (effect === 'resubmit') {
      effects.returnedFromState = null;
      effects.returnFlaggedFields = null;
    }
    if (effect === 'recognise') {
      if (!context.awardRule) return refuse('no_award_rule', 409, '该项目类别未配置奖补规则');
      effects.recognisedBaseFen = amountFen!;
      effects.award = computeAward(context.awardRule, amountFen!, context.priorAwardsFen ?? 0);
    }
    if (effect === 'plan_disbursement') {
      const planned = snapshot.awardFen ?? 0;
      if (context.budgetRemainingFen === undefined || planned > context.budgetRemainingFen) {
        return refuse('budget_exceeded', 409, '拨付计划超出该项目类别本年度剩余预算');
      }
      effects.plannedDisbursementFen = planned;
    }
    if (effect === 'pay') {
      // The award is paid whole, once: the state leaves the payment stage with it.
      if (amountFen !== snapshot.awardFen) return refuse('amount_mismatch', 400, `拨付金额应等于奖补金额${formatYuan(snapshot.awardFen ?? 0)}`, 'amountFen');
      effects.payment = { amountFen: amountFen!, ...payment! };
    }
    if (effect === 'clawback') {
      if (amountFen! <= 0 || amountFen! > (snapshot.awardFen ?? 0)) return refuse('clawback_exceeds_award', 400, `追回金额应大于0且不超过已拨付的${formatYuan(snapshot.awardFen ?? 0)}`, 'amountFen');
      effects.clawbackFen = amountFen!;
    }
  }

  return {
    ok: true,
    transition: {
      action,
      fromState: snapshot.state,
      toState,
      effects,
      ...(subject ? { subject } : {}),
      ...(followUp ? { followUp } : {}),
      record: {
        stage: snapshot.state,
        action: action.key,
        fromState: snapshot.state,
        toState,
        ...actorFields(actor),
        opinion: nonEmptyText(request.opinion) ? request.opinion!.trim() : effects.payment ? `拨付${formatYuan(effects.payment.amountFen)}，拨付日期${effects.payment.paidOn}，凭证号${effects.payment.voucherNo}` : null,
        flaggedFields: requires.flaggedFields ? request.flaggedFields! : null,
        scores: requires.scores ? request.scores! : null,
        amountFen: effects.award ? effects.award.awardFen : amountFen,
        attachments: request.attachments?.length ? request.attachments : null,
        // A declaration of no conflict, and a score after one, carry it as the first version's tick did.
        coiDeclared: request.coiDeclared === true || (requires.interestDeclaration ? request.hasConflict === false : requires.declaredNoConflict === true),
      },
    },
  };
}

/**
 * Draws `size` experts of `field` for this case: the pool less whoever is related to the
 * applicant, has declared a conflict here (`recusing` too) or was drawn here already. The result
 * says everything needed to check it: the eligible pool, who was left out and why, the seed.
 */
function drawPanel(context: DecisionContext, snapshot: CaseSnapshot, panel: PanelSnapshot, field: ExpertField, size: number, recusing: string[]) {
  const pool = context.expertPool ?? [];
  const seed = context.drawSeed ?? '';
  const declaredConflict = [...Object.keys(panel.declared).filter((id) => panel.declared[id]), ...recusing];
  const { eligible, excluded } = eligibleExperts(pool, { field, applicantUscc: snapshot.organizationUscc, declaredConflict, alreadyDrawn: panel.drawn });
  const drawn = drawFrom(eligible, seed, size);
  const names = new Map(pool.map((expert) => [expert.id, expert.name ?? expert.id]));
  return { field, seed, pool: eligible, excluded, drawn, drawnNames: drawn.map((id) => names.get(id) ?? id) };
}

const systemRecord = (state: string): RecordDraft => ({
  stage: state,
  action: 'panel_replacement',
  fromState: state,
  toState: state,
  actorType: 'system',
  actorId: 'system',
  actorName: '系统',
  actorRole: 'system',
  actorDistrict: null,
  actorInstitution: null,
  opinion: null,
  flaggedFields: null,
  scores: null,
  amountFen: null,
  attachments: null,
  coiDeclared: false,
});

const roleName = (role: WorkflowRole) => ROLE_LABELS[role];

/** Who acted, as a record names them. */
const actorFields = (actor: Actor) => ({
  actorType: actor.kind,
  actorId: actor.id,
  actorName: actor.name ?? null,
  actorRole: actor.role,
  actorDistrict: actor.districtCode ?? null,
  actorInstitution: actor.institution ?? null,
});

/**
 * A record that is no step of the chain (an objection lodged, or ruled on): the case stays in
 * its state, and the record says who did what there.
 */
export function eventRecord(state: string, action: string, actor: Actor, opinion: string | null, attachments: AttachmentRef[] | null): RecordDraft {
  return {
    stage: state,
    action,
    fromState: state,
    toState: state,
    ...actorFields(actor),
    opinion,
    flaggedFields: null,
    scores: null,
    amountFen: null,
    attachments: attachments?.length ? attachments : null,
    coiDeclared: false,
  };
}

/** The required items of a step's list of materials that none of the named files was uploaded as. */
export function missingMaterials(materials: MaterialSlot[] | undefined, refs: AttachmentRef[]): MaterialSlot[] {
  return (materials ?? []).filter((m) => m.required && !refs.some((ref) => ref.material === m.key));
}

/** The actions this actor could take on this case now, for the side panel and the inbox. */
export function availableActions(definition: WorkflowDefinition, snapshot: CaseSnapshot, actor: Actor): ActionDefinition[] {
  const stage = stageOf(definition, snapshot.state);
  if (!stage || !actor.role || !canSee(actor, snapshot)) return [];
  if (actor.kind === 'staff' && isRelated(actor.relatedUsccs, snapshot.organizationUscc)) return [];
  const declared = snapshot.panel?.declared ?? {};
  return stage.actions.filter(
    (action) =>
      action.role === actor.role &&
      !(action.requires?.scores && (snapshot.panelScoredBy ?? []).includes(actor.id)) &&
      !(action.requires?.interestDeclaration && actor.id in declared) &&
      !(action.requires?.declaredNoConflict && declared[actor.id] !== false),
  );
}
