import { spawnSync } from 'child_process';
import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo } from '../harness/workflow';

/**
 * `npm run audit:materials` against the test database: silent on real materials, and naming
 * every application whose answers name files that were never stored, as data written before
 * issue 20 (or by hand) can. It changes nothing.
 */
let app: TestApp;
const APPLICATION = 'api::application.application';

const auditMaterials = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'audit-materials.js'), ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });
const snapshot = async () => ({
  applications: await app.strapi.db.query(APPLICATION).findMany({ orderBy: { id: 'asc' } }),
  attachments: await app.strapi.db.query('api::attachment.attachment').findMany({ orderBy: { id: 'asc' } }),
});
let submitted: string[] = [];

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  for (let i = 0; i < 2; i += 1) {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
    await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    submitted.push(documentId);
  }
  // A draft still being filled in: its empty slots are no finding.
  await createApplication(app, jwt, 'data-product-2026', {}, { files: false });
});
afterAll(async () => {
  await app?.stop();
});

it('passes when every application names only its own stored files', () => {
  const result = auditMaterials();
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('材料核查通过：3 个申报');
});

it('names made-up files, files of another slot and files no longer stored, and changes nothing', async () => {
  const [first, second] = await Promise.all(submitted.map((documentId) => app.strapi.db.query(APPLICATION).findOne({ where: { documentId } })));
  // What the old API accepted: a made-up id in a slot, and another slot's file.
  await app.strapi.db.query(APPLICATION).update({ where: { id: first.id }, data: { answers: { ...first.answers, licence: ['licence-file'], taxCertificate: first.answers.application } } });
  // A stored file removed behind the system's back: its slot and the submit record that names it.
  await app.strapi.db.query('api::attachment.attachment').delete({ where: { documentId: second.answers.rdProof[0] } });
  const before = await snapshot();

  const result = auditMaterials();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('材料核查发现 2 个申报的材料不实');
  expect(result.stdout).toContain(first.serialNo);
  expect(result.stdout).toContain('「营业执照或事业单位法人证书」：「营业执照或事业单位法人证书」中的附件（licence-file）不是本申报在该栏上传的文件');
  expect(result.stdout).toContain('「纳税证明」');
  expect(result.stdout).toContain(`第1条审核记录（submit）所列文件已不存在：${second.answers.rdProof[0]}`);

  const json = JSON.parse(auditMaterials('--json').stdout);
  expect(json.applications).toBe(3);
  expect(json.findings).toEqual([
    expect.objectContaining({ documentId: first.documentId, slots: [expect.objectContaining({ slot: 'licence', problem: 'foreign' }), expect.objectContaining({ slot: 'taxCertificate', problem: 'foreign' })], records: [] }),
    expect.objectContaining({ documentId: second.documentId, slots: [expect.objectContaining({ slot: 'rdProof', problem: 'foreign' })], records: [{ seq: 1, action: 'submit', missing: [second.answers.rdProof[0]] }] }),
  ]);
  expect(await snapshot()).toEqual(before);
});
