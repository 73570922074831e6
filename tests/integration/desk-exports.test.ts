import ExcelJS from 'exceljs';
import { TestApp, startStrapi } from '../harness/strapi';
import { adminUserId, applicantStep, applicantToken, createApplication, createStaff, currentVersion, passPublicity, recordPartyDecision, seatPanel, secondApplicant, seedDemo, staffAct, staffToken } from '../harness/workflow';

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
/** The 1-based index of a header in a sheet's first row. */
const column = (sheet: ExcelJS.Worksheet, header: string) => {
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const index = headers.indexOf(header);
  if (index < 1) throw new Error(`no column ${header} in ${headers.join(',')}`);
  return index;
};
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
  for (const who of ['district.reviewer', 'city.reviewer', 'finance', 'expert', 'expert2', 'expert3', 'institution']) tokens[who] = await staffToken(app, `${who}@shenbao.local`);
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
    // one sheet per chain, named as the chain
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['高质量数据集建设项目', '数据产品应用项目']);
    const sheet = workbook.getWorksheet('高质量数据集建设项目')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('申报编号');
    expect(sheet.rowCount).toBe(4);
    const stages = [2, 3, 4].map((n) => sheet.getRow(n).getCell(column(sheet, '当前环节')).value);
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

/** Three experts' score sheets on the weighted rubric (0–100 per item). */
const SHEETS = [
  { innovation: 80, application: 90, compliance: 70 },
  { innovation: 60, application: 70, compliance: 80 },
  { innovation: 90, application: 85, compliance: 75 },
];

describe('the application export a bureau uses', () => {
  let product: string;
  let serialNo: string;
  beforeAll(async () => {
    // A data product from submission to payment: every decision column has something to show.
    const jwt = await applicantToken(app);
    product = await submitted(jwt, 'data-product-2026');
    await step('district.reviewer', product, { action: 'recommend', opinion: '同意推荐' });
    await step('city.reviewer', product, { action: 'assign', assignees: [await adminUserId(app, 'institution@shenbao.local')] });
    await step('institution', product, { action: 'pass', opinion: '复核通过', coiDeclared: true });
    // The panel is drawn (who is on it is the draw's); each expert declares, then scores with an opinion.
    const experts = await seatPanel(app, tokens['city.reviewer'], product);
    for (const [index, token] of Object.values(experts).entries()) {
      const response = await staffAct(app, token, product, { action: 'score', version: await currentVersion(app, product), scores: SHEETS[index], opinion: `评审意见${index + 1}` });
      expect(response.status).toBe(200);
    }
    await step('city.reviewer', product, { action: 'recognise', opinion: '专家评审通过', amountFen: 123_456_789 });
    await passPublicity(app, product);
    await step('finance', product, { action: 'propose', opinion: '建议拨付' });
    await step('finance', product, { action: 'approve', decisionRecord: await recordPartyDecision(app, tokens.finance, '党组会议纪要〔2026〕13号', '2026-11-20') });
    const row = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: product } });
    serialNo = row.serialNo;
    await step('finance', product, { action: 'pay', amountFen: Number(row.awardFen), payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕002号' } });
  });

  const productRow = async () => {
    const response = await get('city.reviewer', '/shenbao/exports/applications');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    const sheet = workbook.getWorksheet('数据产品应用项目')!;
    const rowNo = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((n) => sheet.getRow(n).getCell(1).value === serialNo)!;
    expect(rowNo).toBeGreaterThan(1);
    return { sheet, cell: (header: string) => sheet.getRow(rowNo).getCell(column(sheet, header)) };
  };

  it('gives labels, not codes', async () => {
    const { cell } = await productRow();
    expect(cell('所属区').value).toBe('东湖新技术开发区');
    expect(cell('资金项目').value).toBe('数据产品应用');
    expect(cell('当前环节').value).toBe('已拨付');
    expect(cell('单位类型').value).toBe('有限责任公司');
    expect(cell('区级受理初审·结论').value).toBe('出具初审推荐意见');
  });

  it('gives money as numbers in 元 with a number format', async () => {
    const { cell } = await productRow();
    const recognised = cell('认定金额（元）');
    expect(recognised.value).toBe(1_234_567.89);
    expect(recognised.numFmt).toBe('#,##0.00');
    expect(typeof cell('奖补金额（元）').value).toBe('number');
    expect(cell('拨付金额（元）').value).toBe(cell('奖补金额（元）').value);
  });

  it('gives times as date cells holding Beijing time', async () => {
    const { cell } = await productRow();
    const submittedAt = cell('提交时间（北京时间）');
    expect(submittedAt.value).toBeInstanceOf(Date);
    expect(submittedAt.numFmt).toBe('yyyy-mm-dd hh:mm');
    const stored = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: product } });
    const beijing = new Date(new Date(stored.submittedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    expect((submittedAt.value as Date).toISOString().slice(0, 16)).toBe(beijing);
  });

  it('gives a column for every decision: opinions and who, scores and average, 公示, meeting, payment', async () => {
    const { cell } = await productRow();
    expect(cell('区级受理初审·意见').value).toBe('同意推荐');
    expect(cell('区级受理初审·经办人').value).toEqual(expect.any(String));
    expect(cell('第三方机构复核复审·意见').value).toBe('复核通过');
    expect(cell('专家评审认定·结论').value).toBe('认定购买金额并形成拟支持意见');
    expect(cell('专家评审认定·意见').value).toBe('专家评审通过');
    // weighted 30/40/30: 81, 70 and 83.5
    expect(String(cell('专家评审认定·专家评分').value)).toContain('技术先进性与创新性 80，应用成效与推广价值 90，数据安全与合规 70，总分 81（意见：评审意见1）');
    expect(cell('专家评审认定·评分专家数').value).toBe(3);
    expect(cell('专家评审认定·平均分').value).toBe(78.17);
    expect(cell('拟支持项目公示批次').value).toEqual(expect.any(String));
    expect(cell('拟支持项目公示结束（北京时间）').value).toBeInstanceOf(Date);
    expect(cell('拟定拨付计划·意见').value).toBe('建议拨付');
    expect(cell('党组会议日期').value).toBe('2026-11-20');
    expect(cell('党组会议纪要编号').value).toBe('党组会议纪要〔2026〕13号');
    expect(cell('支付凭证号').value).toBe('武数拨〔2026〕002号');
    expect(cell('拨付日期').value).toBe('2026-12-01');
  });

  it('gives the same in CSV: plain 1234.50 money and Beijing time as text', async () => {
    const response = await get('city.reviewer', '/shenbao/exports/applications', { format: 'csv' });
    const [header, ...rows] = csvLines(response.body);
    const headers = header.split(',');
    const row = rows.find((line) => line.startsWith(serialNo))!.split(',');
    const at = (name: string) => row[headers.indexOf(name)];
    expect(at('认定金额（元）')).toBe('1234567.89');
    expect(at('提交时间（北京时间）')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(at('所属区')).toBe('东湖新技术开发区');
    // both chains' 公示 under one column, named both ways
    expect(headers).toContain('拟奖励项目公示批次／拟支持项目公示批次');
  });
});

describe('a draft in the export', () => {
  it("goes on its programme's chain's sheet, though its chain is set only on submission", async () => {
    await createApplication(app, await applicantToken(app), 'dataset-2025-batch-1');
    const response = await get('city.reviewer', '/shenbao/exports/applications', { state: 'draft' });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body);
    const sheet = workbook.getWorksheet('高质量数据集建设项目')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(column(sheet, '当前环节')).value).toBe('填报中');
    expect(workbook.getWorksheet('数据产品应用项目')!.rowCount).toBe(1);
  });
});
