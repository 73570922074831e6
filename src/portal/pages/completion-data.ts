import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { keepAttachment } from '../../api/attachment/support/keep';
import { COMPLETION_RULES, COMPLETION_SLOT, PERFORMANCE_SLOT, materialSlot } from '../../api/attachment/support/slots';
import { acceptsDetected, safeFileName } from '../../domain/forms/files';
import type { Actor, MaterialSlot } from '../../domain/workflow';
import type { StoredFile } from '../form/render';
import type { UploadedFile } from '../request';

/**
 * 建设完成材料: files for the `submit_completion` transition. The attachment service's upload
 * is for form slots of drafts and returned applications only, so these are checked the same way
 * (type by magic bytes, size) and kept in the same private store, as attachments of the
 * application in a slot of their own that no form can declare. The transition records each
 * file's name and SHA-256 in the review record's hash chain.
 */
const ATTACHMENT = 'api::attachment.attachment';
const { accept: ACCEPT, maxSizeMb: MAX_MB, maxFiles: MAX_FILES } = COMPLETION_RULES;
export { COMPLETION_SLOT, PERFORMANCE_SLOT };

/** Checks every file before anything is stored; a message for the first that fails. */
export async function completionProblem(files: UploadedFile[], emptyMessage: string | null = '请选择要上传的建设完成材料'): Promise<string | null> {
  if (!files.length) return emptyMessage;
  if (files.length > MAX_FILES) return `一次最多上传${MAX_FILES}个文件`;
  for (const file of files) {
    if (file.size > MAX_MB * 1024 * 1024) return `「${safeFileName(file.originalFilename ?? '')}」超过${MAX_MB}MB`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const detected = await require('file-type').fromFile(file.filepath);
    if (!acceptsDetected(ACCEPT, detected?.ext)) return `「${safeFileName(file.originalFilename ?? '')}」的类型不被接受（按文件内容识别，只接受 ${ACCEPT.join('、')}）`;
  }
  return null;
}

/** Stores the files as attachments of the application; returns their refs for the transition. */
export async function storeCompletionFiles(strapi: Core.Strapi, actor: Actor, applicationDocumentId: string, files: UploadedFile[], slot = COMPLETION_SLOT) {
  const refs: Array<{ id: string; name: string; sha256: string }> = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const detected = await require('file-type').fromFile(file.filepath);
    const { id, name, sha256 } = await keepAttachment(strapi, { application: applicationDocumentId }, slot, { ...file, detected }, actor.id);
    refs.push({ id, name, sha256 });
  }
  return refs;
}

export const removeTemporary = (files: UploadedFile[]) => files.forEach((file) => fs.rmSync(file.filepath, { force: true }));

export async function completionFilesOf(strapi: Core.Strapi, applicationDocumentId: string, slot = COMPLETION_SLOT): Promise<StoredFile[]> {
  const rows = await strapi.db.query(ATTACHMENT).findMany({ where: { application: { documentId: applicationDocumentId }, slot }, orderBy: { id: 'asc' } });
  return rows.map((row: any) => ({ id: row.documentId, name: row.originalName, size: row.sizeBytes }));
}

/** 建设完成材料 as submitted: under each item of the step's list, or in one group when the step has none. */
export async function completionGroupsOf(strapi: Core.Strapi, applicationDocumentId: string, materials: MaterialSlot[] | null) {
  if (!materials) {
    const files = await completionFilesOf(strapi, applicationDocumentId);
    return files.length ? [{ label: null, files }] : [];
  }
  const groups = await Promise.all(materials.map(async (m) => ({ label: m.label, files: await completionFilesOf(strapi, applicationDocumentId, materialSlot(m.key)) })));
  return groups.filter((group) => group.files.length);
}
