#!/usr/bin/env node
'use strict';

/**
 * `npm run audit:materials [-- --json]`: lists the applications whose answers name files that
 * were never stored for them (or stored for another slot or application), the submitted ones
 * that lack a file their form requires, and the review records that name a file no longer
 * stored. It reports and changes nothing: exit 0 when all is real, 1 when something is listed,
 * 2 when the check could not run. Reads the same configuration as the server.
 */
const { loadStrapi, fromDist } = require('./lib/boot');

async function main() {
  const json = process.argv.includes('--json');
  const app = await loadStrapi();
  const { auditMaterials } = fromDist('api', 'attachment', 'support', 'materials-audit');
  const { BUILT_IN_WORKFLOWS } = fromDist('domain', 'workflow', 'definitions');
  const stateLabels = Object.fromEntries(BUILT_IN_WORKFLOWS.flatMap((definition) => definition.stages.map((stage) => [stage.key, stage.label])));
  const report = await auditMaterials(app, (checked) => json || process.stderr.write(`\r已核查 ${checked} 个申报…`));
  await app.destroy();
  if (!json) process.stderr.write('\n');
  if (json) console.log(JSON.stringify(report, null, 2));
  else if (!report.findings.length) console.log(`材料核查通过：${report.applications} 个申报所列附件均为本申报在相应附件栏上传的文件，已提交的申报必需材料齐全。`);
  else {
    console.log(`材料核查发现 ${report.findings.length} 个申报的材料不实（共核查 ${report.applications} 个）。本命令只报告，不做任何修改：`);
    for (const finding of report.findings) {
      console.log(`\n${finding.serialNo ?? '（未提交）'}  ${finding.title}  ${finding.organizationName ?? ''}  [${stateLabels[finding.state] ?? finding.state}]  documentId=${finding.documentId}`);
      for (const slot of finding.slots) console.log(`  - 「${slot.label}」：${slot.message}`);
      for (const record of finding.records) console.log(`  - 第${record.seq}条审核记录（${record.action}）所列文件已不存在：${record.missing.join('、')}`);
    }
  }
  process.exit(report.findings.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
