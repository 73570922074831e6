'use strict';

/** The run as a table on the console: each scenario beside its baseline, then the targets. */
const pad = (value, width) => {
  const text = String(value);
  const shown = [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return text + ' '.repeat(Math.max(0, width - shown));
};
const cells = (r) => (r ? [r.rps, r.p50, r.p99] : ['', '', '']);

function printTable(results) {
  const { bare, ours, big } = results;
  const rows = [
    ['场景', '次/秒', 'p50 ms', 'p99 ms', '基准（裸 Strapi）', '次/秒', 'p50 ms', 'p99 ms'],
    ['提交申报', ...cells(ours.submit), 'create', ...cells(bare.create)],
    ['审核流转（推荐）', ...cells(ours.transition), 'update', ...cells(bare.update)],
    ['保存草稿', ...cells(ours.draft), 'create', ...cells(bare.create)],
    [`待办第1页（${results.settings.small}件）`, ...cells(ours.inbox), 'find 25', ...cells(bare.find)],
    [`待办第1页（${results.settings.large}件）`, ...cells(big.inbox), 'find 25', ...cells(bare.find)],
    ['通知列表（冷）', ...cells(ours.notices.cold), 'find 25', ...cells(bare.find)],
    ['通知列表（热 304）', ...cells(ours.notices.warm), 'find 25', ...cells(bare.find)],
    ['申报通知页（冷）', ...cells(ours.call.cold), 'find 25', ...cells(bare.find)],
    ['申报通知页（热 304）', ...cells(ours.call.warm), 'find 25', ...cells(bare.find)],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => [...String(row[i])].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))) + 2);
  console.log(`\n基准测试（${results.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}，${results.machine.cpus} 核，Node ${results.machine.node}，${results.settings.connections} 个并发连接）`);
  for (const row of rows) console.log(row.map((cell, i) => pad(cell, widths[i])).join(''));
  const e = big.export;
  console.log(`\n导出 ${e.rows} 行 XLSX：${e.seconds} 秒，${e.megabytes} MB，内存峰值增长 ${e.peakGrowthMb} MB`);
  console.log(`启动后内存：本系统 ${Math.round(ours.rssMb)} MB，裸 Strapi ${Math.round(bare.rssMb)} MB`);
  console.log('\n目标（同一次运行内的比值）：');
  for (const c of results.checks) console.log(`  ${c.pass ? '✔' : '✘'} ${pad(c.name, 44)} ${c.value}（限值 ${c.limit}）${c.required ? '' : '（仅 SQLite 考核）'}`);
}

module.exports = { printTable };
