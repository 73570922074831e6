import { shanghaiDate } from '../domain/time';
import type { ActionDefinition, Actor, AttachmentRef, StageDefinition, TransitionRequest } from '../domain/workflow';

/**
 * What the desk or the portal sends for each step of a demo case, built from what the action
 * `requires` and nothing else: the one place to adapt when an action asks for more (an opinion
 * with each score, a conflict declaration, a draw's seed…).
 */
export interface DemoCast {
  /** the district reviewer of each district the demo companies are in */
  districtReviewers: Record<string, Actor>;
  cityReviewer: Actor;
  institution: Actor;
  experts: Actor[];
  finance: Actor;
}

export interface StepFacts {
  version: number;
  at: Date;
  cast: DemoCast;
  /** the base the applicant claimed (investment or purchase), in fen, which the reviewer recognises */
  claimedBaseFen: number;
  /** the award as recognised, in fen */
  awardFen: number | null;
  /** how many experts have scored in this stage (their scores vary by it) */
  scoresGiven: number;
  /** files uploaded for this step (the completion materials, a clawback's finding) */
  attachments?: AttachmentRef[];
  /** the party group's decision record an approval names */
  decisionRecord?: string;
  voucherNo?: string;
}

const OPINIONS: Record<string, string> = {
  recommend: '申报材料齐全，单位资质符合办法第四条规定，同意推荐。',
  confirm: '经复核复审，建设任务明确、方案可行，确认为建设单位。',
  pass: '经复核，购买合同、发票与支付凭证一致，同意提交专家评审。',
  recognise: '经审计核实，建设（购买）投入真实，按办法规定比例形成拟奖补意见。',
  propose: '拟按认定金额纳入本年度拨付计划。',
  revise: '拨付计划需与预算科目核对后重新提出。',
  return: '申报书中项目简介过于简略，请补充数据来源与应用场景后重新提交。',
  reject: '经审核，项目不符合本批次申报条件，不予推荐。',
  clawback: '绩效核查发现部分建设投入无法提供有效凭证，依据办法第十二条追回相应奖补资金。',
  score: '技术路线清晰，应用场景明确，数据来源合规，推广价值较好。',
};

/** An expert's scores on the stage's rubric: each item between 70% and 90% of its maximum, varying by expert. */
function scoresFor(stage: StageDefinition, expertIndex: number) {
  return Object.fromEntries((stage.panel?.rubric ?? []).map((item, i) => [item.key, Math.round(item.max * (0.7 + 0.1 * ((expertIndex + i) % 3)))]));
}

export function stepRequest(stage: StageDefinition, action: ActionDefinition, facts: StepFacts): TransitionRequest {
  const requires = action.requires ?? {};
  const request: TransitionRequest = { action: action.key, version: facts.version };
  if (requires.opinion) request.opinion = OPINIONS[action.key] ?? '经审核，同意。';
  if (requires.flaggedFields) request.flaggedFields = ['summary'];
  if (requires.conflictDeclaration) request.coiDeclared = true;
  if (requires.scores) request.scores = scoresFor(stage, facts.scoresGiven);
  // the demo's experts are of the data-product field; each drawn expert declares no conflict
  if (requires.panelDraw) Object.assign(request, { field: 'data_products', panelSize: stage.panel?.requiredScores ?? 3 });
  if (requires.interestDeclaration) request.hasConflict = false;
  if (requires.attachments) request.attachments = facts.attachments ?? [];
  if (requires.decisionRecord) request.decisionRecord = facts.decisionRecord;
  if (requires.amount) {
    const award = facts.awardFen ?? 0;
    // recognising sets the base; paying pays the award; a clawback recovers part of what was paid
    request.amountFen = action.effects?.includes('recognise') ? facts.claimedBaseFen : action.effects?.includes('clawback') ? Math.floor(award / 2) : award;
  }
  if (requires.payment) request.payment = { paidOn: shanghaiDate(facts.at), voucherNo: facts.voucherNo };
  const { cast } = facts;
  if (requires.assignees === 'institution') request.assignees = [{ id: cast.institution.id, name: cast.institution.name, role: 'institution', institution: cast.institution.institution }];
  if (requires.assignees === 'expert') request.assignees = cast.experts.map((expert) => ({ id: expert.id, name: expert.name, role: 'expert' }));
  return request;
}

/** Where a case's expert panel stands: who was drawn (the server draws), who declared, who scored. */
export interface PanelProgress {
  drawn: string[];
  declared: string[];
  scored: string[];
}

/** The panel's next expert for this step: drawn and yet to declare, or declared and yet to score. */
function nextExpert(action: ActionDefinition, cast: DemoCast, panel: PanelProgress): Actor {
  const waiting = action.requires?.interestDeclaration ? (id: string) => !panel.declared.includes(id) : (id: string) => panel.declared.includes(id) && !panel.scored.includes(id);
  const expert = cast.experts.find((candidate) => panel.drawn.includes(candidate.id) && waiting(candidate.id));
  if (!expert) throw new Error(`demo cases: no drawn expert left for ${action.key}`);
  return expert;
}

/** Who takes a step of the given role on a case of the given district. */
export function actorOf(action: ActionDefinition, cast: DemoCast, districtCode: string, panel: PanelProgress, applicant: Actor): Actor {
  switch (action.role) {
    case 'applicant':
      return applicant;
    case 'district_reviewer':
      return cast.districtReviewers[districtCode];
    case 'city_reviewer':
      return cast.cityReviewer;
    case 'institution':
      return cast.institution;
    case 'expert':
      return nextExpert(action, cast, panel);
    case 'finance':
      return cast.finance;
    default:
      throw new Error(`demo cases: no one takes a ${action.role} step`);
  }
}
