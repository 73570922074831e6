import fs from 'fs';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { acceptsDetected, definitionAtVersion, pdfActiveContent } from '../../../domain/forms';
import { Actor, MaterialSlot, canSee } from '../../../domain/workflow';
import { NOT_VISIBLE, RefusalError } from '../../application/support/errors';
import { checkFile } from '../../../portal/private-files';
import { dropStored, keepAttachment, recordAttachment, storeUpload } from '../support/keep';
import { pathOf } from '../support/storage';
import { findLinked } from '../../../database/links';
import { asApplicantEdit } from '../../../guards/write-context';
import { lockRow } from '../../../database/row-lock';
import { COMPLETION_RULES, COMPLETION_SLOT, SLOT_LABELS, STAFF_SLOT, materialOf } from '../support/slots';
import { refuseDraftOutsideValidity } from '../../program/support/validity';

const UID = 'api::attachment.attachment';
const APPLICATION = 'api::application.application';
const MB = 1024 * 1024;
/** Owners other than an application: the relation on the attachment and the owner's content type. */
const RECORD_OWNERS: Array<[string, string]> = [
  ['consultationFeedback', 'api::consultation-feedback.consultation-feedback'],
  ['objection', 'api::objection.objection'],
  ['partyDecision', 'api::party-decision.party-decision'],
];

export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

/**
 * Attachments in a form's file slots: checked against the slot's rules (type by content, size,
 * count) before anything is stored, kept privately, and handed out only to the applicant that
 * owns them and the staff who may see the application.
 */
