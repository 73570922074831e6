import fs from 'fs';
import path from 'path';
import { MATRIX, Outcome, PROBE_ACTION, ROLES, Role, Route, STATES, State, UNSTATED_TARGETS, expected, staffSees } from '../access-matrix';
import { ROOT, usePostgres } from '../harness/env';
import { PDF } from '../harness/fixtures';
import { PortalBrowser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import {
  APPLICANT,
  OTHER_USCC,
  PASSWORD,
  adminUserId,
  applicantStep,
  applicantToken,
  createApplication,
  createStaff,
  currentVersion,
  outboxSettled,
  passPublicity,
  recordPartyDecision,
  secondApplicant,
  seedDemo,
  staffAct,
  drawPanel, staffToken, submitCompletion } from '../harness/workflow';
import { FORM_FIELDS } from '../harness/portal-forms';
import { uploadVia } from '../harness/materials';

/**
 * The access matrix of tests/access-matrix.ts, cell by cell, as real HTTP requests: A's
 * applications are built once in every state of the table, through the real steps; reads are
 * sent in parallel up front; writes one at a time, each refused write checked to have written no
 * row (database triggers count every row written to the watched tables) and all of them together
 * to have left those tables as they were, row for row; each allowed write is sent to an
 * application of its own in the right state, so that it consumes nothing the other cells need.
 */
let app: TestApp;
const APP_UID = 'api::application.application';
const RR_UID = 'api::review-record.review-record';
const ORG_UID = 'api::organization.organization';
const CM = '/content-manager/collection-types';
const DATASET = 'dataset-2025-batch-1';
const PRODUCT = 'data-product-2026';
const JIANGAN = '420102';

const tokens: Partial<Record<Role, string>> = {};
const portal: Partial<Record<Role, PortalBrowser>> = {};
const userIds: Record<string, number> = {};

interface Target {
  documentId: string;
  numericId: number;
  title: string;
  fileId: string;
  fileNumericId: number;
  recordId?: string;
  recordNumericId?: number;
}
/** A's applications, one per state, shared by the read cells and the refused writes. */
const shared = {} as Record<State, Target>;
let bTarget: Target;
let objection: { documentId: string; numericId: number };
let publicityBatch: { documentId: string; numericId: number };
/** A's organisation (东湖高新区) */
let organizationA: { documentId: string; numericId: number };
/** Fresh targets for the allowed writes, by cell name. */
const fresh: Record<string, Target> = {};
const freshObjections: Record<string, string> = {};

// ─── Building applications in each state ───

const jwt = (role: 'applicantA' | 'applicantB') => tokens[role]!;
const bearer = (token?: string) => (token ? { Authorization: `Bearer ${token}` } : {});

async function step(who: Role, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who]!, documentId, { version: await currentVersion(app, documentId), ...body });
  if (response.status !== 200) throw new Error(`${who} ${body.action} failed: ${response.status} ${response.text}`);
}

async function uploadInto(token: string, documentId: string) {
  const response = await app.http().post(`/api/applications/${documentId}/files`).set(bearer(token)).field('slot', 'application').attach('file', PDF, '申报书.pdf');
  if (response.status !== 200) throw new Error(`upload failed: ${response.status} ${response.text}`);
  return response.body.data.id as string;
}

let counter = 0;
/** The data product chain's own states; every other state is built on the dataset chain. */
const PRODUCT_STATES: State[] = ['third_party_review', 'expert_review'];
/** The dataset chain from the district's review on, in order: a state is built by taking every step up to it. */
const DATASET_CHAIN: State[] = ['district_review', 'city_review', 'entity_publicity', 'construction', 'evaluation', 'award_publicity', 'disbursement_plan', 'party_group_review', 'payment', 'disbursed', 'clawed_back'];
/** The party group's decision that the approvals name (recorded in beforeAll). */
let partyDecision: string;
const awardOf = async (documentId: string) => Number((await app.strapi.db.query(APP_UID).findOne({ where: { documentId } })).awardFen);
const payment = () => ({ paidOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), voucherNo: `矩阵拨〔2026〕${(counter += 1)}号` });

/** Finance uploads a finding to a paid application, for the clawback; returns its documentId. */
async function uploadFinding(documentId: string) {
  const response = await app.http().post(`/shenbao/applications/${documentId}/files`).set(bearer(tokens.finance)).attach('file', PDF, '核查结论.pdf');
  if (response.status !== 200) throw new Error(`finding upload failed: ${response.status} ${response.text}`);
  return response.body.data.id as string;
}

