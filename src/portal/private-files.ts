import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { AttachmentOwner, discardAttachments, keepAttachment } from '../api/attachment/support/keep';
import type { UploadedFile } from './request';
import { pdfActiveContent } from '../domain/forms';

/**
 * Files the public sends with consultation feedback and 公示 objections: recognised by their
 * content (magic bytes), never by name, and kept in the private attachment store, reachable only
 * through the staff download route. Nothing is stored until every file has passed.
 */
export interface Detected {
  ext: string;
  mime: string;
}

export type FileKind = 'word' | 'scan';

const SCAN_TYPES = ['pdf', 'jpg', 'png'];

async function detect(file: UploadedFile): Promise<Detected | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('file-type').fromFile(file.filepath);
}

/**
 * Whether a ZIP file holds a `word/document.xml` entry, read from its central directory. file-type
 * calls a .docx "docx" only when the Word part comes early in the archive; other writers give
 * "zip", and a plain zip must not pass as a Word file, so the entry itself is looked for.
 */
export function zipHasWordDocument(content: Buffer): boolean {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  for (let eocd = content.length - 22; eocd >= Math.max(0, content.length - 22 - 65_535); eocd -= 1) {
    if (content.readUInt32LE(eocd) !== END) continue;
    const count = content.readUInt16LE(eocd + 10);
    let offset = content.readUInt32LE(eocd + 16);
    for (let i = 0; i < count && offset + 46 <= content.length; i += 1) {
      if (content.readUInt32LE(offset) !== ENTRY) return false;
      const nameLength = content.readUInt16LE(offset + 28);
      const extraLength = content.readUInt16LE(offset + 30);
      const commentLength = content.readUInt16LE(offset + 32);
      const name = content.toString('utf8', offset + 46, offset + 46 + nameLength);
      if (name === 'word/document.xml') return true;
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return false;
  }
  return false;
}

/** The detected type when the file is what `kind` asks for, or undefined. */
export async function checkFile(file: UploadedFile, kind: FileKind): Promise<Detected | undefined> {
  const detected = await detect(file);
  if (!detected) return undefined;
  // A PDF that would run something when staff open it is not what any of these forms asks for.
  if (detected.ext === 'pdf' && pdfActiveContent(fs.readFileSync(file.filepath))) return undefined;
  if (kind === 'scan') return SCAN_TYPES.includes(detected.ext) ? detected : undefined;
  // A .doc is an OLE compound file (D0 CF 11 E0).
  if (detected.ext === 'cfb') return { ext: 'doc', mime: 'application/msword' };
  if (detected.ext === 'docx' || detected.ext === 'zip') {
    return zipHasWordDocument(fs.readFileSync(file.filepath))
      ? { ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }
      : undefined;
  }
  return undefined;
}

/** Stores checked files privately as attachments of their owner, all or none; returns their documentIds. */
export async function storePrivateFiles(
  strapi: Core.Strapi,
  owner: AttachmentOwner,
  files: Array<{ slot: string; file: UploadedFile; detected: Detected }>,
): Promise<string[]> {
  const kept: string[] = [];
  try {
    for (const { slot, file, detected } of files) kept.push((await keepAttachment(strapi, owner, slot, { ...file, detected }, 'public')).id);
    return kept;
  } catch (error) {
    await discardAttachments(strapi, kept);
    throw error;
  }
}

/** Removes the uploads' temporary files, whatever happened to the request. */
export function discardUploads(files: Record<string, unknown> | undefined) {
  for (const value of Object.values(files ?? {})) {
    for (const file of (Array.isArray(value) ? value : [value]) as UploadedFile[]) if (file?.filepath) fs.rmSync(file.filepath, { force: true });
  }
}
