import { Client } from 'pg';
import { PG_ADMIN_URL } from '../../harness/env';
import { call, twoInstances } from '../../harness/instances';
import { readyDraftAt } from '../../harness/materials';
import { pause, within } from '../../harness/within';

/**
 * Two instances on one PostgreSQL database. Whatever B has kept (public pages, a staff member's
 * and an applicant role's permissions, the call and the active workflow a submission checks, the
 * inbox counts), a write on A is what B answers within a second (src/database/cache-bus.ts). A
 * write rolled back on A tells no one; B, its listening connection killed, serves nothing stale
 * and listens again; B, unable to listen, keeps nothing.
 */
const PASSWORD = 'Every-Instance-2026';
const SECOND = 1_000;
const CALL = 'dataset-2025-batch-1';
const CM = '/content-manager/collection-types';
let db: Client;
const token: Record<string, string> = {};
let jwt: string;
let callId: string;

const a = () => instances.a.url;
const b = () => instances.b.url;
const page = async (base: string, path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, text: await response.text() };
};
const ok = (response: { status: number; body: any }) => {
  if (response.status < 200 || response.status > 299) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

async function drafts(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await readyDraftAt(a(), jwt, callId, CALL, `多实例${i}`));
  return ids;
}
const submitOn = (base: string, documentId: string) => call(base, 'POST', `/api/applications/${documentId}/submit`, { version: 0 }, jwt);

// Before the instances' own: the database is dropped after them.
afterAll(async () => {
  await db?.end();
});
const instances = twoInstances(PASSWORD);
beforeAll(async () => {
  db = new Client({ connectionString: instances.databaseUrl });
  await db.connect();
  jwt = ok(await call(a(), 'POST', '/api/auth/local', { identifier: 'applicant@shenbao.local', password: PASSWORD })).jwt;
  for (const who of ['admin', 'editor', 'city.reviewer', 'district.reviewer']) {
    for (const [name, base] of [['a', a()], ['b', b()]]) token[`${who}@${name}`] = ok(await call(base, 'POST', '/admin/login', { email: `${who}@shenbao.local`, password: PASSWORD })).data.token;
  }
  callId = (await db.query(`SELECT document_id FROM task_specs WHERE slug = $1 AND published_at IS NOT NULL`, [CALL])).rows[0].document_id;
});

it('a notice an editor retracts on A is gone from B within a second, from its page and the lists', async () => {
  const notice = (await db.query(`SELECT document_id, slug, title FROM articles WHERE category = 'notice' AND published_at IS NOT NULL ORDER BY id LIMIT 1`)).rows[0];
  const own = `/notices/${encodeURIComponent(notice.slug)}`;
  const showing: string[] = [];
  for (const path of [own, '/notices', '/']) {
    const first = await page(b(), path);
    expect((await page(b(), path)).text.includes(notice.title)).toBe(first.text.includes(notice.title));
    if (first.text.includes(notice.title)) showing.push(path);
  }
  expect(showing).toContain(own);
  ok(await call(a(), 'POST', `${CM}/api::article.article/${notice.document_id}/actions/unpublish`, {}, token['editor@a']));
  await within(SECOND, async () => (await page(b(), own)).status === 404);
  for (const path of showing.filter((p) => p !== own)) expect((await page(b(), path)).text).not.toContain(notice.title);
});

describe('a permission removed on A is refused on B within a second', () => {
  it("a staff role's permission in the admin", async () => {
    const SUBJECT = 'api::calendar-day.calendar-day';
    const list = () => call(b(), 'GET', `${CM}/${SUBJECT}`, undefined, token['city.reviewer@b']);
    expect((await list()).status).toBe(200);
    const role = (await db.query(`SELECT id FROM admin_roles WHERE code = 'shenbao-city-reviewer'`)).rows[0].id;
    const permissions: any[] = ok(await call(a(), 'GET', `/admin/roles/${role}/permissions`, undefined, token['admin@a'])).data;
    const kept = permissions.filter((p) => !(p.action === 'plugin::content-manager.explorer.read' && p.subject === SUBJECT));
    expect(kept.length).toBe(permissions.length - 1);
    ok(await call(a(), 'PUT', `/admin/roles/${role}/permissions`, { permissions: kept.map(({ action, subject, properties, conditions }) => ({ action, subject, properties, conditions })) }, token['admin@a']));
    await within(SECOND, async () => (await list()).status === 403);
  });

  it("the applicants' role's permission, and given back, allowed again", async () => {
    const list = () => call(b(), 'GET', '/api/applications', undefined, jwt);
    expect((await list()).status).toBe(200);
    const role = (await db.query(`SELECT id FROM up_roles WHERE type = 'authenticated'`)).rows[0].id;
    const current = ok(await call(a(), 'GET', `/users-permissions/roles/${role}`, undefined, token['admin@a'])).role;
    const setFind = (enabled: boolean) => {
      current.permissions['api::application'].controllers.application.find.enabled = enabled;
      return call(a(), 'PUT', `/users-permissions/roles/${role}`, { name: current.name, description: current.description, permissions: current.permissions }, token['admin@a']);
    };
    ok(await setFind(false));
    await within(SECOND, async () => (await list()).status === 403);
    ok(await setFind(true));
    await within(SECOND, async () => (await list()).status === 200);
  });
});