async function build(state: State, owner: 'applicantA' | 'applicantB' = 'applicantA'): Promise<Target> {
  const product = PRODUCT_STATES.includes(state);
  counter += 1;
  const title = `矩阵-${owner}-${state}-${counter}`;
  const { documentId } = await createApplication(app, jwt(owner), product ? PRODUCT : DATASET, { title });
  const fileId = await uploadInto(jwt(owner), documentId);
  if (state === 'withdrawn') {
    const withdrawn = await applicantStep(app, jwt(owner), documentId, 'withdraw', { version: 0 });
    if (withdrawn.status !== 200) throw new Error(`withdraw failed: ${withdrawn.text}`);
  } else if (state !== 'draft') {
    const submitted = await applicantStep(app, jwt(owner), documentId, 'submit', { version: 0 });
    if (submitted.status !== 200) throw new Error(`submit failed: ${submitted.text}`);
  }
  const district: Role = owner === 'applicantA' ? 'districtOwn' : 'districtOther';
  if (state === 'returned') await step(district, documentId, { action: 'return', opinion: '请补正项目简介', flaggedFields: ['summary'] });
  if (state === 'rejected') await step(district, documentId, { action: 'reject', opinion: '不符合条件' });
  if (product) {
    await step(district, documentId, { action: 'recommend', opinion: '同意' });
    await step('city', documentId, { action: 'assign', assignees: [userIds.institution] });
    if (state === 'expert_review') {
      await step('institutionAssigned', documentId, { action: 'pass', opinion: '复核通过', coiDeclared: true });
      // every expert of the field is drawn, so expert@ is on the panel (expert5@, of another field, never is); it declares no conflict
      await drawPanel(app, tokens.city!, documentId, { panelSize: 'all' });
      await step('expertAssigned', documentId, { action: 'declare', hasConflict: false });
    }
  }
  const at = DATASET_CHAIN.indexOf(state);
  const reach = (s: State) => at >= DATASET_CHAIN.indexOf(s);
  if (at > 0) {
    await step(district, documentId, { action: 'recommend', opinion: '同意' });
    if (reach('entity_publicity')) await step('city', documentId, { action: 'confirm', opinion: '确认建设单位' });
    if (state === 'entity_publicity') {
      const started = await app.http().post('/shenbao/bulk/publicity').set(bearer(tokens.city)).send({ kind: 'entity_publicity', applications: [documentId] });
      if (started.status !== 200) throw new Error(`publicity failed: ${started.text}`);
    }
    if (reach('construction')) await passPublicity(app, documentId);
    if (reach('evaluation')) {
      const done = await submitCompletion(app, jwt(owner), documentId, '审计报告.pdf');
      if (done.status !== 200) throw new Error(`completion failed: ${done.text}`);
      await step('city', documentId, { action: 'assign', assignees: [userIds.institution] });
    }
    if (reach('award_publicity')) await step('institutionAssigned', documentId, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    if (reach('disbursement_plan')) await passPublicity(app, documentId);
    if (reach('party_group_review')) await step('finance', documentId, { action: 'propose', opinion: '建议拨付' });
    if (reach('payment')) await step('finance', documentId, { action: 'approve', decisionRecord: partyDecision });
    if (reach('disbursed')) await step('finance', documentId, { action: 'pay', amountFen: await awardOf(documentId), payment: payment() });
    if (reach('clawed_back')) {
      await step('finance', documentId, { action: 'clawback', opinion: '经核查存在虚报，追回全部奖补资金', amountFen: await awardOf(documentId), attachments: [{ id: await uploadFinding(documentId) }] });
    }
  }
  const row = await app.strapi.db.query(APP_UID).findOne({ where: { documentId } });
  if (row.state !== state) throw new Error(`built ${row.state}, wanted ${state}`);
  const file = await app.strapi.db.query('api::attachment.attachment').findOne({ where: { documentId: fileId } });
  const record = await app.strapi.db.query(RR_UID).findOne({ where: { application: { id: row.id } }, orderBy: { id: 'asc' } });
  return { documentId, numericId: row.id, title, fileId, fileNumericId: file.id, recordId: record?.documentId, recordNumericId: record?.id };
}

async function openObjection() {
  const created = await app.strapi.documents('api::objection.objection').create({
    data: { publicity: publicityBatch.documentId, application: shared.entity_publicity.documentId, objectorName: '王五', phone: '13800000000', reason: '申报材料与实际不符', resolution: 'open', lodgedAt: new Date().toISOString() } as any,
  });
  return created.documentId as string;
}

// ─── The cells ───

type IdForm = 'documentId' | 'numeric id';
interface CellCase {
  name: string;
  route: Route;
  role: Role;
  state: State | null;
  form: IdForm;
  expect: Outcome;
}

const REPRESENTATIVE: State = 'district_review';
const cells: CellCase[] = [];
for (const route of MATRIX) {
  for (const role of ROLES) {
    const cell = route.cells[role];
    const add = (state: State | null, form: IdForm, outcome: Outcome) =>
      cells.push({ name: `${route.route} | ${role} | ${state ?? '—'} | ${form}`, route, role, state, form, expect: outcome });
    if (UNSTATED_TARGETS.includes(route.target)) {
      add(null, 'documentId', expected(cell, REPRESENTATIVE));
    } else {
      // A write sends a role whose answer does not depend on the state once; a read every state, unless it is refused
      // before any application is looked up.
      const once = typeof cell !== 'object' && (route.writes || role === 'anonymous' || [302, 401, 405].includes(cell as number));
      const states = once ? [REPRESENTATIVE] : STATES.filter((s) => !(route.target === 'record' && s === 'draft'));
      for (const state of states) add(state, 'documentId', expected(cell, state));
    }
    if (route.byNumericId) {
      const state = UNSTATED_TARGETS.includes(route.target) ? null : REPRESENTATIVE;
      add(state, 'numeric id', route.byNumericId[role] ?? route.byNumericId.other);
    }
  }
}
const allowedWrite = (c: CellCase) => c.route.writes && c.expect === 'allow';

/**
 * The state's probe action and the body it needs, at the target's current version. An allowed
 * clawback first has finance upload its finding to the application (the step names it).
 */
async function probeBody(role: Role, state: State, documentId: string, allowed: boolean) {
  const action = PROBE_ACTION[state][role] ?? PROBE_ACTION[state].other;
  const row = await app.strapi.db.query(APP_UID).findOne({ where: { documentId: String(documentId) } });
  const award = Number(row?.awardFen ?? 30_000_000);
  const needs: Record<string, () => Promise<Record<string, unknown>> | Record<string, unknown>> = {
    recommend: () => ({ opinion: '同意' }),
    confirm: () => ({ opinion: '确认建设单位' }),
    pass: () => ({ opinion: '复核通过', coiDeclared: true }),
    assign: () => ({ assignees: [userIds.institution] }),
    score: () => ({ scores: { innovation: 20, application: 30, compliance: 20 }, opinion: '评审意见' }),
    recognise: () => ({ opinion: '认定', amountFen: 100_000_000, coiDeclared: true }),
    reject: () => ({ opinion: '不予支持' }),
    propose: () => ({ opinion: '建议拨付' }),
    approve: () => ({ decisionRecord: partyDecision }),
    pay: () => ({ amountFen: award, payment: payment() }),
    clawback: async () => ({ opinion: '追回', amountFen: award, attachments: [{ id: allowed ? await uploadFinding(documentId) : 'no-such-finding', name: '核查结论.pdf' }] }),
    submit_completion: () => ({ attachments: [{ id: 1, name: '审计报告.pdf' }] }),
  };
  return { action, version: row?.version ?? 0, ...(needs[action] ? await needs[action]() : {}) };
}

/** Sends one cell's request as the role, naming the target by documentId or numeric id. */
async function send(c: CellCase, target: Target | null) {
  const { route, role } = c;
  const numeric = c.form === 'numeric id';
  const appId = target ? String(numeric ? target.numericId : target.documentId) : '';
  const fileId = target ? String(numeric ? target.fileNumericId : target.fileId) : '';
  const recordId = target ? String(numeric ? target.recordNumericId : target.recordId) : '';
  const auth = bearer(tokens[role]);
  const http = () => app.http();
  const [method, urlPattern] = route.route.split(' ');
  const url = urlPattern
    .replace('/files/:id', `/files/${route.target === 'file' ? fileId : ':id'}`)
    .replace(':fileId', fileId)
    .replace(':id', route.target === 'record' ? recordId : route.target === 'objection' ? String(numeric ? objection.numericId : c.name in freshObjections ? freshObjections[c.name] : objection.documentId) : route.target === 'publicity' ? String(numeric ? publicityBatch.numericId : publicityBatch.documentId) : route.target === 'organization' ? String(numeric ? organizationA.numericId : organizationA.documentId) : appId);

  if (method === 'POST' && url.startsWith('/me/')) {
    // Every post carries a valid CSRF token: the visitor's own browser, without a session unless it is an applicant's
    const browser = (portal[role] ??= new PortalBrowser(app, auth));
    switch (route.route) {
      case 'POST /me/applications/:id/edit':
        return browser.postMultipart(url, c.state === 'returned' ? { intent: 'save', 'a.summary': '补正后的项目简介' } : { intent: 'save', ...FORM_FIELDS });
      case 'POST /me/applications/:id/completion':
        // 第九条: one field per item of the completion list, the required ones filled
        return browser.postMultipart(url, { version: String(target ? await currentVersion(app, target.documentId) : 0) }, {
          'completion-audit_report': [{ content: PDF, name: '审计报告.pdf' }],
          'completion-deduction_sheet': [{ content: PDF, name: '明细表.pdf' }],
          'completion-contracts_invoices': [{ content: PDF, name: '合同.pdf' }],
        });
      case 'POST /me/applications/:id/performance':
        return browser.postMultipart(url, { period: 'self_evaluation#1', 'a.goals': '绩效目标全部完成', 'a.spentFen': '120万元', 'a.spending': '全部用于数据集扩充' }, { files: [{ content: PDF, name: '绩效自评表.pdf' }] });
      default:
        throw new Error(`no request for ${route.route}`);
    }
  }
  if (url.startsWith('/me/') || url.startsWith('/files/')) {
    const browser = portal[role];
    return browser && ['applicantA', 'applicantB'].includes(role) ? browser.get(url) : http().get(url).set(auth);
  }
  switch (route.route) {
    case 'GET /api/applications':
    case 'GET /shenbao/applications':
      return http().get(`${url}?pageSize=100`).set(auth);
    case 'POST /api/applications':
      return http().post(url).set(auth).send({ data: { taskSpec: (await app.strapi.documents('api::task-spec.task-spec').findFirst({ filters: { slug: DATASET }, status: 'published' }))!.documentId, title: `矩阵-新建-${role}` } });
    case 'PUT /api/applications/:id':
      return http().put(url).set(auth).send({ data: { title: target!.title } });
    case 'POST /api/applications/:id/submit':
    case 'POST /api/applications/:id/withdraw':
    case 'POST /api/applications/:id/resubmit':
      return http().post(url).set(auth).send({ version: target ? await currentVersion(app, target.documentId) : 0 });
    case 'POST /api/applications/:id/completion': {
      // An allowed step names a file its owner uploaded for it; elsewhere a made-up one, which the refusal comes before.
      const upload = async (material: string) => (await uploadVia(app, jwt('applicantA'))(target!.documentId, `__completion.${material}`, PDF, `${material}.pdf`)).body.data.id;
      const attachments = c.expect === 'allow' ? [await upload('audit_report'), await upload('deduction_sheet'), await upload('contracts_invoices')] : [{ id: 1, name: '审计报告.pdf' }];
      return http().post(url).set(auth).send({ version: target ? await currentVersion(app, target.documentId) : 0, attachments });
    }
    case 'POST /api/applications/:id/files':
      return http().post(url).set(auth).field('slot', 'application').attach('file', PDF, '补充.pdf');
    case 'POST /shenbao/applications/:id/transitions':
      return http().post(url).set(auth).send(await probeBody(role, c.state!, target!.documentId, c.expect === 'allow'));
    case 'POST /shenbao/bulk/transitions': {
      const { version, ...body } = await probeBody(role, c.state!, target!.documentId, c.expect === 'allow');
      return http().post(url).set(auth).send({ ...body, applications: [{ documentId: appId, version }] });
    }
    case 'POST /shenbao/applications/:id/files':
      return http().post(url).set(auth).attach('file', PDF, '核查报告.pdf');
    case 'POST /shenbao/bulk/publicity':
      return http().post(url).set(auth).send({ kind: c.state === 'award_publicity' ? 'award_publicity' : 'entity_publicity', applications: [appId] });
    case 'POST /shenbao/party-decisions':
      counter += 1;
      return http()
        .post(url)
        .set(auth)
        .field('meetingDate', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10))
        .field('minuteNo', `矩阵纪要〔${counter}〕号`)
        .attach('scan', PDF, { filename: '纪要.pdf', contentType: 'application/pdf' });
    case 'POST /shenbao/objections/:id/finding':
      return http().post(url).set(auth).send({ finding: 'dismissed', reason: '经核查，异议不成立', reply: '经核查，异议不成立。' });
    case 'GET /shenbao/exports/applications':
      return http().get(`${url}?format=csv`).set(auth);
    case 'POST /shenbao/credit-records/import':
      return http().post(url).set(auth).attach('file', Buffer.from(`统一社会信用代码,主体名称,名单类型,列入日期,有效期至,文号\n${OTHER_USCC},江岸某公司,失信被执行人,2026-01-05,2099-12-31,（2026）鄂01执9号\n`), 'list.csv');
    case 'POST /shenbao/calendar/import':
      return http().post(url).set(auth).attach('file', fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'holiday-cn-2027.json')), 'holiday-cn-2027.json');
    case 'PUT /content-manager/collection-types/api::application.application/:id':
      return http().put(url).set(auth).send({ title: `${target!.title}（改）` });
    case 'PUT /content-manager/collection-types/api::review-record.review-record/:id':
      return http().put(url).set(auth).send({ opinion: '改写意见' });
    case 'POST /api/upload':
      return http().post(url).set(auth).attach('files', PDF, 'a.pdf');
    case 'GET /content-manager/collection-types/api::application.application':
    case 'GET /content-manager/collection-types/api::review-record.review-record':
      return http().get(`${url}?pageSize=100`).set(auth);
    default:
      if (method === 'GET') return http().get(url).set(auth);
      if (method === 'DELETE') return http().delete(url).set(auth);
      throw new Error(`no request for ${route.route}`);
  }
}


