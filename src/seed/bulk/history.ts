import { formHashOf } from '../../domain/forms';
import { GENESIS_HASH, LEDGER_FORMAT, LedgerEntry, hashEntry } from '../../domain/ledger';
import { publicityOutcome } from '../../domain/objections';
import type { AwardRule } from '../../domain/money';
import { EXPERT_FIELDS, isExpertField } from '../../domain/panel';
import { PoolExpert } from '../../domain/panel-draw';
import { Actor, ActionDefinition, AttachmentRef, CaseSnapshot, RETURN_TO_SENDER, TransitionRequest, WorkflowDefinition, WorkflowRole, decide } from '../../domain/workflow';

/**
 * Synthetic case histories for the benchmark's data set. Each step is decided by the workflow
 * engine itself, exactly as the transition service would (same snapshot, same requests a desk
 * sends), so the states, the review records and their hash chains are ones the product could
 * have written. Only the time of each step and the people are made up.
 */

/** The step that moves a case forward from a stage: the first action to another, open stage. */
const LEAVING = new Set(['returned', 'rejected', 'withdrawn', 'clawed_back', RETURN_TO_SENDER]);

export interface PathStep {
  stage: string;
  action: ActionDefinition;
}

/**
 * The main road through a chain, from its first stage to the last one that has a forward step:
 * in each stage the steps that stay in it (assigning, starting the 公示, each expert's score),
 * then the step that leaves it.
 */
export function mainPath(definition: WorkflowDefinition): PathStep[] {
  const steps: PathStep[] = [];
  const seen = new Set<string>();
  let key: string | undefined = definition.initial;
  while (key && !seen.has(key)) {
    seen.add(key);
    const stage = definition.stages.find((candidate) => candidate.key === key)!;
    // Steps that stay in the stage and the road needs (assignment, declarations, scores); evidence records are optional.
    for (const action of stage.actions.filter((a) => a.to === stage.key && !a.effects?.includes('evidence'))) {
      // each expert of the panel declares, then each scores
      const times = action.requires?.scores || action.requires?.interestDeclaration ? stage.panel?.requiredScores ?? 1 : 1;
      for (let i = 0; i < times; i += 1) steps.push({ stage: stage.key, action });
    }
    const forward = stage.actions.find((a) => a.to !== stage.key && !LEAVING.has(a.to));
    if (!forward) break;
    steps.push({ stage: stage.key, action: forward });
    key = forward.to;
  }
  return steps;
}

/** The people of a history, by role; experts are a panel. */
export interface Cast {
  applicant: Actor;
  districtReviewer: Actor;
  cityReviewer: Actor;
  institution: Actor;
  experts: Actor[];
  /** the experts as the draw sees them (field, organisation); without it, every expert is of the first field */
  expertPool?: PoolExpert[];
  finance: Actor;
  system: Actor;
}

/** Where a history stops: after `steps` steps of the main path, then optionally a closing step. */
export interface Ending {
  steps: number;
  /** after the steps: rejected, or returned for correction, by the stage's reviewer; or withdrawn from the draft */
  then?: 'reject' | 'return' | 'withdraw';
}

export interface CaseFacts {
  documentId: string;
  districtCode: string;
  organizationId: string;
  organizationUscc: string;
  answers: Record<string, unknown>;
  formDefinition: unknown;
  formVersion: number;
  awardRule: AwardRule;
  /** the claimed base, in fen, which the reviewer recognises */
  claimedBaseFen: number;
  /** when the history starts; each step follows at `stepMs` intervals, with some spread */
  startsAt: Date;
  stepMs: number;
  /** the files stored in the form's slots, which the answers name and a submission records */
  files: AttachmentRef[];
  /** the file stored as 建设完成材料, named by the completion step */
  completionFile: AttachmentRef;
}

export interface History {
  records: Array<LedgerEntry & { hash: string; answers: unknown }>;
  /** the application's workflow columns after the last step, as the transition service leaves them */
  application: Record<string, unknown>;
  assignments: Array<{ role: 'institution' | 'expert'; institution?: string | null; adminUserId: number | null; assignedAt: Date }>;
}

const SUBMISSIONS = ['submit', 'resubmit', 'submit_completion'];

