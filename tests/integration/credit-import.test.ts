import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo } from '../harness/workflow';

/** `npm run credit:import` into the test database, then a listed organisation tries to submit. */
let app: TestApp;
const csv = path.join(ROOT, '.tmp', 'test', `credit-${process.pid}.csv`);

beforeAll(async () => {
  fs.mkdirSync(path.dirname(csv), { recursive: true });
  app = await startStrapi();
  await seedDemo(app);
});
afterAll(async () => {
  fs.rmSync(csv, { force: true });
  await app?.stop();
});

const runImport = () =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'credit-import.js'), csv], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });

it('imports the list with a report, idempotently, and the listed organisation can no longer submit', async () => {
  fs.writeFileSync(
    csv,
    '统一社会信用代码,主体名称,名单类型,列入日期,有效期至,文号\n' +
      '91420100MA4K12345K,武汉光谷智数科技有限公司（演示）,失信被执行人,2026-01-05,2099-12-31,（2026）鄂01执1号\n' +
      'BAD,某公司,失信被执行人,2026-01-05,,\n',
  );
  const first = runImport();
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('接受 1 条，重复 0 条，拒绝 1 条');
  expect(first.stdout).toContain('第 3 行：统一社会信用代码应为18位，当前为3位');
  const again = runImport();
  expect(again.stdout).toContain('接受 0 条，重复 1 条，拒绝 1 条');
  expect(await app.strapi.db.query('api::credit-record.credit-record').count()).toBe(1);

  const jwt = await applicantToken(app);
  const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1');
  const refused = await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toBe('申报单位被列入失信被执行人，不得申报');
  expect((await app.strapi.db.query('api::application.application').findOne({ where: { documentId } })).state).toBe('draft');
});
