#!/usr/bin/env node
'use strict';

/**
 * `npm run audit:verify [-- --head [YYYY-MM-DD]]`: recomputes the hash chain of every
 * application's review records and exits non-zero, naming the first broken record, when any row
 * was altered or removed. With --head it then prints the ledger's digest as it stood at the end
 * of that day in Beijing time (today when no date is given), to be anchored outside the system
 * (docs/security.md). Reads the same configuration as the server (DATABASE_URL or DATABASE_FILENAME).
 */
const { loadStrapi, fromDist } = require('./lib/boot');

function headDate(argv) {
  const at = argv.indexOf('--head');
  if (at === -1) return null;
  const value = argv[at + 1] && !argv[at + 1].startsWith('--') ? argv[at + 1] : new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    console.error(`日期格式不正确：${value}（应为 YYYY-MM-DD）`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const date = headDate(process.argv.slice(2));
  const app = await loadStrapi();
  const { verifyAll, headAt } = fromDist('api', 'review-record', 'support', 'verify');
  const report = await verifyAll(app);
  const head = date && !report.broken ? await headAt(app, new Date(`${date}T23:59:59.999+08:00`)) : null;
  await app.destroy();
  if (report.broken) {
    const b = report.broken;
    console.error(`审计失败：申报 ${b.applicationId} 的第 ${b.seq} 条审核记录（id=${b.id}）${b.message} [${b.reason}]`);
    process.exit(1);
  }
  console.log(`审计通过：${report.applications} 个申报的 ${report.records} 条审核记录哈希链完整。`);
  if (head) console.log(`账本摘要（截至 ${date} 24:00 北京时间，${head.applications} 个申报的 ${head.records} 条审核记录）：${head.head}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
