'use strict';

/**
 * The targets of issue 8, each a ratio against the same run's baseline. `dbBound` targets must
 * hold on PostgreSQL as well; the others measure the Node process and are checked on SQLite.
 */
const TARGETS = [
  { name: '提交申报 ≥ 0.8× 基准 create（吞吐）', dbBound: true, limit: 0.8, atLeast: true, value: ({ ours, bare }) => ours.submit.rps / bare.create.rps },
  { name: '审核流转 ≥ 0.8× 基准 update（吞吐）', dbBound: true, limit: 0.8, atLeast: true, value: ({ ours, bare }) => ours.transition.rps / bare.update.rps },
  { name: '待办 p50：大数据集 ≤ 1.5× 小数据集', dbBound: true, limit: 1.5, atLeast: false, value: ({ ours, big }) => big.inbox.p50 / Math.max(ours.inbox.p50, 1) },
  { name: '门户通知列表（热）≥ 5× 基准 find（吞吐）', dbBound: false, limit: 5, atLeast: true, value: ({ ours, bare }) => ours.notices.warm.rps / bare.find.rps },
  { name: '门户申报通知页（热）≥ 5× 基准 find（吞吐）', dbBound: false, limit: 5, atLeast: true, value: ({ ours, bare }) => ours.call.warm.rps / bare.find.rps },
  { name: '导出内存峰值增长 ≤ 150 MB', dbBound: true, limit: 150, atLeast: false, value: ({ big }) => big.export.peakGrowthMb },
  { name: '启动后内存 ≤ 1.3× 基准 Strapi', dbBound: false, limit: 1.3, atLeast: false, value: ({ ours, bare }) => ours.rssMb / bare.rssMb },
];

function evaluate(measured, run) {
  return TARGETS.map((target) => {
    const value = Math.round(target.value(measured) * 100) / 100;
    const pass = target.atLeast ? value >= target.limit : value <= target.limit;
    return { name: target.name, value, limit: target.limit, pass, required: run.dialect === 'sqlite' || target.dbBound };
  });
}

module.exports = { TARGETS, evaluate };
