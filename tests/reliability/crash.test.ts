import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import { ROOT, setTestSecrets } from '../harness/env';
import { createPgDatabase, startInstance } from '../harness/instances';
import { ServerProcess, spawnServer } from '../harness/server-process';
import { PASSWORD } from '../harness/workflow';
import { readyDraftAt } from '../harness/materials';

/**
 * Crash safety (issue 9): a burst of submissions and staff steps, each with an Idempotency-Key,
 * and the server killed with SIGKILL in the middle of it; then a restart on the same database.
 * Every application is either fully moved (with its review record) or untouched, no record is
 * orphaned, the ledger verifies, and retrying every request with its key moves nothing twice.
 * On SQLite and on PostgreSQL.
 */
const N = 24; // applications: the first half get a staff step, the second half are submitted
const json = async (response: Response) => ({ status: response.status, body: await response.json().catch(() => null) });
const post = (url: string, token: string, body: unknown, key?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

interface Database { env: Record<string, string>; drop: () => Promise<void> }

async function sqlite(): Promise<Database> {
  const file = path.join(ROOT, '.tmp', 'test', `crash_${process.pid}_${crypto.randomBytes(4).toString('hex')}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { env: { DATABASE_FILENAME: file }, drop: async () => ['', '-wal', '-shm'].forEach((s) => fs.rmSync(`${file}${s}`, { force: true })) };
}
async function postgres(): Promise<Database> {
  const db = await createPgDatabase();
  return { env: { DATABASE_URL: db.url }, drop: db.drop };
}
const start = (db: Database): Promise<ServerProcess> => {
  setTestSecrets();
  return db.env.DATABASE_URL
    ? startInstance(db.env.DATABASE_URL, { SEED_PASSWORD: PASSWORD, UPLOAD_PRIVATE_DIR: path.join(ROOT, '.tmp', 'test', `crash-files-${process.pid}`) })
    : spawnServer(path.join(ROOT, 'scripts', 'lib', 'serve.js'), { NODE_ENV: 'test', SEED_PASSWORD: PASSWORD, UPLOAD_PRIVATE_DIR: path.join(ROOT, '.tmp', 'test', `crash-files-${process.pid}`), ...db.env });
};

function auditVerify(db: Database) {
  const env = { ...process.env, NODE_ENV: 'test', ...db.env };
  if (!db.env.DATABASE_URL) delete env.DATABASE_URL;
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'audit-verify.js')], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
}

describe.each([['SQLite', sqlite], ['PostgreSQL', postgres]])('a server killed in a burst of writes, on %s', (_name, makeDatabase) => {
  let db: Database;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('keeps every application whole, and a retry with the same key moves nothing twice', async () => {
    db = await makeDatabase();
    server = await start(db);
    const url = server.url;
    const jwt = (await json(await post(`${url}/api/auth/local`, '', { identifier: 'applicant@shenbao.local', password: PASSWORD }))).body.jwt;
    const login = async (base: string) => (await json(await post(`${base}/admin/login`, '', { email: 'district.reviewer@shenbao.local', password: PASSWORD }))).body.data.token;
    const reviewer = await login(url);
    const callId = (await (await fetch(`${url}/calls`)).text()).match(/href="\/calls\/([a-z0-9]+)"/)![1];
    // The call's slug names its sample answers; the Content Manager tells it to the super admin.
    const admin = (await json(await post(`${url}/admin/login`, '', { email: 'admin@shenbao.local', password: PASSWORD }))).body.data.token;
    const call = await json(await fetch(`${url}/content-manager/collection-types/api::task-spec.task-spec/${callId}?status=published`, { headers: { authorization: `Bearer ${admin}` } }));
    const ids: string[] = [];
    for (let i = 0; i < N; i += 1) ids.push(await readyDraftAt(url, jwt, callId, call.body.data.slug, `崩溃测试${i}`));
    for (const id of ids.slice(0, N / 2)) expect((await post(`${url}/api/applications/${id}/submit`, jwt, { version: 0 })).status).toBe(200);

    // The burst: a staff step for the first half, a submission for the second, eight at a time,
    // and a SIGKILL once a third of them have answered.
    const requests = ids.map((id, i) =>
      i < N / 2
        ? { id, key: `crash-recommend-${id}`, send: (base: string, token = reviewer) => post(`${base}/shenbao/applications/${id}/transitions`, token, { action: 'recommend', version: 1, opinion: '同意推荐' }, `crash-recommend-${id}`) }
        : { id, key: `crash-submit-${id}`, send: (base: string) => post(`${base}/api/applications/${id}/submit`, jwt, { version: 0 }, `crash-submit-${id}`) },
    );
    const answered = new Map<string, unknown>();
    let next = 0;
    const killed = new Promise<void>((resolve) => {
      const worker = async () => {
        while (next < requests.length) {
          const request = requests[next++];
          try {
            const response = await json(await request.send(url));
            if (response.status === 200) answered.set(request.key, response.body);
            if (answered.size >= N / 3) resolve();
          } catch {
            resolve(); // the server is gone
          }
        }
        resolve();
      };
      for (let w = 0; w < 8; w += 1) void worker();
    });
    await killed;
    process.kill(server.pid, 'SIGKILL');
    console.log(`crash on ${_name}: killed with ${answered.size} of ${N} steps answered, ${next - answered.size} sent and unanswered or not sent`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered.size).toBeGreaterThan(0);
    expect(answered.size).toBeLessThan(N);

    server = await start(db);
    // Whole or untouched: each application's version counts its records, and the chains verify.
    const audit = auditVerify(db);
    expect(audit.stderr).not.toContain('审计失败');
    expect(audit.status).toBe(0);

    // Every request again, with its key: answered ones replay their answer; the rest run now.
    const reviewerAgain = await login(server.url);
    for (const request of requests) {
      const response = await json(await request.send(server.url, reviewerAgain));
      expect(response.status).toBe(200);
      if (answered.has(request.key)) expect(response.body).toEqual(answered.get(request.key));
    }
    // And once more: nothing moves a second time.
    for (const request of requests) expect((await json(await request.send(server.url, reviewerAgain))).status).toBe(200);

    const mine = (await json(await fetch(`${server.url}/api/applications`, { headers: { authorization: `Bearer ${jwt}` } }))).body.data;
    const byId = new Map(mine.map((app: any) => [app.documentId, app]));
    // Recommended once (the call's chain decides the next stage), or submitted once.
    ids.forEach((id, i) => expect(byId.get(id)).toMatchObject(i < N / 2 ? { version: 2, state: expect.not.stringMatching(/^(draft|district_review)$/) } : { state: 'district_review', version: 1 }));
    const after = auditVerify(db);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(`${N} 个申报的 ${N / 2 * 2 + N / 2} 条审核记录`);
  });
});
