import net from 'net';
import path from 'path';
import { Client } from 'pg';
import { PG_ADMIN_URL, ROOT, pgUrlFor, usePostgres } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { seedDemo } from '../harness/workflow';
import { pause, within } from '../harness/within';

/* eslint-disable-next-line @typescript-eslint/no-require-imports */
const { hearing } = require(path.join(ROOT, 'dist', 'src', 'database', 'cache-bus'));

/**
 * The cache bus in one process (src/database/cache-bus.ts): a write forgets what it makes stale
 * on every path, at once here; on PostgreSQL a notification goes out only for a committed write,
 * once per topic and transaction, and a process that cannot listen keeps nothing. Two processes:
 * tests/integration/postgres-only/every-instance.test.ts.
 */
const ARTICLE = 'api::article.article';
const TASK_SPEC = 'api::task-spec.task-spec';
const CALL = 'dataset-2025-batch-1';

let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  await app?.stop();
});

/** How many statements that read `table` were sent while `work` ran. */
async function readsOf(table: string, work: () => Promise<unknown>) {
  let reads = 0;
  const count = (query: { sql: string }) => (reads += new RegExp(`from [\`"]${table}[\`"]`).test(query.sql) ? 1 : 0);
  const client = app.strapi.db.connection.client;
  client.on('query', count);
  try {
    await work();
  } finally {
    client.removeListener('query', count);
  }
  return reads;
}

const publishedCall = () => app.strapi.db.query(TASK_SPEC).findOne({ where: { slug: CALL, publishedAt: { $notNull: true } } });
const checkedCall = (documentId: string) => (app.strapi.service(TASK_SPEC) as any).publishedForSubmission(documentId);

