import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { ROOT } from '../harness/env';
import { TestApp, startStrapi } from '../harness/strapi';
import ExcelJS from 'exceljs';
import { applicantStep, applicantToken, createApplication, seedDemo, staffToken } from '../harness/workflow';

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

const runImport = (file = csv) =>
  spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'credit-import.js'), file], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });

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

const HEADER = ['统一社会信用代码', '主体名称', '名单类型', '列入日期', '有效期至', '文号'];

/** An XLSX list as 信用中国 exports it: dates as real date cells, a rich-text name, a blank row. */
async function xlsxList(file: string, rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
}

const importAs = (token: string, file: string | Buffer, name = 'list.xlsx') =>
  app.http().post('/shenbao/credit-records/import').set('Authorization', `Bearer ${token}`).attach('file', file, name);

const records = () => app.strapi.db.query('api::credit-record.credit-record').findMany({ orderBy: { id: 'asc' } });

describe('the admin action 导入信用名单', () => {
  const xlsx = path.join(ROOT, '.tmp', 'test', `credit-${process.pid}.xlsx`);
  afterAll(() => fs.rmSync(xlsx, { force: true }));

  it('imports an XLSX list for the city reviewer and reports each row by its sheet line', async () => {
    await xlsxList(xlsx, [
      ['91350100M000100Y43', { richText: [{ text: '福建' }, { text: '某公司' }] }, '重大税收违法案件当事人', new Date(Date.UTC(2026, 2, 1)), null, '闽税稽罚〔2026〕1号'],
      [],
      ['91420100MA4K1234', '坏代码公司', '失信被执行人', new Date(Date.UTC(2026, 0, 1)), null, null],
    ]);
    const before = (await records()).length;
    const response = await importAs(await staffToken(app, 'city.reviewer@shenbao.local'), xlsx);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ line: 4, error: expect.stringContaining('18位') }] });
    const added = (await records()).slice(before);
    expect(added).toEqual([expect.objectContaining({ uscc: '91350100M000100Y43', organizationName: '福建某公司', listType: 'major_tax_violation', listedOn: '2026-03-01', expiresOn: null, reference: '闽税稽罚〔2026〕1号' })]);
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GBK)', async () => {
    const text = `${HEADER.join(',')}\r\n91110000600037341L,北京某公司,严重违法失信名单,2026/5/6,2029/5/5,\r\n`;
    const response = await importAs(await staffToken(app, 'city.reviewer@shenbao.local'), encodeGbk(text), 'list.csv');
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ accepted: 1, rejected: [] });
    expect((await records()).at(-1)).toMatchObject({ organizationName: '北京某公司', listType: 'serious_dishonesty', expiresOn: '2029-05-05' });
  });

  it.each([
    ['an old binary .xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'list.xls', '.xls'],
    ['a damaged .xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('not really a zip')]), 'list.xlsx', '无法读取'],
  ])('refuses %s with a reason and imports nothing', async (_case, content, name, reason) => {
    const before = (await records()).length;
    const response = await importAs(await staffToken(app, 'city.reviewer@shenbao.local'), content, name);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ message: expect.stringContaining(reason), details: { field: 'file' } });
    expect((await records()).length).toBe(before);
  });

  it('refuses a request without a file', async () => {
    const response = await app.http().post('/shenbao/credit-records/import').set('Authorization', `Bearer ${await staffToken(app, 'city.reviewer@shenbao.local')}`).send({});
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe('file');
  });

  it.each(['district.reviewer@shenbao.local', 'editor@shenbao.local'])('refuses %s, who may not create credit records', async (email) => {
    await xlsxList(xlsx, [['91420100MA4K12346N', '某公司', '失信被执行人', null, null, '（2026）鄂01执9号']]);
    const before = (await records()).length;
    const response = await importAs(await staffToken(app, email), xlsx);
    expect(response.status).toBe(403);
    expect((await records()).length).toBe(before);
  });

  it('refuses the public and applicants', async () => {
    expect((await app.http().post('/shenbao/credit-records/import').attach('file', Buffer.from('x'), 'a.csv')).status).toBe(401);
    expect((await app.http().post('/shenbao/credit-records/import').set('Authorization', `Bearer ${await applicantToken(app)}`).attach('file', Buffer.from('x'), 'a.csv')).status).toBe(401);
  });

  it('imports XLSX from the CLI as well', async () => {
    await xlsxList(xlsx, [['91420100MA4K12346N', '江岸某公司', '政府采购严重违法失信行为记录名单', new Date(Date.UTC(2026, 6, 1)), new Date(Date.UTC(2029, 5, 30)), '鄂财采〔2026〕3号']]);
    const result = runImport(xlsx);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('接受 1 条，重复 0 条，拒绝 0 条');
  });
});

/** GBK bytes for the few characters the test uses; Node decodes GBK but has no encoder. */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let high = 0x81; high <= 0xfe; high += 1) {
    for (let low = 0x40; low <= 0xfe; low += 1) {
      const char = decoder.decode(Buffer.from([high, low]));
      if (char.length === 1 && !table.has(char)) table.set(char, [high, low]);
    }
  }
  return Buffer.from([...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : table.get(char) ?? [0x3f])));
}