/** What a desk sends for each step of the main road, for this actor. */
function requestFor(definition: WorkflowDefinition, action: ActionDefinition, facts: CaseFacts, cast: Cast, version: number, at: Date, snapshot: CaseSnapshot): TransitionRequest {
  const request: TransitionRequest = { action: action.key, version };
  const requires = action.requires ?? {};
  if (requires.opinion) request.opinion = '经审核，材料齐全，符合条件。';
  if (requires.conflictDeclaration) request.coiDeclared = true;
  // As the transition service records them: a submission's stored files, a step's uploaded documents.
  if (action.effects?.some((effect) => effect === 'submit' || effect === 'resubmit')) request.attachments = facts.files;
  if (requires.attachments) request.attachments = [facts.completionFile];
  if (requires.decisionRecord) request.decisionRecord = `党组会议纪要〔${at.getUTCFullYear()}〕${(at.getUTCMonth() + 1) * 3}号`;
  if (requires.amount) request.amountFen = action.key === 'pay' ? snapshot.awardFen ?? 0 : facts.claimedBaseFen;
  if (requires.payment) request.payment = { paidOn: at.toISOString().slice(0, 10), voucherNo: `付${at.getTime()}` };
  // The end of a 公示 says what happened in it; these cases had no objection (src/domain/objections.ts).
  if (requires.publicityEnded) request.opinion = publicityOutcome([]);
  if (requires.scores) {
    const rubric = definition.stages.find((s) => s.key === snapshot.state)?.panel?.rubric ?? [];
    request.scores = Object.fromEntries(rubric.map((item) => [item.key, Math.round(item.max * 0.8)]));
    if (requires.opinion) request.opinion = '技术路线清晰，应用成效明显，数据来源合规。';
  }
  if (requires.panelDraw) Object.assign(request, { field: poolOf(cast)[0]?.field ?? EXPERT_FIELDS[0], panelSize: definition.stages.find((s) => s.key === snapshot.state)?.panel?.requiredScores ?? 1 });
  if (requires.interestDeclaration) request.hasConflict = false;
  if (requires.assignees === 'institution') request.assignees = [{ id: cast.institution.id, name: cast.institution.name, role: 'institution', institution: cast.institution.institution }];
  if (requires.assignees === 'expert') request.assignees = cast.experts.map((e) => ({ id: e.id, name: e.name, role: 'expert' as WorkflowRole }));
  return request;
}

const poolOf = (cast: Cast): PoolExpert[] =>
  cast.expertPool ?? cast.experts.map((expert) => ({ id: expert.id, name: expert.name ?? null, field: EXPERT_FIELDS[0], employerUscc: null, relatedUsccs: expert.relatedUsccs ?? [] }));

/** The panel's next expert for this step: on the panel, and yet to declare, or yet to score. */
function nextExpert(action: ActionDefinition, cast: Cast, snapshot: CaseSnapshot): Actor {
  const onPanel = cast.experts.filter((expert) => (snapshot.assignments?.experts ?? []).includes(expert.id));
  if (action.requires?.interestDeclaration) return onPanel.find((expert) => !(expert.id in (snapshot.panel?.declared ?? {})))!;
  return (onPanel.length ? onPanel : cast.experts).find((expert) => !(snapshot.panelScoredBy ?? []).includes(expert.id))!;
}

function actorFor(action: ActionDefinition, cast: Cast, snapshot: CaseSnapshot): Actor {
  switch (action.role) {
    case 'applicant':
      return cast.applicant;
    case 'district_reviewer':
      return cast.districtReviewer;
    case 'city_reviewer':
      return cast.cityReviewer;
    case 'institution':
      return cast.institution;
    case 'expert':
      return nextExpert(action, cast, snapshot);
    case 'finance':
      return cast.finance;
    default:
      return cast.system;
  }
}

/** The step that closes a history off the main road, taken in the stage the history stopped in. */
function closingAction(definition: WorkflowDefinition, state: string, then: Ending['then']): ActionDefinition | undefined {
  const stage = definition.stages.find((s) => s.key === state);
  const key = then === 'withdraw' ? 'withdraw' : then;
  return stage?.actions.find((a) => a.key === key && (then !== 'withdraw' || state === definition.initial));
}

/** The panel as the transition service reads it back from the records (a draw, a declaration of no conflict). */
function panelAfter(snapshot: CaseSnapshot, subject: Record<string, unknown> | undefined, actorId: string) {
  const panel = snapshot.panel ?? { field: null, drawn: [], declared: {} };
  if (subject?.kind === 'panel_draw') return { ...panel, field: isExpertField(subject.field) ? subject.field : null, drawn: [...panel.drawn, ...(subject.drawn as string[])] };
  if (subject?.kind === 'interest_declaration') return { ...panel, declared: { ...panel.declared, [actorId]: subject.hasConflict === true } };
  return panel;
}

