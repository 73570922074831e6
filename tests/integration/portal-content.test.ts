import { TestApp, startStrapi } from '../harness/strapi';

const DAY = 86_400_000;
let app: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startStrapi();
  const now = Date.now();
  const docs = app.strapi.documents;
  const dataset = await docs('api::program.program').create({
    data: { key: 'dataset', name: '高质量数据集建设', baseDescription: '建设投入成本', ratioBp: 3000, capFen: 200_000_000, ruleVersion: 'v1', workflowKey: 'dataset', effectiveOn: '2025-01-01', contactPhone: '027-65770039', contactEmail: 'ssjjsjzlc@163.com' } as any,
  });
  await docs('api::program.program').create({
    data: { key: 'product', name: '数据产品应用', baseDescription: '合同金额', ratioBp: 3000, capFen: 100_000_000, ruleVersion: 'v1', workflowKey: 'product', effectiveOn: '2025-01-01' } as any,
  });
  // 12 published notices (two pages), one of them for the dataset programme, plus a policy and a draft.
  for (let i = 1; i <= 12; i += 1) {
    await docs('api::article.article').create({
      data: { slug: `n${i}`, title: `第${i}号通知`, category: 'notice', issuedAt: new Date(now - i * DAY).toISOString(), ...(i === 3 ? { program: dataset.documentId } : {}) } as any,
      status: 'published',
    });
  }
  const file = (name: string, url: string, size: number) =>
    app.strapi.db.query('plugin::upload.file').create({ data: { name, url, size, hash: name.replace(/\W/g, '') || 'f', ext: '.pdf', mime: 'application/pdf', provider: 'local' } });
  const pdf = await file('实施细则.pdf', '/uploads/rules_abc123.pdf', 245.5);
  const hostile = await file('<img src=x onerror=alert(2)>.pdf', 'javascript:alert(3)', 2048);
  await docs('api::article.article').create({
    data: {
      attachments: [pdf.id, hostile.id],
      slug: 'policy-1',
      title: '<img src=x onerror=alert(1)>政策文件',
      category: 'policy',
      docNumber: '武数〔2026〕5号',
      issuer: '武汉市数据局',
      issuedAt: '2026-03-31T16:30:00.000Z',
      body: [{ type: 'paragraph', children: [{ type: 'text', text: '<script>alert("body")</script>正文' }] }],
    } as any,
    status: 'published',
  });
  await docs('api::article.article').create({ data: { slug: 'secret', title: '尚未发布的草稿', category: 'notice', issuedAt: new Date().toISOString() } as any });
  await docs('api::article.article').create({ data: { slug: 'guide-1', title: '数据集申报指南', category: 'guideline', issuedAt: new Date().toISOString() } as any, status: 'published' });

  const call = (slug: string, title: string, opens: number, closes: number, extra: object = {}) =>
    docs('api::task-spec.task-spec').create({
      data: { slug, title, kind: 'call', year: 2026, program: dataset.documentId, opensAt: new Date(now + opens * DAY).toISOString(), closesAt: new Date(now + closes * DAY).toISOString(), ...extra } as any,
      status: 'published',
    });
  ids.open = (
    await call('open-call', '正在受理的申报', -1, 10, {
      buildTasks: [{ title: '建设交通数据集', description: '覆盖全市', acceptanceCriteria: '数据量不少于100万条' }],
      materials: [{ key: 'plan', name: '建设方案', stage: 'application', required: true, acceptedTypes: 'pdf' }],
    })
  ).documentId;
  ids.closed = (await call('closed-call', '已经截止的申报', -30, -1)).documentId;
  ids.future = (await call('future-call', '尚未开始的申报', 5, 30)).documentId;
  await docs('api::task-spec.task-spec').create({
    data: { slug: 'draft-call', title: '草稿申报', kind: 'call', year: 2026, opensAt: new Date(now - DAY).toISOString(), closesAt: new Date(now + DAY).toISOString() } as any,
  });
});
afterAll(async () => {
  await app?.stop();
});

