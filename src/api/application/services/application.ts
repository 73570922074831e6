import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { FormDefinition, commitmentsSigned, definitionAtVersion, diffAnswers, diffDefinitions, fileSlots } from '../../../domain/forms';
import { parseFen } from '../../../domain/money';
import { Actor, availableActions, canSee } from '../../../domain/workflow';
import { OWNERSHIP_FIELDS, WORKFLOW_OWNED_FIELDS } from '../../../guards/workflow-fields';
import { asApplicantEdit } from '../../../guards/write-context';
import { checkAnswers, checkAttachmentIds } from '../../task-spec/support/forms';
import { lockRow } from '../../../database/row-lock';
import { NOT_VISIBLE, RefusalError } from '../support/errors';
import { staffScope } from '../support/scope';
import { drawableByField, panelView } from '../support/panel-view';
import { findLinked } from '../../../database/links';
import { refuseDraftOutsideValidity, refuseOutsideValidity } from '../../program/support/validity';

const UID = 'api::application.application';
const EDITABLE = ['title', 'answers', 'claimedBaseFen'] as const;

const idsIn = (value: unknown): string[] => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);

/**
 * Every file slot after a save. A save neither adds nor removes files: uploads add them, and
 * `removeFiles` (the portal's 删除, the API's DELETE) takes them out. So a save sent with an
 * older view of a slot loses no file uploaded meanwhile and brings back none removed meanwhile;
 * it may only put the slot's files in another order. (The ids it lists were checked to be this
 * application's files of that slot: checkAttachmentIds.)
 */
function slotsAfter(definition: FormDefinition | null, stored: Record<string, unknown>, sent: Record<string, unknown>, removeFiles: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const { key } of fileSlots(definition)) {
    if (!(key in sent) && !(key in stored)) continue;
    const current = idsIn(stored[key]);
    const removed = new Set(removeFiles[key] ?? []);
    out[key] = [...new Set([...idsIn(sent[key]).filter((id) => current.includes(id)), ...current])].filter((id) => !removed.has(id));
  }
  return out;
}

const labelOf = (definition: FormDefinition | null, key: string) => definition?.properties[key]?.title ?? key;

/**
 * Applications as their owners and the staff see them. Applicants edit only their own drafts
 * and, after a return, only the flagged fields; every read is scoped to what the caller may see.
 */
