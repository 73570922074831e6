import fs from 'fs';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { acceptsDetected, definitionAtVersion, pdfActiveContent } from '../../../domain/forms';
import { Actor, canSee } from '../../../domain/workflow';
import { NOT_VISIBLE, RefusalError } from '../../application/support/errors';
import { checkFile } from '../../../portal/private-files';
import { keepAttachment } from '../support/keep';
import { pathOf } from '../support/storage';
import { findLinked } from '../../../database/links';
import { asApplicantEdit } from '../../../guards/write-context';
import { refuseDraftOutsideValidity } from '../../program/support/validity';

const UID = 'api::attachment.attachment';
const MB = 1024 * 1024;
/** Documents staff attach to a step (a clawback's finding), kept with the application. */
const STAFF_SLOT = '__staff';
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

export default factories.createCoreService(UID, ({ strapi }: { strapi: Core.Strapi }) => ({
  async uploadFor(actor: Actor, documentId: string, slot: unknown, file: UploadedFile | undefined) {
    try {
      const app = await strapi.db.query('api::application.application').findOne({ where: { documentId }, populate: ['organization'] });
      if (!app || !actor.organizationId || app.organization?.documentId !== actor.organizationId) throw NOT_VISIBLE();
      if (!['draft', 'returned'].includes(app.state)) throw new RefusalError(409, 'not_editable', '申报已提交，不能再上传附件');
      await refuseDraftOutsideValidity(strapi, app);
      if (typeof slot !== 'string' || !slot) throw new RefusalError(400, 'missing_slot', '请指定附件栏（slot）', 'slot');
      if (app.state === 'returned' && !(app.returnFlaggedFields ?? []).includes(slot)) {
        throw new RefusalError(403, 'not_flagged', `退回补正只能修改被指出的内容，「${slot}」不在其中`, slot);
      }
      const taskSpec = await strapi.documents('api::task-spec.task-spec').findOne({ documentId: app.taskSpecDocumentId, status: 'published' });
      const version = app.state === 'returned' ? app.formVersion : (taskSpec?.formVersion ?? 1);
      const field = taskSpec ? definitionAtVersion(taskSpec as any, version)?.properties[slot] : undefined;
      const ui = field?.['x-ui'];
      if (!ui || ui.widget !== 'file') throw new RefusalError(400, 'unknown_slot', `附件栏「${slot}」不存在`, 'slot');
      if (!file?.filepath) throw new RefusalError(400, 'missing_file', '请选择要上传的文件', 'file');
      if (file.size > (ui.maxSizeMb ?? 20) * MB) throw new RefusalError(400, 'too_large', `「${field!.title}」的单个文件不能超过${ui.maxSizeMb}MB`, slot);
      const current: string[] = Array.isArray(app.answers?.[slot]) ? app.answers[slot] : [];
      if (current.length >= (ui.maxCount ?? 20)) throw new RefusalError(400, 'too_many', `「${field!.title}」最多上传${ui.maxCount}个文件`, slot);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const detected = await require('file-type').fromFile(file.filepath);
      if (!acceptsDetected(ui.accept ?? [], detected?.ext)) {
        throw new RefusalError(400, 'wrong_type', `「${field!.title}」只接受 ${(ui.accept ?? []).join('、')} 文件（按文件内容识别，而不是扩展名）`, slot);
      }
      refuseActivePdf(file, detected.ext, slot);
      const kept = await keepAttachment(strapi, { application: app.documentId }, slot, { ...file, detected }, actor.id);
      await asApplicantEdit(() =>
        strapi.documents('api::application.application').update({
          documentId: app.documentId,
          data: { answers: { ...(app.answers ?? {}), [slot]: [...current, kept.id] } } as any,
        }),
      );
      return { ...kept, slot };
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

  /** The stored references of staff documents named by a step, or a refusal naming the attachments. */
  async staffRefs(applicationId: number, refs: Array<{ id: string | number }>) {
    const rows = await findLinked(strapi, UID, 'application', applicationId, { where: { slot: STAFF_SLOT, documentId: { $in: refs.map((r) => String(r.id)) } } });
    if (rows.length !== refs.length) throw new RefusalError(400, 'unknown_attachment', '所附材料须先上传到本申报（attachments）', 'attachments');
    return rows.map((row: any) => ({ id: row.documentId, name: row.originalName, sha256: row.sha256 }));
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
   * Removes uploads that no application refers to any more (the applicant replaced or removed
   * them) once they are older than `olderThanMs`, files included. Submitted files are kept, and
   * so are the files of records (feedback, objections, decisions), which belong to no application.
   */
  async cleanupAbandoned(now = new Date(), olderThanMs = 24 * 3600 * 1000) {
    const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
    const candidates = await strapi.db.query(UID).findMany({ where: { createdAt: { $lt: cutoff } }, populate: RECORD_OWNERS.map(([field]) => field).concat('application') });
    let removed = 0;
    for (const attachment of candidates) {
      if (RECORD_OWNERS.some(([field]) => attachment[field])) continue;
      const app = attachment.application;
      const referenced = app && Object.values(app.answers ?? {}).some((value) => Array.isArray(value) && value.includes(attachment.documentId));
      if (referenced || (app && !['draft', 'returned'].includes(app.state))) continue;
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
}));
