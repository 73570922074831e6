#!/usr/bin/env node
'use strict';

/**
 * `npm run credit:import -- file.csv` (or .xlsx): imports 信用中国 list entries (失信被执行人,
 * 重大税收违法, 政府采购严重违法失信, 严重违法失信) into the credit records, with a progress bar
 * and a report. Columns: 统一社会信用代码, 主体名称, 名单类型, 列入日期, 有效期至, 文号.
 * Staff can do the same from the admin panel (信用记录 → 导入信用名单).
 */
const fs = require('fs');
const path = require('path');
const { loadStrapi, fromDist } = require('./lib/boot');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('用法：npm run credit:import -- 文件.csv 或 文件.xlsx');
    process.exit(2);
  }
  const source = path.resolve(process.cwd(), file);
  if (!fs.existsSync(source)) {
    console.error(`找不到文件：${file}`);
    process.exit(2);
  }
  const cliProgress = require('cli-progress');
  const app = await loadStrapi();
  const bar = new cliProgress.SingleBar({ format: '导入信用记录 [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  const { importCreditFile } = fromDist('api', 'credit-record', 'support', 'import');
  const { SheetError } = fromDist('api', 'credit-record', 'support', 'sheets');
  let report;
  try {
    report = await importCreditFile(app, source, (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
  } catch (error) {
    if (!(error instanceof SheetError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    if (started) bar.stop();
    await fromDist('database', 'idle').waitForIdleDatabase(app);
    await app.destroy();
  }
  if (!report) return;
  console.log(`导入批次 ${report.batch}：接受 ${report.accepted} 条，重复 ${report.duplicates} 条，拒绝 ${report.rejected.length} 条。`);
  for (const row of report.rejected) console.log(`  第 ${row.line} 行：${row.error}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