// ─── What a caller may see, for the allowed reads ───

const INSTITUTION = '演示会计师事务所';
let ownDistrict: string;

function staffMaySee(role: Role, row: any): boolean {
  switch (role) {
    case 'districtOwn':
      return row.districtCode === ownDistrict;
    case 'districtOther':
      return row.districtCode === JIANGAN;
    case 'city':
    case 'finance':
      return true;
    case 'institutionAssigned':
      return row.assignments?.institution === INSTITUTION;
    case 'expertAssigned':
      return (row.assignments?.experts ?? []).includes(String(userIds.expert));
    default:
      return false;
  }
}

async function rowsOf(documentIds: string[]) {
  return app.strapi.db.query(APP_UID).findMany({ where: { documentId: { $in: documentIds } }, populate: ['organization'] });
}

/** For an allowed read, the caller sees what it should and nothing else. */
async function checkContent(c: CellCase, target: Target | null, response: any) {
  const { route, role } = c;
  const body = response.body;
  switch (route.route) {
    case 'GET /api/applications': {
      const rows = await rowsOf(body.data.map((a: any) => a.documentId));
      const uscc = role === 'applicantA' ? '91420100MA4K12345K' : OTHER_USCC;
      expect(rows.length).toBe(body.data.length);
      expect(rows.filter((r: any) => r.organization?.uscc !== uscc)).toEqual([]);
      const own = role === 'applicantA' ? Object.values(shared) : [bTarget];
      expect(body.data.map((a: any) => a.documentId)).toEqual(expect.arrayContaining(own.map((t) => t.documentId)));
      return;
    }
    case 'GET /shenbao/applications':
    case 'GET /shenbao/inbox':
    case 'GET /content-manager/collection-types/api::application.application': {
      const listed = (body.results ?? body.data.results) as Array<{ documentId: string }>;
      const rows = await rowsOf(listed.map((a) => a.documentId));
      // The super admin reads every application in the Content Manager; on the desk it has no scope.
      const sees = (row: any) => (role === 'superAdmin' && route.route.startsWith('GET /content') ? true : staffMaySee(role, row));
      expect(rows.filter((r: any) => !sees(r)).map((r: any) => r.title)).toEqual([]);
      if (route.route !== 'GET /shenbao/inbox') {
        const visible = (Object.entries(shared) as Array<[State, Target]>).filter(([state]) => (role === 'superAdmin' && route.route.startsWith('GET /content')) || (staffSees(role, state) && !(state === 'draft' && route.route === 'GET /shenbao/applications')));
        expect(listed.map((a) => a.documentId)).toEqual(expect.arrayContaining(visible.map(([, t]) => t.documentId)));
      }
      return;
    }
    case 'GET /content-manager/collection-types/api::organization.organization':
    case 'GET /content-manager/collection-types/api::organization.organization?filters[district][code][$eq]=420102':
    case 'GET /content-manager/relations/api::application.application/organization': {
      const listed: string[] = body.results.map((r: any) => r.documentId);
      if (!['districtOwn', 'districtOther', 'city', 'superAdmin'].includes(role)) {
        // a caller who reads no organisation sees them by id only
        const shown = new Set(body.results.flatMap((r: any) => Object.keys(r)));
        expect([...shown].filter((k) => !['id', 'documentId', 'status', 'locale', 'publishedAt', 'updatedAt'].includes(k))).toEqual([]);
        return;
      }
      const rows = await app.strapi.db.query(ORG_UID).findMany({ where: { documentId: { $in: listed } }, populate: ['district'] });
      expect(rows.length).toBe(listed.length);
      const district = { districtOwn: ownDistrict, districtOther: JIANGAN }[role as string];
      if (district) expect(rows.filter((r: any) => r.district?.code !== district).map((r: any) => r.name)).toEqual([]);
      const filtered = route.route.includes('filters');
      if (!filtered && (role === 'districtOwn' || role === 'city' || role === 'superAdmin')) expect(listed).toContain(organizationA.documentId);
      if (filtered) expect(listed).not.toContain(organizationA.documentId);
      return;
    }
    case 'GET /content-manager/collection-types/api::organization.organization/:id':
      expect(body.data.documentId).toBe(organizationA.documentId);
      return;
    case 'GET /content-manager/relations/api::application.application/:id/organization':
      expect(body.results.map((r: any) => r.documentId)).toEqual([organizationA.documentId]);
      return;
    case 'GET /content-manager/relations/api::review-record.review-record/application': {
      const listed: string[] = body.results.map((r: any) => r.documentId);
      const rows = await rowsOf(listed);
      expect(rows.filter((r: any) => role !== 'superAdmin' && !staffMaySee(role, r)).map((r: any) => r.title)).toEqual([]);
      return;
    }
    case 'GET /content-manager/collection-types/api::review-record.review-record': {
      const ids = body.results.map((r: any) => r.id);
      const records = await app.strapi.db.query(RR_UID).findMany({ where: { id: { $in: ids } }, populate: ['application'] });
      const unseen = records.filter((r: any) => role !== 'superAdmin' && !staffMaySee(role, r.application));
      expect(unseen.map((r: any) => r.application?.title)).toEqual([]);
      return;
    }
    case 'GET /shenbao/exports/applications': {
      const all = await app.strapi.db.query(APP_UID).findMany({ where: { state: { $ne: 'draft' } } });
      const text: string = response.text;
      expect(all.filter((r: any) => !staffMaySee(role, r) && text.includes(r.title)).map((r: any) => r.title)).toEqual([]);
      expect(Number(response.headers['x-total-count'])).toBe(all.filter((r: any) => staffMaySee(role, r)).length);
      return;
    }
    case 'GET /shenbao/home': {
      const all = await app.strapi.db.query(APP_UID).findMany({ where: { state: { $ne: 'draft' } } });
      const listed = new Set(body.data.todo.items.map((item: any) => item.documentId));
      expect(all.filter((r: any) => listed.has(r.documentId) && !staffMaySee(role, r)).map((r: any) => r.title)).toEqual([]);
      const visible = all.filter((r: any) => staffMaySee(role, r)).length;
      expect(body.data.funnel.reduce((sum: number, s: any) => sum + s.count, 0)).toBeLessThanOrEqual(visible);
      return;
    }
    case 'GET /shenbao/dashboard':
      if (!['districtOwn', 'districtOther', 'city', 'finance', 'institutionAssigned', 'expertAssigned'].includes(role)) expect(body.data.byStage).toEqual([]);
      if (role === 'districtOther') expect(body.data.byDistrict.map((d: any) => d.code)).toEqual([JIANGAN]);
      return;
    case 'GET /api/applications/:id':
    case 'GET /shenbao/applications/:id':
      expect(body.data.documentId).toBe(target!.documentId);
      return;
    case 'GET /content-manager/collection-types/api::application.application/:id':
      expect(body.data.documentId).toBe(target!.documentId);
      return;
    case 'GET /content-manager/collection-types/api::review-record.review-record/:id':
      expect(body.data.documentId).toBe(target!.recordId);
      return;
    case 'GET /me/applications/:id':
      expect(response.text).toContain(target!.title);
      return;
    case 'GET /api/files/:id':
    case 'GET /files/:id':
      expect(response.headers['content-disposition']).toMatch(/^attachment/);
      return;
    default:
  }
}

