import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { storedFileName } from '../../../domain/forms/files';
import { pathOf, store } from './storage';

const UID = 'api::attachment.attachment';

/** What an attachment belongs to: an application's slot, a consultation feedback, an objection or a party group decision. */
export type AttachmentOwner = { application: string } | { consultationFeedback: string } | { objection: string } | { partyDecision: string };

export interface CheckedUpload {
  filepath: string;
  originalFilename?: string | null;
  /** the type its content was recognised as (file-type), never the name's extension */
  detected: { ext: string; mime: string };
}

/** A checked upload's bytes in the private store: step one of keeping it, before any row. */
export const storeUpload = (strapi: Core.Strapi, upload: CheckedUpload) => store(strapi, upload.filepath);
export type StoredUpload = ReturnType<typeof storeUpload>;

/**
 * The record of a stored upload (name, type, size, SHA-256) in `attachment`. Callers that must
 * check and write under a lock (an application's slot) store first and record inside their
 * transaction; on any refusal they drop the stored copy (`dropStored`).
 */
export async function recordAttachment(strapi: Core.Strapi, owner: AttachmentOwner, slot: string, upload: CheckedUpload, saved: StoredUpload, uploadedBy: string) {
  const row = await strapi.documents(UID).create({
    data: {
      ...owner,
      slot,
      originalName: storedFileName(upload.originalFilename ?? '', upload.detected.ext),
      ext: upload.detected.ext,
      mime: upload.detected.mime,
      sizeBytes: saved.size,
      sha256: saved.sha256,
      storageKey: saved.key,
      uploadedBy,
    } as any,
  });
  return { id: row.documentId as string, name: row.originalName as string, size: saved.size, sha256: saved.sha256 };
}

export const dropStored = (strapi: Core.Strapi, saved: StoredUpload) => fs.rmSync(pathOf(strapi, saved.key), { force: true });

/**
 * The one place a checked upload becomes a private attachment when nothing else must be checked
 * with it: the file goes into the private store and its record into `attachment`. If the record
 * cannot be written, the stored copy is removed again, so no file is left without a record.
 */
export async function keepAttachment(strapi: Core.Strapi, owner: AttachmentOwner, slot: string, upload: CheckedUpload, uploadedBy: string) {
  const saved = storeUpload(strapi, upload);
  try {
    return await recordAttachment(strapi, owner, slot, upload, saved, uploadedBy);
  } catch (error) {
    dropStored(strapi, saved);
    throw error;
  }
}

/** Removes attachments with their stored files: the undo of `keepAttachment` when what they belonged to was refused. */
export async function discardAttachments(strapi: Core.Strapi, documentIds: string[]) {
  for (const documentId of documentIds) {
    const row = await strapi.db.query(UID).findOne({ where: { documentId } });
    if (!row) continue;
    await strapi.documents(UID).delete({ documentId });
    fs.rmSync(pathOf(strapi, row.storageKey), { force: true });
  }
}
