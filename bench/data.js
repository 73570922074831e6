#!/usr/bin/env node
'use strict';

/**
 * `npm run bench:data -- --applications 100000 [--pg]`: builds the benchmark's data set in a
 * database of its own (.tmp/bench/shenbao_<N>.db, or PostgreSQL bench_shenbao_<N>): the demo's
 * reference data and logins, then organisations and applications over every stage with their
 * review records, through the bulk path in src/seed/bulk (see docs/performance.md).
 */
const path = require('path');
const { ROOT, ensureSecrets } = require('../scripts/lib/env');
const { buildIfNeeded } = require('../scripts/lib/build');
const { database, recreate, markComplete } = require('./lib/databases');

function parseArgs(argv) {
  const value = (name, fallback) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : fallback;
  };
  const applications = Number(value('--applications', '1000'));
  if (!Number.isInteger(applications) || applications < 1) throw new Error('--applications 应为正整数');
  return { applications, dialect: argv.includes('--pg') ? 'postgres' : 'sqlite', quiet: argv.includes('--quiet') };
}

/** Builds the data set; returns its facts. Used by bench/run.js as well as from the command line. */
async function buildDataSet({ applications, dialect, quiet = false }) {
  const db = database(dialect, `shenbao_${applications}`);
  const started = Date.now();
  await recreate(db);
  Object.assign(process.env, db.env, { NODE_ENV: 'production', CRON_ENABLED: 'false' });
  ensureSecrets();
  buildIfNeeded({ log: quiet ? () => {} : console.log });

  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  app.log.level = 'warn';
  await app.load();
  try {
    await require(path.join(ROOT, 'dist', 'src', 'seed')).seed(app, { password: process.env.DEMO_PASSWORD || 'Shenbao@2026' });
    const { SingleBar, Presets } = require('cli-progress');
    const bar = quiet ? null : new SingleBar({ format: '生成申报 [{bar}] {percentage}% | {value}/{total} | 已用 {duration}s | 预计剩余 {eta}s', hideCursor: true, noTTYOutput: true, notTTYSchedule: 10_000 }, Presets.shades_classic);
    bar?.start(applications, 0);
    const { generateApplications } = require(path.join(ROOT, 'dist', 'src', 'seed', 'bulk', 'applications'));
    const result = await generateApplications(app, { applications, onProgress: (done) => bar?.update(done) });
    bar?.stop();
    await require(path.join(ROOT, 'dist', 'src', 'database', 'idle')).waitForIdleDatabase(app);
    // What autovacuum would do a little later: statistics for the planner, and the visibility
    // map that lets counts read only the index. A benchmark must not run against a table the
    // planner has never seen.
    if (dialect === 'postgres') await app.db.connection.raw('VACUUM ANALYZE');
    const facts = { ...result, database: db.label, seconds: Math.round((Date.now() - started) / 1000) };
    markComplete(db, facts);
    return facts;
  } finally {
    await app.destroy();
  }
}

if (require.main === module) {
  buildDataSet(parseArgs(process.argv.slice(2)))
    .then((facts) => {
      console.log(`\n数据集已生成（${facts.database}，用时 ${facts.seconds} 秒）：${facts.organizations} 家单位，${facts.applications} 件申报，${facts.reviewRecords} 条审核记录`);
      console.log('各环节分布：', JSON.stringify(facts.byState));
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}

module.exports = { buildDataSet };