describe(`on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('a notice retracted by the query engine, past the document middlewares, is gone from the cached pages at once', async () => {
    const notice = await app.strapi.db.query(ARTICLE).findOne({ where: { category: 'notice', publishedAt: { $notNull: true } } });
    const page = `/notices/${encodeURIComponent(notice.slug)}`;
    for (const url of [page, '/notices', page, '/notices']) {
      const response = await app.http().get(url);
      expect([url, response.status, response.text.includes(notice.title)]).toEqual([url, 200, true]);
    }
    await app.strapi.db.query(ARTICLE).delete({ where: { id: notice.id } });
    expect((await app.http().get(page)).status).toBe(404);
    expect((await app.http().get('/notices')).text).not.toContain(notice.title);
  });

  it('keeps the call a submission checks, and reads it afresh after a write of any call', async () => {
    const call = await publishedCall();
    await checkedCall(call.documentId);
    expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(0);
    await app.strapi.db.transaction(() => app.strapi.db.query(TASK_SPEC).update({ where: { id: call.id }, data: { title: call.title } }));
    expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(1);
    expect(hearing()).toBe(true);
  });
});

(usePostgres() ? describe : describe.skip)('on PostgreSQL', () => {
  let heard: string[] = [];
  let listener: Client;
  beforeAll(async () => {
    listener = new Client({ connectionString: pgUrlFor(app.databaseName) });
    await listener.connect();
    listener.on('notification', ({ payload }) => heard.push(payload!));
    await listener.query('LISTEN shenbao_cache');
  });
  afterAll(async () => {
    await listener?.end();
  });
  /** What is heard while `work` runs and shortly after, in order. */
  async function heardFrom(work: () => Promise<unknown>) {
    heard = [];
    await work();
    await pause(300);
    return heard;
  }

  it('notifies only a committed write: nothing for a rollback, once per topic and transaction however many rows', async () => {
    const call = await publishedCall();
    const notice = await app.strapi.db.query(ARTICLE).findOne({ where: { publishedAt: { $notNull: true } } });
    const writeBoth = async () => {
      for (let i = 0; i < 2; i += 1) {
        await app.strapi.db.query(TASK_SPEC).update({ where: { id: call.id }, data: { title: call.title } });
        await app.strapi.db.query(ARTICLE).update({ where: { id: notice.id }, data: { title: notice.title } });
      }
    };
    const rolledBack = heardFrom(() =>
      expect(
        app.strapi.db.transaction(async () => {
          await writeBoth();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort'),
    );
    expect(await rolledBack).toEqual([]);
    expect((await heardFrom(() => app.strapi.db.transaction(writeBoth))).sort()).toEqual([ARTICLE, TASK_SPEC]);
    // Committed on its own: each write tells at once.
    expect(await heardFrom(() => app.strapi.db.query(ARTICLE).update({ where: { id: notice.id }, data: { title: notice.title } }))).toEqual([ARTICLE]);
    // The document service's publish writes several rows in its own transaction.
    expect(await heardFrom(() => app.strapi.documents(ARTICLE as any).publish({ documentId: notice.documentId }))).toEqual([ARTICLE]);
  });

  it('does not keep past the commit what a read between the write and the commit found', async () => {
    const call = await publishedCall();
    const past = new Date(Date.now() - 60_000);
    let written!: () => void;
    let commit!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const held = new Promise<void>((resolve) => (commit = resolve));
    const writing = app.strapi.db.transaction(async () => {
      await app.strapi.db.query(TASK_SPEC).update({ where: { id: call.id }, data: { closesAt: past } });
      written();
      await held;
    });
    await wrote;
    // Outside the transaction: the committed row, still open, and kept.
    expect(new Date((await checkedCall(call.documentId)).closesAt).getTime()).toBeGreaterThan(Date.now());
    expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(0);
    commit();
    await writing;
    expect(new Date((await checkedCall(call.documentId)).closesAt)).toEqual(past);
    await app.strapi.db.query(TASK_SPEC).update({ where: { id: call.id }, data: { closesAt: call.closesAt } });
  });

  it('keeps nothing while it cannot listen, says so once, and listens again', async () => {
    const call = await publishedCall();
    const warn = jest.spyOn(app.strapi.log, 'warn');
    const info = jest.spyOn(app.strapi.log, 'info');
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${app.databaseName}" ALLOW_CONNECTIONS false`);
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`shenbao-cache-bus/${process.pid}`]);
      expect(killed.rowCount).toBe(1);
      await within(1_000, () => !hearing());
      // Several tries to reconnect fail meanwhile.
      await pause(1_000);
      expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(1);
      expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(1);
      expect(warn.mock.calls.filter(([message]) => /cache bus/.test(String(message)))).toHaveLength(1);
    } finally {
      await admin.query(`ALTER DATABASE "${app.databaseName}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await within(10_000, () => hearing());
    expect(info.mock.calls.filter(([message]) => /cache bus: listening again/.test(String(message)))).toHaveLength(1);
    await checkedCall(call.documentId);
    expect(await readsOf('task_specs', () => checkedCall(call.documentId))).toBe(0);
    warn.mockRestore();
    info.mockRestore();
  });

  it('finds a connection that hangs without closing by its heartbeat, and listens again', async () => {
    // A stand-in for a network that drops packets: a relay to PostgreSQL that can stop passing them on.
    let frozen = false;
    const relays: net.Socket[] = [];
    const relay = net.createServer((inbound) => {
      const outbound = net.connect(Number(new URL(PG_ADMIN_URL).port || 5432), new URL(PG_ADMIN_URL).hostname);
      relays.push(inbound, outbound);
      inbound.on('data', (chunk) => frozen || outbound.write(chunk));
      outbound.on('data', (chunk) => frozen || inbound.write(chunk));
      for (const [socket, other] of [[inbound, outbound], [outbound, inbound]]) {
        socket.on('error', () => other.destroy());
        socket.on('close', () => other.destroy());
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const url = new URL(pgUrlFor(app.databaseName));
    url.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const listenerPids = async () => (await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [`shenbao-cache-bus/${process.pid}`])).rows;
    process.env.DATABASE_LISTEN_URL = url.toString();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`shenbao-cache-bus/${process.pid}`]);
      await within(10_000, async () => hearing() && relays.length > 0);
      frozen = true;
      // The heartbeat (every 10 s, 5 s to answer) finds it.
      await within(16_000, () => !hearing());
      frozen = false;
      relays.forEach((socket) => socket.destroy());
      await within(10_000, () => hearing());
      expect(await listenerPids()).toHaveLength(1);
    } finally {
      delete process.env.DATABASE_LISTEN_URL;
      relays.forEach((socket) => socket.destroy());
      relay.close();
      await admin.end();
    }
  }, 60_000);
});
