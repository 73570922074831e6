import { EXE, PDF, PNG, csrfFrom, postForm, resetPortalLimits } from '../harness/portal-forms';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, seedDemo, staffAct, staffToken } from '../harness/workflow';

const DAY = 86_400_000;
let app: TestApp;
const batch: Record<string, string> = {};
let appA: string;
let appB: string;
let outsider: string;

const OBJECTION = 'api::objection.objection';
const objectionCount = () => app.strapi.db.query(OBJECTION).count();
const attachmentCount = () => app.strapi.db.query('api::attachment.attachment').count();
const FIELDS = () => ({ objectorName: '李四', objectorOrganization: '', phone: '027-65770039', email: '', application: appA, reason: '该单位申报的数据集与另一项目重复，事实见附件。' });

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  const jwt = await applicantToken(app);
  // Objections are taken for applications in the 公示 of their stage: A and B are confirmed construction units.
  const [district, city] = [await staffToken(app, 'district.reviewer@shenbao.local'), await staffToken(app, 'city.reviewer@shenbao.local')];
  const confirmed = async (title: string) => {
    const { documentId } = await createApplication(app, jwt, 'dataset-2025-batch-1', { title });
    await applicantStep(app, jwt, documentId, 'submit', { version: 0 });
    await staffAct(app, district, documentId, { action: 'recommend', version: 1, opinion: '同意' });
    await staffAct(app, city, documentId, { action: 'confirm', version: 2, opinion: '确认' });
    return documentId;
  };
  appA = await confirmed('<b>交通</b>数据集');
  appB = await confirmed('医疗数据集');
  outsider = (await createApplication(app, jwt, 'dataset-2025-batch-1', { title: '不在公示中的项目' })).documentId;
  await app.strapi.db.query('api::application.application').update({ where: { documentId: appA }, data: { serialNo: 'SB-2026-0001', awardFen: 150_000_000 } });
  await app.strapi.db.query('api::application.application').update({ where: { documentId: appB }, data: { serialNo: 'SB-2026-0002', awardFen: 80_000_000 } });
  const now = Date.now();
  const create = async (key: string, data: object) =>
    (batch[key] = (await app.strapi.documents('api::publicity.publicity').create({ data: { workingDays: 5, ...data } as any })).documentId);
  await create('running', {
    title: '2026年第一批高质量数据集建设单位公示',
    kind: 'entity_publicity',
    phase: 'open',
    startsAt: new Date(now - DAY).toISOString(),
    endsAt: new Date(now + 4 * DAY).toISOString(),
    applications: [appA, appB],
    snapshot: {
      columns: [
        { key: 'serialNo', label: '申报编号' },
        { key: 'title', label: '项目名称' },
        { key: 'organizationName', label: '申报单位' },
        { key: 'bankAccount', label: '银行账号' },
      ],
      rows: [
        { serialNo: 'SB-2026-0001', title: '<script>alert("snap")</script>交通数据集', organizationName: '武汉光谷智数科技有限公司', bankAccount: '6222020200112233445', contactPhone: '13900000000' },
        { serialNo: 'SB-2026-0002', title: '医疗数据集', organizationName: '武汉光谷智数科技有限公司' },
      ],
    },
  });
  await create('fallback', {
    title: '2026年拟奖励项目公示（无快照）',
    kind: 'award_publicity',
    phase: 'open',
    startsAt: new Date(now - DAY).toISOString(),
    endsAt: new Date(now + 4 * DAY).toISOString(),
    applications: [appA],
  });
  await create('ended', {
    title: '2025年已结束的公示',
    kind: 'award_publicity',
    phase: 'open',
    startsAt: new Date(now - 10 * DAY).toISOString(),
    endsAt: new Date(now - 60_000).toISOString(),
    applications: [appB],
  });
  await create('future', {
    title: '尚未开始的公示',
    kind: 'entity_publicity',
    phase: 'scheduled',
    startsAt: new Date(now + 2 * DAY).toISOString(),
    endsAt: new Date(now + 9 * DAY).toISOString(),
    applications: [appB],
  });
  await create('startedScheduled', {
    title: '已到开始时间的公示',
    kind: 'entity_publicity',
    phase: 'scheduled',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 5 * DAY).toISOString(),
    applications: [appB],
  });
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(resetPortalLimits);