// ─── Refused writes change nothing ───

/** The tables a write to an application, its files, records, money or 公示 would touch. */
const WATCHED = ['applications', 'review_records', 'review_records_application_lnk', 'applications_organization_lnk', 'assignments', 'attachments', 'disbursements', 'notifications', 'objections', 'publicities', 'party_decisions', 'credit_records', 'performance_reports'];

/**
 * Counts every row inserted, updated or deleted in a watched table, in the writing transaction
 * (a write rolled back counts nothing). Stricter than comparing the rows: a refusal that wrote
 * and then undid its write, or rewrote a row with the same values, shows too.
 */
async function watchWrites() {
  const knex = app.strapi.db.connection;
  await knex.raw('CREATE TABLE matrix_writes (n integer NOT NULL)');
  await knex.raw('INSERT INTO matrix_writes (n) VALUES (0)');
  if (usePostgres()) {
    await knex.raw('CREATE FUNCTION matrix_count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE matrix_writes SET n = n + 1; RETURN NULL; END $$');
    for (const table of WATCHED) await knex.raw(`CREATE TRIGGER matrix_watch AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION matrix_count_write()`);
  } else {
    for (const table of WATCHED) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) await knex.raw(`CREATE TRIGGER matrix_watch_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN UPDATE matrix_writes SET n = n + 1; END`);
    }
  }
}

