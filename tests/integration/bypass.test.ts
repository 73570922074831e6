import jwtLib from 'jsonwebtoken';
import { TestApp, startStrapi } from '../harness/strapi';
import {
  COMPLETE_ANSWERS,
  OTHER_USCC,
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  createStaff,
  currentVersion,
  outboxSettled,
  secondApplicant,
  seedDemo,
  staffAct,
  staffToken,
  drawPanel,
  systemStep } from '../harness/workflow';

/**
 * Every guard, tried from the outside. Each attempt asserts the status code AND that the
 * database is byte-for-byte unchanged afterwards.
 */
let app: TestApp;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};
let adminIds: Record<string, number> = {};

async function publishedCall(slug: string, opensInDays: number, closesInDays: number) {
  const day = 86_400_000;
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::task-spec.task-spec').create({
    data: { slug, title: slug, kind: 'call', year: 2026, program: program.documentId, opensAt: new Date(Date.now() + opensInDays * day).toISOString(), closesAt: new Date(Date.now() + closesInDays * day).toISOString(), formDefinition: {} } as any,
    status: 'published',
  });
}

async function fingerprint() {
  const knex = app.strapi.db.connection;
  const dump: Record<string, unknown> = {};
  for (const table of ['applications', 'review_records', 'review_records_application_lnk', 'applications_organization_lnk', 'disbursements', 'notifications']) {
    dump[table] = await knex(table).select('*').orderBy('id');
  }
  return JSON.stringify(dump);
}

type Outcome = { status: number | string };
const attempts: Array<[string, number | string, () => Promise<Outcome>]> = [];
const attempt = (name: string, status: number | string, run: () => Promise<Outcome>) => attempts.push([name, status, run]);
const serviceError = (work: () => Promise<unknown>) => async (): Promise<Outcome> => {
  try {
    await work();
    return { status: 'no error' };
  } catch (error) {
    // Strapi's own error classes carry a name, not a status.
    return { status: (error as any).status ?? (['ForbiddenError', 'PolicyError'].includes((error as any).name) ? 403 : 'error') };
  }
};

