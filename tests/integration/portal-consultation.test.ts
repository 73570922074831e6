import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import { ROOT } from '../harness/env';
import { DOC, EXE, PDF, PNG, csrfFrom, docx, plainZip, postForm } from '../harness/portal-forms';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantToken, seedDemo, staffToken } from '../harness/workflow';

const DAY = 86_400_000;
let app: TestApp;
let openId: string;
let closedId: string;
let wordOnlyId: string;
let DOCX: Buffer;

const FEEDBACK = 'api::consultation-feedback.consultation-feedback';
const feedbackCount = () => app.strapi.db.query(FEEDBACK).count();
const attachmentCount = () => app.strapi.db.query('api::attachment.attachment').count();
const FIELDS = { name: '张三', organization: '武汉某数据公司', phone: '13800138000', email: 'zhang@example.com', topic: 'dataset', comment: '建议明确数据集质量评价指标。' };

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  DOCX = await docx();
  const now = Date.now();
  const consultation = (slug: string, deadline: number, extra: object = {}) =>
    app.strapi.documents('api::consultation.consultation').create({
      data: {
        slug,
        title: `关于征求意见的通知 ${slug}`,
        issuedAt: new Date(now - 3 * DAY).toISOString(),
        deadline: new Date(now + deadline).toISOString(),
        body: [{ type: 'paragraph', children: [{ type: 'text', text: '现公开征求社会各界意见<script>alert(1)</script>' }] }],
        draftTitle: '武汉市高质量数据集建设管理办法（征求意见稿）',
        draftBody: [{ type: 'paragraph', children: [{ type: 'text', text: '第一条 为规范数据集建设' }] }],
        topics: [
          { topic: 'dataset', name: '高质量数据集', phone: '027-65770039', email: 'ssjjsjzlc@163.com' },
          { topic: 'data_product', name: '数据产品', phone: '027-65770040', email: 'szjjc@163.com' },
        ],
        ...extra,
      } as any,
      status: 'published',
    });
  openId = (await consultation('open', 5 * DAY)).documentId;
  closedId = (await consultation('closed', -60_000)).documentId;
  wordOnlyId = (await consultation('word-only', 5 * DAY, { requireSignedScan: false })).documentId;
  await app.strapi.documents('api::consultation.consultation').create({
    data: { slug: 'draft', title: '未发布的征求意见', issuedAt: new Date().toISOString(), deadline: new Date(now + DAY).toISOString() } as any,
  });
});
afterAll(async () => {
  await app?.stop();
});

const post = async (id: string, fields: Record<string, string>, files: Array<{ field: string; content: Buffer; name: string }>, csrf = true) => {
  const session = await csrfFrom(app, `/consultations/${id}`);
  return postForm(app, `/consultations/${id}/feedback`, session, fields, files, csrf);
};
const bothFiles = () => [
  { field: 'wordFile', content: DOCX, name: '意见反馈表.docx' },
  { field: 'signedScan', content: PNG, name: '签字.png' },
];

describe('the consultation page', () => {
  it('shows the text, the draft, the deadline in Shanghai time, the contacts by topic and the form', async () => {
    const { status, text } = await app.http().get(`/consultations/${openId}`);
    expect(status).toBe(200);
    expect(text).toContain('武汉市高质量数据集建设管理办法（征求意见稿）');
    expect(text).toContain('第一条 为规范数据集建设');
    expect(text).toContain('意见反馈截止');
    expect(text).toContain('027-65770040');
    expect(text).toContain('mailto:szjjc@163.com');
    expect(text).toContain('<option value="data_product">数据产品</option>');
    expect(text).toContain('id="feedback-form"');
    expect(text).toContain('enctype="multipart/form-data"');
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('&lt;script&gt;alert(1)');
  });

  it('is found by slug too; unknown and unpublished consultations are 404', async () => {
    expect((await app.http().get('/consultations/open')).status).toBe(200);
    expect((await app.http().get('/consultations/nope')).status).toBe(404);
    expect((await app.http().get('/consultations/draft')).status).toBe(404);
  });

  it('shows the seeded 2025 consultation, its draft and its topics, closed since 18 April 2025', async () => {
    const { status, text } = await app.http().get('/consultations/wuhan-data-fund-draft-2025');
    expect(status).toBe(200);
    expect(text).toContain('2025年4月18日 23:59');
    expect(text).toContain('027-65771619');
    expect(text).toContain('意见征集已结束');
  });

  it('replaces the form with a closed notice after the deadline', async () => {
    const { text } = await app.http().get(`/consultations/${closedId}`);
    expect(text).toContain('意见征集已结束');
    expect(text).not.toContain('id="feedback-form"');
  });
});