/** The number of rows written to the watched tables so far, once the outbox has settled. */
async function fingerprint() {
  await outboxSettled(app);
  return String((await app.strapi.db.connection('matrix_writes').first('n')).n);
}

/** Every watched table, row for row. */
async function dump() {
  await outboxSettled(app);
  const knex = app.strapi.db.connection;
  const rows: Record<string, unknown> = {};
  for (const table of WATCHED) rows[table] = await knex(table).select('*').orderBy('id');
  return JSON.stringify(rows);
}

// ─── Setup ───

const reads = new Map<string, { status: number; body: any; text: string; headers: any }>();

function targetOf(c: CellCase): Target | null {
  if (UNSTATED_TARGETS.includes(c.route.target)) return null;
  return fresh[c.name] ?? shared[c.state!];
}

beforeAll(async () => {
  const started = Date.now();
  app = await startStrapi();
  // Listening once: supertest would otherwise listen and close per request, which parallel requests cannot share.
  await new Promise<void>((resolve) => app.strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  await seedDemo(app);
  tokens.applicantA = await applicantToken(app);
  tokens.applicantB = await secondApplicant(app);
  const emails: Partial<Record<Role, string>> = {
    districtOwn: 'district.reviewer', districtOther: 'jiangan.reviewer', city: 'city.reviewer', institutionAssigned: 'institution',
    expertAssigned: 'expert', expertOther: 'expert5', finance: 'finance', editor: 'editor', superAdmin: 'admin',
  };
  for (const [role, email] of Object.entries(emails)) tokens[role as Role] = await staffToken(app, `${email}@shenbao.local`);
  tokens.institutionOther = (await createStaff(app, 'other.firm@shenbao.local', 'shenbao-institution', { role: 'institution', institution: '另一事务所' })).token;
  userIds.institution = await adminUserId(app, 'institution@shenbao.local');
  userIds.expert = await adminUserId(app, 'expert@shenbao.local');
  ownDistrict = (await app.strapi.db.query('api::organization.organization').findOne({ where: { uscc: '91420100MA4K12345K' }, populate: ['district'] })).district.code;
  portal.applicantA = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
  portal.applicantB = await new PortalBrowser(app).login('other@example.com', PASSWORD);
  partyDecision = await recordPartyDecision(app, tokens.finance!, '矩阵党组会议纪要〔2026〕1号');

  for (const state of STATES) shared[state] = await build(state);
  bTarget = await build('district_review', 'applicantB');
  const batch = await app.strapi.db.query('api::publicity.publicity').findOne({ where: { applications: { documentId: shared.entity_publicity.documentId } } });
  publicityBatch = { documentId: batch.documentId, numericId: batch.id };
  const ownOrganization = (await app.strapi.db.query(APP_UID).findOne({ where: { documentId: shared.district_review.documentId }, populate: ['organization'] })).organization;
  organizationA = { documentId: ownOrganization.documentId, numericId: ownOrganization.id };
  const objectionId = await openObjection();
  objection = { documentId: objectionId, numericId: (await app.strapi.db.query('api::objection.objection').findOne({ where: { documentId: objectionId } })).id };
  for (const c of cells.filter(allowedWrite)) {
    if (c.route.target === 'objection') freshObjections[c.name] = await openObjection();
    else if (c.state && c.form === 'documentId') fresh[c.name] = await build(c.state);
  }
  await watchWrites();
  const built = Date.now();

  // The reads, a few at a time.
  const readCells = cells.filter((c) => !c.route.writes);
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < readCells.length) {
        const c = readCells[next++];
        const response: any = await send(c, targetOf(c));
        reads.set(c.name, { status: response.status, body: response.body, text: response.text ?? '', headers: response.headers });
      }
    }),
  );
  // eslint-disable-next-line no-console
  console.log(`access matrix: ${cells.length} cells (${readCells.length} reads); built in ${built - started} ms, read in ${Date.now() - built} ms`);
});
afterAll(async () => {
  await app?.stop();
});

