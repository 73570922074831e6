import { PortalBrowser } from '../harness/portal-browser';
import { TestApp, startStrapi } from '../harness/strapi';
import { APPLICANT, PASSWORD, SIGNED, currentVersion, seedDemo, secondApplicant, staffAct, staffToken, passPublicity, recordPartyDecision, taskSpecId } from '../harness/workflow';
import { PDF } from '../harness/fixtures';
import { FORM_FIELDS } from '../harness/portal-forms';

/** The generated form, drafts with files, submission, the receipt, the detail and returns, through the portal pages. */
let app: TestApp;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resetLimits = () => require('../../dist/src/portal/rate-limit').resetLimits();
const SLUG = 'dataset-2025-batch-1';
const pdf = (name: string) => [{ content: PDF, name }];

let mine: PortalBrowser;
let other: PortalBrowser;
let draftId: string;
let attachmentId: string;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  await secondApplicant(app);
  mine = await new PortalBrowser(app).login(APPLICANT, PASSWORD);
  other = await new PortalBrowser(app).login('other@example.com', PASSWORD);
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => resetLimits());

const appRow = (documentId: string) => app.strapi.db.query('api::application.application').findOne({ where: { documentId } });
const appCount = () => app.strapi.db.query('api::application.application').count();

const COMMITMENTS = Object.fromEntries(Object.keys(SIGNED).map((key) => [`a.${key}`, 'true']));