const v = (id: string) => currentVersion(app, ids[id]);
const act = (who: string, id: string, body: Record<string, unknown>) => async () => staffAct(app, t[who], ids[id], { version: await v(id), ...body });
const cm = (uid: string, documentId = '') => `/content-manager/collection-types/${uid}${documentId ? `/${documentId}` : ''}`;
const APP_UID = 'api::application.application';
const RR_UID = 'api::review-record.review-record';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  t.applicant = await applicantToken(app);
  t.other = await secondApplicant(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'expert', 'finance', 'admin']) t[who] = await staffToken(app, `${who}@shenbao.local`);
  t.otherDistrict = (await createStaff(app, 'jiangan@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: '420102' })).token;
  t.expert2 = await staffToken(app, 'expert2@shenbao.local');
  // expert5@ is of another field: never drawn for a data product panel
  t.expert5 = await staffToken(app, 'expert5@shenbao.local');
  t.relatedExpert = (await createStaff(app, 'related@shenbao.local', 'shenbao-expert', { role: 'expert', expertField: 'data_products', relatedUsccs: ['91420100MA4K12345K'] })).token;
  t.otherInstitution = (await createStaff(app, 'other.firm@shenbao.local', 'shenbao-institution', { role: 'institution', institution: '另一事务所' })).token;
  adminIds = Object.fromEntries(await Promise.all(['institution', 'expert', 'related'].map(async (e) => [e, await adminUserId(app, `${e}@shenbao.local`)])));

  // A: submitted, at district review. B: another organisation's, at district review.
  ids.A = (await createApplication(app, t.applicant, 'dataset-2025-batch-1')).documentId;
  await applicantStep(app, t.applicant, ids.A, 'submit', { version: 0 });
  ids.B = (await createApplication(app, t.other, 'dataset-2025-batch-1')).documentId;
  expect((await applicantStep(app, t.other, ids.B, 'submit', { version: 0 })).status).toBe(200);
  // C: rejected. E: a draft.
  ids.C = (await createApplication(app, t.applicant, 'dataset-2025-batch-1')).documentId;
  await applicantStep(app, t.applicant, ids.C, 'submit', { version: 0 });
  await act('district.reviewer', 'C', { action: 'reject', opinion: '不符合条件' })();
  ids.E = (await createApplication(app, t.applicant, 'dataset-2025-batch-1')).documentId;
  // D: a data product application at expert review, with one expert assigned, then found related.
  ids.D = (await createApplication(app, t.applicant, 'data-product-2026')).documentId;
  await applicantStep(app, t.applicant, ids.D, 'submit', { version: 0 });
  await act('district.reviewer', 'D', { action: 'recommend', opinion: '同意' })();
  await act('city.reviewer', 'D', { action: 'assign', assignees: [adminIds.institution] })();
  await act('institution', 'D', { action: 'pass', opinion: '通过', coiDeclared: true })();
  // every expert of the field who may be drawn is (the related one may not); expert@ declares no conflict
  await drawPanel(app, t['city.reviewer'], ids.D, { panelSize: 'all' });
  await act('expert', 'D', { action: 'declare', hasConflict: false })();
  // F: a data product application waiting for an institution that is not assigned yet.
  ids.F = (await createApplication(app, t.applicant, 'data-product-2026')).documentId;
  await applicantStep(app, t.applicant, ids.F, 'submit', { version: 0 });
  await act('district.reviewer', 'F', { action: 'recommend', opinion: '同意' })();
  // Calls outside their window, with a draft each.
  await publishedCall('closed-call', -30, -1);
  await publishedCall('future-call', 5, 30);
  ids.closed = (await createApplication(app, t.applicant, 'closed-call')).documentId;
  ids.future = (await createApplication(app, t.applicant, 'future-call')).documentId;
  ids.unsigned = (await createApplication(app, t.applicant, 'dataset-2025-batch-1', { answers: { ...COMPLETE_ANSWERS['dataset-2025-batch-1'], commitNoSafetyAccident: false } })).documentId;
  ids.record = (await app.strapi.db.query(RR_UID).findOne({ where: {}, orderBy: { id: 'asc' } })).documentId;
  ids.recordId = String((await app.strapi.db.query(RR_UID).findOne({ where: {}, orderBy: { id: 'asc' } })).id);
  ids.otherOrg = (await app.strapi.db.query('api::organization.organization').findOne({ where: { uscc: OTHER_USCC } })).documentId;
});
afterAll(async () => {
  await app?.stop();
});

