import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { PASSWORD, seedDemo } from '../harness/workflow';
import { DATA_PRODUCT_WORKFLOW, DATASET_WORKFLOW } from '../../src/domain/workflow';
import { parseUscc } from '../../src/domain/uscc';
import { DEMO_COMPANIES, usccOf } from '../../src/seed/data/demo-cases';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemoCases } = require(path.join(ROOT, 'dist', 'src', 'seed', 'demo-cases'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyAll } = require(path.join(ROOT, 'dist', 'src', 'api', 'review-record', 'support', 'verify'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pathOf } = require(path.join(ROOT, 'dist', 'src', 'api', 'attachment', 'support', 'storage'));

/** `npm run demo`'s cases: every stage of both chains, walked there through the real services, once. */
let app: TestApp;
let firstRun: { created: number; existing: number };
let seconds: number;
const APPLICATION = 'api::application.application';
const TABLES = [
  APPLICATION,
  'api::review-record.review-record',
  'api::attachment.attachment',
  'api::publicity.publicity',
  'api::disbursement.disbursement',
  'api::party-decision.party-decision',
  'api::organization.organization',
  'api::assignment.assignment',
  'plugin::users-permissions.user',
];
const countAll = () => Promise.all(TABLES.map((uid) => app.strapi.db.query(uid as any).count()));

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const startedAt = Date.now();
  firstRun = await seedDemoCases(app.strapi, { password: PASSWORD });
  seconds = (Date.now() - startedAt) / 1000;
}, 240_000);
afterAll(async () => {
  await app?.stop();
});

const applications = () => app.strapi.db.query(APPLICATION).findMany({ populate: ['organization'] });

it('puts at least two applications in every stage of both chains, and one clawed back', async () => {
  const all = await applications();
  expect(firstRun).toEqual({ created: all.length, existing: 0 });
  for (const definition of [DATASET_WORKFLOW, DATA_PRODUCT_WORKFLOW]) {
    const ofChain = all.filter((a: any) => a.programKey === definition.key);
    const counts: Record<string, number> = {};
    for (const a of ofChain) counts[a.state] = (counts[a.state] ?? 0) + 1;
    for (const stage of definition.stages) expect({ chain: definition.key, stage: stage.key, enough: (counts[stage.key] ?? 0) >= (stage.key === 'clawed_back' ? 1 : 2) }).toEqual({ chain: definition.key, stage: stage.key, enough: true });
  }
  // made-up companies with valid codes, the demo applicant keeping only two of its own
  for (const company of DEMO_COMPANIES) expect(() => parseUscc(usccOf(company))).not.toThrow();
  expect(all.filter((a: any) => a.organization?.uscc === '91420100MA4K12345K')).toHaveLength(2);
  // eslint-disable-next-line no-console
  console.log(`demo cases: ${all.length} applications in ${seconds.toFixed(1)} s`);
});

it('leaves hash chains that verify, and every stored file on disk', async () => {
  const report = await verifyAll(app.strapi);
  expect(report.broken).toBeNull();
  // every application that has taken a step: all but the drafts
  expect(report.applications).toBe((await applications()).filter((a: any) => a.version > 0).length);
  const files = await app.strapi.db.query('api::attachment.attachment').findMany({ select: ['storageKey', 'sizeBytes'] });
  expect(files.length).toBeGreaterThan(300);
  for (const file of files) expect(fs.statSync(pathOf(app.strapi, file.storageKey)).size).toBe(Number(file.sizeBytes));
});

