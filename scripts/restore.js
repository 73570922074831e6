#!/usr/bin/env node
'use strict';

/**
 * `npm run restore -- --file PATH`: puts a backup made by `npm run backup` into the database and
 * folders this configuration names (DATABASE_URL or DATABASE_FILENAME, UPLOAD_PRIVATE_DIR). The
 * database must be new: a restore refuses to write over applications or review records. It then
 * verifies every hash chain and prints the ledger digest, to compare with the one anchored
 * outside the system (docs/security.md). The server must not be running on that database.
 */
const path = require('path');
const { loadStrapi, fromDist } = require('./lib/boot');

async function main() {
  const at = process.argv.indexOf('--file');
  const file = at === -1 ? null : process.argv[at + 1];
  const { checkPassphrase, restoreBackup, RestoreRefusal, ArchiveError } = fromDist('backup');
  const refused = (error) => {
    if (!(error instanceof RestoreRefusal || error instanceof ArchiveError)) throw error;
    console.error(`恢复未进行：${error.message}`);
    process.exitCode = 2;
  };
  if (!file) return refused(new RestoreRefusal('请用 --file 指定备份文件'));
  try {
    checkPassphrase(process.env.BACKUP_KEY);
  } catch (error) {
    return refused(error);
  }
  const app = await loadStrapi();
  try {
    const report = await restoreBackup(app, path.resolve(process.cwd(), file), process.env.BACKUP_KEY);
    console.log(`恢复完成：备份时间 ${report.createdAt}，${report.tables} 张数据表共 ${report.rows} 行（申报 ${report.applications} 件，审核记录 ${report.reviewRecords} 条）；附件 ${report.files.private} 个，媒体文件 ${report.files.public} 个，哈希均已核对。`);
    if (report.audit.broken) {
      const b = report.audit.broken;
      console.error(`审计失败：申报 ${b.applicationId} 的第 ${b.seq} 条审核记录 ${b.message}`);
      process.exitCode = 1;
    } else {
      console.log(`审计通过：${report.audit.applications} 个申报的 ${report.audit.records} 条审核记录哈希链完整。`);
    }
    console.log(`账本摘要：${report.ledgerHead}`);
  } catch (error) {
    refused(error);
  } finally {
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
