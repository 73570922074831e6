import ExcelJS from 'exceljs';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, createStaff, currentVersion, secondApplicant, seedDemo, staffAct, staffToken } from '../harness/workflow';

/** Streamed exports (XLSX and CSV) and the dashboard figures, each within the caller's scope. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: string[] = [];
let publicityId: string;

const binary = (res: any, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
const get = (who: string, path: string, query: Record<string, unknown> = {}) =>
  app.http().get(path).query(query).set('Authorization', `Bearer ${tokens[who]}`).buffer(true).parse(binary);
const csvLines = (body: Buffer) => body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');

async function submitted(jwt: string, slug: string) {
  const created = await createApplication(app, jwt, slug);
  expect((await applicantStep(app, jwt, created.documentId, 'submit', { version: 0 })).status).toBe(200);
  return created.documentId;
}
async function step(who: string, documentId: string, body: Record<string, unknown>) {
  expect((await staffAct(app, tokens[who], documentId, { version: await currentVersion(app, documentId), ...body })).status).toBe(200);
}

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  for (const who of ['district.reviewer', 'city.reviewer', 'finance', 'expert']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
  tokens.jiangan = (await createStaff(app, 'jiangan@shenbao.local', 'shenbao-district-reviewer', { role: 'district_reviewer', districtCode: '420102' })).token;
  const jwt = await applicantToken(app);
  ids.push(await submitted(jwt, 'dataset-2025-batch-1'), await submitted(jwt, 'dataset-2025-batch-1'), await submitted(await secondApplicant(app), 'dataset-2025-batch-1'));
  await step('district.reviewer', ids[0], { action: 'recommend', opinion: '同意推荐' });
  await step('city.reviewer', ids[0], { action: 'confirm', opinion: '确认' });
  const started = await app.http().post('/shenbao/bulk/publicity').set('Authorization', `Bearer ${tokens['city.reviewer']}`).send({ kind: 'entity_publicity', applications: [ids[0]] });
  expect(started.status).toBe(200);
  publicityId = started.body.data.documentId;
});
afterAll(async () => {
  await app?.stop();
});

describe('exports', () => {
  it('streams the applications of every district as XLSX to the city reviewer', async () => {
    const response = await get('city.reviewer', '/shenbao/exports/applications');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    const sheet = workbook.getWorksheet('申报')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('申报编号');
    expect(sheet.rowCount).toBe(4);
    const stages = [2, 3, 4].map((n) => sheet.getRow(n).getCell(7).value);
    expect(stages.sort()).toEqual(['区级受理初审', '区级受理初审', '建设单位公示'].sort());
  });

  it('keeps a district reviewer to its district, in CSV, and filters by call and state', async () => {
    const own = await get('district.reviewer', '/shenbao/exports/applications', { format: 'csv' });
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toContain('text/csv');
    const lines = csvLines(own.body);
    expect(lines).toHaveLength(3);
    // announced before the rows stream, for the desk's progress
    expect(own.headers['x-total-count']).toBe('2');
    expect(lines[1]).toContain('武汉光谷智数科技有限公司（演示）');
    const other = csvLines((await get('jiangan', '/shenbao/exports/applications', { format: 'csv' })).body);
    expect(other).toHaveLength(2);
    expect(other[1]).toContain('江岸某公司');
    expect(csvLines((await get('district.reviewer', '/shenbao/exports/applications', { format: 'csv', state: 'entity_publicity' })).body)).toHaveLength(2);
    expect(csvLines((await get('district.reviewer', '/shenbao/exports/applications', { format: 'csv', call: 'nope' })).body)).toHaveLength(1);
    expect(csvLines((await get('expert', '/shenbao/exports/applications', { format: 'csv' })).body)).toHaveLength(1);
    const bad = await get('district.reviewer', '/shenbao/exports/applications', { format: 'pdf' });
    expect(bad.status).toBe(400);
  });

  it('exports the 公示 list as published (the snapshot)', async () => {
    const response = await get('city.reviewer', `/shenbao/exports/publicity/${publicityId}`, { format: 'csv' });
    expect(response.status).toBe(200);
    const lines = csvLines(response.body);
    expect(lines[0]).toBe('序号,申报编号,项目名称,申报单位,所属区');
    expect(lines[1]).toMatch(/^1,SB\d{4}-\d{6},示例项目,武汉光谷智数科技有限公司（演示）,/);
    expect((await get('city.reviewer', '/shenbao/exports/publicity/nope')).status).toBe(404);
  });

  it('leaves personal data out of the 公示 list, whatever a stored snapshot holds', async () => {
    const snapshot = {
      columns: [{ key: 'serialNo', label: '申报编号' }, { key: 'organizationName', label: '申报单位' }, { key: 'bankAccount', label: '银行账号' }, { key: 'contactPhone', label: '联系电话' }, { key: 'legalRepIdNumber', label: '法人身份证号' }],
      rows: [{ serialNo: 'SB2026-000099', organizationName: '某公司', bankAccount: '6222020200112233445', contactPhone: '13900000000', legalRepIdNumber: '420102199001011234' }],
    };
    const batch = await app.strapi.db.query('api::publicity.publicity').create({ data: { title: '旧版公示', kind: 'entity_publicity', phase: 'closed', snapshot, documentId: 'legacypublicity0000000001', publishedAt: new Date() } });
    const response = await get('city.reviewer', `/shenbao/exports/publicity/${batch.documentId}`, { format: 'csv' });
    expect(response.status).toBe(200);
    const lines = csvLines(response.body);
    expect(lines).toEqual(['序号,申报编号,申报单位', '1,SB2026-000099,某公司']);
  });

  it('exports disbursements to finance only, and checks the year', async () => {
    expect((await get('district.reviewer', '/shenbao/exports/disbursements')).status).toBe(403);
    const response = await get('finance', '/shenbao/exports/disbursements', { format: 'csv', program: 'dataset', year: '2026' });
    expect(response.status).toBe(200);
    expect(csvLines(response.body)[0]).toContain('党组会议纪要编号');
    const bad = await get('finance', '/shenbao/exports/disbursements', { year: 'abc' });
    expect(bad.status).toBe(400);
  });
});

describe('GET /shenbao/dashboard', () => {
  it('gives the city reviewer stages, districts, budgets and median days', async () => {
    const response = await app.http().get('/shenbao/dashboard').set('Authorization', `Bearer ${tokens['city.reviewer']}`);
    expect(response.status).toBe(200);
    const { byStage, byDistrict, budgets, medianDaysInStage } = response.body.data;
    expect(byStage).toEqual(expect.arrayContaining([
      { stage: 'district_review', label: '区级受理初审', count: 2 },
      { stage: 'entity_publicity', label: '建设单位公示', count: 1 },
    ]));
    expect(byDistrict).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'donghu_hitech', count: 2 }), expect.objectContaining({ code: '420102', count: 1 })]));
    expect(budgets).toEqual(expect.arrayContaining([expect.objectContaining({ programKey: 'dataset', budgetFen: 3_000_000_000, usedFen: 0 })]));
    expect(medianDaysInStage).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'district_review', label: '区级受理初审', days: expect.any(Number) })]));
  });

  it("keeps a district reviewer to its own district's figures", async () => {
    const { data } = (await app.http().get('/shenbao/dashboard').set('Authorization', `Bearer ${tokens.jiangan}`)).body;
    expect(data.byDistrict).toEqual([expect.objectContaining({ code: '420102', count: 1 })]);
    expect(data.byStage.find((s: any) => s.stage === 'district_review').count).toBe(1);
    expect(data.budgets).toEqual([]);
    expect(data.medianDaysInStage).toEqual([]);
  });
});