export function buildHistory(definition: WorkflowDefinition, path: PathStep[], facts: CaseFacts, cast: Cast, ending: Ending): History {
  const formHash = formHashOf((facts.formDefinition ?? null) as any);
  const application: Record<string, unknown> = { state: definition.initial, version: 0, stateChangedAt: facts.startsAt };
  const snapshot: CaseSnapshot = {
    state: definition.initial,
    version: 0,
    districtCode: facts.districtCode,
    organizationId: facts.organizationId,
    organizationUscc: facts.organizationUscc,
    assignments: {},
    panelScoredBy: [],
    openObjections: 0,
    awardFen: null,
    publicity: 'not_started',
  };
  const history: History = { records: [], application, assignments: [] };
  const steps: ActionDefinition[] = path.slice(0, ending.steps).map((step) => step.action);
  const closing = ending.then && closingAction(definition, path[ending.steps]?.stage ?? snapshot.state, ending.then);

  let at = facts.startsAt;
  for (const [index, action] of [...steps, ...(closing ? [closing] : [])].entries()) {
    at = new Date(at.getTime() + facts.stepMs * (0.5 + ((index * 7919) % 10) / 10));
    const actor = actorFor(action, cast, snapshot);
    const request = { ...requestFor(definition, action, facts, cast, snapshot.version, at, snapshot), ...(action.key === 'return' ? { opinion: '请补充材料。', flaggedFields: ['summary'] } : {}), ...(action.key === 'reject' ? { opinion: '不符合申报条件。' } : {}) };
    // A draw's seed is the case's own, so a history is the same on every run.
    const panelContext = { expertPool: poolOf(cast), drawSeed: `${facts.documentId}:${index}` };
    const decision = decide(definition, snapshot, actor, request, { awardRule: facts.awardRule, priorAwardsFen: 0, budgetRemainingFen: Number.MAX_SAFE_INTEGER, ...panelContext });
    if (!decision.ok) throw new Error(`bench history: ${action.key} in ${snapshot.state} refused: ${decision.refusal.message}`);
    const { transition } = decision;
    const { effects } = transition;
    const previous = history.records[history.records.length - 1];
    const entry: LedgerEntry = {
      ...transition.record,
      format: LEDGER_FORMAT,
      subject: action.requires?.publicityEnded ? { kind: 'publicity', batch: null, objections: [] } : (transition.subject ?? null),
      applicationId: facts.documentId,
      seq: history.records.length + 1,
      occurredAt: at.toISOString(),
      workflowKey: definition.key,
      workflowVersion: definition.version,
      formHash,
      answersHash: SUBMISSIONS.includes(action.key) ? formHashOf(facts.answers as any) : null,
      prevHash: previous?.hash ?? GENESIS_HASH,
    };
    history.records.push({ ...entry, hash: hashEntry(entry), answers: SUBMISSIONS.includes(action.key) ? facts.answers : null });

    // The columns changesFor() writes, and the snapshot the next step sees.
    const stageChanged = transition.toState !== snapshot.state;
    Object.assign(application, { state: transition.toState, version: snapshot.version + 1, stateChangedAt: at });
    if (effects.pinVersions) {
      Object.assign(application, { submittedAt: at, workflowKey: definition.key, workflowVersion: definition.version, formVersion: facts.formVersion, formHash });
    }
    if ('returnedFromState' in effects) application.returnedFromState = effects.returnedFromState;
    if ('returnFlaggedFields' in effects) application.returnFlaggedFields = effects.returnFlaggedFields;
    if (effects.assignments) {
      application.assignments = effects.assignments;
      for (const assignee of request.assignees ?? []) {
        history.assignments.push({ role: assignee.role as 'institution' | 'expert', institution: assignee.institution ?? null, adminUserId: Number(assignee.id) || null, assignedAt: at });
      }
      for (const id of (transition.subject?.drawn as string[] | undefined) ?? []) history.assignments.push({ role: 'expert', institution: null, adminUserId: Number(id) || null, assignedAt: at });
    }
    if (effects.award) Object.assign(application, { recognisedBaseFen: effects.recognisedBaseFen, awardFen: effects.award.awardFen, awardTrace: effects.award });
    Object.assign(snapshot, {
      state: transition.toState,
      version: snapshot.version + 1,
      returnedFromState: 'returnedFromState' in effects ? effects.returnedFromState : snapshot.returnedFromState,
      assignments: effects.assignments ?? snapshot.assignments,
      awardFen: effects.award ? effects.award.awardFen : snapshot.awardFen,
      panelScoredBy: stageChanged ? [] : action.key === 'score' ? [...(snapshot.panelScoredBy ?? []), actor.id] : snapshot.panelScoredBy,
      panel: stageChanged ? undefined : panelAfter(snapshot, transition.subject, actor.id),
      // In the product the 公示's end comes with its batch's end instant; here the next step is after it.
      publicity: stageChanged ? 'not_started' : action.key === 'start_publicity' ? 'ended' : snapshot.publicity,
    });
  }
  return history;
}
