import { SYSTEM_ACTOR } from '../../src/api/application/support/actors';
import { COMPLETION_MATERIALS } from '../../src/domain/workflow/definitions';
import { PDF } from './fixtures';
import { adminToken, applicantJwt } from './auth';
import { STAND_IN_SOURCE, standInFile, standInYears } from './calendar-stand-in';
import type { TestApp } from './strapi';

/** Drives applications through the real HTTP routes, as the portal and the admin panel would. */
export const PASSWORD = 'Workflow-Test-2026';
export const APPLICANT = 'applicant@shenbao.local';

/** The demo's data; with stand-ins for the calendar years the coming weeks reach that the seed lacks (./calendar-stand-in.ts). */
export async function seedDemo(app: TestApp, { calendarStandIns = true } = {}) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seed } = require('../../dist/src/seed');
  const seeded = await seed(app.strapi, { password: PASSWORD });
  if (calendarStandIns) {
    for (const year of standInYears()) await (app.strapi.service('api::calendar-day.calendar-day') as any).importYear(standInFile(year), STAND_IN_SOURCE);
  }
  return seeded;
}

export async function createStaff(app: TestApp, email: string, roleCode: string, profile: Record<string, unknown>) {
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  const user = await app.strapi.service('admin::user').create({ email, firstname: email.split('@')[0], lastname: '测试', password: PASSWORD, isActive: true, roles: [role.id] });
  const district = profile.districtCode
    ? await app.strapi.db.query('api::district.district').findOne({ where: { code: profile.districtCode } })
    : null;
  await app.strapi.documents('api::reviewer-profile.reviewer-profile').create({
    data: { adminUser: user.id, displayName: email, role: profile.role, district: district?.documentId, institution: profile.institution, relatedUsccs: profile.relatedUsccs ?? [], expertField: profile.expertField, employerUscc: profile.employerUscc, active: true } as any,
  });
  return { id: user.id as number, email, token: await adminToken(app, email, PASSWORD) };
}

export const OTHER_USCC = '91420100MA4K12346N';

/** A second organisation, in another district (江岸区), with its own applicant; returns its JWT. */
export async function secondApplicant(app: TestApp) {
  const district = await app.strapi.db.query('api::district.district').findOne({ where: { code: '420102' } });
  const role = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const user = await app.strapi.plugin('users-permissions').service('user').add({ username: 'other', email: 'other@example.com', password: PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id });
  await app.strapi.documents('api::organization.organization').create({
    data: { name: '江岸某公司', uscc: OTHER_USCC, legalForm: 'limited_liability_company', district: district.documentId, users: [user.documentId], contactEmail: 'other@example.com' } as any,
  });
  return applicantJwt(app, 'other@example.com', PASSWORD);
}

export async function staffToken(app: TestApp, email: string) {
  return adminToken(app, email, PASSWORD);
}

export async function adminUserId(app: TestApp, email: string) {
  return (await app.strapi.db.query('admin::user').findOne({ where: { email } })).id as number;
}

export const applicantToken = (app: TestApp, email = APPLICANT) => applicantJwt(app, email, PASSWORD);

export async function taskSpecId(app: TestApp, slug: string) {
  return (await app.strapi.documents('api::task-spec.task-spec').findFirst({ filters: { slug }, status: 'published' }))!.documentId;
}

export { COMPLETE_ANSWERS, REQUIRED_SLOTS, SIGNED } from '../../src/seed/bulk/answers';
import { COMPLETE_ANSWERS } from '../../src/seed/bulk/answers';
import { uploadRequiredFiles, uploadVia } from './materials';

/**
 * A draft of the applicant's organisation for the seeded call, with complete answers and, unless
 * `files` is false, a real file uploaded into every slot the call requires: ready to submit.
 */
export async function createApplication(app: TestApp, jwt: string, slug: string, extra: Record<string, unknown> = {}, { files = true } = {}) {
  const response = await app
    .http()
    .post('/api/applications')
    .set('Authorization', `Bearer ${jwt}`)
    .send({ data: { taskSpec: await taskSpecId(app, slug), title: '示例项目', answers: COMPLETE_ANSWERS[slug] ?? {}, ...extra } });
  if (response.status !== 200) throw new Error(`create failed: ${response.status} ${response.text}`);
  const draft = response.body.data as { documentId: string; version: number; state: string };
  if (files) await uploadRequiredFiles(uploadVia(app, jwt), draft.documentId, slug);
  return draft;
}

export const applicantStep = (app: TestApp, jwt: string, documentId: string, step: string, body: Record<string, unknown>) =>
  app.http().post(`/api/applications/${documentId}/${step}`).set('Authorization', `Bearer ${jwt}`).send(body);

export const staffAct = (app: TestApp, token: string, documentId: string, body: Record<string, unknown>) =>
  app.http().post(`/shenbao/applications/${documentId}/transitions`).set('Authorization', `Bearer ${token}`).send(body);