it('a call unpublished or closed on A refuses a submission on B within a second, and reopened accepts it', async () => {
  const waiting = await drafts(8);
  let next = 0;
  /** A submission on B; an accepted one uses its draft up. */
  const submitNext = async () => {
    const response = await submitOn(b(), waiting[next]);
    if (response.status === 200) next += 1;
    return response;
  };
  expect((await submitNext()).status).toBe(200);
  const refusedWith = (code: string) => async () => {
    const response = await submitNext();
    return response.status === 409 && response.body.error.details.code === code;
  };
  const editor = token['editor@a'];
  const original = (await db.query(`SELECT closes_at FROM task_specs WHERE document_id = $1 AND published_at IS NULL`, [callId])).rows[0].closes_at;

  ok(await call(a(), 'POST', `${CM}/api::task-spec.task-spec/${callId}/actions/unpublish`, {}, editor));
  await within(SECOND, refusedWith('call_unpublished'));

  ok(await call(a(), 'PUT', `${CM}/api::task-spec.task-spec/${callId}`, { closesAt: new Date(Date.now() - 60_000).toISOString() }, editor));
  ok(await call(a(), 'POST', `${CM}/api::task-spec.task-spec/${callId}/actions/publish`, {}, editor));
  await within(SECOND, refusedWith('closed'));

  ok(await call(a(), 'PUT', `${CM}/api::task-spec.task-spec/${callId}`, { closesAt: new Date(original).toISOString() }, editor));
  ok(await call(a(), 'POST', `${CM}/api::task-spec.task-spec/${callId}/actions/publish`, {}, editor));
  await within(SECOND, async () => (await submitNext()).status === 200);
});

it('the inbox counts on B count a transition made on A within a second', async () => {
  const inbox = async () => ok(await call(b(), 'GET', '/shenbao/inbox', undefined, token['district.reviewer@b'])).data.counts.district_review as number;
  const before = await inbox();
  expect(before).toBeGreaterThan(0);
  const [waiting] = (await db.query(`SELECT document_id, version FROM applications WHERE state = 'district_review' ORDER BY id LIMIT 1`)).rows;
  ok(await call(a(), 'POST', `/shenbao/applications/${waiting.document_id}/transitions`, { action: 'recommend', version: waiting.version, opinion: '同意推荐' }, token['district.reviewer@a']));
  await within(SECOND, async () => (await inbox()) === before - 1);
  const [submitted] = await drafts(1);
  ok(await submitOn(a(), submitted));
  await within(SECOND, async () => (await inbox()) === before);
});