export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  const transitions = () => strapi.service('api::application.transition') as any;
  const attachments = () => strapi.service('api::attachment.attachment') as any;

  /** Refuses fields a client may not set, naming the first one. */
  function editableInput(input: unknown, extra: readonly string[] = []) {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new RefusalError(400, 'invalid_body', '请求体必须是 { data: { … } } 形式', 'data');
    const data = input as Record<string, unknown>;
    for (const field of Object.keys(data)) {
      if (!field) throw new RefusalError(400, 'unknown_field', '字段名不能为空', 'data');
      if ((WORKFLOW_OWNED_FIELDS as readonly string[]).includes(field) || (OWNERSHIP_FIELDS as readonly string[]).includes(field)) {
        throw new RefusalError(403, 'forbidden_field', `字段「${field}」不能由申报单位设置`, field);
      }
      // An unknown name is echoed back cut short: the client chose it, and it may be of any length.
      const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
      if (![...EDITABLE, ...extra].includes(field)) throw new RefusalError(400, 'unknown_field', `未知字段「${shown}」`, shown);
    }
    const out: Record<string, unknown> = {};
    if ('title' in data) {
      if (typeof data.title !== 'string' || !data.title.trim() || data.title.length > 200) throw new RefusalError(400, 'invalid_title', '项目名称不能为空，且不超过200字', 'title');
      out.title = data.title.trim();
    }
    if ('answers' in data) {
      if (!data.answers || typeof data.answers !== 'object' || Array.isArray(data.answers)) throw new RefusalError(400, 'invalid_answers', '申报内容格式不正确', 'answers');
      out.answers = data.answers;
    }
    if ('claimedBaseFen' in data) {
      try {
        out.claimedBaseFen = data.claimedBaseFen === null ? null : parseFen(data.claimedBaseFen, 'claimedBaseFen');
      } catch (error) {
        throw new RefusalError(400, 'invalid_amount', (error as Error).message, 'claimedBaseFen');
      }
    }
    return out;
  }

  /** When the 承诺书 items were all ticked: kept while they stay ticked, cleared when one is unticked. */
  const signedAt = (definition: any, answers: any, previous: string | null = null) =>
    commitmentsSigned(definition, answers) ? previous ?? new Date().toISOString() : null;

  async function findOwned(actor: Actor, documentId: string) {
    const app = await strapi.db.query(UID).findOne({ where: { documentId }, populate: ['organization'] });
    if (!app || !actor.organizationId || app.organization?.documentId !== actor.organizationId) throw NOT_VISIBLE();
    return app;
  }

  function timeline(records: any[], actor: Actor) {
    // An expert sees the other experts' scores, and their opinions, only once it has scored itself.
    const ownScore = records.some((r: any) => r.action === 'score' && r.actorId === actor.id);
    const blind = (record: any) => actor.role === 'applicant' || (actor.role === 'expert' && !ownScore && record.actorId !== actor.id);
    return records.map((record: any) => ({
      seq: record.seq,
      stage: record.stage,
      action: record.action,
      actorType: record.actorType,
      fromState: record.fromState,
      toState: record.toState,
      actorName: actor.role === 'applicant' ? null : record.actorName,
      actorRole: record.actorRole,
      opinion: record.action === 'score' && blind(record) ? null : record.opinion,
      flaggedFields: record.flaggedFields,
      scores: blind(record) ? null : record.scores,
      // a draw's field, pool, seed and result; a declaration; a replacement (src/domain/panel-draw.ts)
      subject: actor.role === 'applicant' ? null : (record.subject ?? null),
      amountFen: record.amountFen === null ? null : Number(record.amountFen),
      // the files a step names (completion materials, the party group's scanned minutes) with their hashes
      attachments: actor.role === 'applicant' ? null : (record.attachments ?? null),
      // a supervision record's finding, and the finding a clawback acts on (第十一条、第十二条)
      finding: record.subject?.kind === 'finding' ? record.subject.finding : null,
      basedOn: actor.role === 'applicant' || record.subject?.kind !== 'clawback' ? null : record.subject.basedOn,
      occurredAt: record.occurredAt,
      hash: record.hash,
    }));
  }

  async function objectionsOf(applicationId: number) {
    const rows = await findLinked(strapi, 'api::objection.objection', 'application', applicationId, { populate: ['files', 'publicity'], orderBy: { lodgedAt: 'asc' } });
    return rows.map((row: any) => ({
      documentId: row.documentId,
      receiptNo: row.receiptNo ?? null,
      publicity: row.publicity?.title ?? null,
      objectorName: row.objectorName,
      objectorOrganization: row.objectorOrganization,
      phone: row.phone,
      reason: row.reason,
      lodgedAt: row.lodgedAt,
      resolution: row.resolution,
      finding: row.finding,
      reply: row.reply,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedBy ?? null,
      files: (row.files ?? []).map((f: any) => ({ id: f.documentId, name: f.originalName, mime: f.mime })),
    }));
  }

  const view = (app: any) => ({
    documentId: app.documentId,
    serialNo: app.serialNo,
    title: app.title,
    state: app.state,
    version: app.version,
    programKey: app.programKey,
    districtCode: app.districtCode,
    taskSpecDocumentId: app.taskSpecDocumentId,
    answers: app.answers,
    claimedBaseFen: app.claimedBaseFen === null ? null : Number(app.claimedBaseFen),
    recognisedBaseFen: app.recognisedBaseFen === null ? null : Number(app.recognisedBaseFen),
    awardFen: app.awardFen === null ? null : Number(app.awardFen),
    awardTrace: app.awardTrace,
    returnFlaggedFields: app.returnFlaggedFields,
    submittedAt: app.submittedAt,
    stateChangedAt: app.stateChangedAt,
    commitmentsSignedAt: app.commitmentsSignedAt,
    organization: app.organization ? { documentId: app.organization.documentId, name: app.organization.name, uscc: app.organization.uscc, legalForm: app.organization.legalForm ?? null } : undefined,
  });

  return {
    async createDraft(actor: Actor, input: unknown) {
      if (!actor.organizationId) throw new RefusalError(403, 'no_organization', '请先绑定申报单位');
      const { taskSpec: taskSpecId, ...rest } = (input ?? {}) as Record<string, unknown>;
      const data = editableInput(rest);
      if (typeof taskSpecId !== 'string') throw new RefusalError(400, 'missing_task_spec', '请选择申报通知', 'taskSpec');
      const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: taskSpecId, status: 'published', populate: ['program'] });
      if (!taskSpec?.program) throw new RefusalError(404, 'unknown_task_spec', '申报通知不存在或未发布', 'taskSpec');
      refuseOutsideValidity(taskSpec.program as any, new Date());
      checkAnswers(taskSpec, taskSpec.formVersion ?? 1, data.answers, 'lenient');
      // A new draft holds no attachment yet: files come through the upload, into a draft that exists.
      if (data.answers) checkAttachmentIds(taskSpec, taskSpec.formVersion ?? 1, data.answers as Record<string, unknown>, []);
      data.commitmentsSignedAt = signedAt(taskSpec.formDefinition, data.answers);
      const organization = await strapi.documents('api::organization.organization').findOne({ documentId: actor.organizationId, populate: ['district'] });
      if (!organization?.district) throw new RefusalError(409, 'no_district', '申报单位尚未填写所属区', 'organization.district');
      const created = await strapi.documents(UID).create({
        data: {
          title: taskSpec.title,
          ...data,
          organization: organization.documentId,
          program: taskSpec.program.documentId,
          district: organization.district.documentId,
          districtCode: organization.district.code,
          organizationName: organization.name,
          organizationUscc: organization.uscc,
          programKey: taskSpec.program.key,
          taskSpecDocumentId: taskSpec.documentId,
        } as any,
      });
      return view({ ...(await findOwned(actor, created.documentId)) });
    },

    /**
     * Saves a draft, or the flagged fields of a returned application. In one transaction holding
     * the application's row, so that an upload into a slot at the same moment is neither lost nor
     * doubled. File slots hold what was uploaded: a slot the client sends may name only this
     * application's attachments of that slot (400 otherwise), and a file leaves a slot only when
     * `removeFiles` names it (slotsAfter).
     */
    async updateDraft(actor: Actor, documentId: string, input: unknown, { removeFiles = {} }: { removeFiles?: Record<string, string[]> } = {}) {
      const data = editableInput(input);
      await strapi.db.transaction(async () => {
        await lockRow(strapi, 'applications', { document_id: documentId });
        const app = await findOwned(actor, documentId);
        if (app.state !== 'returned' && app.state !== 'draft') {
          throw new RefusalError(409, 'not_editable', app.state === 'withdrawn' ? '申报已撤回，不能修改' : '申报已提交，不能修改');
        }
        await refuseDraftOutsideValidity(strapi, app);
        // A draft follows the call's current form; a returned application stays on its pinned version.
        const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: app.taskSpecDocumentId, status: 'published' });
        const version = app.state === 'returned' ? app.formVersion : (taskSpec?.formVersion ?? 1);
        const definition = taskSpec ? definitionAtVersion(taskSpec, version) : null;
        const removing = Object.values(removeFiles).some((ids) => ids.length);
        if (data.answers || removing) {
          const sent = (data.answers ?? {}) as Record<string, unknown>;
          if (taskSpec && fileSlots(definition).some(({ key }) => key in sent)) checkAttachmentIds(taskSpec, version, sent, await attachments().refsFor(app.id));
          // A draft's answers are what the client sent; a correction changes only what it sent.
          const base = app.state === 'returned' || !data.answers ? { ...(app.answers ?? {}), ...sent } : { ...sent };
          data.answers = { ...base, ...slotsAfter(definition, app.answers ?? {}, sent, removeFiles) };
        }
        if (app.state === 'returned') {
          const flagged: string[] = app.returnFlaggedFields ?? [];
          const changedAnswers = Object.keys((data.answers as object) ?? {}).filter((key) => JSON.stringify((data.answers as any)[key]) !== JSON.stringify(app.answers?.[key]));
          const notFlagged = [...changedAnswers.filter((key) => !flagged.includes(key)), ...Object.keys(data).filter((f) => f !== 'answers' && !flagged.includes(f))];
          if (notFlagged.length) throw new RefusalError(403, 'not_flagged', `退回补正只能修改被指出的内容，「${labelOf(definition, notFlagged[0])}」不在其中`, notFlagged[0]);
        }
        if (data.answers && taskSpec) {
          checkAnswers(taskSpec, version, data.answers, 'lenient');
          data.commitmentsSignedAt = signedAt(definition, data.answers, app.commitmentsSignedAt);
        }
        await asApplicantEdit(() => strapi.documents(UID).update({ documentId, data: data as any }));
      });
      return view(await findOwned(actor, documentId));
    },

    /** Takes one file out of its slot (the REST client's 删除附件); the portal names removals with a save. */
    async removeFile(actor: Actor, documentId: string, fileId: string) {
      const app = await findOwned(actor, documentId);
      const slot = Object.keys(app.answers ?? {}).find((key) => Array.isArray(app.answers[key]) && app.answers[key].includes(fileId));
      if (!slot) throw new RefusalError(404, 'unknown_attachment', '该附件不在本申报的任何附件栏中', 'file');
      return this.updateDraft(actor, documentId, {}, { removeFiles: { [slot]: [fileId] } });
    },

    async listForApplicant(actor: Actor) {
      if (!actor.organizationId) return [];
      const rows = await strapi.db.query(UID).findMany({ where: { organization: { documentId: actor.organizationId } }, orderBy: { createdAt: 'desc' }, populate: ['organization'] });
      return rows.map(view);
    },

    async detailFor(actor: Actor, documentId: string) {
      const app = await strapi.db.query(UID).findOne({ where: { documentId }, populate: ['organization', 'program'] });
      if (!app) throw NOT_VISIBLE();
      const records = await transitions().recordsOf(app);
      const snapshot = await transitions().snapshotOf(app, records);
      if (!canSee(actor, snapshot)) throw NOT_VISIBLE();
      const definition = await transitions().definitionFor(app);
      const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: app.taskSpecDocumentId, status: 'published' });
      // "As submitted": the form version the application is bound to, not whatever the call says now.
      const formVersion = app.formVersion ?? taskSpec?.formVersion ?? 1;
      const pinnedForm = taskSpec ? definitionAtVersion(taskSpec as any, formVersion) : null;
      const currentForm = taskSpec ? definitionAtVersion(taskSpec as any, taskSpec.formVersion ?? 1) : null;
      // What changed: between the last two submissions (after a return), and in the call's form since.
      const submissions = records.filter((r: any) => r.answers && r.actorType === 'applicant');
      const [previous, latest] = submissions.slice(-2);
      const actions = availableActions(definition, snapshot, actor).map(({ key, label, requires }) => ({ key, label, requires }));
      // Whom the city reviewer may assign: the active profiles of the role the assign action names.
      const assigneeRoles = [...new Set(actions.map((a) => a.requires?.assignees).filter(Boolean))] as string[];
      const assigneeCandidates = assigneeRoles.length
        ? (await strapi.db.query('api::reviewer-profile.reviewer-profile').findMany({ where: { role: { $in: assigneeRoles }, active: true }, populate: ['adminUser'] }))
            .filter((p: any) => p.adminUser)
            .map((p: any) => ({ id: p.adminUser.id, name: p.displayName, role: p.role, institution: p.institution ?? null }))
        : [];
      // For a draw: how many experts of each field could be drawn now (the draw itself recounts).
      const drawable = actions.some((a) => a.requires?.panelDraw)
        ? await drawableByField(await transitions().expertPool(), snapshot)
        : null;
      return {
        ...view(app),
        assigneeCandidates,
        drawable,
        // 公示 objections against it, for the city reviewer who decides them.
        objections: actor.role === 'city_reviewer' ? await objectionsOf(app.id) : [],
        // The caller's conflict-of-interest declaration is made once per application: a step it
        // took with the declaration means the desk shows it as made.
        coiDeclared: records.some((r: any) => r.actorId === actor.id && r.coiDeclared === true),
        form: { version: formVersion, hash: app.formHash, definition: pinnedForm },
        answersDiff: pinnedForm && previous && latest ? diffAnswers(pinnedForm, previous.answers, latest.answers) : [],
        formDiff: pinnedForm && currentForm && pinnedForm !== currentForm ? diffDefinitions(pinnedForm, currentForm) : [],
        assignments: actor.role === 'applicant' ? undefined : app.assignments,
        timeline: timeline(records, actor),
        panel: panelView(definition, records, actor),
        // For the admin desk: the eligibility snapshot taken at submission, the attached files by
        // slot (names and types, so they open inline), the award rule of the programme (the
        // recognised amount's award is shown live) and the workflow's stages (labels, rubric).
        eligibility: app.eligibility ?? null,
        files: (await findLinked(strapi, 'api::attachment.attachment', 'application', app.id, { orderBy: { id: 'asc' } })).map((row: any) => ({
          id: row.documentId,
          slot: row.slot,
          name: row.originalName,
          mime: row.mime,
        })),
        program: app.program
          ? {
              key: app.program.key,
              name: app.program.name,
              ratioBp: app.program.ratioBp,
              capFen: app.program.capFen === null || app.program.capFen === undefined ? null : Number(app.program.capFen),
              rounding: app.program.roundingMode,
              capScope: app.program.capScope,
              ruleVersion: app.program.ruleVersion,
            }
          : null,
        workflow: {
          key: definition.key,
          version: definition.version,
          // the desk names stages and the timeline's steps by these labels, not by strings of its own
          stages: definition.stages.map((s: any) => ({
            key: s.key,
            label: s.label,
            kind: s.kind,
            timeLimitWorkingDays: s.timeLimitWorkingDays ?? null,
            panel: s.panel ?? null,
            actions: s.actions.map((a: any) => ({ key: a.key, label: a.label })),
          })),
        },
        availableActions: actions,
      };
    },

    /** Staff lists, scoped on the server: district staff see their district, institutions and experts their assignments. */
    async listForStaff(actor: Actor, query: { state?: string; page?: number; pageSize?: number }) {
      const pageSize = Math.min(Math.max(Number(query.pageSize) || 20, 1), 100);
      const page = Math.max(Math.floor(Number(query.page) || 1), 1);
      const scope = actor.role && actor.role !== 'applicant' ? await staffScope(strapi, actor) : null;
      if (!scope) return { results: [], pagination: { page, pageSize, total: 0 } };
      const where = { $and: [scope, { state: query.state ? String(query.state) : { $ne: 'draft' } }] };
      const total = await strapi.db.query(UID).count({ where });
      const rows = await strapi.db.query(UID).findMany({ where, orderBy: [{ stateChangedAt: 'asc' }, { id: 'asc' }], offset: (page - 1) * pageSize, limit: pageSize, populate: ['organization'] });
      return { results: rows.map(view), pagination: { page, pageSize, total } };
    },
  };
});
