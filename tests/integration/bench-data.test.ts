import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { isValidUscc } from '../../src/domain/uscc';
import { TestApp, startStrapi } from '../harness/strapi';
import { seedDemo, staffToken } from '../harness/workflow';

/** The benchmark's bulk path (src/seed/bulk): generated cases must be ones the product could have written. */
let app: TestApp;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

it('generates applications over the stages, with review records that verify as hash chains', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateApplications } = require('../../dist/src/seed/bulk/applications');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { verifyAll } = require('../../dist/src/api/review-record/support/verify');
  const result = await generateApplications(app.strapi, { applications: 150, batchSize: 40 });

  expect(result.applications).toBe(150);
  expect(Object.keys(result.byState).length).toBeGreaterThanOrEqual(10);
  expect(result.byState.disbursed).toBeGreaterThan(0);
  const report = await verifyAll(app.strapi);
  expect(report.broken).toBeNull();
  expect(report.records).toBe(result.reviewRecords);

  const rows = await app.strapi.db.query('api::application.application').findMany({ populate: ['organization', 'program', 'district'] });
  expect(rows).toHaveLength(150);
  for (const row of rows) {
    expect(row.organization?.uscc).toBe(row.organizationUscc);
    expect(isValidUscc(row.organizationUscc)).toBe(true);
    expect(row.program?.key).toBe(row.programKey);
    expect(row.district?.code).toBe(row.districtCode);
    if (row.state !== 'draft' && row.state !== 'withdrawn') expect(row.workflowVersion).toBeGreaterThan(0);
  }
});

it('gives every application real files: stored, named by its answers and records, found by the materials audit to be whole', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { auditMaterials } = require('../../dist/src/api/attachment/support/materials-audit');
  const report = await auditMaterials(app.strapi);
  expect(report.applications).toBe(150);
  expect(report.findings).toEqual([]);
  const files = await app.strapi.db.query('api::attachment.attachment').findMany({ select: ['storageKey', 'sha256', 'sizeBytes'] });
  expect(files.length).toBeGreaterThanOrEqual(150 * 5);
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(process.env.UPLOAD_PRIVATE_DIR!, file.storageKey));
    expect([bytes.length, crypto.createHash('sha256').update(bytes).digest('hex')]).toEqual([file.sizeBytes, file.sha256]);
  }
});

it('leaves data the desk reads like any other: the inbox counts what waits at each stage', async () => {
  const token = await staffToken(app, 'city.reviewer@shenbao.local');
  const response = await app.http().get('/shenbao/inbox?page=1&pageSize=50').set('Authorization', `Bearer ${token}`);
  expect(response.status).toBe(200);
  const { counts, pagination, results } = response.body.data;
  const waiting = await app.strapi.db.query('api::application.application').count({ where: { state: { $in: Object.keys(counts) } } });
  expect(pagination.total).toBe(waiting);
  expect(results.length).toBe(Math.min(50, waiting));
  expect(results.every((row: any) => row.districtName && row.stageLabel)).toBe(true);
});
