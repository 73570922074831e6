import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { readMailFolder, waitForMail } from '../harness/mail';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, currentVersion, passPublicity, recordPartyDecision, seedDemo, staffAct, staffToken, submitCompletion } from '../harness/workflow';

/** Every message of an application's life, written as .eml to the development mail folder. */
const MAIL = path.join(ROOT, '.tmp', 'test', `mail-${crypto.randomBytes(4).toString('hex')}`);
const APPLICANT_EMAIL = 'applicant@shenbao.local'; // the demo organisation's contact address
let app: TestApp;
const tokens: Record<string, string> = {};
let jwt: string;

beforeAll(async () => {
  process.env.EMAIL_FOLDER = MAIL;
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'institution', 'finance']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
});
afterAll(async () => {
  await app?.stop();
  delete process.env.EMAIL_FOLDER;
  fs.rmSync(MAIL, { recursive: true, force: true });
});

async function step(who: string, documentId: string, body: Record<string, unknown>) {
  const response = await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body });
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}

it('tells the applicant each step, from the receipt to the payment, at its contact address', async () => {
  const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  await step('district.reviewer', id, { action: 'return', opinion: '项目概述过于简略', flaggedFields: ['summary'] });
  expect((await applicantStep(app, jwt, id, 'resubmit', { version: await currentVersion(app, id) })).status).toBe(200);
  await step('district.reviewer', id, { action: 'recommend', opinion: '同意推荐' });
  await step('city.reviewer', id, { action: 'confirm', opinion: '确认' });
  await passPublicity(app, id);
  expect((await submitCompletion(app, jwt, id, '审计报告.pdf')).status).toBe(200);
  await step('city.reviewer', id, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
  await step('institution', id, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
  await passPublicity(app, id);
  await step('finance', id, { action: 'propose', opinion: '建议拨付' });
  await step('finance', id, { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕60号') });
  await step('finance', id, { action: 'pay', amountFen: 30_000_000, payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕060号' } });

  const serialNo = (await app.strapi.db.query('api::application.application').findOne({ where: { documentId: id } })).serialNo;
  const expected: Array<[string, string[]]> = [
    ['【申报回执】', [serialNo, '提交成功']],
    ['【退回补正】', ['项目概述过于简略', '项目简介']],
    ['【补正回执】', ['补正后重新提交']],
    ['【申报进度】', ['出具初审推荐意见', '市级复核复审']],
    ['【申报进度】', ['确认建设单位', '建设单位公示']],
    ['【公示通知】', ['建设单位公示', '5个工作日']],
    ['【申报进度】', ['公示期满，无异议', '项目建设']],
    ['【申报进度】', ['提交建设完成材料']],
    ['【拟奖励金额】', ['认定金额1,000,000.00元', '300,000.00元']],
    ['【公示通知】', ['拟奖励']],
    ['【申报进度】', ['公示期满，无异议', '拟定拨付计划']],
    ['【申报进度】', ['提出拨付计划建议', '党组集体研究']],
    ['【党组研究通过】', ['300,000.00元']],
    ['【资金拨付】', ['300,000.00元', '武数拨〔2026〕060号']],
  ];
  await waitForMail(MAIL, (_mail, all) => all.length >= expected.length);
  const mails = readMailFolder(MAIL);
  expect(mails).toHaveLength(expected.length);
  expect(mails.every((mail) => mail.to === APPLICANT_EMAIL)).toBe(true);
  // Each step's message, matched by subject and content (they are sent after each commit, so
  // their order in the folder is not guaranteed).
  const unmatched = [...mails];
  for (const [subject, phrases] of expected) {
    const found = unmatched.findIndex((mail) => mail.subject.startsWith(subject) && phrases.every((phrase) => mail.text.includes(phrase)));
    expect({ subject, phrases, found: found >= 0 }).toEqual({ subject, phrases, found: true });
    unmatched.splice(found, 1);
  }
  // and the outbox knows each was sent
  const rows = await app.strapi.db.query('api::notification.notification').findMany({ where: { application: { documentId: id } } });
  expect(rows).toHaveLength(expected.length);
  expect(rows.every((row: any) => row.delivery === 'sent' && row.attempts === 1)).toBe(true);
});

it('tells the applicant of a rejection with the opinion', async () => {
  const { documentId: id } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  expect((await applicantStep(app, jwt, id, 'submit', { version: 0 })).status).toBe(200);
  await step('district.reviewer', id, { action: 'reject', opinion: '不符合申报条件：非本市注册企业' });
  // Messages are sent after each commit, so the receipt and the rejection may arrive in either order.
  const rejection = await waitForMail(MAIL, (mail) => mail.subject.includes('未通过'));
  expect(rejection).toMatchObject({ to: APPLICANT_EMAIL, subject: '【审核结果】示例项目未通过' });
  expect(rejection.text).toContain('不符合申报条件：非本市注册企业');
});
