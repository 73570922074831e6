import { TestApp, startStrapi } from '../harness/strapi';

let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
  const now = Date.now();
  const day = 86_400_000;
  const program = await app.strapi.documents('api::program.program').create({
    data: { key: 'dataset', name: '高质量数据集建设', baseDescription: '建设投入成本', ratioBp: 3000, capFen: 200_000_000, ruleVersion: 'v1', workflowKey: 'dataset', effectiveOn: '2025-01-01', contactPhone: '027-65770039', contactEmail: 'ssjjsjzlc@163.com' } as any,
  });
  const article = (slug: string, title: string, extra: object = {}) => ({
    data: { slug, title, category: 'notice', issuedAt: new Date(now - day).toISOString(), summary: `${title}的摘要`, ...extra } as any,
  });
  await app.strapi.documents('api::article.article').create({ ...article('published', '已发布的通知'), status: 'published' });
  await app.strapi.documents('api::article.article').create(article('draft-only', '尚未发布的草稿'));
  await app.strapi.documents('api::article.article').create({ ...article('hostile', '<script>alert("x")</script>标题'), status: 'published' });
  await app.strapi.documents('api::article.article').create({ ...article('guide', '一份申报指南', { category: 'guideline' }), status: 'published' });
  await app.strapi.documents('api::consultation.consultation').create({
    data: { slug: 'c1', title: '公开征求意见的通知', issuedAt: new Date(now - 2 * day).toISOString(), deadline: new Date(now + 3 * day).toISOString() } as any,
    status: 'published',
  });
  const call = (slug: string, title: string, opens: number, closes: number) => ({
    data: { slug, title, kind: 'call', year: 2026, program: program.documentId, opensAt: new Date(now + opens * day).toISOString(), closesAt: new Date(now + closes * day).toISOString() } as any,
    status: 'published' as const,
  });
  await app.strapi.documents('api::task-spec.task-spec').create(call('open', '正在受理的申报', -1, 10));
  await app.strapi.documents('api::task-spec.task-spec').create(call('closed', '已经截止的申报', -30, -1));
  await app.strapi.documents('api::task-spec.task-spec').create(call('future', '尚未开始的申报', 5, 30));
});
afterAll(async () => {
  await app?.stop();
});

describe('the portal home page', () => {
  it('is served by the Strapi process at / in Chinese', async () => {
    const response = await app.http().get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('<html lang="zh-CN">');
  });

  it('lists published notices and the consultation with its deadline, but no drafts and no guidelines', async () => {
    const { text } = await app.http().get('/');
    expect(text).toContain('已发布的通知');
    expect(text).toContain('公开征求意见的通知');
    expect(text).toContain('意见反馈截止');
    expect(text).not.toContain('尚未发布的草稿');
    expect(text).not.toContain('一份申报指南');
  });

  it('lists only the calls whose window is open, with programme and contacts', async () => {
    const { text } = await app.http().get('/');
    expect(text).toContain('正在受理的申报');
    expect(text).not.toContain('已经截止的申报');
    expect(text).not.toContain('尚未开始的申报');
    expect(text).toContain('高质量数据集建设');
    expect(text).toContain('027-65770039');
    expect(text).toContain('最高 200万元');
  });

  it('escapes what editors typed', async () => {
    const { text } = await app.http().get('/');
    expect(text).not.toContain('<script>alert');
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;标题');
  });

  it('answers 304 to a revalidation of an unchanged page', async () => {
    const first = await app.http().get('/');
    const again = await app.http().get('/').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('sends a content security policy that lets no inline script run', async () => {
    const csp = (await app.http().get('/')).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('shows a newly published notice at once, though the page was cached', async () => {
    const before = await app.http().get('/');
    expect(before.text).not.toContain('刚刚发布的通知');
    await app.strapi.documents('api::article.article').create({
      data: { slug: 'fresh', title: '刚刚发布的通知', category: 'notice', issuedAt: new Date().toISOString() } as any,
      status: 'published',
    });
    const after = await app.http().get('/').set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.text).toContain('刚刚发布的通知');
  });

  it('leaves the admin panel and the API where Strapi puts them', async () => {
    // The applicant's REST route exists and refuses the anonymous caller (the portal would answer 404).
    expect((await app.http().get('/api/applications')).status).toBe(403);
    expect((await app.http().get('/_health')).status).toBe(204);
  });
});
