import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import knexFactory, { Knex } from 'knex';
import { ROOT, usePostgres } from '../harness/env';
import { PDF, PNG } from '../harness/fixtures';
import { createPgDatabase, startInstance, call } from '../harness/instances';
import { spawnServer } from '../harness/server-process';
import { TestApp, startStrapi } from '../harness/strapi';
import { APPLICANT, PASSWORD, applicantStep, applicantToken, createApplication, currentVersion, outboxSettled, seedDemo, staffAct, staffToken } from '../harness/workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { headAt } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));

/**
 * `npm run backup` while the server runs, then `npm run restore` into a new database and folder:
 * every table comes back row for row (admin users and their ids too), the chains verify to the
 * same ledger digest, every attachment matches its hash, and the restored system serves its
 * users. A wrong key, a changed byte and a database that already holds a ledger are refused.
 */
let app: TestApp;
const KEY = 'backup-test-key-0123456789';
const scratch = path.join(ROOT, '.tmp', 'test', `backup-${process.pid}`);
const archive = path.join(scratch, 'shenbao.backup');
const targets: Array<{ env: Record<string, string>; drop: () => Promise<void>; knex: Knex; privateDir: string }> = [];
const applicationIds: string[] = [];

const runScript = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', ...env }, encoding: 'utf8', timeout: 180_000 });

/** A new, empty database and attachment folder, as the restore's target. */
async function newTarget(name: string) {
  const privateDir = path.join(scratch, `${name}-files`);
  if (usePostgres()) {
    const database = await createPgDatabase();
    const knex = knexFactory({ client: 'pg', connection: database.url });
    const target = { env: { DATABASE_URL: database.url, UPLOAD_PRIVATE_DIR: privateDir }, knex, privateDir, drop: async () => (await knex.destroy(), await database.drop()) };
    targets.push(target);
    return target;
  }
  const file = path.join(scratch, `${name}.db`);
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
  const target = { env: { DATABASE_FILENAME: file, UPLOAD_PRIVATE_DIR: privateDir }, knex, privateDir, drop: () => knex.destroy() };
  targets.push(target);
  return target;
}