describe('notices', () => {
  it('pages ten at a time, newest first, with an accessible pagination nav', async () => {
    const first = await app.http().get('/notices');
    expect(first.status).toBe(200);
    expect(first.text).toContain('第1号通知');
    expect(first.text).toContain('<nav class="pagination" aria-label="分页">');
    expect(first.text).toContain('href="/notices?page=2"');
    const second = await app.http().get('/notices?page=2');
    expect(second.text).toContain('第12号通知');
    expect(second.text).not.toContain('第1号通知<');
    expect(second.text).toContain('aria-current="page">2<');
  });

  it('filters by category and by programme, and ignores unknown values', async () => {
    const policy = await app.http().get('/notices?category=policy');
    expect(policy.text).toContain('政策文件');
    expect(policy.text).not.toContain('第1号通知');
    const byProgram = await app.http().get('/notices?program=dataset');
    expect(byProgram.text).toContain('第3号通知');
    expect(byProgram.text).not.toContain('第4号通知');
    const unknown = await app.http().get('/notices?category=guideline');
    expect(unknown.text).not.toContain('数据集申报指南');
  });

  it('never shows drafts, nor guidelines among notices', async () => {
    const pages = [await app.http().get('/notices'), await app.http().get('/notices?page=2')];
    for (const page of pages) {
      expect(page.text).not.toContain('尚未发布的草稿');
      expect(page.text).not.toContain('数据集申报指南');
    }
    expect((await app.http().get('/notices/secret')).status).toBe(404);
  });

  it('shows a notice with its 文号, issuer and Shanghai date, escaping what editors typed', async () => {
    const page = await app.http().get('/notices/policy-1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('武数〔2026〕5号');
    expect(page.text).toContain('2026年4月1日');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert');
  });

  it('lists its public attachments with name, size and link, filtering unsafe links', async () => {
    const { text } = await app.http().get('/notices/policy-1');
    expect(text).toContain('<a href="/uploads/rules_abc123.pdf" download>实施细则.pdf</a>');
    expect(text).toContain('246 KB');
    expect(text).toContain('2.0 MB');
    expect(text).not.toContain('javascript:');
    expect(text).not.toContain('<img src=x onerror=alert(2)>');
  });

  it('answers 404 in Chinese for an unknown slug, and for a guideline under /notices', async () => {
    const missing = await app.http().get('/notices/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('页面不存在');
    expect((await app.http().get('/notices/guide-1')).status).toBe(404);
  });
});

describe('guidelines', () => {
  it('lists and shows guidelines only', async () => {
    const list = await app.http().get('/guidelines');
    expect(list.text).toContain('数据集申报指南');
    expect(list.text).not.toContain('第1号通知');
    expect((await app.http().get('/guidelines/guide-1')).status).toBe(200);
    expect((await app.http().get('/guidelines/n1')).status).toBe(404);
  });
});

describe('calls', () => {
  it('lists open calls first with remaining days, then upcoming and closed ones, labelled', async () => {
    const { text } = await app.http().get('/calls');
    const open = text.indexOf('正在受理的申报');
    const future = text.indexOf('尚未开始的申报');
    const closed = text.indexOf('已经截止的申报');
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(future);
    expect(future).toBeLessThan(closed);
    expect(text).toMatch(/剩余 10 天/);
    expect(text).toContain('未开始');
    expect(text).toContain('已截止');
    expect(text).not.toContain('草稿申报');
  });

  it('shows an open call by documentId or slug with tasks, criteria, materials, contacts and the apply link', async () => {
    for (const id of [ids.open, 'open-call']) {
      const { status, text } = await app.http().get(`/calls/${id}`);
      expect(status).toBe(200);
      expect(text).toContain('建设交通数据集');
      expect(text).toContain('数据量不少于100万条');
      expect(text).toContain('建设方案');
      expect(text).toContain('027-65770039');
      expect(text).toContain(`href="/calls/${ids.open}/apply"`);
      expect(text).toContain('立即申报');
    }
  });

  it('offers no apply link on a closed or upcoming call', async () => {
    const closed = await app.http().get(`/calls/${ids.closed}`);
    expect(closed.text).not.toContain('立即申报');
    expect(closed.text).toContain('已截止');
    const future = await app.http().get('/calls/future-call');
    expect(future.text).not.toContain('立即申报');
    expect(future.text).toContain('尚未开始');
  });

  it('answers 404 for unknown and draft calls', async () => {
    expect((await app.http().get('/calls/nope')).status).toBe(404);
    expect((await app.http().get('/calls/draft-call')).status).toBe(404);
  });
});

describe('the home page', () => {
  it('links notices to their pages and open calls to theirs', async () => {
    const { text } = await app.http().get('/');
    expect(text).toContain('href="/notices/n1"');
    expect(text).toContain(`href="/calls/${ids.open}"`);
    expect(text).not.toContain(`href="/calls/${ids.closed}"`);
  });
});
