#!/usr/bin/env node
'use strict';

/**
 * `npm run bench [-- --pg] [-- --check] [-- --quick]`: the built server in production mode against
 * a bare Strapi on the same packages and the same database engine, in one run, over loopback.
 * Prints a table, writes bench/results.json, and with --check fails on a missed target. Targets
 * are ratios against the same run's baseline, never absolute times (docs/performance.md).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT, ensureSecrets } = require('../scripts/lib/env');
const { buildIfNeeded } = require('../scripts/lib/build');
const { database, exists, recreate, DIR } = require('./lib/databases');
const { startServer } = require('./lib/server');
const { prepareBare, BARE_USER } = require('./lib/bare');
const { load } = require('./lib/load');
const { copyDatabase } = require('./lib/copy');
const { evaluate } = require('./targets');
const { printTable } = require('./table');

const PASSWORD = process.env.DEMO_PASSWORD || 'Shenbao@2026';
const APPLICANT = 'applicant@shenbao.local';

function options(argv) {
  const value = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
  const quick = argv.includes('--quick');
  return {
    dialect: argv.includes('--pg') ? 'postgres' : 'sqlite',
    check: argv.includes('--check'),
    quick,
    small: value('--small', quick ? 50 : 1000),
    large: value('--applications', quick ? 200 : 100_000),
    /** seconds per read scenario; writes run a fixed number of requests */
    duration: value('--duration', quick ? 1 : 10),
    writes: value('--writes', quick ? 20 : 1000),
    warmup: quick ? 10 : 200,
    rounds: quick ? 2 : 5,
    connections: value('--connections', 10),
  };
}

const log = (...args) => console.log('·', ...args);