let lastFingerprint: string | null = null;
let rowsBeforeRefusals: string | undefined;
const statusClass = (status: number): Outcome | number => (status >= 200 && status < 300 ? 'allow' : status);
/** A portal form post that was taken redirects to the page saying so; any other redirect is a refusal. */
const PORTAL_DONE = /[?&](saved|completed|reported|resubmitted)=1/;
const outcomeOf = (c: CellCase, response: any) =>
  c.route.route.startsWith('POST /me/') && response.status === 302 && PORTAL_DONE.test(response.headers.location ?? '') ? 'allow' : statusClass(response.status);

describe('the access matrix', () => {
  it('covers every route, role and state of the table', () => {
    expect(new Set(cells.map((c) => c.name)).size).toBe(cells.length);
    expect(cells.length).toBeGreaterThan(1000);
  });

  it('says in Chinese what was refused, and tells nothing of an application out of scope', async () => {
    const edit = await app.http().put(`${CM}/${APP_UID}/${shared.district_review.documentId}`).set(bearer(tokens.superAdmin)).send({ title: '改名' });
    expect(edit.body.error).toMatchObject({ status: 403, message: '已提交的申报不能修改（字段「title」）', details: { field: 'title' } });
    const correction = await app.http().put(`${CM}/${APP_UID}/${shared.returned.documentId}`).set(bearer(tokens.superAdmin)).send({ answers: { summary: '管理员代为补正' } });
    expect(correction.body.error).toMatchObject({ status: 403, message: '退回补正中的申报只能由申报单位修改被指出的内容（字段「answers」）', details: { field: 'answers' } });
    const serialNo = (await app.strapi.db.query(APP_UID).findOne({ where: { documentId: shared.construction.documentId } })).serialNo;
    const bulk = await app.http().post('/shenbao/bulk/publicity').set(bearer(tokens.expertOther)).send({ kind: 'entity_publicity', applications: [shared.construction.documentId] });
    expect(bulk.status).toBe(404);
    expect(bulk.body.error.message).not.toContain(serialNo);
    expect(bulk.body.error.details).toMatchObject({ code: 'not_visible', field: 'applications' });
  });

  // Reads first, then refused writes, then the allowed writes (each on an application of its own).
  const refusedWrites = cells.filter((c) => c.route.writes && !allowedWrite(c));
  const sendCell = async (_name: string, outcome: Outcome, c: CellCase) => {
    const target = targetOf(c);
    if (!c.route.writes) {
      const response = reads.get(c.name)!;
      expect(statusClass(response.status)).toBe(outcome);
      if (outcome === 'allow') await checkContent(c, target, response);
      return;
    }
    if (outcome === 'allow') {
      const response: any = await send(c, target);
      expect([outcomeOf(c, response), response.body?.error?.message]).toEqual([outcome, undefined]);
      return;
    }
    // Refused writes run one after another: each one's "after" is the next one's "before".
    if (c === refusedWrites[0]) rowsBeforeRefusals = await dump();
    const before = lastFingerprint ?? (await fingerprint());
    lastFingerprint = null;
    const response: any = await send(c, target);
    expect(outcomeOf(c, response)).toBe(outcome);
    const after = await fingerprint();
    expect(after).toBe(before);
    lastFingerprint = after;
  };
  const each = (list: CellCase[]) => list.map((c) => [c.name, c.expect, c] as const);
  it.each(each(cells.filter((c) => !c.route.writes)))('%s → %p', sendCell);
  it.each(each(refusedWrites))('%s → %p', sendCell);
  it('leaves every watched table as it was, row for row, after all the refused writes', async () => {
    expect(rowsBeforeRefusals).toBeDefined();
    expect(await dump()).toBe(rowsBeforeRefusals);
  });
  it.each(each(cells.filter(allowedWrite)))('%s → %p', sendCell);
  it('counted the allowed writes (the watch on the tables works)', async () => {
    expect(Number(await fingerprint())).toBeGreaterThan(Number(lastFingerprint));
  });
});