const post = async (id: string, fields: Record<string, string>, files = [{ field: 'signedScan', content: PDF, name: '异议书.pdf' }], csrf = true) => {
  const session = await csrfFrom(app, '/publicity');
  return postForm(app, `/publicity/${id}/objections`, session, fields, files, csrf);
};

describe('the 公示 list', () => {
  it('lists started batches with kind, period and status, running ones first; never scheduled ones', async () => {
    const { status, text } = await app.http().get('/publicity');
    expect(status).toBe(200);
    expect(text).toContain('2026年第一批高质量数据集建设单位公示');
    expect(text).toContain('已到开始时间的公示');
    expect(text).toContain('2025年已结束的公示');
    expect(text).not.toContain('尚未开始的公示');
    expect(text).toContain('建设单位公示');
    expect(text).toContain('拟奖励项目公示');
    expect(text).toContain('公示中');
    expect(text).toContain('已结束');
    expect(text).toContain('共 2 个项目');
    expect(text.indexOf('2026年第一批')).toBeLessThan(text.indexOf('2025年已结束的公示'));
  });

  it('answers 404 for a batch not yet started and an unknown one', async () => {
    expect((await app.http().get(`/publicity/${batch.future}`)).status).toBe(404);
    expect((await app.http().get('/publicity/nope')).status).toBe(404);
  });
});

describe('a 公示 batch', () => {
  it('shows the snapshot rows, escaped, and never bank details or contacts', async () => {
    const { text } = await app.http().get(`/publicity/${batch.running}`);
    expect(text).toContain('SB-2026-0001');
    expect(text).toContain('&lt;script&gt;alert(&quot;snap&quot;)&lt;/script&gt;交通数据集');
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('6222020200112233445');
    expect(text).not.toContain('银行账号');
    expect(text).not.toContain('13900000000');
    expect(text).toContain('id="objection-form"');
  });

  it('falls back to serial number, title, organisation and award when there is no snapshot', async () => {
    const { text } = await app.http().get(`/publicity/${batch.fallback}`);
    expect(text).toContain('SB-2026-0001');
    expect(text).toContain('&lt;b&gt;交通&lt;/b&gt;数据集');
    expect(text).toContain('150万元');
    expect(text).not.toContain('医疗数据集');
  });

  it('has no objection form once the period has ended', async () => {
    const { text } = await app.http().get(`/publicity/${batch.ended}`);
    expect(text).toContain('公示期已结束');
    expect(text).not.toContain('id="objection-form"');
  });
});