describe('a write rolled back on A tells no instance anything; a committed one tells each once', () => {
  let listener: Client;
  let heard: string[] = [];
  beforeAll(async () => {
    listener = new Client({ connectionString: instances.databaseUrl });
    await listener.connect();
    listener.on('notification', ({ payload }) => heard.push(payload!));
    await listener.query('LISTEN shenbao_cache');
    // A fault after the transition has announced its change: the review record's insert fails.
    await db.query(`CREATE FUNCTION fail_marked_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.opinion = '回滚测试' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await db.query('CREATE TRIGGER fail_marked_record BEFORE INSERT ON review_records FOR EACH ROW EXECUTE FUNCTION fail_marked_record()');
  });
  afterAll(async () => {
    await db.query('DROP TRIGGER IF EXISTS fail_marked_record ON review_records');
    await db.query('DROP FUNCTION IF EXISTS fail_marked_record()');
    await listener?.end();
  });

  it('a transition that fails after announcing its change', async () => {
    const inbox = async () => ok(await call(b(), 'GET', '/shenbao/inbox', undefined, token['district.reviewer@b'])).data.counts.district_review as number;
    const before = await inbox();
    const [waiting] = (await db.query(`SELECT document_id, version FROM applications WHERE state = 'district_review' ORDER BY id LIMIT 1`)).rows;
    const act = (opinion: string) => call(a(), 'POST', `/shenbao/applications/${waiting.document_id}/transitions`, { action: 'recommend', version: waiting.version, opinion }, token['district.reviewer@a']);
    heard = [];
    // The injected fault is a server error: no input of the applicant or the reviewer causes it.
    expect((await act('回滚测试')).status).toBe(500);
    await pause(500);
    expect(heard).toEqual([]);
    expect((await db.query(`SELECT version FROM applications WHERE document_id = $1`, [waiting.document_id])).rows[0].version).toBe(waiting.version);
    expect(await inbox()).toBe(before);

    ok(await act('同意推荐'));
    await within(SECOND, async () => (await inbox()) === before - 1);
    await pause(300);
    expect(heard).toEqual(['application-states']);
  });
});

describe("B's listening connection", () => {
  const listenerOfB = () => db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`shenbao-cache-bus/${instances.b.pid}`]);
  const lostLines = () => instances.b.output().split('\n').filter((line) => line.includes('cache bus: the listening connection is lost')).length;
  const seeded = async (category: string) =>
    (await db.query(`SELECT document_id, slug, title FROM articles WHERE category = $1 AND published_at IS NOT NULL ORDER BY id DESC LIMIT 1`, [category])).rows[0];

  it('killed: B serves nothing stale meanwhile, says so once, and listens again', async () => {
    const item = await seeded('guideline');
    const own = `/guidelines/${encodeURIComponent(item.slug)}`;
    expect((await page(b(), own)).status).toBe(200);
    expect((await page(b(), '/guidelines')).text).toContain(item.title);
    const killed = await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`shenbao-cache-bus/${instances.b.pid}`]);
    expect(killed.rowCount).toBe(1);
    ok(await call(a(), 'POST', `${CM}/api::article.article/${item.document_id}/actions/unpublish`, {}, token['editor@a']));
    await within(SECOND, async () => (await page(b(), own)).status === 404 && !(await page(b(), '/guidelines')).text.includes(item.title));
    await within(10 * SECOND, async () => (await listenerOfB()).rowCount === 1);
    expect(lostLines()).toBe(1);
    // Listening again: B hears the next write.
    expect((await page(b(), '/guidelines')).text).not.toContain(item.title);
    ok(await call(a(), 'POST', `${CM}/api::article.article/${item.document_id}/actions/publish`, {}, token['editor@a']));
    await within(SECOND, async () => (await page(b(), '/guidelines')).text.includes(item.title));
  });

  it('unable to reconnect: B keeps nothing, so a write on A shows on B at once', async () => {
    const item = await seeded('notice');
    const name = new URL(instances.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`shenbao-cache-bus/${instances.b.pid}`]);
      await within(SECOND, async () => lostLines() === 2);
      for (let i = 0; i < 2; i += 1) expect((await page(b(), '/notices')).text).toContain(item.title);
      ok(await call(a(), 'POST', `${CM}/api::article.article/${item.document_id}/actions/unpublish`, {}, token['editor@a']));
      // No waiting: B cannot hear, and answers from the database.
      expect((await page(b(), '/notices')).text).not.toContain(item.title);
      expect((await listenerOfB()).rowCount).toBe(0);
      expect(lostLines()).toBe(2);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await within(10 * SECOND, async () => (await listenerOfB()).rowCount === 1);
  });
});

// Last: it adds a workflow version, whose stage actions the staff roles get only at the next boot.
it('a new active workflow version on A is what the next submission on B pins within a second', async () => {
  const waiting = await drafts(6);
  let next = 0;
  const pinnedOnB = async () => {
    const documentId = waiting[next++];
    ok(await submitOn(b(), documentId));
    return (await db.query(`SELECT workflow_key, workflow_version FROM applications WHERE document_id = $1`, [documentId])).rows[0];
  };
  const first = await pinnedOnB();
  const stored = (await db.query(`SELECT key, version, name, definition FROM workflows WHERE key = $1 AND version = $2`, [first.workflow_key, first.workflow_version])).rows[0];
  const version = stored.version + 1;
  ok(await call(a(), 'POST', `${CM}/api::workflow.workflow`, { key: stored.key, version, name: stored.name, lifecycle: 'active', definition: { ...stored.definition, version } }, token['admin@a']));
  await within(SECOND, async () => (await pinnedOnB()).workflow_version === version);
});
