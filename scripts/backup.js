#!/usr/bin/env node
'use strict';

/**
 * `npm run backup [-- --file PATH]`: the whole database, the applicants' attachments and the
 * media library in one file sealed with AES-256-GCM under BACKUP_KEY (docs/operations.md). It
 * reads one consistent instant, so the server may keep running. Reads the same configuration
 * as the server (DATABASE_URL or DATABASE_FILENAME, UPLOAD_PRIVATE_DIR).
 */
const path = require('path');
const { ROOT } = require('./lib/env');
const { loadStrapi, fromDist } = require('./lib/boot');

function defaultFile() {
  const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return path.join(ROOT, 'backups', `shenbao-${stamp}.backup`);
}

function option(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? null : process.argv[at + 1];
}

async function main() {
  const file = path.resolve(process.cwd(), option('--file') || defaultFile());
  const { checkPassphrase, createBackup, RestoreRefusal } = fromDist('backup');
  try {
    checkPassphrase(process.env.BACKUP_KEY);
  } catch (error) {
    if (!(error instanceof RestoreRefusal)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const app = await loadStrapi();
  try {
    const report = await createBackup(app, file, process.env.BACKUP_KEY);
    console.log(`备份完成：${file}`);
    console.log(`  ${report.tables} 张数据表共 ${report.rows} 行（申报 ${report.applications} 件，审核记录 ${report.reviewRecords} 条）；附件 ${report.files.private} 个，媒体文件 ${report.files.public} 个。`);
    console.log('  请将备份文件与 BACKUP_KEY 分开保管：没有密钥无法恢复。');
  } finally {
    await app.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