async function tableRows(knex: Knex, table: string) {
  const rows = await knex(table).select('*').orderBy('id');
  return JSON.parse(JSON.stringify(rows));
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  fs.mkdirSync(scratch, { recursive: true });
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::task-spec.task-spec').create({
    data: {
      slug: 'backup-call', title: '备份测试', kind: 'call', year: 2026, program: program.documentId,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      formDefinition: { title: '备份测试', type: 'object', properties: { scan: { type: 'array', title: '盖章扫描件', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf', 'png'], maxSizeMb: 1, maxCount: 2 } } } },
    } as any,
    status: 'published',
  });
  for (let i = 0; i < 3; i += 1) {
    const { documentId } = await createApplication(app, jwt, i === 0 ? 'backup-call' : 'dataset-2025-batch-1');
    applicationIds.push(documentId);
    if (i === 0) {
      for (const [content, name] of [[PDF, '营业执照.pdf'], [PNG, '场地照片.png']] as const) {
        const uploaded = await app.http().post(`/api/applications/${documentId}/files`).set('Authorization', `Bearer ${jwt}`).field('slot', 'scan').attach('file', content, name);
        expect(uploaded.status).toBe(200);
      }
    }
    expect((await applicantStep(app, jwt, documentId, 'submit', { version: await currentVersion(app, documentId) })).status).toBe(200);
    if (i < 2) expect((await staffAct(app, reviewer, documentId, { action: 'recommend', opinion: `同意推荐 ${i}`, version: await currentVersion(app, documentId) })).status).toBe(200);
  }
  await outboxSettled(app);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  for (const target of targets) await target.drop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('npm run backup', () => {
  it('refuses a missing or short BACKUP_KEY, writing nothing', () => {
    const result = runScript('backup.js', ['--file', archive], { BACKUP_KEY: 'short' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('BACKUP_KEY 须设置为至少 16 个字符的密钥');
    expect(fs.existsSync(archive)).toBe(false);
  });

  it('writes one sealed file while the server keeps running, with no plain text in it', () => {
    const result = runScript('backup.js', ['--file', archive], { BACKUP_KEY: KEY });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('申报 3 件，审核记录 5 条');
    // two in the first application's slot, five required files in each of the others
    expect(result.stdout).toContain('附件 12 个');
    const sealed = fs.readFileSync(archive);
    expect(sealed.subarray(0, 16).toString()).toBe('SHENBAO-BACKUP 1');
    // neither the applicant's organisation nor the PDF's bytes can be read from the file
    expect(sealed.includes(Buffer.from('武汉光谷智数科技'))).toBe(false);
    expect(sealed.includes(PDF.subarray(0, 64))).toBe(false);
    expect(fs.statSync(archive).mode & 0o077).toBe(0);
  });
});

describe('npm run restore', () => {
  let target: Awaited<ReturnType<typeof newTarget>>;

  it('refuses a wrong key and a changed byte, leaving the new database without a ledger', async () => {
    target = await newTarget('restored');
    const wrongKey = runScript('restore.js', ['--file', archive], { ...target.env, BACKUP_KEY: 'not-the-backup-key-0000' });
    expect(wrongKey.status).toBe(2);
    expect(wrongKey.stderr).toContain('备份密钥不正确，或备份文件已被改动或损坏');

    const tampered = path.join(scratch, 'tampered.backup');
    const bytes = fs.readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(tampered, bytes);
    const changed = runScript('restore.js', ['--file', tampered], { ...target.env, BACKUP_KEY: KEY });
    expect(changed.status).toBe(2);
    expect(changed.stderr).toContain('备份密钥不正确，或备份文件已被改动或损坏');

    expect(Number((await target.knex('applications').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await target.knex('review_records').count({ n: '*' }))[0].n)).toBe(0);
    expect(fs.existsSync(target.privateDir) ? fs.readdirSync(target.privateDir) : []).toEqual([]);
  });

  it('restores every table row for row, the chains to the same digest, and every file by its hash', async () => {
    const result = runScript('restore.js', ['--file', archive], { ...target.env, BACKUP_KEY: KEY });
    expect(result.stderr).not.toMatch(/Error|审计失败/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('审计通过：3 个申报的 5 条审核记录哈希链完整');
    const digest = (await headAt(app.strapi, new Date())).head;
    expect(result.stdout).toContain(`账本摘要：${digest}`);

    const source = app.strapi.db.connection;
    for (const table of ['applications', 'review_records', 'review_records_application_lnk', 'attachments', 'attachments_application_lnk', 'organizations', 'admin_users', 'admin_users_roles_lnk', 'admin_roles', 'reviewer_profiles', 'reviewer_profiles_admin_user_lnk', 'up_users', 'task_specs', 'calendar_days', 'notifications']) {
      expect({ table, rows: await tableRows(target.knex, table) }).toEqual({ table, rows: await tableRows(source, table) });
    }
    const attachments = await target.knex('attachments').select('storage_key', 'sha_256');
    expect(attachments).toHaveLength(12);
    for (const row of attachments) expect(sha256(path.join(target.privateDir, row.storage_key))).toBe(row.sha_256);
  });

  it('gives back a system its users can work in: staff and applicants log in with their passwords', async () => {
    const server = usePostgres() ? await startInstance(target.env.DATABASE_URL, { UPLOAD_PRIVATE_DIR: target.privateDir }) : await spawnServer(path.join(ROOT, 'scripts', 'lib', 'serve.js'), { NODE_ENV: 'test', ...target.env });
    try {
      const staff = await call(server.url, 'POST', '/admin/login', { email: 'district.reviewer@shenbao.local', password: PASSWORD });
      expect(staff.status).toBe(200);
      const listed = await call(server.url, 'GET', '/shenbao/applications', undefined, staff.body.data.token);
      expect(listed.status).toBe(200);
      expect(listed.body.results.map((a: { documentId: string }) => a.documentId).sort()).toEqual([...applicationIds].sort());
      const applicant = await call(server.url, 'POST', '/api/auth/local', { identifier: APPLICANT, password: PASSWORD });
      expect(applicant.status).toBe(200);
      const own = await call(server.url, 'GET', '/api/applications', undefined, applicant.body.jwt);
      expect(own.body.data.map((a: { documentId: string }) => a.documentId).sort()).toEqual([...applicationIds].sort());
      const file = await fetch(`${server.url}/shenbao/files/${(await target.knex('attachments').orderBy('id').first('document_id')).document_id}`, { headers: { Authorization: `Bearer ${staff.body.data.token}` } });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('refuses to write over a database that already holds applications and review records', async () => {
    const before = await tableRows(target.knex, 'applications');
    const again = runScript('restore.js', ['--file', archive], { ...target.env, BACKUP_KEY: KEY });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('目标数据库已有 3 条 applications 数据');
    expect(await tableRows(target.knex, 'applications')).toEqual(before);
  });
});