// Skipping a stage
attempt('city reviewer confirms before the district review', 409, act('city.reviewer', 'A', { action: 'confirm', opinion: '跳过初审' }));
attempt('finance approves at district review', 409, act('finance', 'A', { action: 'approve', decisionRecord: '纪要' }));
attempt('applicant submits completion materials at district review', 409, async () => applicantStep(app, t.applicant, ids.A, 'completion', { version: await v('A'), attachments: [{ id: 1, name: 'x.pdf' }] }));
attempt('the 公示 job advances an application that is not in 公示', 409, serviceError(() => systemStep(app, ids.A, 'publicity_passed')));
// The wrong role
attempt('city reviewer takes the district recommendation', 403, act('city.reviewer', 'A', { action: 'recommend', opinion: '越权' }));
attempt('an expert recommends at district review', 403, act('expert', 'A', { action: 'recommend', opinion: '越权' }));
attempt('an institution returns at district review', 403, act('institution', 'A', { action: 'return', opinion: '越权', flaggedFields: ['x'] }));
attempt('finance rejects at district review', 403, act('finance', 'A', { action: 'reject', opinion: '越权' }));
attempt('super admin takes a stage action', 403, act('admin', 'A', { action: 'recommend', opinion: '超级管理员' }));
// Another district
attempt('district reviewer recommends another district\'s application', 404, act('district.reviewer', 'B', { action: 'recommend', opinion: '跨区' }));
attempt('district reviewer opens another district\'s application', 404, async () => app.http().get(`/shenbao/applications/${ids.B}`).set(bearer(t['district.reviewer'])));
attempt('another district\'s reviewer rejects our application', 404, act('otherDistrict', 'A', { action: 'reject', opinion: '跨区' }));
// Assignments and conflicts of interest
attempt('an unassigned expert scores', 404, act('expert5', 'D', { action: 'score', scores: { innovation: 1, application: 1, compliance: 1 }, opinion: '评审意见' }));
attempt('an unassigned expert declares', 404, act('expert5', 'D', { action: 'declare', hasConflict: false }));
attempt('an unassigned institution passes', 404, act('otherInstitution', 'F', { action: 'pass', opinion: '通过', coiDeclared: true }));
// The body names a user created in beforeAll, so it is built when the attempt runs.
attempt('drawing when only an expert related to the applicant is left in the field', 409, act('city.reviewer', 'D', { action: 'assign', field: 'data_products', panelSize: 1 }));
attempt('hand-picking an expert related to the applicant', 400, () => act('city.reviewer', 'D', { action: 'assign', assignees: [adminIds.related] })());
attempt('an assigned expert scores without declaring no conflict', 409, act('expert2', 'D', { action: 'score', scores: { innovation: 1, application: 1, compliance: 1 }, opinion: '评审意见' }));
attempt('an expert scores without an opinion', 400, act('expert', 'D', { action: 'score', scores: { innovation: 1, application: 1, compliance: 1 } }));
attempt('an expert scores outside the rubric', 400, act('expert', 'D', { action: 'score', scores: { innovation: 101, application: 1, compliance: 1 }, opinion: '评审意见' }));
// Another organisation's application
attempt('applicant reads another organisation\'s application', 404, async () => app.http().get(`/api/applications/${ids.A}`).set(bearer(t.other)));
attempt('applicant edits another organisation\'s application', 404, async () => app.http().put(`/api/applications/${ids.E}`).set(bearer(t.other)).send({ data: { title: '抢注' } }));
attempt('applicant submits another organisation\'s draft', 404, async () => applicantStep(app, t.other, ids.E, 'submit', { version: 0 }));
attempt('applicant withdraws another organisation\'s draft', 404, async () => applicantStep(app, t.other, ids.E, 'withdraw', { version: 0 }));
attempt('applicant reads another organisation\'s application by numeric id', 404, async () => {
  const row = await app.strapi.db.query(APP_UID).findOne({ where: { documentId: ids.A } });
  return app.http().get(`/api/applications/${row.id}`).set(bearer(t.other));
});
// Mass assignment and direct writes of workflow-owned fields
attempt('applicant sets state through REST', 403, async () => app.http().put(`/api/applications/${ids.E}`).set(bearer(t.applicant)).send({ data: { state: 'disbursed' } }));
attempt('applicant sets awardFen through REST', 403, async () => app.http().put(`/api/applications/${ids.E}`).set(bearer(t.applicant)).send({ data: { awardFen: 200000000 } }));
attempt('applicant moves its draft to another organisation', 403, async () => app.http().put(`/api/applications/${ids.E}`).set(bearer(t.applicant)).send({ data: { organization: ids.otherOrg } }));
attempt('applicant creates an application already disbursed', 403, async () => app.http().post('/api/applications').set(bearer(t.applicant)).send({ data: { taskSpec: 'x', state: 'disbursed' } }));
attempt('applicant creates an application with scores in its assignments', 403, async () => app.http().post('/api/applications').set(bearer(t.applicant)).send({ data: { assignments: { experts: ['1'] } } }));
attempt('super admin sets state in the Content Manager', 403, async () => app.http().put(cm(APP_UID, ids.A)).set(bearer(t.admin)).send({ state: 'disbursed' }));
attempt('super admin sets awardFen in the Content Manager', 403, async () => app.http().put(cm(APP_UID, ids.A)).set(bearer(t.admin)).send({ awardFen: '200000000' }));
attempt('super admin assigns experts in the Content Manager', 403, async () => app.http().put(cm(APP_UID, ids.D)).set(bearer(t.admin)).send({ assignments: { experts: ['999'] } }));
attempt('super admin creates a disbursed application in the Content Manager', 403, async () => app.http().post(cm(APP_UID)).set(bearer(t.admin)).send({ title: 'x', state: 'disbursed', programKey: 'dataset', districtCode: 'x', taskSpecDocumentId: 'x' }));
attempt('super admin deletes a submitted application in the Content Manager', 403, async () => app.http().delete(cm(APP_UID, ids.A)).set(bearer(t.admin)));
attempt('a city reviewer edits an application in the Content Manager', 403, async () => app.http().put(cm(APP_UID, ids.A)).set(bearer(t['city.reviewer'])).send({ state: 'disbursed' }));
// Review records, by every route
attempt('REST update of a review record', 405, async () => app.http().put(`/api/review-records/${ids.record}`).set(bearer(t.applicant)).send({ data: { opinion: '改' } }));
attempt('REST delete of a review record', 405, async () => app.http().delete(`/api/review-records/${ids.record}`).set(bearer(t.applicant)));
attempt('REST create of a review record', 405, async () => app.http().post('/api/review-records').set(bearer(t.applicant)).send({ data: { opinion: '伪造' } }));
attempt('super admin edits a review record in the Content Manager', 403, async () => app.http().put(cm(RR_UID, ids.record)).set(bearer(t.admin)).send({ opinion: '改写意见' }));
attempt('super admin deletes a review record in the Content Manager', 403, async () => app.http().delete(cm(RR_UID, ids.record)).set(bearer(t.admin)));
attempt('super admin creates a review record in the Content Manager', 403, async () => app.http().post(cm(RR_UID)).set(bearer(t.admin)).send({ seq: 99, stage: 'x', action: 'x', fromState: 'x', toState: 'x', actorType: 'staff', occurredAt: new Date().toISOString(), hash: 'f'.repeat(64) }));
attempt('super admin bulk-deletes review records', 403, async () => app.http().post(`${cm(RR_UID)}/actions/bulkDelete`).set(bearer(t.admin)).send({ documentIds: [ids.record] }));
attempt('the document service updates a review record', 403, serviceError(() => app.strapi.documents(RR_UID).update({ documentId: ids.record, data: { opinion: '改' } as any })));
attempt('the query engine updates a review record', 'error', serviceError(() => app.strapi.db.query(RR_UID).update({ where: { id: Number(ids.recordId) }, data: { opinion: '改' } })));
attempt('the query engine deletes review records', 'error', serviceError(() => app.strapi.db.query(RR_UID).deleteMany({ where: { id: Number(ids.recordId) } })));
attempt('raw SQL updates a review record', 'error', serviceError(() => app.strapi.db.connection('review_records').where({ id: Number(ids.recordId) }).update({ opinion: '改' })));
attempt('raw SQL detaches a review record from its application', 'error', serviceError(() => app.strapi.db.connection('review_records_application_lnk').where({ review_record_id: Number(ids.recordId) }).delete()));
// Stale versions and terminal states
attempt('a stale version', 409, async () => staffAct(app, t['district.reviewer'], ids.A, { version: (await v('A')) - 1, action: 'recommend', opinion: '同意' }));
attempt('acting on a rejected application', 409, act('district.reviewer', 'C', { action: 'recommend', opinion: '复活' }));
attempt('resubmitting a rejected application', 409, async () => applicantStep(app, t.applicant, ids.C, 'resubmit', { version: await v('C') }));
// The window, eligibility and double submission
attempt('submitting after the deadline', 409, async () => applicantStep(app, t.applicant, ids.closed, 'submit', { version: 0 }));
attempt('submitting before the call opens', 409, async () => applicantStep(app, t.applicant, ids.future, 'submit', { version: 0 }));
attempt('submitting twice', 409, async () => applicantStep(app, t.applicant, ids.A, 'submit', { version: await v('A') }));
attempt('submitting without the signed commitments', 400, async () => applicantStep(app, t.applicant, ids.unsigned, 'submit', { version: 0 }));
attempt('submitting while on a credit list', 403, async () => {
  await app.strapi.db.connection('credit_records').insert({ document_id: 'credit-test', uscc: '91420100MA4K12345K', list_type: 'major_tax_violation', imported_at: new Date(), created_at: new Date(), updated_at: new Date(), published_at: new Date() });
  try {
    return await applicantStep(app, t.applicant, ids.E, 'submit', { version: 0 });
  } finally {
    await app.strapi.db.connection('credit_records').where({ document_id: 'credit-test' }).delete();
  }
});
// Forged and expired tokens
attempt('a forged applicant JWT', 401, async () => app.http().get('/api/applications').set(bearer(jwtLib.sign({ id: 1 }, 'not-the-secret'))));
attempt('an expired applicant JWT', 401, async () => app.http().get('/api/applications').set(bearer(jwtLib.sign({ id: 1, exp: Math.floor(Date.now() / 1000) - 60 }, process.env.JWT_SECRET!))));
attempt('an expired JWT submitting', 401, async () => applicantStep(app, jwtLib.sign({ id: 1, exp: Math.floor(Date.now() / 1000) - 60 }, process.env.JWT_SECRET!), ids.E, 'submit', { version: 0 }));
attempt('a forged admin token', 401, async () => staffAct(app, jwtLib.sign({ id: 1 }, 'not-the-admin-secret'), ids.A, { version: 1, action: 'recommend', opinion: 'x' }));
attempt('no token at all on the review desk', 401, async () => app.http().post(`/shenbao/applications/${ids.A}/transitions`).send({ version: 1, action: 'recommend', opinion: 'x' }));
attempt('no token at all on the applicant API', 403, async () => app.http().post(`/api/applications/${ids.E}/submit`).send({ version: 0 }));