/** A PDF that would run something when opened is refused (src/domain/forms/files.ts). */
function refuseActivePdf(file: UploadedFile, ext: string, field: string) {
  const feature = ext === 'pdf' ? pdfActiveContent(fs.readFileSync(file.filepath)) : null;
  if (feature) throw new RefusalError(400, 'active_pdf', `PDF 文件含有脚本或自动执行的内容（/${feature}），不予接收；请打印为普通 PDF 或扫描后上传`, field);
}

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => {
  /** The applicant's own application, or the same 404 as for one that does not exist. */
  async function ownedApplication(actor: Actor, documentId: string) {
    const app = await strapi.db.query(APPLICATION).findOne({ where: { documentId }, populate: ['organization'] });
    if (!app || !actor.organizationId || app.organization?.documentId !== actor.organizationId) throw NOT_VISIBLE();
    return app;
  }

  /** A slot the applicant may change now: the application is a draft, or returned with this slot flagged. */
  function editableSlot(app: any, slot: unknown) {
    if (!['draft', 'returned'].includes(app.state)) throw new RefusalError(409, 'not_editable', '申报已提交，不能再上传或删除附件');
    if (typeof slot !== 'string' || !slot) throw new RefusalError(400, 'missing_slot', '请指定附件栏', 'slot');
    if (app.state === 'returned' && !(app.returnFlaggedFields ?? []).includes(slot)) {
      throw new RefusalError(403, 'not_flagged', `退回补正只能修改被指出的内容，「${slot}」不在其中`, slot);
    }
  }

  /** The slot's field in the form the application answers: the call's current one for a draft, the pinned one after a return. */
  async function slotOf(app: any, slot: string) {
    const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: app.taskSpecDocumentId, status: 'published' });
    const version = app.state === 'returned' ? app.formVersion : (taskSpec?.formVersion ?? 1);
    const field = taskSpec ? definitionAtVersion(taskSpec as any, version)?.properties[slot] : undefined;
    const ui = field?.['x-ui'];
    if (!field || !ui || ui.widget !== 'file') throw new RefusalError(400, 'unknown_slot', `附件栏「${slot.slice(0, 40)}」不存在`, 'slot');
    return { field, ui };
  }

  /**
   * 建设完成材料 through the API: only while the application waits for an applicant's step that
   * names materials (the construction stage), checked as the portal's completion form checks
   * them. The step then names the uploaded files (namedRefs).
   */
  async function uploadCompletion(actor: Actor, app: any, slot: string, file: UploadedFile | undefined) {
    const definition = await (strapi.service('api::application.transition') as any).definitionFor(app);
    const stage = definition.stages.find((s: any) => s.key === app.state);
    const step = stage?.actions.find((a: any) => a.role === 'applicant' && a.requires?.attachments);
    if (!step) throw new RefusalError(409, 'no_attachment_step', '申报当前不在需要提交建设完成材料的环节', 'slot');
    // A step with a list of materials takes each file into its item's slot; one without, into 建设完成材料.
    const materials: MaterialSlot[] | undefined = step.requires.materials;
    const material = materials?.find((m) => m.key === materialOf(slot));
    if (materials ? !material : slot !== COMPLETION_SLOT) {
      const expected = materials ? `：${materials.map((m) => `「${m.label}」`).join('、')}` : '';
      throw new RefusalError(400, 'unknown_slot', `附件栏「${slot.slice(0, 40)}」不是本环节的材料${expected}`, 'slot');
    }
    const label = material ? `「${material.label}」` : '建设完成材料';
    const { accept, maxSizeMb } = COMPLETION_RULES;
    if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择要上传的文件', 'file');
    if (file.size > maxSizeMb * MB) throw new RefusalError(400, 'too_large', `${label}的单个文件不能超过${maxSizeMb}MB`, slot);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const detected = await require('file-type').fromFile(file.filepath);
    if (!acceptsDetected(accept, detected?.ext)) throw new RefusalError(400, 'wrong_type', `${label}只接受 ${accept.join('、')} 文件（按文件内容识别，而不是扩展名）`, slot);
    refuseActivePdf(file, detected.ext, slot);
    return { ...(await keepAttachment(strapi, { application: app.documentId }, slot, { ...file, detected }, actor.id)), slot };
  }

  return {
    /**
     * An applicant's file into a form's slot. The file is checked and stored first; then, in one
     * transaction holding the application's row, the slot is read again, its count checked, the
     * record written and the answers updated. So parallel uploads to a slot of limit L accept
     * exactly L, each referenced by the answers, and a draft save in between loses none of them.
     */
    async uploadFor(actor: Actor, documentId: string, slot: unknown, file: UploadedFile | undefined) {
      try {
        const app = await ownedApplication(actor, documentId);
        if (slot === COMPLETION_SLOT || materialOf(String(slot))) return await uploadCompletion(actor, app, slot as string, file);
        editableSlot(app, slot);
        // 第十四条: a draft of a programme not in force takes no file (src/api/program/support/validity.ts).
        await refuseDraftOutsideValidity(strapi, app);
        const { field, ui } = await slotOf(app, slot as string);
        if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择要上传的文件', 'file');
        if (file.size > (ui.maxSizeMb ?? 20) * MB) throw new RefusalError(400, 'too_large', `「${field.title}」的单个文件不能超过${ui.maxSizeMb}MB`, slot as string);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const detected = await require('file-type').fromFile(file.filepath);
        if (!acceptsDetected(ui.accept ?? [], detected?.ext)) {
          throw new RefusalError(400, 'wrong_type', `「${field.title}」只接受 ${(ui.accept ?? []).join('、')} 文件（按文件内容识别，而不是扩展名）`, slot as string);
        }
        refuseActivePdf(file, detected.ext, slot as string);
        const upload = { ...file, detected };
        const saved = storeUpload(strapi, upload);
        try {
          return await strapi.db.transaction(async () => {
            await lockRow(strapi, 'applications', { id: app.id });
            const current = await strapi.db.query(APPLICATION).findOne({ where: { id: app.id }, select: ['id', 'documentId', 'state', 'answers', 'returnFlaggedFields'] });
            editableSlot(current, slot);
            const listed: string[] = Array.isArray(current.answers?.[slot as string]) ? current.answers[slot as string] : [];
            if (listed.length >= (ui.maxCount ?? 20)) throw new RefusalError(400, 'too_many', `「${field.title}」最多上传${ui.maxCount ?? 20}个文件，已有${listed.length}个；请先删除不需要的文件`, slot as string);
            const kept = await recordAttachment(strapi, { application: app.documentId }, slot as string, upload, saved, actor.id);
            await asApplicantEdit(() =>
              strapi.documents(APPLICATION).update({ documentId: app.documentId, data: { answers: { ...(current.answers ?? {}), [slot as string]: [...listed, kept.id] } } as any }),
            );
            return { ...kept, slot };
          });
        } catch (error) {
          dropStored(strapi, saved);
          throw error;
        }
      } finally {
        if (file?.filepath) fs.rmSync(file.filepath, { force: true });
      }
    },

    /**
     * A document staff attach to a step that requires one (the finding behind a clawback): only
     * someone whose role takes such a step at the application's current stage, and who may see the
     * application. Scans and PDFs only, recognised by content.
     */
    async uploadForStaff(actor: Actor, documentId: string, file: UploadedFile | undefined) {
      try {
        const app = await strapi.db.query('api::application.application').findOne({ where: { documentId }, populate: ['organization', 'program'] });
        const visible =
          app &&
          canSee(actor, { state: app.state, version: app.version, districtCode: app.districtCode, organizationId: app.organization?.documentId, organizationUscc: app.organization?.uscc, assignments: app.assignments });
        if (!visible) throw NOT_VISIBLE();
        const definition = await (strapi.service('api::application.transition') as any).definitionFor(app);
        const stage = definition.stages.find((s: any) => s.key === app.state);
        if (!stage?.actions.some((a: any) => a.role === actor.role && a.requires?.attachments)) {
          throw new RefusalError(409, 'no_attachment_step', '当前环节没有需要您上传材料的操作');
        }
        if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择要上传的文件', 'file');
        if (file.size > 20 * MB) throw new RefusalError(400, 'too_large', '文件不能超过20MB', 'file');
        const detected = await checkFile(file, 'scan');
        if (!detected) throw new RefusalError(400, 'wrong_type', '只接受 PDF、JPG 或 PNG 文件（按文件内容识别）', 'file');
        return keepAttachment(strapi, { application: app.documentId }, STAFF_SLOT, { ...file, detected }, actor.id);
      } finally {
        if (file?.filepath) fs.rmSync(file.filepath, { force: true });
      }
    },

    /**
     * The stored attachments a step names (staff documents, the applicant's completion
     * materials): each must be this application's, in that slot. The record then keeps the
     * stored name and SHA-256, never what the request claimed of them.
     */
    async namedRefs(applicationId: number, slot: string | string[], refs: unknown) {
      const slots = Array.isArray(slot) ? slot : [slot];
      // Material slots (建设完成材料 item by item) are all called 建设完成材料 here.
      const label = SLOT_LABELS[materialOf(slots[0]) ? COMPLETION_SLOT : slots[0]] ?? slots[0];
      const ids = Array.isArray(refs) ? refs.map((ref) => (typeof ref === 'string' ? ref : (ref as { id?: unknown })?.id)) : [];
      if (!ids.length) throw new RefusalError(400, 'missing_attachments', `请先上传${label}`, 'attachments');
      if (ids.some((id) => typeof id !== 'string' || !id) || new Set(ids).size !== ids.length) throw new RefusalError(400, 'unknown_attachment', `${label}须是已上传到本申报的文件，且不能重复`, 'attachments');
      const rows = await findLinked(strapi, UID, 'application', applicationId, { where: { slot: { $in: slots }, documentId: { $in: ids } }, select: ['documentId', 'originalName', 'sha256', 'slot'] });
      if (rows.length !== ids.length) throw new RefusalError(400, 'unknown_attachment', `${label}须先上传到本申报（其中有未上传或不属于本申报的文件）`, 'attachments');
      const byId = new Map(rows.map((row: any) => [row.documentId, row]));
      return (ids as string[]).map((id) => {
        const row = byId.get(id);
        const material = materialOf(row.slot);
        return { id, name: row.originalName, sha256: row.sha256, ...(material ? { material } : {}) };
      });
    },

    /** The file and how to send it, if this actor may see the application it belongs to. */
    async downloadFor(actor: Actor, documentId: string) {
      const attachment = await strapi.db.query(UID).findOne({ where: { documentId }, populate: { application: { populate: ['organization'] } } });
      const app = attachment?.application;
      if (!app) throw NOT_VISIBLE();
      const visible = canSee(actor, {
        state: app.state,
        version: app.version,
        districtCode: app.districtCode,
        organizationId: app.organization?.documentId,
        organizationUscc: app.organization?.uscc,
        assignments: app.assignments,
      });
      if (!visible) throw NOT_VISIBLE();
      return { path: pathOf(strapi, attachment.storageKey), name: attachment.originalName, mime: attachment.mime, ext: attachment.ext, ownerType: 'application', ownerId: app.documentId };
    },

    /**
     * A file that belongs to a record rather than an application (consultation feedback, a 公示
     * objection, a party group decision): the file and the content type whose read permission lets
     * staff download it. Undefined for application files (and files of nobody), which stay behind
     * `downloadFor` and its scoping.
     */
    async recordFile(documentId: string) {
      const attachment = await strapi.db.query(UID).findOne({ where: { documentId }, populate: RECORD_OWNERS.map(([field]) => field).concat('application') });
      if (!attachment || attachment.application) return undefined;
      const owner = RECORD_OWNERS.find(([field]) => attachment[field]);
      if (!owner) return undefined;
      return {
        ownerUid: owner[1],
        file: { path: pathOf(strapi, attachment.storageKey), name: attachment.originalName, mime: attachment.mime, ext: attachment.ext, ownerType: owner[0], ownerId: attachment[owner[0]].documentId },
      };
    },

    /**
     * Removes uploads that nothing refers to any more (the applicant replaced or removed them in a
     * draft or a correction) once they are older than `olderThanMs`, files included. Kept: the
     * files of applications that moved on, the files of records (feedback, objections,
     * decisions), and every file a review record names, so that the chain's links never go dead.
     */
    async cleanupAbandoned(now = new Date(), olderThanMs = 24 * 3600 * 1000) {
      const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
      const candidates = await strapi.db.query(UID).findMany({ where: { createdAt: { $lt: cutoff } }, populate: RECORD_OWNERS.map(([field]) => field).concat('application') });
      const recorded = new Map<number, Set<string>>();
      const namedByRecords = async (app: any, id: string) => {
        if (!recorded.has(app.id)) {
          const records = app.submittedAt ? await findLinked(strapi, 'api::review-record.review-record', 'application', app.id, { select: ['attachments'] }) : [];
          recorded.set(app.id, new Set(records.flatMap((r: any) => (Array.isArray(r.attachments) ? r.attachments.map((a: any) => String(a.id)) : []))));
        }
        return recorded.get(app.id)!.has(id);
      };
      let removed = 0;
      for (const attachment of candidates) {
        if (RECORD_OWNERS.some(([field]) => attachment[field])) continue;
        const app = attachment.application;
        const referenced = app && Object.values(app.answers ?? {}).some((value) => Array.isArray(value) && value.includes(attachment.documentId));
        if (referenced || (app && !['draft', 'returned'].includes(app.state))) continue;
        if (app && (await namedByRecords(app, attachment.documentId))) continue;
        await strapi.documents(UID).delete({ documentId: attachment.documentId });
        fs.rmSync(pathOf(strapi, attachment.storageKey), { force: true });
        removed += 1;
      }
      return removed;
    },

    /** What the submit record keeps: each attachment's name and SHA-256, by slot. */
    async refsFor(applicationId: number) {
      const rows = await findLinked(strapi, UID, 'application', applicationId, { orderBy: { id: 'asc' }, select: ['documentId', 'slot', 'originalName', 'sha256'] });
      return rows.map((row: any) => ({ id: row.documentId, slot: row.slot, name: row.originalName, sha256: row.sha256 }));
    },
  };
});