async function ensureDataSet(dialect, applications) {
  const db = database(dialect, `shenbao_${applications}`);
  if (await exists(db)) return db;
  log(`生成数据集：${applications} 件申报（${db.label}）…`);
  const args = [path.join(__dirname, 'data.js'), '--applications', String(applications), ...(dialect === 'postgres' ? ['--pg'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bench:data failed for ${applications} applications`);
  return db;
}

async function json(response) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const post = (url, body, headers = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const applicantJwt = async (url, identifier, password) => (await json(await post(`${url}/api/auth/local`, { identifier, password }))).jwt;
const adminToken = async (url, email) => (await json(await post(`${url}/admin/login`, { email, password: PASSWORD }))).data.token;
const bearer = (token) => ({ authorization: `Bearer ${token}` });
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A warm-up run, then the measured one, with the same request shape. */
async function measure(label, spec, run) {
  if (run.warmup) await load({ ...spec, ...(spec.amount ? { amount: run.warmup } : { duration: 1 }), connections: Math.min(run.connections, run.warmup) });
  const result = await load({ ...spec, connections: run.connections, ...(spec.amount ? { amount: spec.amount } : { duration: run.duration }) });
  log(`${label}: ${result.rps} 次/秒，p50 ${result.p50} ms，p99 ${result.p99} ms${result.failures ? `，失败 ${result.failures}（${JSON.stringify(result.statusCodes)}）` : ''}`);
  if (result.failures) throw new Error(`${label}: ${result.failures} requests did not answer ${spec.expect ?? 200}: ${JSON.stringify(result.statusCodes)}`);
  return result;
}

/** Gives each request the next item of a list; a list that runs out is a bug of the bench. */
function sequence(items, make) {
  let index = 0;
  return () => {
    if (index >= items.length) throw new Error('bench: ran out of prepared items');
    return make(items[index++], index);
  };
}

/**
 * Write scenarios take turns with their baselines, in rounds, both servers up: this machine's
 * speed drifts during a run (the same bare `create` has measured from 59 to 125 req/s), and a
 * drift then falls on both sides alike instead of on whichever ran second. Each side is warmed
 * up first; the rounds are summed (requests over seconds) and their p50s' median kept.
 */
async function alternate(label, sides, run) {
  for (const side of sides) await load({ ...side.spec, amount: run.warmup, connections: Math.min(run.connections, run.warmup) });
  const rounds = sides.map(() => []);
  const perRound = Math.ceil(run.writes / run.rounds);
  for (let round = 0; round < run.rounds; round += 1) {
    for (const [i, side] of sides.entries()) rounds[i].push(await load({ ...side.spec, amount: perRound, connections: run.connections }));
  }
  return sides.map((side, i) => {
    const results = rounds[i];
    const sum = (key) => results.reduce((total, r) => total + r[key], 0);
    const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    const result = { requests: sum('requests'), ok: sum('ok'), failures: sum('failures'), rps: Math.round((sum('ok') / sum('seconds')) * 10) / 10, p50: median('p50'), p99: Math.max(...results.map((r) => r.p99)), seconds: Math.round(sum('seconds') * 100) / 100, rounds: results.map((r) => r.rps) };
    log(`${side.label}（${label}，${run.rounds} 轮交替）: ${result.rps} 次/秒，p50 ${result.p50} ms，p99 ${result.p99} ms，各轮 ${result.rounds.join(' / ')}`);
    if (result.failures) throw new Error(`${side.label}: ${result.failures} requests did not answer ${side.spec.expect ?? 200}`);
    return result;
  });
}

const MATERIAL = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** One small PDF into each required slot of each draft, four uploads at a time. */
async function uploadMaterials(url, jwt, drafts, slots) {
  const uploads = drafts.flatMap((id) => slots.map((slot) => ({ id, slot })));
  const worker = async () => {
    for (let next = uploads.shift(); next; next = uploads.shift()) {
      const form = new FormData();
      form.append('slot', next.slot);
      form.append('file', new Blob([MATERIAL]), `${next.slot}.pdf`);
      const response = await fetch(`${url}/api/applications/${next.id}/files`, { method: 'POST', headers: bearer(jwt), body: form });
      if (response.status !== 200) throw new Error(`bench: upload into ${next.slot}: ${response.status} ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** The portal page's first answer, then conditional requests as a browser repeats them. */
async function portalPage(url, pagePath, run, label) {
  const cold = await measure(`${label}（冷）`, { url, next: ((n) => () => ({ path: `${pagePath}?bench=${(n += 1)}` }))(0) }, run);
  const first = await fetch(`${url}${pagePath}`);
  await first.text();
  const headers = { 'if-none-match': first.headers.get('etag'), cookie: (first.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ') };
  const warm = await measure(`${label}（热，304）`, { url, path: pagePath, headers, expect: 304 }, run);
  return { cold, warm };
}

/** The bare Strapi and ours on the small data set, up together; memory is read once both have booted. */
async function compareWithBare(db, run) {
  const bareDb = database(run.dialect, 'bare');
  await recreate(bareDb);
  const bareServer = await startServer({ appDir: prepareBare(), distDir: prepareBare(), env: bareDb.env });
  let server;
  try {
    server = await startServer({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), env: db.env });
    await pause(1000);
    const bare = { rssMb: bareServer.rssMb() };
    const ours = { rssMb: server.rssMb() };
    const bareJwt = await applicantJwt(bareServer.url, BARE_USER.email, BARE_USER.password);
    const [jwt, city, district] = [await applicantJwt(server.url, APPLICANT, PASSWORD), await adminToken(server.url, 'city.reviewer@shenbao.local'), await adminToken(server.url, 'district.reviewer@shenbao.local')];

    bare.find = await measure('基准 find 25', { url: bareServer.url, path: '/api/articles?pagination[pageSize]=25' }, run);
    ours.inbox = await measure('待办 第1页（小）', { url: server.url, path: '/shenbao/inbox?page=1&pageSize=50', headers: bearer(city) }, run);
    const calls = await (await fetch(`${server.url}/calls`)).text();
    const callPath = calls.match(/href="(\/calls\/[a-z0-9]+)"/)?.[1];
    if (!callPath) throw new Error('bench: no call on /calls');
    ours.notices = await portalPage(server.url, '/notices', run, '门户 通知列表');
    ours.call = await portalPage(server.url, callPath, run, '门户 申报通知页');

    // Drafts to submit: one per submission, saved through the portal's API as an applicant would.
    // The call's slug names its sample answers; the Content Manager tells it to the super admin.
    const taskSpec = callPath.split('/').pop();
    const admin = await adminToken(server.url, 'admin@shenbao.local');
    const slug = (await json(await fetch(`${server.url}/content-manager/collection-types/api::task-spec.task-spec/${taskSpec}?status=published`, { headers: bearer(admin) }))).data.slug;
    const { COMPLETE_ANSWERS, REQUIRED_SLOTS } = require(path.join(ROOT, 'dist', 'src', 'seed', 'bulk', 'answers'));
    const drafts = [];
    const collectDraft = (status, body) => status === 200 && drafts.push(JSON.parse(body).data.documentId);
    ours.draft = await measure(
      '保存草稿',
      { url: server.url, method: 'POST', path: '/api/applications', headers: bearer(jwt), body: { data: { taskSpec, title: '基准测试项目', answers: COMPLETE_ANSWERS[slug] } }, amount: run.writes, onBody: collectDraft },
      run,
    );
    // Each draft's files, uploaded as the applicant's browser uploads them (not measured): the
    // submission then checks and records real attachments.
    await uploadMaterials(server.url, jwt, drafts, REQUIRED_SLOTS[slug]);

    const articles = [];
    const collectArticle = (status, body) => status === 201 && articles.push(JSON.parse(body).data.documentId);
    const article = (n) => ({ data: { title: `基准文章${n}`, summary: '摘要', body: '正文'.repeat(400), category: 'notice' } });
    let n = 0;
    [bare.create, ours.submit] = await alternate('写入', [
      { label: '基准 create', spec: { url: bareServer.url, method: 'POST', path: '/api/articles', headers: bearer(bareJwt), next: () => ({ body: article((n += 1)) }), onBody: collectArticle, expect: 201 } },
      { label: '提交申报', spec: { url: server.url, method: 'POST', headers: bearer(jwt), next: sequence(drafts, (id) => ({ path: `/api/applications/${id}/submit`, body: { version: 0 } })) } },
    ], run);
    [bare.update, ours.transition] = await alternate('修改', [
      { label: '基准 update', spec: { url: bareServer.url, method: 'PUT', headers: bearer(bareJwt), next: sequence(articles, (id, i) => ({ path: `/api/articles/${id}`, body: { data: { title: `已修改${i}` } } })) } },
      { label: '审核流转（区级推荐）', spec: { url: server.url, method: 'POST', headers: bearer(district), next: sequence(drafts, (id) => ({ path: `/shenbao/applications/${id}/transitions`, body: { action: 'recommend', version: 1, opinion: '材料齐全，同意推荐。' } })) } },
    ], run);
    return { bare, ours };
  } finally {
    await server?.stop();
    await bareServer.stop();
  }
}

/** Downloads the whole export, and the server's peak memory growth while it streams. */
async function exportAll(server, token) {
  await pause(500);
  server.resetPeak();
  const before = server.rssMb();
  const started = performance.now();
  const response = await fetch(`${server.url}/shenbao/exports/applications`, { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`export: ${response.status} ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.length;
  const seconds = (performance.now() - started) / 1000;
  return { rows: Number(response.headers.get('x-total-count')), seconds: Math.round(seconds * 10) / 10, megabytes: Math.round(bytes / 1e5) / 10, rssBeforeMb: Math.round(before), peakGrowthMb: Math.round(server.peakMb() - before) };
}

async function ourLargeServer(db, run) {
  const server = await startServer({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), env: db.env });
  try {
    const city = await adminToken(server.url, 'city.reviewer@shenbao.local');
    const inbox = await measure('待办 第1页（大）', { url: server.url, path: '/shenbao/inbox?page=1&pageSize=50', headers: bearer(city) }, run);
    const exported = await exportAll(server, city);
    log(`导出 ${exported.rows} 行：${exported.seconds} 秒，${exported.megabytes} MB，内存峰值增长 ${exported.peakGrowthMb} MB`);
    return { inbox, export: exported };
  } finally {
    await server.stop();
  }
}

async function main() {
  const run = options(process.argv.slice(2));
  ensureSecrets();
  buildIfNeeded();
  if (run.dialect === 'postgres' && !(await require('./lib/databases').postgresAvailable())) throw new Error('PostgreSQL 未在 127.0.0.1:5432 运行');
  const small = await ensureDataSet(run.dialect, run.small);
  const large = await ensureDataSet(run.dialect, run.large);
  // The write scenarios run on a copy, so that the data sets stay as generated.
  const working = await copyDatabase(small, database(run.dialect, 'shenbao_run'));

  const started = Date.now();
  const { bare, ours } = await compareWithBare(working, run);
  const big = await ourLargeServer(large, run);
  const measured = { bare, ours, big };
  const checks = evaluate(measured, run);
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    dialect: run.dialect,
    settings: { small: run.small, large: run.large, duration: run.duration, writes: run.writes, rounds: run.rounds, connections: run.connections },
    seconds: Math.round((Date.now() - started) / 1000),
    ...measured,
    checks,
  };
  printTable(results);
  const file = run.quick ? path.join(DIR, 'results-quick.json') : path.join(__dirname, 'results.json');
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  all[run.dialect] = results;
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\n结果已写入 ${path.relative(ROOT, file)}`);
  const failed = checks.filter((c) => c.required && !c.pass);
  if (run.check && failed.length) {
    console.error(`\n未达标：${failed.map((c) => c.name).join('；')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