describe('the bypass suite', () => {
  it('has at least 40 attempts, starting from the states they need', async () => {
    expect(attempts.length).toBeGreaterThanOrEqual(40);
    const stateOf = async (key: string) => (await app.strapi.db.query(APP_UID).findOne({ where: { documentId: ids[key] } })).state;
    const states = Object.fromEntries(await Promise.all(['A', 'B', 'C', 'D', 'E', 'F'].map(async (key) => [key, await stateOf(key)])));
    expect(states).toEqual({ A: 'district_review', B: 'district_review', C: 'rejected', D: 'expert_review', E: 'draft', F: 'third_party_review' });
  });

  it.each(attempts.map(([name, status, run]) => [name, status, run] as const))('refuses: %s (%p), changing nothing', async (_name, status, run) => {
    await outboxSettled(app);
    const before = await fingerprint();
    const outcome = await run();
    expect(outcome.status).toBe(status);
    expect(await fingerprint()).toBe(before);
  });

  it('scopes every list to what the caller may see', async () => {
    const listed = async (path: string, token: string) => {
      const body = (await app.http().get(path).set(bearer(token))).body;
      return (body.results ?? body.data).map((a: { documentId: string }) => a.documentId);
    };
    const district = await listed('/shenbao/applications', t['district.reviewer']);
    expect(district).toContain(ids.A);
    expect(district).not.toContain(ids.B);
    expect(await listed('/shenbao/applications', t.otherDistrict)).toEqual([ids.B]);
    expect(await listed('/shenbao/applications', t.expert)).toEqual([ids.D]);
    expect(await listed('/shenbao/applications', t.otherInstitution)).toEqual([]);
    expect(await listed('/shenbao/applications', t.institution)).toEqual([ids.D]);
    const own = await listed('/api/applications', t.other);
    expect(own).toEqual([ids.B]);
  });

  it('says in Chinese which field was refused', async () => {
    const viaContentManager = await app.http().put(cm(APP_UID, ids.A)).set(bearer(t.admin)).send({ awardFen: '1' });
    expect(viaContentManager.body.error).toMatchObject({ status: 403, message: '字段「奖补金额」只能由审批流程修改', details: { field: 'awardFen' } });
    const viaRest = await app.http().put(`/api/applications/${ids.E}`).set(bearer(t.applicant)).send({ data: { state: 'disbursed' } });
    expect(viaRest.body.error).toMatchObject({ status: 403, message: '字段「state」不能由申报单位设置', details: { field: 'state' } });
    const onRecord = await app.http().delete(cm(RR_UID, ids.record)).set(bearer(t.admin));
    expect(onRecord.body.error.message).toBe('审核记录只能由审批流程写入，写入后不可修改或删除');
  });

  it('still lets the right people do the right thing afterwards', async () => {
    const response = await act('district.reviewer', 'A', { action: 'recommend', opinion: '同意推荐' })();
    expect(response.status).toBe(200);
  });
});
