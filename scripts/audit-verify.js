#!/usr/bin/env node
'use strict';

/**
 * `npm run audit:verify`: recomputes the hash chain of every application's review records and
 * exits non-zero, naming the first broken record, when any row was altered or removed.
 * Reads the same configuration as the server (DATABASE_URL or DATABASE_FILENAME).
 */
const path = require('path');
const { ROOT, ensureSecrets } = require('./lib/env');

async function main() {
  ensureSecrets();
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  await app.load();
  const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));
  const report = await verifyAll(app);
  await app.destroy();
  if (report.broken) {
    const b = report.broken;
    console.error(`审计失败：申报 ${b.applicationId} 的第 ${b.seq} 条审核记录（id=${b.id}）${b.message} [${b.reason}]`);
    process.exit(1);
  }
  console.log(`审计通过：${report.applications} 个申报的 ${report.records} 条审核记录哈希链完整。`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
