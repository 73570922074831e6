import path from 'path';
import { ROOT, usePostgres } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, outboxSettled, seedDemo, staffAct, staffToken } from '../harness/workflow';

/* eslint-disable @typescript-eslint/no-require-imports */
const { findOneWithParents } = require(path.join(ROOT, 'dist', 'src', 'database', 'joined'));
const { insertRows } = require(path.join(ROOT, 'dist', 'src', 'database', 'insert'));
const { newDocumentId } = require(path.join(ROOT, 'dist', 'src', 'database', 'document-id'));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The statements of the two write paths, counted: each is a round trip and a parse, and on
 * PostgreSQL their number is what the write targets of the benchmark turn on
 * (docs/performance.md). A change that adds one to every step fails here, not months later in
 * a benchmark. The budgets count BEGIN and COMMIT and the login check that bare Strapi makes too,
 * and on PostgreSQL the one NOTIFY that tells the other instances the inbox counts changed
 * (src/database/cache-bus.ts).
 */
// The applicant's login check reads the user, its role and its live session in one statement (src/extensions/users-permissions):
// one fewer than Strapi's two user reads; on PostgreSQL each step also NOTIFYs the other instances (src/database/cache-bus.ts).
const BUDGET = usePostgres() ? { submit: 12, recommend: 11 } : { submit: 14, recommend: 13 };

const APPLICATION = 'api::application.application';
let app: TestApp;
let jwt: string;
let district: string;
beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  district = await staffToken(app, 'district.reviewer@shenbao.local');
});
afterAll(async () => {
  await app?.stop();
});

/** The statements sent while `work` runs, with their text. */
async function statementsOf(work: () => Promise<{ status: number }>) {
  const sent: string[] = [];
  const record = (query: { sql: string }) => sent.push(query.sql);
  const client = app.strapi.db.connection.client;
  client.on('query', record);
  try {
    const response = await work();
    expect(response.status).toBe(200);
  } finally {
    client.removeListener('query', record);
  }
  return sent;
}

async function submitAndRecommend() {
  const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  await outboxSettled(app);
  const submit = await statementsOf(() => applicantStep(app, jwt, documentId, 'submit', { version: 0 }));
  await outboxSettled(app);
  const recommend = await statementsOf(() => staffAct(app, district, documentId, { action: 'recommend', version: 1, opinion: '材料齐全，同意推荐' }));
  await outboxSettled(app);
  return { documentId, submit, recommend };
}

