import type { Core } from '@strapi/strapi';
import { checkSubmission } from '../../../domain/eligibility';
import { StoredAttachment, commitmentsOf, formHashOf, referencedFiles } from '../../../domain/forms';
import { GENESIS_HASH, LEDGER_FORMAT, LedgerEntry, hashEntry } from '../../../domain/ledger';
import { ObjectionEvent, publicityOutcome } from '../../../domain/objections';
import { stepValidityProblem } from '../../../domain/program-validity';
import { AwardRule, parseFen } from '../../../domain/money';
import { shanghaiDate } from '../../../domain/time';
import { isExpertField } from '../../../domain/panel';
import { PoolExpert, newDrawSeed } from '../../../domain/panel-draw';
import { Actor, AttachmentRef, CaseSnapshot, DecisionContext, MaterialSlot, PanelSnapshot, PublicityPhase, Transition, TransitionRequest, WorkflowDefinition, decide, eventRecord, missingMaterials } from '../../../domain/workflow';
import { asTransitionService } from '../../../guards/write-context';
import { callWithForms, checkSubmissionAnswers, currentFormHash } from '../../task-spec/support/forms';
import { COMPLETION_SLOT, STAFF_SLOT, materialSlot } from '../../attachment/support/slots';
import { NOT_VISIBLE, RefusalError } from '../support/errors';
import { dispatchNotifications, stateNotification } from '../../notification/support/outbox';
import { countLinked, findLinked, linkedTo } from '../../../database/links';
import { findOneWithParents } from '../../../database/joined';
import { newDocumentId } from '../../../database/document-id';
import { insertRows } from '../../../database/insert';
import { lockRow } from '../../../database/row-lock';
import { APPLICATION_STATES, announceWrite } from '../../../database/cache-bus';

/**
 * THE place where an application's state changes. One database transaction: load the case, ask
 * the engine, update the row only if it is still in the state and version the engine saw, write
 * the review record into the hash chain, record the money side, queue notifications. Anything
 * that fails rolls all of it back; notifications go out only after the commit.
 */
const APPLICATION = 'api::application.application';
const REVIEW_RECORD = 'api::review-record.review-record';
const ASSIGNMENT = 'api::assignment.assignment';
const CLOSED_STATES = ['rejected', 'withdrawn', 'clawed_back'];
/** From the party group's review on, an application's plan stands against the budget. */
const COMMITTED_STATES = ['party_group_review', 'payment', 'disbursed', 'clawed_back'];

