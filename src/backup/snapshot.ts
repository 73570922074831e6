import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import readline from 'readline';
import { pipeline } from 'stream/promises';
import type { Knex } from 'knex';
import { type Client, type TableInfo, describeTables } from './tables';

/**
 * What a backup directory holds, and the two halves that write and read it: every table as JSON
 * lines in `tables/`, the uploads folders under `files/`, and `manifest.json` with the row count
 * of every table and the hash of every file, against which a restore is checked.
 */
export const FORMAT = 1;
const BATCH = 1000;

export interface Manifest {
  format: number;
  client: Client;
  createdAt: string;
  tables: Array<TableInfo & { rows: number }>;
  files: Record<string, Array<{ path: string; sha256: string; bytes: number }>>;
}

/** Values JSON cannot carry as they are. */
const encode = (row: Record<string, unknown>) =>
  JSON.stringify(row, (_key, value) => (value && value.type === 'Buffer' && Array.isArray(value.data) ? { $bytes: Buffer.from(value.data).toString('base64') } : value));
const decode = (line: string) => JSON.parse(line, (_key, value) => (value && typeof value === 'object' && typeof value.$bytes === 'string' ? Buffer.from(value.$bytes, 'base64') : value));

async function dumpTable(trx: Knex.Transaction, table: TableInfo, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  let rows = 0;
  let lastId: number | string | null = null;
  for (let offset = 0; ; offset += BATCH) {
    // keyset pagination where there is an id, so that a large table costs the same per batch
    const query = trx(table.name).select('*').limit(BATCH);
    const batch: any[] = table.hasId ? await (lastId === null ? query : query.where('id', '>', lastId)).orderBy('id') : await query.offset(offset);
    for (const row of batch) out.write(`${encode(row)}\n`);
    rows += batch.length;
    if (batch.length < BATCH) break;
    lastId = batch[batch.length - 1].id;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return rows;
}

/** Every table, read in one transaction so the copy is one consistent instant even while the server writes. */
export async function dumpTables(knex: Knex, client: Client, dir: string): Promise<Manifest['tables']> {
  fs.mkdirSync(path.join(dir, 'tables'), { recursive: true });
  return knex.transaction(async (trx) => {
    if (client === 'postgres') await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await describeTables(trx, client);
    const dumped: Manifest['tables'] = [];
    for (const table of tables) dumped.push({ ...table, rows: await dumpTable(trx, table, path.join(dir, 'tables', `${table.name}.jsonl`)) });
    return dumped;
  });
}

export async function* readTable(dir: string, table: string, batchSize = BATCH): AsyncGenerator<Record<string, unknown>[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(path.join(dir, 'tables', `${table}.jsonl`)), crlfDelay: Infinity });
  let batch: Record<string, unknown>[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(decode(line));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function walk(root: string, relative = ''): string[] {
  const here = path.join(root, relative);
  if (!fs.existsSync(here)) return [];
  return fs.readdirSync(here, { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(relative, entry.name);
    if (entry.isDirectory()) return walk(root, name);
    return entry.isFile() ? [name] : [];
  });
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Copies a folder's files into the backup under files/<label>, with their hashes. */
export async function copyFolderIn(source: string, dir: string, label: string): Promise<Manifest['files'][string]> {
  const listed: Manifest['files'][string] = [];
  for (const name of walk(source)) {
    const target = path.join(dir, 'files', label, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    try {
      fs.copyFileSync(path.join(source, name), target);
    } catch (error) {
      // deleted since the listing (the daily clean-up of orphan uploads): it was on its way out
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    listed.push({ path: name.split(path.sep).join('/'), sha256: await sha256File(target), bytes: fs.statSync(target).size });
  }
  return listed;
}