describe(`statements per step on ${usePostgres() ? 'PostgreSQL' : 'SQLite'}`, () => {
  it(`a submission takes at most ${BUDGET.submit} statements and a transition ${BUDGET.recommend}, once the process has met the workflow`, async () => {
    await submitAndRecommend();
    const { submit, recommend } = await submitAndRecommend();
    expect(submit.length).toBeLessThanOrEqual(BUDGET.submit);
    expect(recommend.length).toBeLessThanOrEqual(BUDGET.recommend);
    // The applicant's user is read once, with its role and the session its token names.
    const userReads = submit.filter((sql) => /from [`"]up_users[`"]/.test(sql));
    expect(userReads).toHaveLength(1);
    expect(userReads[0]).toMatch(/exists \(select 1 from [`"]strapi_sessions[`"]/);
    // The application is read once per step, with its organisation and programme.
    for (const statements of [submit, recommend]) {
      expect(statements.filter((sql) => /from [`"]applications[`"]/.test(sql))).toHaveLength(1);
      expect(statements.filter((sql) => /pg_notify/.test(sql))).toHaveLength(usePostgres() ? 1 : 0);
      expect(statements.some((sql) => /join [`"]applications_organization_lnk[`"] as [`"]t1[`"]/.test(sql))).toBe(false);
    }
  });

  it('writes the review record, the applicant\'s notice and their links in one statement on PostgreSQL, in four on SQLite', async () => {
    const { recommend } = await submitAndRecommend();
    const inserts = recommend.filter((sql) => /insert into [`"](review_records|notifications)/.test(sql));
    expect(inserts).toHaveLength(usePostgres() ? 1 : 4);
    if (usePostgres()) {
      expect(inserts[0]).toMatch(/^with "row0" as \(insert into "review_records".*insert into "review_records_application_lnk".*"row1" as \(insert into "notifications".*insert into "notifications_application_lnk"/s);
    }
  });
});

describe('the joined read returns what findOne with populate returns', () => {
  it('an application with its organisation and programme', async () => {
    const { documentId } = await submitAndRecommend();
    const joined = await findOneWithParents(app.strapi, APPLICATION, { documentId }, ['organization', 'program']);
    const populated = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId }, populate: ['organization', 'program'] });
    expect(joined).toEqual(populated);
    expect(joined.organization.uscc).toMatch(/^[0-9A-Z]{18}$/);
    expect(joined.program.key).toBeTruthy();
  });

  it('a parent that is not linked is null, and nothing found is null', async () => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
    const organizationLink = (app.strapi.db.metadata.get(APPLICATION as any).attributes as any).organization.joinTable;
    await app.strapi.db.connection(organizationLink.name).where(organizationLink.joinColumn.name, row.id).delete();
    const joined = await findOneWithParents(app.strapi, APPLICATION, { documentId }, ['organization', 'program']);
    expect(joined.organization).toBeNull();
    expect(joined.program).not.toBeNull();
    expect(await findOneWithParents(app.strapi, APPLICATION, { documentId: 'no-such-document' }, ['organization'])).toBeNull();
  });

  it('a staff profile found by its admin user, active only, with its district', async () => {
    const user = await app.strapi.db.query('admin::user').findOne({ where: { email: 'district.reviewer@shenbao.local' } });
    const PROFILE = 'api::reviewer-profile.reviewer-profile';
    const joined = await findOneWithParents(app.strapi, PROFILE, { adminUser: user.id, active: true }, ['district']);
    const populated = await app.strapi.db.query(PROFILE).findOne({ where: { adminUser: { id: user.id }, active: true }, populate: ['district'] });
    expect(joined).toEqual(populated);
    expect(joined.district.name).toMatch(/\p{Script=Han}/u);
    expect(await findOneWithParents(app.strapi, PROFILE, { adminUser: user.id, active: false }, ['district'])).toBeNull();
    expect(await findOneWithParents(app.strapi, PROFILE, { adminUser: 999_999, active: true }, ['district'])).toBeNull();
  });
});

describe('the one-statement insert stores what the query engine stores', () => {
  it('converts each value by its type, fills the defaults and links the parent', async () => {
    const NOTIFICATION = 'api::notification.notification';
    const parent = await app.strapi.db.query(APPLICATION).findOne({ where: {} });
    const now = new Date('2026-03-01T02:03:04.005Z');
    const data = (key: string) => ({
      documentId: newDocumentId(),
      recipientType: 'applicant',
      recipientEmail: 'a@example.com',
      template: 'test',
      subject: '主题',
      body: '正文',
      payload: { nested: { list: [1, '二', null] } },
      dedupeKey: key,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
    });
    const [fast] = await app.strapi.db.transaction(() => insertRows(app.strapi, [{ uid: NOTIFICATION, data: data('fast-path'), links: { application: parent.id } }]));
    const { ids } = await app.strapi.db.query(NOTIFICATION).createMany({ data: [data('query-engine')] });
    const read = (id: number) => app.strapi.db.query(NOTIFICATION).findOne({ where: { id }, populate: ['application'] });
    const [ours, engine] = [await read(fast), await read(Number(ids[0]))];
    const comparable = ({ id: _id, documentId: _documentId, dedupeKey: _key, application: _application, ...rest }: any) => rest;
    expect(comparable(ours)).toEqual(comparable(engine));
    expect(ours).toMatchObject({ channel: 'email', delivery: 'queued', attempts: 0, payload: { nested: { list: [1, '二', null] } }, nextAttemptAt: now.toISOString() });
    expect(ours.application.id).toBe(parent.id);
  });

  it('rolls back with the transaction it joined', async () => {
    const NOTIFICATION = 'api::notification.notification';
    const before = await app.strapi.db.query(NOTIFICATION).count();
    await expect(
      app.strapi.db.transaction(async () => {
        await insertRows(app.strapi, [{ uid: NOTIFICATION, data: { documentId: newDocumentId(), recipientType: 'applicant', recipientEmail: 'b@example.com', template: 't', subject: 's', body: 'b', dedupeKey: 'rolled-back' } }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await app.strapi.db.query(NOTIFICATION).count()).toBe(before);
  });
});

describe('the published call, kept per process', () => {
  it('is read afresh by the very next submission once this process has unpublished, closed or republished it', async () => {
    const TASK_SPEC = 'api::task-spec.task-spec';
    const call = (await app.strapi.documents(TASK_SPEC as any).findFirst({ filters: { slug: 'dataset-2025-batch-1' }, status: 'published' }))!;
    const drafts = [];
    for (let i = 0; i < 2; i += 1) drafts.push((await createApplication(app, jwt, 'dataset-2025-batch-1')).documentId);
    const submit = (documentId: string) => applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    const stateOf = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).state;
    expect((await submit(drafts[0])).status).toBe(200);

    await app.strapi.documents(TASK_SPEC as any).unpublish({ documentId: call.documentId });
    const unpublished = await submit(drafts[1]);
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error.details.code).toBe('call_unpublished');
    expect(await stateOf(drafts[1])).toBe('draft');

    await app.strapi.documents(TASK_SPEC as any).update({ documentId: call.documentId, data: { closesAt: new Date(Date.now() - 60_000).toISOString() } as any });
    await app.strapi.documents(TASK_SPEC as any).publish({ documentId: call.documentId });
    const closed = await submit(drafts[1]);
    expect(closed.status).toBe(409);
    expect(closed.body.error.details.code).toBe('closed');

    await app.strapi.documents(TASK_SPEC as any).update({ documentId: call.documentId, data: { closesAt: call.closesAt } as any });
    await app.strapi.documents(TASK_SPEC as any).publish({ documentId: call.documentId });
    expect((await submit(drafts[1])).status).toBe(200);
    expect(await stateOf(drafts[1])).toBe(await stateOf(drafts[0]));
    expect(await stateOf(drafts[0])).not.toBe('draft');
  });
});

// Last: it adds a workflow version, which the budgets above do not expect.
describe('the active workflow version, kept per process', () => {
  it('is the new one for the very next submission once this process has written it', async () => {
    const WORKFLOW = 'api::workflow.workflow';
    const pinnedBy = async (documentId: string) => (await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })).workflowVersion;
    const first = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, first.documentId, 'submit', { version: 0 })).status).toBe(200);
    const current = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId: first.documentId } });
    const stored = await app.strapi.db.query(WORKFLOW).findOne({ where: { key: current.workflowKey, version: current.workflowVersion } });
    const next = stored.version + 1;
    await app.strapi.documents(WORKFLOW as any).create({ data: { key: stored.key, version: next, name: stored.name, lifecycle: 'active', definition: { ...stored.definition, version: next } } as any });

    const second = await createApplication(app, jwt, 'dataset-2025-batch-1');
    expect((await applicantStep(app, jwt, second.documentId, 'submit', { version: 0 })).status).toBe(200);
    expect(await pinnedBy(first.documentId)).toBe(stored.version);
    expect(await pinnedBy(second.documentId)).toBe(next);
  });
});