describe('objections', () => {
  it('records a signed objection with its scan, linked to the application, open', async () => {
    const [before, files] = [await objectionCount(), await attachmentCount()];
    const response = await post(batch.running, { ...FIELDS(), email: 'lisi@example.com' });
    // Posted, then redirected to the receipt: reloading it lodges nothing twice.
    expect(response.status).toBe(302);
    const receipt = await app.http().get(response.headers.location);
    expect(receipt.text).toContain('异议已提交');
    expect(receipt.text).toMatch(/id="objection-receipt-no">YY\d{8}-[A-Z2-9]{8}</);
    // a receipt to the objector, and word to the city reviewer whose finding it awaits
    const notices = await app.strapi.db.query('api::notification.notification').findMany({ where: { template: { $in: ['objection.received', 'objection.lodged'] } } });
    expect(notices.map((n: any) => [n.template, n.recipientEmail]).sort()).toEqual([
      ['objection.lodged', 'city.reviewer@shenbao.local'],
      ['objection.received', 'lisi@example.com'],
    ]);
    expect(await objectionCount()).toBe(before + 1);
    expect(await attachmentCount()).toBe(files + 1);
    const stored = await app.strapi.db.query(OBJECTION).findOne({ where: { objectorName: '李四' }, populate: ['application', 'publicity', 'files'] });
    expect(stored).toMatchObject({ resolution: 'open', phone: '027-65770039' });
    expect(stored.lodgedAt).toBeTruthy();
    expect(stored.application.documentId).toBe(appA);
    expect(stored.publicity.documentId).toBe(batch.running);
    expect(stored.files).toHaveLength(1);
    expect(stored.files[0].ext).toBe('pdf');
    // Staff who may read objections download the scan; the editor, who may not, cannot.
    const url = `/shenbao/files/${stored.files[0].documentId}`;
    const reviewer = await staffToken(app, 'city.reviewer@shenbao.local');
    const download = await app.http().get(url).set('Authorization', `Bearer ${reviewer}`);
    expect(download.status).toBe(200);
    expect(download.body).toEqual(PDF);
    expect((await app.http().get(url).set('Authorization', `Bearer ${await staffToken(app, 'editor@shenbao.local')}`)).status).toBe(403);
    expect((await app.http().get(url)).status).toBe(401);
    // Nightly clean-up leaves objection files alone.
    await (app.strapi.service('api::attachment.attachment') as any).cleanupAbandoned(new Date(Date.now() + 30 * DAY));
    expect(await attachmentCount()).toBe(files + 1);
  });

  const refusals: Array<[string, Record<string, string>, string]> = [
    ['without a name', { objectorName: '' }, '请填写真实姓名'],
    ['signed 匿名', { objectorName: '匿名' }, '异议须实名提出'],
    ['without a phone', { phone: '' }, '请填写联系电话'],
    ['with an invalid phone', { phone: '110' }, '联系电话须为手机号或固定电话'],
    ['naming an application outside the batch', { application: 'x' }, '请选择本批公示中的项目'],
    ['with facts under ten characters', { reason: '太短了' }, '至少 10 个字'],
  ];
  it.each(refusals)('refuses an objection %s, storing nothing', async (_label, change, message) => {
    const [before, files] = [await objectionCount(), await attachmentCount()];
    const response = await post(batch.running, { ...FIELDS(), ...change });
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
    expect(response.text).toContain('class="error-summary"');
    expect([await objectionCount(), await attachmentCount()]).toEqual([before, files]);
  });

  it('refuses an application of another batch and a missing or fake scan', async () => {
    const [before, files] = [await objectionCount(), await attachmentCount()];
    expect((await post(batch.running, { ...FIELDS(), application: outsider })).status).toBe(400);
    const missing = await post(batch.running, FIELDS(), []);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('请上传签字或盖章的异议书扫描件');
    const fake = await post(batch.running, FIELDS(), [{ field: 'signedScan', content: EXE, name: 'scan.png' }]);
    expect(fake.status).toBe(400);
    expect(fake.text).toContain('须为 PDF、JPG 或 PNG');
    expect([await objectionCount(), await attachmentCount()]).toEqual([before, files]);
  });

  it('refuses objections outside the period and without the CSRF token', async () => {
    const [before, files] = [await objectionCount(), await attachmentCount()];
    const ended = await post(batch.ended, { ...FIELDS(), application: appB }, [{ field: 'signedScan', content: PNG, name: 'a.png' }]);
    expect(ended.status).toBe(403);
    expect(ended.text).toContain('公示期已结束或尚未开始');
    expect((await post(batch.future, { ...FIELDS(), application: appB })).status).toBe(404);
    expect((await post(batch.running, FIELDS(), undefined, false)).status).toBe(403);
    expect([await objectionCount(), await attachmentCount()]).toEqual([before, files]);
  });
});

describe('the home page', () => {
  it('shows the running 公示 with its end, linked, and not ended or future ones', async () => {
    const { text } = await app.http().get('/');
    expect(text).toContain('公示进行中');
    expect(text).toContain(`href="/publicity/${batch.running}"`);
    expect(text).toContain('公示截止');
    expect(text).not.toContain('2025年已结束的公示');
    expect(text).not.toContain('尚未开始的公示');
  });
});