describe('sending feedback', () => {
  let stored: any;

  it('accepts feedback with a .docx and a scan, stores both files privately and shows a receipt', async () => {
    const response = await post(openId, FIELDS, bothFiles());
    expect(response.status).toBe(200);
    expect(response.text).toContain('意见已提交');
    const receipt = /id="receipt-no">(YJ\d{8}[0-9A-F]{6})</.exec(response.text);
    expect(receipt).not.toBeNull();
    stored = await app.strapi.db.query(FEEDBACK).findOne({ where: { receiptNo: receipt![1] }, populate: ['files'] });
    expect(stored).toMatchObject({ consultationDocumentId: openId, name: '张三', organizationName: '武汉某数据公司', phone: '13800138000', topic: 'dataset' });
    expect(stored.files.map((f: any) => [f.slot, f.ext]).sort()).toEqual([
      ['signedScan', 'png'],
      ['wordFile', 'docx'],
    ]);
    for (const file of stored.files) {
      expect(fs.existsSync(path.join(process.env.UPLOAD_PRIVATE_DIR!, file.storageKey))).toBe(true);
      expect(fs.existsSync(path.join(ROOT, 'public', 'uploads', file.storageKey))).toBe(false);
    }
  });

  it('accepts a Word 97 .doc (an OLE compound file) and a PDF', async () => {
    const response = await post(openId, { ...FIELDS, topic: 'data_product', phone: '027-65770039' }, [
      { field: 'wordFile', content: DOC, name: '意见.doc' },
      { field: 'signedScan', content: PDF, name: '盖章.pdf' },
    ]);
    expect(response.status).toBe(200);
  });

  it('keeps feedback files when abandoned uploads are cleaned up', async () => {
    const before = await attachmentCount();
    const service = app.strapi.service('api::attachment.attachment') as any;
    await service.cleanupAbandoned(new Date(Date.now() + 30 * DAY));
    expect(await attachmentCount()).toBe(before);
  });

  it('refuses a post without the CSRF token, storing nothing', async () => {
    const [feedback, files] = [await feedbackCount(), await attachmentCount()];
    const response = await post(openId, FIELDS, bothFiles(), false);
    expect(response.status).toBe(403);
    expect(response.text).toContain('CSRF');
    expect([await feedbackCount(), await attachmentCount()]).toEqual([feedback, files]);
  });

  it('refuses a late post after the deadline instant, storing nothing', async () => {
    const [feedback, files] = [await feedbackCount(), await attachmentCount()];
    const response = await post(closedId, FIELDS, bothFiles());
    expect(response.status).toBe(403);
    expect(response.text).toContain('截止');
    expect([await feedbackCount(), await attachmentCount()]).toEqual([feedback, files]);
  });

  it('re-renders the form with the values kept and the errors when a file is missing', async () => {
    const [feedback, files] = [await feedbackCount(), await attachmentCount()];
    const response = await post(openId, FIELDS, [{ field: 'wordFile', content: DOCX, name: '意见.docx' }]);
    expect(response.status).toBe(400);
    expect(response.text).toContain('class="error-summary"');
    expect(response.text).toContain('href="#f-signedScan"');
    expect(response.text).toContain('请上传签字或盖章扫描件');
    expect(response.text).toContain('value="武汉某数据公司"');
    expect(response.text).toContain('建议明确数据集质量评价指标。</textarea>');
    expect([await feedbackCount(), await attachmentCount()]).toEqual([feedback, files]);
  });

  it('takes feedback without a scan only where the editor made the scan optional', async () => {
    const wordOnly = [{ field: 'wordFile', content: DOCX, name: '意见.docx' }];
    expect((await post(openId, FIELDS, wordOnly)).status).toBe(400);
    const before = await attachmentCount();
    const response = await post(wordOnlyId, FIELDS, wordOnly);
    expect(response.status).toBe(200);
    expect(response.text).toContain('id="feedback-receipt"');
    expect(await attachmentCount()).toBe(before + 1);
    // The Word file stays required there.
    expect((await post(wordOnlyId, FIELDS, [{ field: 'signedScan', content: PNG, name: '签字.png' }])).status).toBe(400);
  });

  it.each([
    ['an executable renamed .docx', EXE, '意见.docx'],
    ['a zip without word/document.xml', null, '意见.docx'],
  ])('refuses %s as the Word file', async (_label, content, name) => {
    const [feedback, files] = [await feedbackCount(), await attachmentCount()];
    const response = await post(openId, FIELDS, [
      { field: 'wordFile', content: content ?? (await plainZip()), name },
      { field: 'signedScan', content: PNG, name: '签字.png' },
    ]);
    expect(response.status).toBe(400);
    expect(response.text).toContain('须为 Word 文件');
    expect([await feedbackCount(), await attachmentCount()]).toEqual([feedback, files]);
  });

  it('refuses an invalid phone, an unknown topic and a Word file as the scan', async () => {
    const [feedback, files] = [await feedbackCount(), await attachmentCount()];
    const response = await post(openId, { ...FIELDS, phone: '12345', topic: '别的' }, [
      { field: 'wordFile', content: DOCX, name: '意见.docx' },
      { field: 'signedScan', content: DOCX, name: '签字.pdf' },
    ]);
    expect(response.status).toBe(400);
    expect(response.text).toContain('联系电话须为手机号或固定电话');
    expect(response.text).toContain('请选择意见类别');
    expect(response.text).toContain('须为 PDF、JPG 或 PNG 文件');
    expect([await feedbackCount(), await attachmentCount()]).toEqual([feedback, files]);
  });

  describe('staff access', () => {
    const exportUrl = () => `/shenbao/consultation-feedback/export?consultation=${openId}`;

    it('refuses the export to the public and applicants (401) and to staff who may not read feedback (403)', async () => {
      expect((await app.http().get(exportUrl())).status).toBe(401);
      expect((await app.http().get(exportUrl()).set('Authorization', `Bearer ${await applicantToken(app)}`)).status).toBe(401);
      const reviewer = await staffToken(app, 'city.reviewer@shenbao.local');
      expect((await app.http().get(exportUrl()).set('Authorization', `Bearer ${reviewer}`)).status).toBe(403);
    });

    it('exports every feedback row as XLSX, with Shanghai time and links to the staff download route', async () => {
      const editor = await staffToken(app, 'editor@shenbao.local');
      const response = await app
        .http()
        .get(exportUrl())
        .set('Authorization', `Bearer ${editor}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.body);
      const sheet = workbook.getWorksheet('反馈')!;
      expect(sheet.rowCount).toBe(3);
      const header = sheet.getRow(1).values as unknown[];
      expect(header).toContain('提交时间（北京时间）');
      const row = sheet.getRow(2);
      expect(row.getCell(1).value).toBe(stored.receiptNo);
      expect(String(row.getCell(2).value)).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
      expect(row.getCell(4).value).toBe('张三');
      expect(row.getCell(8).value).toBe('高质量数据集');
      const word = row.getCell(10).value as any;
      const wordFile = stored.files.find((f: any) => f.slot === 'wordFile');
      expect(word.hyperlink).toContain(`/shenbao/files/${wordFile.documentId}`);
    });

    it('labels the feedback fields in Chinese in the Content Manager', async () => {
      const editor = await staffToken(app, 'editor@shenbao.local');
      const response = await app.http().get(`/content-manager/content-types/${FEEDBACK}/configuration`).set('Authorization', `Bearer ${editor}`);
      expect(response.status).toBe(200);
      const metadatas = response.body.data.contentType.metadatas;
      expect(metadatas.name.edit.label).toBe('姓名');
      expect(metadatas.comment.list.label).toBe('意见内容');
    });

    it('lets staff who may read feedback download its files, and nobody else', async () => {
      const file = stored.files.find((f: any) => f.slot === 'wordFile');
      const editor = await staffToken(app, 'editor@shenbao.local');
      const ok = await app.http().get(`/shenbao/files/${file.documentId}`).set('Authorization', `Bearer ${editor}`);
      expect(ok.status).toBe(200);
      expect(ok.headers['content-disposition']).toContain('attachment');
      const reviewer = await staffToken(app, 'city.reviewer@shenbao.local');
      expect((await app.http().get(`/shenbao/files/${file.documentId}`).set('Authorization', `Bearer ${reviewer}`)).status).toBe(403);
      expect((await app.http().get(`/shenbao/files/${file.documentId}`)).status).toBe(401);
    });
  });
});

describe('the home page', () => {
  it('links the consultation to its page', async () => {
    const { text } = await app.http().get('/');
    expect(text).toContain(`href="/consultations/${openId}"`);
  });
});
