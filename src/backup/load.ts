import fs from 'fs';
import path from 'path';
import type { Knex } from 'knex';
import { FORMAT, type Manifest, readTable, sha256File } from './snapshot';
import { type Client, type TableInfo, describeTables } from './tables';

/** A restore that may not go ahead; nothing has been written when one is thrown. */
export class RestoreRefusal extends Error {}

/**
 * Tables whose rows the restore would have to delete, and that the database refuses to lose: a
 * target that already holds applications or review records is someone's ledger, never a scratch
 * database, and a restore never writes over it.
 */
const LEDGER_TABLES = ['applications', 'review_records'];

/** knex writes a multi-row insert on SQLite as a compound SELECT (at most 500 terms) with at most 32,766 bound values. */
const rowsPerInsert = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(columns, 1))));

export async function checkRestorable(knex: Knex, client: Client, manifest: Manifest): Promise<TableInfo[]> {
  if (manifest.format !== FORMAT) throw new RestoreRefusal(`备份格式版本 ${manifest.format} 不受支持（本系统为 ${FORMAT}）`);
  if (manifest.client !== client) {
    const names = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
    throw new RestoreRefusal(`备份来自 ${names[manifest.client]}，不能恢复到 ${names[client]} 数据库`);
  }
  const target = new Map((await describeTables(knex, client)).map((table) => [table.name, table]));
  for (const table of manifest.tables) {
    const here = target.get(table.name);
    if (!here) throw new RestoreRefusal(`目标数据库缺少数据表 ${table.name}：请先部署与备份相同或更新的版本`);
    const missing = table.columns.find((column) => !here.columns.includes(column));
    if (missing) throw new RestoreRefusal(`目标数据表 ${table.name} 缺少字段 ${missing}：请先部署与备份相同或更新的版本`);
  }
  for (const table of LEDGER_TABLES) {
    if (!target.has(table)) continue;
    const [{ count }] = await knex(table).count({ count: '*' });
    if (Number(count) > 0) throw new RestoreRefusal(`目标数据库已有 ${count} 条 ${table} 数据：恢复只能写入新建的空数据库，不会覆盖已有的申报与审核记录`);
  }
  return manifest.tables.map((table) => ({ ...table, jsonColumns: target.get(table.name)!.jsonColumns }));
}

/** Strapi's PostgreSQL connection reads jsonb as its text, which goes back as it is; a parsed value (json) is written as text again. */
const forInsert = (row: Record<string, unknown>, jsonColumns: string[]) => {
  for (const column of jsonColumns) if (row[column] !== null && typeof row[column] === 'object') row[column] = JSON.stringify(row[column]);
  return row;
};

/**
 * Replaces the rows of every table the backup holds, in one transaction: the target's own seed
 * (roles, reference data) goes, the backup's rows come in with their ids, so that every id the
 * ledger and the assignments name still means the same person and the same application.
 */
export async function loadTables(knex: Knex, client: Client, dir: string, tables: TableInfo[], manifest: Manifest): Promise<void> {
  await knex.transaction(async (trx) => {
    if (client === 'sqlite') await trx.raw('PRAGMA defer_foreign_keys = ON');
    for (const table of [...tables].reverse()) await trx(table.name).delete();
    for (const table of tables) {
      for await (const batch of readTable(dir, table.name)) {
        const rows = batch.map((row) => forInsert(row, table.jsonColumns));
        const step = rowsPerInsert(table.columns.length);
        for (let at = 0; at < rows.length; at += step) await trx(table.name).insert(rows.slice(at, at + step));
      }
      if (client === 'postgres' && table.hasId) {
        await trx.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM ??`, [`"${table.name}"`, table.name]);
      }
    }
    for (const table of manifest.tables) {
      const [{ count }] = await trx(table.name).count({ count: '*' });
      if (Number(count) !== table.rows) throw new RestoreRefusal(`数据表 ${table.name} 恢复后为 ${count} 行，备份中为 ${table.rows} 行`);
    }
  });
}

/** Copies files/<label> back into a folder and checks every file against the manifest's hash. */
export async function restoreFolder(dir: string, label: string, target: string, manifest: Manifest): Promise<number> {
  const files = manifest.files[label] ?? [];
  for (const file of files) {
    const source = path.join(dir, 'files', label, ...file.path.split('/'));
    const destination = path.join(target, ...file.path.split('/'));
    if (!path.resolve(destination).startsWith(path.resolve(target) + path.sep)) throw new RestoreRefusal(`备份中的文件路径不合法：${file.path}`);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.copyFileSync(source, destination);
    if ((await sha256File(destination)) !== file.sha256) throw new RestoreRefusal(`文件 ${file.path} 的哈希与备份清单不符`);
  }
  return files.length;
}