/** 建设完成材料: a real file uploaded for the completion step (slot __completion), then the step naming it. */
/** Uploads a PDF for each required item of the completion materials (第九条), then submits them. */
export async function submitCompletion(app: TestApp, jwt: string, documentId: string, name = '专项审计报告.pdf') {
  const ids: string[] = [];
  for (const material of COMPLETION_MATERIALS.filter((m) => m.required)) {
    const uploaded = await uploadVia(app, jwt)(documentId, `__completion.${material.key}`, PDF, material.key === 'audit_report' ? name : `${material.label}.pdf`);
    if (uploaded.status !== 200) throw new Error(`completion upload failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    ids.push(uploaded.body.data.id);
  }
  return applicantStep(app, jwt, documentId, 'completion', { version: await currentVersion(app, documentId), attachments: ids.map((id) => ({ id })) });
}

export async function currentVersion(app: TestApp, documentId: string) {
  return (await app.strapi.db.query('api::application.application').findOne({ where: { documentId } })).version as number;
}

/** Dataset applications the district recommended and the city reviewer confirmed: waiting for their entity 公示. */
export async function confirmedApplications(app: TestApp, tokens: { applicant: string; district: string; city: string }, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { documentId } = await createApplication(app, tokens.applicant, 'dataset-2025-batch-1');
    const steps: Array<[string, Record<string, unknown>]> = [[tokens.district, { action: 'recommend', opinion: '同意' }], [tokens.city, { action: 'confirm', opinion: '确认' }]];
    if ((await applicantStep(app, tokens.applicant, documentId, 'submit', { version: 0 })).status !== 200) throw new Error('submit failed');
    for (const [token, body] of steps) {
      const response = await staffAct(app, token, documentId, { version: await currentVersion(app, documentId), ...body });
      if (response.status !== 200) throw new Error(`${body.action} failed: ${response.text}`);
    }
    ids.push(documentId);
  }
  return ids;
}

/** The scheduled 公示 job's step, through the same transition service. */
export async function systemStep(app: TestApp, documentId: string, action: string) {
  return (app.strapi.service('api::application.transition') as any).transition({
    documentId,
    actor: SYSTEM_ACTOR,
    request: { action, version: await currentVersion(app, documentId) },
  });
}

/** The city reviewer of the demo seed, in the engine's terms, as the 公示 bulk action sees it. */
const CITY_REVIEWER = { kind: 'staff', id: 'city-reviewer', name: '市数据局审核', role: 'city_reviewer' } as const;
const MAY_DO_ANYTHING = { can: () => true };

/** Moves a 公示 batch's end instant into the past: the period has run. */
export async function endPublicity(app: TestApp, batchDocumentId: string) {
  await app.strapi.db.query('api::publicity.publicity').updateMany({ where: { documentId: batchDocumentId }, data: { endsAt: new Date(Date.now() - 1000) } });
}

/**
 * A 公示 from start to end for the given applications: the city reviewer starts one batch, the
 * period runs, and the closing job runs. Returns the batch and the job's outcome.
 */
export async function passPublicity(app: TestApp, ...documentIds: string[]) {
  const first = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: documentIds[0] } });
  const batch = await (app.strapi.service('api::application.bulk') as any).publicity(CITY_REVIEWER, MAY_DO_ANYTHING, { kind: first.state, applications: documentIds });
  await endPublicity(app, batch.documentId);
  const outcome = await (app.strapi.service('api::publicity.publicity') as any).closeDue();
  return { batch, outcome };
}

/** Finance records a party group meeting with its scanned minutes; returns the record's documentId. */
export async function recordPartyDecision(app: TestApp, financeToken: string, minuteNo: string, meetingDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)) {
  const response = await app
    .http()
    .post('/shenbao/party-decisions')
    .set('Authorization', `Bearer ${financeToken}`)
    .field('meetingDate', meetingDate)
    .field('minuteNo', minuteNo)
    .attach('scan', PDF, { filename: '党组会议纪要.pdf', contentType: 'application/pdf' });
  if (response.status !== 200) throw new Error(`party decision failed: ${response.status} ${response.text}`);
  return response.body.data.documentId as string;
}

/**
 * Waits until the outbox has settled: messages are written "sending" in the step's transaction
 * and marked sent in a pass shortly after the commit, so a whole-database comparison must not
 * straddle that pass.
 */
export async function outboxSettled(app: TestApp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await app.strapi.db.query('api::notification.notification').count({ where: { delivery: 'sending' } })) > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not settle');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The expert panel (data-product chain, version 3): the city reviewer draws `panelSize` experts
 * of `field` from the pool; the e-mails of those drawn come back, in the order drawn.
 */
export async function drawPanel(app: TestApp, cityToken: string, documentId: string, { field = 'data_products', panelSize = 3 as number | 'all' } = {}) {
  // 'all': every expert the desk says could be drawn, so that a given expert is sure to be on the panel
  const size =
    panelSize === 'all'
      ? (await app.http().get(`/shenbao/applications/${documentId}`).set('Authorization', `Bearer ${cityToken}`)).body.data.drawable.find((d: any) => d.field === field).eligible
      : panelSize;
  const response = await staffAct(app, cityToken, documentId, { action: 'assign', version: await currentVersion(app, documentId), field, panelSize: size });
  if (response.status !== 200) throw new Error(`draw refused: ${JSON.stringify(response.body)}`);
  return panelEmails(app, documentId);
}

/** The e-mails of the experts now on the application's panel. */
export async function panelEmails(app: TestApp, documentId: string): Promise<string[]> {
  const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
  const ids: string[] = application.assignments?.experts ?? [];
  const users = await app.strapi.db.query('admin::user').findMany({ where: { id: { $in: ids.map(Number) } } });
  return ids.map((id) => users.find((u: any) => String(u.id) === id)!.email);
}

/** Draws a panel, and each expert drawn declares no conflict: the panel is ready to score. Returns the experts' tokens by e-mail. */
export async function seatPanel(app: TestApp, cityToken: string, documentId: string) {
  const tokens: Record<string, string> = {};
  for (const email of await drawPanel(app, cityToken, documentId)) {
    tokens[email] = await staffToken(app, email);
    const response = await staffAct(app, tokens[email], documentId, { action: 'declare', version: await currentVersion(app, documentId), hasConflict: false });
    if (response.status !== 200) throw new Error(`declaration refused: ${JSON.stringify(response.body)}`);
  }
  return tokens;
}