describe('the application form', () => {
  it('sends a visitor to the login page, and a user without an organisation to bind one first', async () => {
    const anonymous = await app.http().get(`/calls/${SLUG}/apply`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/calls/${SLUG}/apply`)}`);
    const fresh = new PortalBrowser(app);
    await fresh.post('/register', { email: 'unbound@example.com', password: 'Portal-Test-2026', passwordConfirm: 'Portal-Test-2026' });
    const response = await fresh.get(`/calls/${SLUG}/apply`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/me/organization?next=${encodeURIComponent(`/calls/${SLUG}/apply`)}`);
  });

  it('renders the call form with its sections, widgets, file slots and commitments', async () => {
    const response = await mine.get(`/calls/${SLUG}/apply`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('<legend>基本信息</legend>');
    expect(response.text).toContain('name="a.projectName"');
    expect(response.text).toContain('<option value="manufacturing">工业制造</option>');
    expect(response.text).toContain('name="file.application" type="file" multiple');
    expect(response.text).toContain('本单位承诺：本单位所报材料真实');
    expect(response.text).toContain('value="save"');
    expect(response.text).toContain('value="submit"');
  });

  it('refuses a closed call', async () => {
    const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
    const day = 86_400_000;
    await app.strapi.documents('api::task-spec.task-spec').create({
      data: { slug: 'closed-call', title: '已截止的申报', kind: 'call', year: 2026, program: program.documentId, opensAt: new Date(Date.now() - 30 * day).toISOString(), closesAt: new Date(Date.now() - day).toISOString() } as any,
      status: 'published',
    });
    const before = await appCount();
    expect((await mine.get('/calls/closed-call/apply')).status).toBe(409);
    const post = await mine.postMultipart('/calls/closed-call/apply', { intent: 'save', 'a.projectName': 'x' });
    expect(post.status).toBe(409);
    expect(post.text).toContain('不在受理期');
    expect(await appCount()).toBe(before);
  });

  it('refuses a post without the CSRF token, creating nothing', async () => {
    const before = await appCount();
    const response = await mine.postMultipart(`/calls/${SLUG}/apply`, { intent: 'save', ...FORM_FIELDS }, {}, { csrf: false });
    expect(response.status).toBe(403);
    expect(await appCount()).toBe(before);
  });

  it('saves a draft with a file, and resumes it with everything, the file included', async () => {
    const response = await mine.postMultipart(`/calls/${SLUG}/apply`, { intent: 'save', ...FORM_FIELDS, 'a.licence': 'forged-attachment-id' }, { 'file.application': pdf('申报书.pdf') });
    expect(response.status).toBe(302);
    const match = /^\/me\/applications\/([a-z0-9]+)\/edit\?saved=1$/.exec(response.headers.location);
    expect(match).toBeTruthy();
    draftId = match![1];
    const row = await appRow(draftId);
    expect(row.state).toBe('draft');
    expect(row.title).toBe('工业质检数据集');
    expect(row.answers).toMatchObject({ projectName: '工业质检数据集', datasetScaleGb: 12000, plannedInvestmentFen: 500000050 });
    expect(row.answers.application).toHaveLength(1);
    // A file slot takes only stored attachments, never ids from the post.
    expect(row.answers.licence).toBeUndefined();
    attachmentId = row.answers.application[0];

    const resumed = await mine.get(`/me/applications/${draftId}/edit?saved=1`);
    expect(resumed.status).toBe(200);
    expect(resumed.text).toContain('草稿已保存');
    expect(resumed.text).toContain('value="工业质检数据集"');
    expect(resumed.text).toContain('value="5000000.50"');
    expect(resumed.text).toContain(`<a href="/files/${attachmentId}">申报书.pdf</a>`);
    // Posting the new form again (a double click) continues the same draft.
    const count = await appCount();
    const twice = await mine.postMultipart(`/calls/${SLUG}/apply`, { intent: 'save', ...FORM_FIELDS }, {});
    expect(twice.headers.location).toBe(`/me/applications/${draftId}/edit?saved=1`);
    expect(await appCount()).toBe(count);
    // Coming back through the call resumes the same draft.
    const again = await mine.get(`/calls/${SLUG}/apply`);
    expect(again.headers.location).toBe(`/me/applications/${draftId}/edit`);
  });

  it('lets the owner download the file, and nobody else', async () => {
    const response = await mine.get(`/files/${attachmentId}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(response.body).subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect((await other.get(`/files/${attachmentId}`)).status).toBe(404);
    expect((await app.http().get(`/files/${attachmentId}`)).status).toBe(302);
  });

  it('refuses a file of the wrong type next to its slot, keeping the rest', async () => {
    const response = await mine.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'save', ...FORM_FIELDS }, { 'file.licence': [{ content: Buffer.from('MZ\x90\x00 not a pdf'), name: 'licence.pdf' }] });
    expect(response.status).toBe(400);
    expect(response.text).toContain('id="f-file-licence-error"');
    expect(response.text).toContain('只接受 pdf、jpg、png 文件');
    expect((await appRow(draftId)).answers.licence).toBeUndefined();
  });

  it('shows the missing fields next to them when submitting too early, and submits nothing', async () => {
    const response = await mine.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'submit', ...FORM_FIELDS, 'a.summary': '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('class="error-summary"');
    expect(response.text).toContain('<p class="field-error" id="f-a-summary-error">必填</p>');
    expect(response.text).toContain('<p class="field-error" id="f-file-licence-error">请上传附件</p>');
    expect(response.text).toContain('href="#f-a-commitTruthful"');
    const row = await appRow(draftId);
    expect(row.state).toBe('draft');
    expect(row.serialNo).toBeNull();
    expect(row.submittedAt).toBeNull();
  });

  it('keeps another organisation out of the detail, the edit form and the files', async () => {
    const before = await appRow(draftId);
    expect((await other.get(`/me/applications/${draftId}`)).status).toBe(404);
    expect((await other.get(`/me/applications/${draftId}/edit`)).status).toBe(404);
    const post = await other.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'save', 'a.projectName': '别人改的' });
    expect(post.status).toBe(404);
    const after = await appRow(draftId);
    expect(after.answers).toEqual(before.answers);
    expect(after.version).toBe(before.version);
    const list = await other.get('/me/applications');
    expect(list.text).not.toContain(draftId);
  });

  it('removes a ticked file, then submits a complete application and shows the receipt', async () => {
    const removed = await mine.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'save', ...FORM_FIELDS, 'remove.application': attachmentId });
    expect(removed.status).toBe(302);
    expect((await appRow(draftId)).answers.application).toEqual([]);

    const files = Object.fromEntries(['application', 'commitment', 'licence', 'taxCertificate', 'rdProof'].map((slot) => [`file.${slot}`, pdf(`${slot}.pdf`)]));
    const response = await mine.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'submit', ...FORM_FIELDS, ...COMMITMENTS }, files);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/me/applications/${draftId}/receipt`);
    const row = await appRow(draftId);
    expect(row.state).toBe('district_review');
    const receipt = await mine.get(response.headers.location);
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(`<dd id="serial-no">${row.serialNo}</dd>`);
    expect(row.serialNo).toMatch(/^SB\d{4}-\d{6}$/);
    expect(receipt.text).toMatch(/id="submitted-at">\d{4}年\d{1,2}月\d{1,2}日/);
    expect(receipt.text).toContain(`href="/me/applications/${draftId}"`);
  });

  it('lists the application with its stage, and shows the detail with the timeline', async () => {
    const list = await mine.get('/me/applications');
    expect(list.text).toContain(`/me/applications/${draftId}`);
    expect(list.text).toContain('区级受理初审');
    const detail = await mine.get(`/me/applications/${draftId}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('<span class="stage stage-district_review">区级受理初审</span>');
    expect(detail.text).toMatch(/<strong>填报中<\/strong>：提交申报/);
    expect(detail.text).toContain('办理时限为10个工作日');
    expect(detail.text).toContain('5,000,000.50元');
    expect(detail.text).not.toContain('name="a.');
    // A submitted application can no longer be edited through the form.
    expect((await mine.get(`/me/applications/${draftId}/edit`)).headers.location).toBe(`/me/applications/${draftId}`);
  });

  it('after a return, lets only the flagged field change and resubmits', async () => {
    const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
    const returned = await staffAct(app, reviewer, draftId, { version: await currentVersion(app, draftId), action: 'return', opinion: '项目简介过于简单，请补充', flaggedFields: ['summary'] });
    expect(returned.status).toBe(200);

    const detail = await mine.get(`/me/applications/${draftId}`);
    expect(detail.text).toContain('项目简介过于简单，请补充');
    expect(detail.text).toContain('需补正');
    const form = await mine.get(`/me/applications/${draftId}/edit`);
    expect(form.text).toContain('name="a.summary"');
    expect(form.text).not.toContain('name="a.projectName"');
    expect(form.text).not.toContain('name="file.application"');
    expect(form.text).toContain('审核意见要求修改此项');

    const response = await mine.postMultipart(`/me/applications/${draftId}/edit`, { intent: 'resubmit', 'a.summary': '补充后的项目简介', 'a.projectName': '偷偷改名' });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/me/applications/${draftId}?resubmitted=1`);
    expect((await mine.get(response.headers.location)).text).toContain('已重新提交');
    const row = await appRow(draftId);
    expect(row.state).toBe('district_review');
    expect(row.answers.summary).toBe('补充后的项目简介');
    expect(row.answers.projectName).toBe('工业质检数据集');
  });

  it('shows the end of the 公示 and takes the completion materials in the construction stage', async () => {
    const district = await staffToken(app, 'district.reviewer@shenbao.local');
    const city = await staffToken(app, 'city.reviewer@shenbao.local');
    expect((await staffAct(app, district, draftId, { version: await currentVersion(app, draftId), action: 'recommend', opinion: '同意推荐' })).status).toBe(200);
    expect((await staffAct(app, city, draftId, { version: await currentVersion(app, draftId), action: 'confirm', opinion: '确认' })).status).toBe(200);
    const endsAt = new Date(Date.now() + 7 * 86_400_000);
    await app.strapi.documents('api::publicity.publicity').create({
      data: { title: '建设单位公示', kind: 'entity_publicity', applications: [draftId], workingDays: 5, startsAt: new Date().toISOString(), endsAt: endsAt.toISOString(), phase: 'open' } as any,
    });
    const inPublicity = await mine.get(`/me/applications/${draftId}`);
    expect(inPublicity.text).toContain('建设单位公示');
    expect(inPublicity.text).toMatch(/公示至 \d{4}年/);

    await passPublicity(app, draftId);
    const construction = await mine.get(`/me/applications/${draftId}`);
    expect(construction.text).toContain('提交建设完成材料');
    const version = String(await currentVersion(app, draftId));

    // 第九条: one field per item of the list; every required item is named when it is missing.
    expect(construction.text).toContain('建设投入专项审计报告');
    const empty = await mine.postMultipart(`/me/applications/${draftId}/completion`, { version });
    expect(empty.status).toBe(400);
    for (const label of ['请上传「建设投入专项审计报告」', '请上传「建设费用加计扣除优惠明细表」', '请上传「应用落地相关服务合同、发票、财务凭证」']) expect(empty.text).toContain(label);
    expect(empty.text).not.toContain('请上传「算力投入及使用情况佐证材料」');
    const partial = await mine.postMultipart(`/me/applications/${draftId}/completion`, { version }, { 'completion-audit_report': pdf('审计.pdf') });
    expect(partial.status).toBe(400);
    expect(partial.text).not.toContain('请上传「建设投入专项审计报告」');
    expect(partial.text).toContain('请上传「建设费用加计扣除优惠明细表」');
    const wrong = await mine.postMultipart(`/me/applications/${draftId}/completion`, { version }, { 'completion-audit_report': [{ content: Buffer.from('plain text'), name: 'a.pdf' }] });
    expect(wrong.status).toBe(400);
    expect((await appRow(draftId)).state).toBe('construction');
    expect((await other.postMultipart(`/me/applications/${draftId}/completion`, { version }, { 'completion-audit_report': pdf('x.pdf') })).status).toBe(404);

    const done = await mine.postMultipart(`/me/applications/${draftId}/completion`, { version }, {
      'completion-audit_report': pdf('完工报告.pdf'),
      'completion-deduction_sheet': pdf('明细表.pdf'),
      'completion-contracts_invoices': pdf('合同.pdf'),
    });
    expect(done.status).toBe(302);
    expect((await appRow(draftId)).state).toBe('evaluation');
    const record = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { documentId: draftId }, action: 'submit_completion' } });
    expect(record.attachments).toEqual([
      expect.objectContaining({ name: '完工报告.pdf', material: 'audit_report', sha256: expect.any(String) }),
      expect.objectContaining({ name: '明细表.pdf', material: 'deduction_sheet' }),
      expect.objectContaining({ name: '合同.pdf', material: 'contracts_invoices' }),
    ]);
    const after = await mine.get(`/me/applications/${draftId}`);
    expect(after.text).toContain('完工报告.pdf');
    expect(after.text).toContain('<h3>建设投入专项审计报告</h3>');
    expect(after.text).toContain('第三方机构评审认定');
  });

  it('takes the performance self-evaluation after payment, with private files', async () => {
    const city = await staffToken(app, 'city.reviewer@shenbao.local');
    const institution = await staffToken(app, 'institution@shenbao.local');
    const finance = await staffToken(app, 'finance@shenbao.local');
    const act = async (token: string, body: Record<string, unknown>) => expect((await staffAct(app, token, draftId, { version: await currentVersion(app, draftId), ...body })).status).toBe(200);
    const institutionId = (await app.strapi.db.query('admin::user').findOne({ where: { email: 'institution@shenbao.local' } })).id;
    // Before payment the form is refused.
    expect((await mine.postMultipart(`/me/applications/${draftId}/performance`, { period: 'self_evaluation#1', content: '太早' })).status).toBe(409);
    await act(city, { action: 'assign', assignees: [institutionId] });
    await act(institution, { action: 'recognise', opinion: '认定', amountFen: 100_000_000, coiDeclared: true });
    await passPublicity(app, draftId);
    await act(finance, { action: 'propose', opinion: '建议拨付' });
    await act(finance, { action: 'approve', decisionRecord: await recordPartyDecision(app, finance, '党组会议纪要〔2026〕21号') });
    await act(finance, { action: 'pay', amountFen: 30_000_000, payment: { paidOn: '2026-12-01', voucherNo: '武数拨〔2026〕021号' } });
    expect((await appRow(draftId)).state).toBe('disbursed');

    // The programme's schedule, counted from the day paid (2026-12-01): 绩效自评 yearly ×3, data every 6 months ×6.
    const page = await mine.get(`/me/applications/${draftId}`);
    expect(page.text).toContain('id="report-schedule"');
    expect(page.text).toContain('绩效自评第1期（2027-12-01前）');
    // the earliest period's form comes first: operating data, on the programme's form
    expect(page.text).toContain('报送：经营情况数据报送第1期（2027-06-01前）');
    expect(page.text).toContain('本期营业收入（元）');
    const chosen = await mine.get(`/me/applications/${draftId}?report=self_evaluation%231`);
    expect(chosen.text).toContain('报送：绩效自评第1期（2027-12-01前）');
    expect(chosen.text).toContain('绩效目标完成情况');
    const reports = () => app.strapi.db.query('api::performance-report.performance-report').count();
    const unknown = await mine.postMultipart(`/me/applications/${draftId}/performance`, { period: 'self_evaluation#9', 'a.goals': '不存在的期次' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('请选择报送计划中尚未报送的期次');
    const bad = await mine.postMultipart(`/me/applications/${draftId}/performance`, { period: 'self_evaluation#1', 'a.spentFen': '很多' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('报送：绩效自评第1期');
    expect(bad.text).toMatch(/提交的内容有 \d+ 处问题/);
    expect(await reports()).toBe(0);
    expect((await other.postMultipart(`/me/applications/${draftId}/performance`, { period: 'self_evaluation#1', 'a.goals': '冒充' })).status).toBe(404);

    const answers = { period: 'self_evaluation#1', 'a.goals': '<b>绩效目标全部完成</b>', 'a.spentFen': '120万元', 'a.spending': '全部用于数据集扩充' };
    const done = await mine.postMultipart(`/me/applications/${draftId}/performance`, answers, { files: pdf('绩效自评表.pdf') });
    expect(done.status).toBe(302);
    expect(await reports()).toBe(1);
    const stored = await app.strapi.db.query('api::performance-report.performance-report').findOne({ where: { period: 'self_evaluation#1' } });
    expect(stored).toMatchObject({ kind: 'self_evaluation', content: { answers: { goals: '<b>绩效目标全部完成</b>', spentFen: 120_000_000, spending: '全部用于数据集扩充' } } });
    // The same period cannot be filed twice.
    expect((await mine.postMultipart(`/me/applications/${draftId}/performance`, answers)).status).toBe(400);
    expect(await reports()).toBe(1);
    const shown = await mine.get(`/me/applications/${draftId}`);
    expect(shown.text).toContain('&lt;b&gt;绩效目标全部完成&lt;/b&gt;');
    expect(shown.text).toMatch(/绩效自评第1期（2027-12-01前）<\/td><td>2027-12-01<\/td><td>已报送/);
    const fileId = shown.text.match(/<a href="\/files\/([a-z0-9]+)">绩效自评表\.pdf<\/a>/)![1];
    expect((await mine.get(`/files/${fileId}`)).status).toBe(200);
    expect((await other.get(`/files/${fileId}`)).status).toBe(404);
  });
});

describe('a repeatable table', () => {
  it('adds a row without JavaScript, saving nothing, then saves the rows', async () => {
    const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
    const day = 86_400_000;
    const call = await app.strapi.documents('api::task-spec.task-spec').create({
      data: {
        slug: 'table-call', title: '带表格的申报', kind: 'call', year: 2026, program: program.documentId,
        opensAt: new Date(Date.now() - day).toISOString(), closesAt: new Date(Date.now() + 10 * day).toISOString(),
        formDefinition: {
          title: '表格申报书', type: 'object',
          properties: {
            members: { type: 'array', title: '团队成员', items: { type: 'object', title: '成员', properties: { name: { type: 'string', title: '姓名', 'x-ui': { widget: 'text' } }, years: { type: 'integer', title: '年限', 'x-ui': { widget: 'integer' } } }, required: ['name'] }, 'x-ui': { widget: 'table' } },
          },
          required: ['members'],
        },
      } as any,
      status: 'published',
    });
    const before = await appCount();
    const first = await mine.get(`/calls/${call.documentId}/apply`);
    expect(first.text).toContain('name="a.members.0.name"');
    expect(first.text).not.toContain('name="a.members.1.name"');
    const added = await mine.postMultipart(`/calls/${call.documentId}/apply`, { addRow: 'members', 'rows.members': '1', 'a.members.0.name': '张三', 'a.members.0.years': '3' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="a.members.1.name"');
    expect(added.text).toContain('value="张三"');
    expect(await appCount()).toBe(before);
    const saved = await mine.postMultipart(`/calls/${call.documentId}/apply`, { intent: 'save', 'rows.members': '2', 'a.members.0.name': '张三', 'a.members.0.years': '3', 'a.members.1.name': '李四', 'a.members.1.years': '三年' });
    // "三年" is not a number: the server names the cell and nothing is created.
    expect(saved.status).toBe(400);
    expect(saved.text).toContain('id="f-a-members-1-years-error"');
    expect(await appCount()).toBe(before);
    const ok = await mine.postMultipart(`/calls/${call.documentId}/apply`, { intent: 'save', 'rows.members': '2', 'a.members.0.name': '张三', 'a.members.0.years': '3', 'a.members.1.name': '李四', 'a.members.1.years': '5' });
    expect(ok.status).toBe(302);
    const id = ok.headers.location.split('/')[3];
    expect((await appRow(id)).answers.members).toEqual([{ name: '张三', years: 3 }, { name: '李四', years: 5 }]);
  });
});

describe('the call id', () => {
  it('accepts the documentId as well as the slug', async () => {
    const id = await taskSpecId(app, 'data-product-2026');
    const response = await mine.get(`/calls/${id}/apply`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('数据产品购买情况');
    expect(response.text).toContain('仅当「是否有算力投入」为“是”时需要填写');
  });
});

describe('hostile answers', () => {
  it('render inert in the form, the list and the detail', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const saved = await mine.postMultipart('/calls/data-product-2026/apply', { intent: 'save', 'a.projectName': hostile, 'a.summary': hostile, 'a.contactName': `"><svg onload=alert(3)>` });
    expect(saved.status).toBe(302);
    const id = saved.headers.location.split('/')[3];
    for (const path of [`/me/applications/${id}/edit`, `/me/applications/${id}`, '/me/applications']) {
      const page = await mine.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).not.toContain('<svg onload');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });
});
