import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { privateDir } from '../api/attachment/support/storage';
import { verifyAll, headAt } from '../api/review-record/support/verify';
import { ArchiveError, openArchive, sealDirectory } from './archive';
import { RestoreRefusal, checkRestorable, loadTables, restoreFolder } from './load';
import { FORMAT, type Manifest, copyFolderIn, dumpTables } from './snapshot';
import type { Client } from './tables';

/**
 * `npm run backup` and `npm run restore` (docs/operations.md): the whole database, the private
 * attachments and the public media in one encrypted file, and back into a new, empty database.
 */
export { ArchiveError, RestoreRefusal };

export interface Folders {
  /** the applicants' attachments (UPLOAD_PRIVATE_DIR) */
  private: string;
  /** Strapi's media library (public/uploads) */
  public: string;
}

const MIN_PASSPHRASE = 16;

export function foldersOf(strapi: Core.Strapi): Folders {
  return {
    private: privateDir(strapi),
    public: path.resolve(strapi.dirs.static.public, 'uploads'),
  };
}

const clientOf = (strapi: Core.Strapi) => strapi.db.dialect.client as Client;

/** The plain copy exists only in a private temporary folder, and only until it is sealed or loaded. */
async function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-backup-'));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function checkPassphrase(passphrase: string | undefined): string {
  if (!passphrase || passphrase.length < MIN_PASSPHRASE) throw new RestoreRefusal(`BACKUP_KEY 须设置为至少 ${MIN_PASSPHRASE} 个字符的密钥`);
  return passphrase;
}

export async function createBackup(strapi: Core.Strapi, file: string, passphrase: string, folders = foldersOf(strapi)) {
  checkPassphrase(passphrase);
  return inScratch(async (dir) => {
    const manifest: Manifest = {
      format: FORMAT,
      client: clientOf(strapi),
      createdAt: new Date().toISOString(),
      tables: await dumpTables(strapi.db.connection, clientOf(strapi), dir),
      files: {},
    };
    for (const [label, source] of Object.entries(folders)) manifest.files[label] = await copyFolderIn(source, dir, label);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await sealDirectory(dir, file, passphrase);
    return summary(manifest);
  });
}

export async function restoreBackup(strapi: Core.Strapi, file: string, passphrase: string, folders = foldersOf(strapi)) {
  checkPassphrase(passphrase);
  return inScratch(async (dir) => {
    await openArchive(file, passphrase, dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const knex = strapi.db.connection;
    const tables = await checkRestorable(knex, clientOf(strapi), manifest);
    // files first: a database restored without its files would point at nothing
    for (const [label, target] of Object.entries(folders)) await restoreFolder(dir, label, target, manifest);
    await loadTables(knex, clientOf(strapi), dir, tables, manifest);
    const audit = await verifyAll(strapi);
    const ledger = await headAt(strapi, new Date());
    return { ...summary(manifest), audit, ledgerHead: ledger.head };
  });
}

function summary(manifest: Manifest) {
  const rows = (table: string) => manifest.tables.find((t) => t.name === table)?.rows ?? 0;
  return {
    createdAt: manifest.createdAt,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((sum, table) => sum + table.rows, 0),
    applications: rows('applications'),
    reviewRecords: rows('review_records'),
    files: Object.fromEntries(Object.entries(manifest.files).map(([label, files]) => [label, files.length])),
  };
}