it('keeps each timeline in order and in the past, with a full panel of scores on the rubric', async () => {
  const rubric = DATA_PRODUCT_WORKFLOW.stages.find((s) => s.key === 'expert_review')!.panel!.rubric;
  for (const application of await applications()) {
    const records = await app.strapi.db.query('api::review-record.review-record').findMany({ where: { application: { id: application.id } }, orderBy: { seq: 'asc' } });
    const times = records.map((r: any) => new Date(r.occurredAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(0, ...times)).toBeLessThan(Date.now());
    const scores = records.filter((r: any) => r.action === 'score');
    if (!scores.length) continue;
    expect(new Set(scores.map((r: any) => r.actorId)).size).toBe(scores.length);
    for (const score of scores) for (const item of rubric) expect(score.scores[item.key]).toBeLessThanOrEqual(item.max);
    if (records.some((r: any) => r.action === 'recognise')) expect(scores).toHaveLength(3);
  }
});

it('ran its 公示: closed batches ended before the step after them, two still running', async () => {
  const batches = await app.strapi.db.query('api::publicity.publicity').findMany({ populate: { applications: { select: ['documentId'] } } });
  const now = Date.now();
  expect(batches.filter((b: any) => b.phase === 'closed').length).toBeGreaterThanOrEqual(3);
  expect(batches.filter((b: any) => b.phase === 'open' && new Date(b.endsAt).getTime() > now).length).toBeGreaterThanOrEqual(2);
  for (const batch of batches.filter((b: any) => b.phase === 'closed')) {
    for (const { documentId } of batch.applications) {
      const row = await app.strapi.db.query(APPLICATION).findOne({ where: { documentId } });
      const passed = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { id: row.id }, action: 'publicity_passed', fromState: batch.kind } });
      expect(new Date(passed.occurredAt).getTime()).toBeGreaterThanOrEqual(new Date(batch.endsAt).getTime());
    }
  }
});

it('keeps the money consistent: each payment is the award, with its voucher and the party decision with its scan', async () => {
  const rows = await app.strapi.db.query('api::disbursement.disbursement').findMany({ populate: ['application', 'program', 'partyDecision'] });
  const paid = rows.filter((r: any) => r.kind === 'payment');
  expect(paid.length).toBeGreaterThanOrEqual(6);
  for (const payment of paid) {
    expect(Number(payment.amountFen)).toBe(Number(payment.application.awardFen));
    expect(payment.voucherNo).toMatch(/^武数拨〔\d{4}〕/);
  }
  for (const decision of rows.filter((r: any) => r.kind === 'decision')) expect(decision.partyDecision).toBeTruthy();
  const scans = await app.strapi.db.query('api::party-decision.party-decision').findMany({ populate: ['files'] });
  for (const scan of scans) expect(scan.files).toHaveLength(1);
  // The budget's remainder is the budget less each committed plan, less nothing recovered twice.
  const transitions = app.strapi.service('api::application.transition') as any;
  for (const key of ['dataset', 'data_product']) {
    const program = await app.strapi.db.query('api::program.program').findOne({ where: { key }, populate: ['annualBudgets'] });
    const plans = rows.filter((r: any) => r.kind === 'plan' && r.program?.id === program.id);
    const year = plans[0].budgetYear;
    const committed = plans.reduce((sum: number, r: any) => sum + Number(r.amountFen), 0);
    const recovered = rows.filter((r: any) => r.kind === 'clawback' && r.program?.id === program.id).reduce((sum: number, r: any) => sum + Number(r.amountFen), 0);
    const budget = Number(program.annualBudgets.find((b: any) => b.year === year).amountFen);
    expect(recovered).toBeGreaterThan(0);
    expect(await transitions.budgetRemainingFen(program.id, year)).toBe(budget - committed + recovered);
    // what was paid is what the plans committed, for every application past payment
    const paidOfProgram = paid.filter((r: any) => r.program?.id === program.id).reduce((sum: number, r: any) => sum + Number(r.amountFen), 0);
    const plansPaid = plans.filter((plan: any) => paid.some((p: any) => p.application.id === plan.application.id)).reduce((sum: number, r: any) => sum + Number(r.amountFen), 0);
    expect(paidOfProgram).toBe(plansPaid);
  }
});

it('adds nothing on a second run', async () => {
  const before = await countAll();
  const secondRun = await seedDemoCases(app.strapi, { password: PASSWORD });
  expect(secondRun).toEqual({ created: 0, existing: firstRun.created });
  expect(await countAll()).toEqual(before);
});
