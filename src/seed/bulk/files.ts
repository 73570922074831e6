import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { privateDir } from '../../api/attachment/support/storage';
import { newDocumentId } from '../../database/document-id';

/**
 * The benchmark's attachments: one small real PDF per file, in the private store under a random
 * key, as an upload leaves it, so that every submission and audit of the data set reads real
 * rows for real files. The bytes are the same for all (a data set of 100,000 applications holds
 * some 600,000 of them), so their SHA-256 is computed once.
 */
export const SMALL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const SHA256 = crypto.createHash('sha256').update(SMALL_PDF).digest('hex');

export interface BenchFile {
  id: string;
  slot: string;
  name: string;
  sha256: string;
  storageKey: string;
  originalName: string;
  ext: string;
  mime: string;
  sizeBytes: number;
}

export const benchFile = (slot: string, name: string): BenchFile => ({
  id: newDocumentId(),
  slot,
  name,
  sha256: SHA256,
  storageKey: crypto.randomBytes(16).toString('hex'),
  originalName: name,
  ext: 'pdf',
  mime: 'application/pdf',
  sizeBytes: SMALL_PDF.length,
});

export function writeBenchFiles(strapi: Core.Strapi, files: BenchFile[]) {
  const dir = privateDir(strapi);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of files) fs.writeFileSync(path.join(dir, file.storageKey), SMALL_PDF, { mode: 0o600 });
}
