import { spawnSync } from 'child_process';
import path from 'path';
import { ROOT, usePostgres } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, currentVersion, seedDemo, staffAct, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));

/** `npm run audit:verify` against the test database, before and after someone edits a row by hand. */
let app: TestApp;
let target: { id: number; seq: number; applicationId: string };

const auditVerify = () =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'audit-verify.js')], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
  for (let i = 0; i < 2; i += 1) {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    await staffAct(app, reviewer, documentId, { action: 'recommend', opinion: '同意推荐', version: await currentVersion(app, documentId) });
    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
    const record = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { id: application.id }, seq: 2 } });
    target = { id: record.id, seq: 2, applicationId: documentId };
  }
});
afterAll(async () => {
  await app?.stop();
});

describe('npm run audit:verify', () => {
  it('passes on untouched chains', () => {
    const result = auditVerify();
    expect(result.stderr).not.toContain('审计失败');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('审计通过：2 个申报的 4 条审核记录哈希链完整');
  });

  it('gives the same report walking the applications one at a time as in batches', async () => {
    expect(await verifyAll(app.strapi, 1)).toEqual({ applications: 2, records: 4, broken: null });
    expect(await verifyAll(app.strapi)).toEqual({ applications: 2, records: 4, broken: null });
  });

  it('prints the ledger digest of a day, which pins every record up to it', async () => {
    const { headAt } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'audit-verify.js'), '--head', today], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    const printed = result.stdout.match(/账本摘要（截至 \d{4}-\d{2}-\d{2} 24:00 北京时间，2 个申报的 4 条审核记录）：([0-9a-f]{64})/)?.[1];
    const now = await headAt(app.strapi, new Date());
    expect(printed).toBe(now.head);
    // The same digest walking one application at a time; an earlier instant holds fewer records.
    expect((await headAt(app.strapi, new Date(), 1)).head).toBe(now.head);
    expect(await headAt(app.strapi, new Date('2000-01-01T00:00:00Z'))).toMatchObject({ applications: 0, records: 0 });
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'audit-verify.js'), '--head', '2026-13-45'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('日期格式不正确');
  });

  it('fails and names the first record someone changed in the database', async () => {
    const knex = app.strapi.db.connection;
    // The database refuses the edit outright (a trigger on PostgreSQL and on SQLite), row and link.
    const refused = async (query: PromiseLike<unknown>) => {
      try {
        await query;
        return 'done';
      } catch (error) {
        return (error as Error).message.includes('append-only') ? 'refused' : (error as Error).message;
      }
    };
    expect(await refused(knex('review_records').where({ id: target.id }).update({ opinion: '不同意推荐' }))).toBe('refused');
    expect(await refused(knex('review_records').where({ id: target.id }).delete())).toBe('refused');
    expect(await refused(knex('review_records_application_lnk').where({ review_record_id: target.id }).delete())).toBe('refused');
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
    // A database administrator can switch the trigger off; the hash chain still tells.
    if (usePostgres()) await knex.raw('ALTER TABLE review_records DISABLE TRIGGER review_records_append_only');
    else await knex.raw('DROP TRIGGER review_records_no_update');

    // Someone who rewrites a record and its hash consistently passes the chain check; the digest
    // anchored before (in the minutes, or timestamped) is what tells.
    const { headAt } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));
    const { hashEntry } = require(path.join(ROOT, 'dist', 'src', 'domain', 'ledger'));
    const anchored = (await headAt(app.strapi, new Date())).head;
    const original = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { id: target.id } });
    const forged = { ...original, opinion: '不同意推荐', applicationId: target.applicationId };
    await knex('review_records').where({ id: target.id }).update({ opinion: forged.opinion, hash: hashEntry(forged) });
    expect(await verifyAll(app.strapi)).toMatchObject({ broken: null });
    expect((await headAt(app.strapi, new Date())).head).not.toBe(anchored);

    await knex('review_records').where({ id: target.id }).update({ hash: original.hash });

    const result = auditVerify();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`申报 ${target.applicationId} 的第 2 条审核记录（id=${target.id}）`);
    expect(result.stderr).toContain('hash_mismatch');
  });
});