const fen = (value: unknown) => (value === null || value === undefined ? null : parseFen(value));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const workflows = () => strapi.service('api::workflow.workflow') as any;
  const attachments = () => strapi.service('api::attachment.attachment') as any;

  /** A version an application has pinned is frozen (src/guards/workflow-definitions.ts): read once per process. */
  const pinned = new Map<string, WorkflowDefinition>();

  async function definitionFor(app: any): Promise<WorkflowDefinition> {
    const key = `${app.workflowKey}@${app.workflowVersion}`;
    if (app.workflowVersion && pinned.has(key)) return pinned.get(key)!;
    const definition = app.workflowVersion
      ? await workflows().load(app.workflowKey, app.workflowVersion)
      : await workflows().active(app.program?.workflowKey ?? app.programKey);
    if (definition && app.workflowVersion) pinned.set(key, definition);
    if (!definition) throw new RefusalError(409, 'no_workflow', '该项目类别没有可用的审批流程');
    return definition;
  }

  /** Every record of the application, oldest first, whole: the desk's detail shows them. */
  async function recordsOf(app: any) {
    return findLinked(strapi, REVIEW_RECORD, 'application', app.id, { orderBy: { seq: 'asc' } });
  }

  /**
   * What a step needs of the chain so far: its order and hashes, and who did what in which stage.
   * Not the frozen answers of each submission, which are the bulk of a record.
   */
  async function chainOf(app: any) {
    return findLinked(strapi, REVIEW_RECORD, 'application', app.id, { orderBy: { seq: 'asc' }, select: ['id', 'seq', 'hash', 'fromState', 'toState', 'action', 'actorId', 'subject'] });
  }

  /** The records written since the case last entered its current stage (scores, assignments, the 公示's start). */
  function sinceEnteringStage(records: any[], state: string): any[] {
    const since: any[] = [];
    for (let i = records.length - 1; i >= 0 && records[i].fromState === state && records[i].toState === state; i -= 1) since.push(records[i]);
    return since;
  }

  /** The newest 公示 batch of the application's current stage that holds it. */
  const currentBatch = (app: any) =>
    strapi.db.query('api::publicity.publicity').findOne({ where: { kind: app.state, applications: { id: app.id } }, orderBy: { id: 'desc' }, select: ['id', 'documentId', 'endsAt'] });

  /** Started by a record in this stage; ended once the newest batch holding the application has reached its end instant. */
  async function publicityPhase(app: any, inStage: any[], now: Date): Promise<PublicityPhase> {
    if (!inStage.some((record) => record.action === 'start_publicity')) return 'not_started';
    const batch = await currentBatch(app);
    return batch && new Date(batch.endsAt) <= now ? 'ended' : 'running';
  }

  /**
   * What the record that ends a 公示 says (src/domain/objections.ts): the objections lodged against
   * the application in this batch and how they were ruled, written by this service, never taken
   * from a request.
   */
  async function publicityClosing(app: any) {
    const batch = await currentBatch(app);
    const objections = batch
      ? await findLinked(strapi, 'api::objection.objection', 'application', app.id, { where: { publicity: { id: batch.id } }, select: ['documentId', 'receiptNo', 'resolution'], orderBy: { id: 'asc' } })
      : [];
    return {
      opinion: publicityOutcome(objections),
      subject: { kind: 'publicity', batch: batch?.documentId ?? null, objections: objections.map((o: any) => ({ id: o.documentId, receiptNo: o.receiptNo ?? null, resolution: o.resolution })) },
    };
  }

  /** The panel as the stage's records say: the field and who was drawn (draws and replacements), and each declaration. */
  function panelOf(inStage: any[]): PanelSnapshot {
    const panel: PanelSnapshot = { field: null, drawn: [], declared: {} };
    // `inStage` is newest first; the panel is built oldest first.
    for (const record of [...inStage].reverse()) {
      const subject = record.subject ?? {};
      if (subject.kind === 'panel_draw' || subject.kind === 'panel_replacement') {
        if (subject.kind === 'panel_draw' && isExpertField(subject.field)) panel.field = subject.field;
        panel.drawn.push(...((subject.drawn ?? []) as string[]));
      }
      if (subject.kind === 'interest_declaration') panel.declared[record.actorId] = subject.hasConflict === true;
    }
    return panel;
  }

  /** The expert pool: every active expert profile with a login, with what the draw filters on. */
  async function expertPool(): Promise<PoolExpert[]> {
    const profiles = await strapi.db.query('api::reviewer-profile.reviewer-profile').findMany({ where: { role: 'expert', active: true }, populate: { adminUser: { select: ['id'] } } });
    return profiles
      .filter((p: any) => p.adminUser)
      .map((p: any) => ({
        id: String(p.adminUser.id),
        name: p.displayName ?? null,
        field: isExpertField(p.expertField) ? p.expertField : null,
        employerUscc: p.employerUscc ?? null,
        relatedUsccs: Array.isArray(p.relatedUsccs) ? p.relatedUsccs : [],
      }));
  }

  /** `countObjections` false: the caller's step does not depend on objections, so they are not read. */
  async function snapshotOf(app: any, records: any[], now = new Date(), countObjections = true): Promise<CaseSnapshot> {
    const openObjections = countObjections
      ? await countLinked(strapi, 'api::objection.objection', 'application', app.id, { resolution: 'open' })
      : 0;
    const inStage = sinceEnteringStage(records, app.state);
    return {
      state: app.state,
      version: app.version,
      districtCode: app.districtCode,
      organizationId: app.organization?.documentId ?? '',
      organizationUscc: app.organization?.uscc ?? '',
      returnedFromState: app.returnedFromState,
      assignments: app.assignments ?? {},
      panelScoredBy: inStage.filter((record) => record.action === 'score').map((record) => record.actorId),
      openObjections,
      awardFen: fen(app.awardFen),
      publicity: await publicityPhase(app, inStage, now),
      panel: panelOf(inStage),
    };
  }

  const awardRuleOf = (program: any): AwardRule | undefined =>
    program && {
      ratioBp: program.ratioBp,
      capFen: parseFen(program.capFen, 'capFen'),
      rounding: program.roundingMode,
      capScope: program.capScope,
      ruleVersion: program.ruleVersion,
    };

  async function priorAwardsFen(app: any, year: string) {
    if (!app.organization?.id) return 0;
    const others = await strapi.db.query(APPLICATION).findMany({
      where: { $and: [linkedTo(strapi, APPLICATION, 'organization', app.organization?.id), { programKey: app.programKey, id: { $ne: app.id }, awardFen: { $notNull: true }, state: { $notIn: CLOSED_STATES } }] },
      select: ['awardFen', 'stateChangedAt'],
    });
    return others.filter((o) => o.stateChangedAt && shanghaiDate(o.stateChangedAt).startsWith(year)).reduce((sum, o) => sum + (fen(o.awardFen) ?? 0), 0);
  }

  /**
   * The programme's budget for the year, less what stands against it: the latest plan of each
   * application from the party group's review on (approved, paid or clawed back), less what was
   * clawed back from it. A plan sent back for revision no longer counts; a clawback gives back
   * what it recovered.
   */
  async function budgetRemainingFen(app: any, year: number) {
    if (!app.program?.id) return 0;
    const program = await strapi.db.query('api::program.program').findOne({ where: { id: app.program?.id }, populate: ['annualBudgets'] });
    const budget = (program?.annualBudgets ?? []).find((b: any) => b.year === year);
    if (!budget) return 0;
    const rows = await strapi.db.query('api::disbursement.disbursement').findMany({
      where: { kind: { $in: ['plan', 'clawback'] }, ...linkedTo(strapi, 'api::disbursement.disbursement', 'program', app.program?.id) },
      populate: { application: { select: ['id', 'state'] } },
      orderBy: { id: 'asc' },
    });
    const latestPlan = new Map<number, any>();
    const recovered = new Map<number, number>();
    for (const row of rows) {
      if (!row.application) continue;
      if (row.kind === 'plan' && row.budgetYear === year) latestPlan.set(row.application.id, row);
      if (row.kind === 'clawback') recovered.set(row.application.id, (recovered.get(row.application.id) ?? 0) + (fen(row.amountFen) ?? 0));
    }
    const committed = [...latestPlan.values()]
      .filter((plan) => plan.application.id !== app.id && COMMITTED_STATES.includes(plan.application.state))
      .reduce((sum, plan) => sum + (fen(plan.amountFen) ?? 0) - (recovered.get(plan.application.id) ?? 0), 0);
    return parseFen(budget.amountFen) - committed;
  }

  /** Two plans at once must not both spend the same remainder: the programme's row is held until the plan commits. */
  const lockBudget = (programId: number) => lockRow(strapi, 'programs', { id: programId });

  async function contextFor(app: any, definition: WorkflowDefinition, request: TransitionRequest, now: Date): Promise<DecisionContext> {
    const action = definition.stages.find((s) => s.key === app.state)?.actions.find((a) => a.key === request.action);
    const effects = action?.effects ?? [];
    const context: DecisionContext = {};
    const today = shanghaiDate(now);
    if (effects.includes('recognise')) {
      context.awardRule = awardRuleOf(app.program);
      if (app.program?.capScope === 'per_applicant_year') context.priorAwardsFen = await priorAwardsFen(app, today.slice(0, 4));
    }
    if (effects.includes('draw') || effects.includes('declare')) {
      context.expertPool = await expertPool();
      context.drawSeed = newDrawSeed();
    }
    if (effects.includes('plan_disbursement')) {
      await lockBudget(app.program?.id);
      context.budgetRemainingFen = await budgetRemainingFen(app, Number(today.slice(0, 4)));
    }
    return context;
  }

  /**
   * A 公示 starts with its batch (bulk.ts creates it first, in the same transaction): the step
   * must name a batch of this stage that holds the application, is still open, and was created
   * after the application entered the stage, so an earlier round's batch cannot be reused.
   */
  async function checkPublicityBatch(app: any, request: TransitionRequest) {
    const batch =
      typeof request.publicityBatch === 'string'
        ? await strapi.db.query('api::publicity.publicity').findOne({ where: { documentId: request.publicityBatch, kind: app.state, phase: { $ne: 'closed' }, applications: { id: app.id } } })
        : null;
    if (!batch || (app.stateChangedAt && new Date(batch.createdAt) < new Date(app.stateChangedAt))) {
      throw new RefusalError(409, 'no_publicity_batch', '公示须通过「发起公示」批量操作发起（需包含本申报的公示批次）', 'publicityBatch');
    }
  }

  /** 第四条、第十四条, the call's window, the answers and the materials: checked at the moment of submission. */
  async function submissionChecks(app: any, stored: StoredAttachment[], now: Date) {
    const taskSpec = await (strapi.service('api::task-spec.task-spec') as any).publishedForSubmission(app.taskSpecDocumentId);
    if (!taskSpec) throw new RefusalError(409, 'call_unpublished', '该申报通知已撤回，不能提交');
    const creditListings = await strapi.db
      .query('api::credit-record.credit-record')
      .findMany({ where: { uscc: app.organization?.uscc }, select: ['listType', 'expiresOn', 'reference'] });
    const today = shanghaiDate(now);
    const problems = checkSubmission(
      {
        now,
        opensAt: taskSpec.opensAt as string,
        closesAt: taskSpec.closesAt as string,
        uscc: app.organization?.uscc ?? '',
        organizationName: app.organization?.name,
        legalForm: app.organization?.legalForm,
        program: app.program ?? {},
        creditListings,
      },
      today,
    );
    if (problems.length) throw new RefusalError(problems[0].status, problems[0].code, problems[0].message, problems[0].field);
    checkSubmissionAnswers(taskSpec, taskSpec.formVersion ?? 1, app.answers ?? {}, stored);
    return {
      taskSpec,
      eligibility: {
        usccValid: true,
        legalForm: app.organization.legalForm,
        creditCheckedAt: now.toISOString(),
        creditListings,
        commitments: commitmentsOf(taskSpec.formDefinition as any),
        commitmentsSignedAt: app.commitmentsSignedAt,
      },
    };
  }

  /**
   * A corrected application is checked as strictly as at its submission, against the form it is
   * bound to (from the call's history if the form has moved on, even if the call was withdrawn).
   */
  async function resubmissionChecks(app: any, stored: StoredAttachment[]) {
    const taskSpec = await callWithForms(strapi, app.taskSpecDocumentId);
    if (taskSpec) checkSubmissionAnswers(taskSpec, app.formVersion ?? taskSpec.formVersion ?? 1, app.answers ?? {}, stored);
  }

  /**
   * The files a step names, from their slots: staff documents, 建设完成材料, or a list of materials
   * item by item, where every required item must have a file (each missing one named by its label).
   */
  async function namedDocuments(app: any, actor: Actor, materials: MaterialSlot[] | undefined, refs: unknown): Promise<AttachmentRef[]> {
    if (!materials) return attachments().namedRefs(app.id, actor.kind === 'staff' ? STAFF_SLOT : COMPLETION_SLOT, refs);
    const named: AttachmentRef[] = Array.isArray(refs) && refs.length ? await attachments().namedRefs(app.id, materials.map((m) => materialSlot(m.key)), refs) : [];
    const missing = missingMaterials(materials, named);
    if (missing.length) {
      const errors = missing.map((m) => ({ path: `materials.${m.key}`, message: `请上传「${m.label}」` }));
      throw new RefusalError(400, 'missing_materials', `请上传${missing.map((m) => `「${m.label}」`).join('、')}`, 'attachments', errors);
    }
    return named;
  }

  /** The supervision record a clawback acts on: this application's, with the finding that funds be recovered. */
  async function clawbackFinding(app: any, basedOn: unknown) {
    const seq = Number(basedOn);
    const found = Number.isInteger(seq) && seq > 0 ? await strapi.db.query(REVIEW_RECORD).findOne({ where: { application: { id: app.id }, seq }, select: ['seq', 'hash', 'action', 'subject'] }) : null;
    if (found?.subject?.kind !== 'finding' || found.subject.finding !== 'clawback') {
      throw new RefusalError(400, 'invalid_based_on', '「依据的监督记录」须是本申报结论为“发现违规使用资金，应追回”的检查、审计或核查记录', 'basedOn');
    }
    return { seq: found.seq, hash: found.hash, action: found.action };
  }

  async function changesFor(app: any, definition: WorkflowDefinition, transition: Transition, stored: StoredAttachment[], now: Date) {
    const { effects } = transition;
    // Evidence (现场调研, 核实) is a record of the stage: the time the application has waited in it goes on.
    const evidence = transition.action.effects?.includes('evidence');
    const changes: Record<string, unknown> = { state: transition.toState, version: app.version + 1, ...(evidence ? {} : { stateChangedAt: now }) };
    if (transition.action.effects?.includes('resubmit')) await resubmissionChecks(app, stored);
    if (effects.pinVersions) {
      const { taskSpec, eligibility } = await submissionChecks(app, stored, now);
      Object.assign(changes, {
        submittedAt: now,
        serialNo: app.serialNo ?? `SB${shanghaiDate(now).slice(0, 4)}-${String(app.id).padStart(6, '0')}`,
        workflowKey: definition.key,
        workflowVersion: definition.version,
        formVersion: taskSpec.formVersion,
        formHash: currentFormHash(taskSpec),
        eligibility,
      });
    }
    if ('returnedFromState' in effects) changes.returnedFromState = effects.returnedFromState;
    if ('returnFlaggedFields' in effects) changes.returnFlaggedFields = effects.returnFlaggedFields;
    if (effects.assignments) changes.assignments = effects.assignments;
    if (effects.award) {
      changes.recognisedBaseFen = effects.recognisedBaseFen;
      changes.awardFen = effects.award.awardFen;
      changes.awardTrace = effects.award;
    }
    return changes;
  }

  /** Submissions are frozen: the answers as submitted go into the record, their hash into the chain. */
  const SUBMISSIONS = ['submit', 'resubmit', 'submit_completion'];

  /**
   * The record that appends to the chain after `last`, the newest record read in this
   * transaction (the conditional update of the application before it makes a concurrent append
   * impossible). Written through the query engine (src/database/insert.ts): the record is this
   * service's own write, its fields come from the engine, and the database's unique index on the
   * hash is the check the document service would have made with a query of its own (and the
   * append-only guards see it as a create).
   */
  function chainRecord(app: any, last: any, definition: WorkflowDefinition, transition: Pick<Transition, 'record' | 'action'>, formHash: string | null, now: Date, subject: Record<string, unknown> | null = null) {
    const entry: LedgerEntry = {
      ...transition.record,
      format: LEDGER_FORMAT,
      subject,
      applicationId: app.documentId,
      seq: (last?.seq ?? 0) + 1,
      occurredAt: now.toISOString(),
      workflowKey: definition.key,
      workflowVersion: definition.version,
      formHash,
      answersHash: SUBMISSIONS.includes(transition.action.key) ? formHashOf(app.answers ?? {}) : null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const { applicationId: _documentId, ...fields } = entry;
    const answers = SUBMISSIONS.includes(transition.action.key) ? (app.answers ?? {}) : null;
    const row = { ...fields, answers, hash: hashEntry(entry), documentId: newDocumentId(), createdAt: now, updatedAt: now, publishedAt: now };
    return { row, insert: { uid: REVIEW_RECORD, data: row, links: { application: app.id } } };
  }

  /**
   * The 'assign' effect, kept as rows of the indexed assignment table as well as in the JSON
   * column: an institution replaces the previous one, experts are added. Same transaction.
   */
  async function recordAssignments(app: any, transition: Transition, request: TransitionRequest, now: Date) {
    const next = transition.effects.assignments;
    if (!next) return;
    const existing = await strapi.db.query(ASSIGNMENT).findMany({ where: { applicationRowId: app.id } });
    const assignees = request.assignees ?? [];
    await asTransitionService(async () => {
      const rows: Array<Record<string, unknown>> = [];
      if (next.institution && !existing.some((row: any) => row.role === 'institution' && row.institution === next.institution)) {
        for (const row of existing.filter((r: any) => r.role === 'institution')) {
          await strapi.documents(ASSIGNMENT as any).delete({ documentId: row.documentId });
        }
        const by = assignees.find((a) => a.role === 'institution');
        rows.push({ role: 'institution', institution: next.institution, adminUserId: by ? Number(by.id) : null });
      }
      for (const expertId of next.experts ?? []) {
        if (!existing.some((row: any) => row.role === 'expert' && String(row.adminUserId) === String(expertId))) rows.push({ role: 'expert', adminUserId: Number(expertId) });
      }
      // A recused expert's assignment ends.
      for (const row of existing.filter((r: any) => r.role === 'expert' && next.experts && !next.experts.includes(String(r.adminUserId)))) {
        await strapi.documents(ASSIGNMENT as any).delete({ documentId: row.documentId });
      }
      for (const row of rows) {
        await strapi.documents(ASSIGNMENT as any).create({ data: { ...row, application: app.documentId, applicationRowId: app.id, assignedAt: now.toISOString() } as any });
      }
    });
  }

  /** The money side of the finance stages, kept as disbursement records (plan, decision, payment, clawback). */
  async function recordDisbursement(app: any, transition: Transition, request: TransitionRequest, now: Date) {
    const entries: Array<{ kind: string; amountFen: number; decisionRef?: string | null; partyDecision?: string | null; note?: string | null; voucherNo?: string; paidOn?: string }> = [];
    const { effects } = transition;
    if (effects.plannedDisbursementFen !== undefined) entries.push({ kind: 'plan', amountFen: effects.plannedDisbursementFen, note: request.opinion });
    if (transition.action.requires?.decisionRecord) {
      const { minuteNo } = request as TransitionRequest & { minuteNo?: string };
      entries.push({ kind: 'decision', amountFen: fen(app.awardFen) ?? 0, decisionRef: minuteNo, partyDecision: request.decisionRecord, note: request.opinion });
    }
    if (effects.payment) {
      // The stage already allows one payment; the table says so too, whatever the workflow.
      const paid = await countLinked(strapi, 'api::disbursement.disbursement', 'application', app.id, { kind: 'payment' });
      if (paid) throw new RefusalError(409, 'already_paid', '该项目的奖补资金已拨付，不能重复拨付');
      entries.push({ kind: 'payment', amountFen: effects.payment.amountFen, voucherNo: effects.payment.voucherNo, paidOn: effects.payment.paidOn });
    }
    if (effects.clawbackFen !== undefined) entries.push({ kind: 'clawback', amountFen: effects.clawbackFen, note: request.opinion });
    for (const entry of entries) {
      await strapi.documents('api::disbursement.disbursement').create({
        data: { ...entry, application: app.documentId, program: app.program?.documentId, budgetYear: Number(shanghaiDate(now).slice(0, 4)), occurredAt: now.toISOString() } as any,
      });
    }
  }

  return {
    /**
     * `authorise`, when given, is the caller's permission check (the admin role's permission for
     * the stage's action); it runs on the case as loaded here, and throws to refuse.
     */
    async transition({ documentId, actor, request, now = new Date(), authorise }: { documentId: string; actor: Actor; request: TransitionRequest; now?: Date; authorise?: (definition: WorkflowDefinition, state: string) => void }) {
      const outcome = await strapi.db.transaction(async ({ onCommit }) => {
        // With its organisation and programme (the first submission's workflow, the award rule,
        // the budget, the money records), in one statement.
        const app = await findOneWithParents(strapi, APPLICATION, { documentId }, ['organization', 'program']);
        if (!app) throw NOT_VISIBLE();
        const definition = await definitionFor(app);
        authorise?.(definition, app.state);
        // Every step bumps the version and appends one record, here and in one transaction: a
        // case still at version 0 has never moved, so it has no chain to read.
        const records = app.version === 0 ? [] : await chainOf(app);
        const step = definition.stages.find((s) => s.key === app.state)?.actions.find((a) => a.key === request.action);
        const snapshot = await snapshotOf(app, records, now, step?.requires?.noOpenObjection === true);
        // A submission's record keeps the name and SHA-256 of every file its answers name, as
        // stored, so a later swap of a file shows; its materials are checked against the same read.
        const submitsAnswers = step?.effects?.some((effect) => effect === 'submit' || effect === 'resubmit') && actor.kind === 'applicant';
        const stored: Array<StoredAttachment & { name: string; sha256: string }> = submitsAnswers ? await attachments().refsFor(app.id) : [];
        if (submitsAnswers) request = { ...request, attachments: referencedFiles(app.answers ?? {}, stored) };
        const context = await contextFor(app, definition, request, now);
        let decision = decide(definition, snapshot, actor, request, context);
        // The end of a 公示 is recorded as what happened in it, objections included.
        let subject: Record<string, unknown> | null = null;
        if (decision.ok && decision.transition.action.requires?.publicityEnded) {
          const closing = await publicityClosing(app);
          subject = closing.subject;
          request = { ...request, opinion: closing.opinion };
          decision = decide(definition, snapshot, actor, request, context);
        }
        // An approval names the party group's decision record: once the engine has accepted the
        // step, the record is looked up and its scan goes into the review record, then decided again.
        if (decision.ok && decision.transition.action.requires?.decisionRecord) {
          const { minuteNo, ...resolved } = await (strapi.service('api::party-decision.party-decision') as any).forApproval(request.decisionRecord);
          request = { ...request, ...resolved, opinion: request.opinion?.trim() || resolved.opinion, minuteNo } as TransitionRequest;
          decision = decide(definition, snapshot, actor, request, context);
        }
        if (decision.ok && decision.transition.action.requires?.startsPublicity) await checkPublicityBatch(app, request);
        // A step's documents are files uploaded to this application for it (staff documents, the
        // applicant's completion materials): the record keeps their stored names and hashes,
        // nothing the request merely claims of them.
        if (decision.ok && decision.transition.action.requires?.attachments) {
          request = { ...request, attachments: await namedDocuments(app, actor, decision.transition.action.requires.materials, request.attachments) };
          decision = decide(definition, snapshot, actor, request, context);
        }
        if (!decision.ok) {
          const { refusal } = decision;
          throw new RefusalError(refusal.status, refusal.code, refusal.message, refusal.field);
        }
        // 第十一条、第十二条: a supervision record keeps its finding; a clawback may name the finding it acts on.
        if (decision.transition.effects.finding) subject = { kind: 'finding', finding: decision.transition.effects.finding };
        if (decision.transition.action.effects?.includes('clawback') && ![undefined, null, ''].includes(request.basedOn as any)) {
          subject = { kind: 'clawback', basedOn: await clawbackFinding(app, request.basedOn) };
        }
        const { transition } = decision;
        // 第十四条: outside the programme's validity its money is not planned, approved or paid.
        const lapsed = stepValidityProblem(transition.action, app.program ?? {}, now);
        if (lapsed) throw new RefusalError(lapsed.status, lapsed.code, lapsed.message, lapsed.field);
        const changes = await changesFor(app, definition, transition, stored, now);

        // The query engine, not the document service, because only it can make the update
        // conditional. This is the one write to an application's workflow fields.
        const { count } = await strapi.db.query(APPLICATION).updateMany({
          where: { id: app.id, state: transition.fromState, version: app.version },
          data: changes,
        });
        if (count !== 1) throw new RefusalError(409, 'stale_version', '申报已被他人处理，请刷新后重试', 'version');
        // Every instance's inbox counts, once this commits (one NOTIFY on PostgreSQL).
        await announceWrite(strapi, APPLICATION_STATES);

        await recordDisbursement({ ...app, ...changes }, transition, request, now);
        await recordAssignments(app, transition, request, now);
        const formHash = (changes.formHash as string) ?? app.formHash ?? null;
        const record = chainRecord(app, records[records.length - 1], definition, transition, formHash, now, subject ?? transition.subject ?? null);
        // A recusal's replacement draw is a record of its own, by the system, right after the declaration.
        const followUp = transition.followUp
          ? chainRecord(app, record.row, definition, { record: transition.followUp.record, action: { key: transition.followUp.action } as any }, formHash, now, transition.followUp.subject)
          : null;
        const notice = await stateNotification(strapi, { ...app, ...changes }, transition, definition, now);
        // The records and the applicant's notice with their links: one statement on PostgreSQL.
        const [recordId] = await asTransitionService(() => insertRows(strapi, [record.insert, ...(followUp ? [followUp.insert] : []), ...(notice ? [notice.insert] : [])]));
        onCommit(() => {
          dispatchNotifications(strapi, notice ? [notice.message] : []).catch((error) => strapi.log.error(`[shenbao] notification dispatch failed: ${error.message}`));
        });
        return { state: transition.toState, version: app.version + 1, record: { id: recordId, ...record.row } };
      });
      return outcome;
    },

    /**
     * A record that is no step of the chain: an objection lodged against the application, or its
     * ruling (src/domain/objections.ts). Inside the caller's transaction, with the application's
     * row held, it appends to the chain as a step does and moves the version on (a desk working
     * from an older view learns that something happened), but not the state, nor the time the
     * application has waited in it.
     */
    async recordEvent({ documentId, actor, action, opinion, subject, attachments = null, now = new Date() }: { documentId: string; actor: Actor; action: ObjectionEvent; opinion: string | null; subject: Record<string, unknown>; attachments?: AttachmentRef[] | null; now?: Date }) {
      // The state stays, so no count of any inbox changes: nothing to announce (src/database/cache-bus.ts).
      return strapi.db.transaction(async () => {
        await lockRow(strapi, 'applications', { document_id: documentId });
        const app = await findOneWithParents(strapi, APPLICATION, { documentId }, ['organization', 'program']);
        if (!app) throw NOT_VISIBLE();
        const definition = await definitionFor(app);
        const records = app.version === 0 ? [] : await chainOf(app);
        const draft = eventRecord(app.state, action, actor, opinion, attachments);
        const { count } = await strapi.db.query(APPLICATION).updateMany({ where: { id: app.id, version: app.version }, data: { version: app.version + 1 } });
        if (count !== 1) throw new RefusalError(409, 'stale_version', '申报已被他人处理，请刷新后重试', 'version');
        const record = chainRecord(app, records[records.length - 1], definition, { record: draft, action: { key: action } as any }, app.formHash ?? null, now, subject);
        const [recordId] = await asTransitionService(() => insertRows(strapi, [record.insert]));
        return { version: app.version + 1, record: { id: recordId, ...record.row } };
      });
    },

    /** What is left of a programme's budget for the year, before any of the given applications' plans. */
    budgetRemainingFen: (programId: number, year: number) => budgetRemainingFen({ id: -1, program: { id: programId } }, year),
    lockBudget,
    definitionFor,
    recordsOf,
    snapshotOf,
    expertPool,
  };
};
