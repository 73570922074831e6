import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { TestApp, startStrapi } from '../harness/strapi';
import { applicantStep, applicantToken, createApplication, secondApplicant, seedDemo, staffToken } from '../harness/workflow';
import { ATTACKS, EXE, PDF, PNG, zipBombDocx } from '../harness/fixtures';

/** Uploads into a form's file slots: checked by content, size and count, stored privately, handed out by permission. */
let app: TestApp;
let jwt: string;
let other: string;
let draftId: string;


const upload = (token: string, documentId: string, slot: string, content: Buffer, name: string) =>
  app.http().post(`/api/applications/${documentId}/files`).set('Authorization', `Bearer ${token}`).field('slot', slot).attach('file', content, name);

const attachmentCount = () => app.strapi.db.query('api::attachment.attachment').count();
const answersOf = async (documentId: string) => (await app.strapi.db.query('api::application.application').findOne({ where: { documentId } })).answers;

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app);
  jwt = await applicantToken(app);
  other = await secondApplicant(app);
  const program = await app.strapi.db.query('api::program.program').findOne({ where: { key: 'dataset' } });
  await app.strapi.documents('api::task-spec.task-spec').create({
    data: {
      slug: 'files-call', title: '附件测试', kind: 'call', year: 2026, program: program.documentId,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      formDefinition: {
        title: '附件测试', type: 'object',
        properties: {
          scan: { type: 'array', title: '盖章扫描件', items: { type: 'string' }, 'x-ui': { widget: 'file', accept: ['pdf', 'png'], maxSizeMb: 1, minCount: 1, maxCount: 2 } },
        },
        required: ['scan'],
      },
    } as any,
    status: 'published',
  });
  draftId = (await createApplication(app, jwt, 'files-call')).documentId;
});
afterAll(async () => {
  await app?.stop();
});

describe('attachments', () => {
  it('stores a PDF privately and records it in the slot', async () => {
    const response = await upload(jwt, draftId, 'scan', PDF, '../../etc/营业执照.pdf');
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ slot: 'scan', name: '营业执照.pdf', size: PDF.length, sha256: crypto.createHash('sha256').update(PDF).digest('hex') });
    expect(await answersOf(draftId)).toEqual({ scan: [response.body.data.id] });
    const stored = await app.strapi.db.query('api::attachment.attachment').findOne({ where: { documentId: response.body.data.id } });
    const file = path.join(process.env.UPLOAD_PRIVATE_DIR!, stored.storageKey);
    expect(fs.readFileSync(file)).toEqual(PDF);
    expect(fs.existsSync(path.join(app.strapi.dirs.static.public, 'uploads', stored.storageKey))).toBe(false);
    expect((await app.http().get(`/uploads/${stored.storageKey}`)).status).toBe(404);
  });

  it.each([
    ['a renamed executable', EXE, 'setup.pdf', '按文件内容识别'],
    ['a file over the size limit', Buffer.concat([PDF, Buffer.alloc(1024 * 1024)]), 'big.pdf', '不能超过1MB'],
    ['an HTML page with script, named .pdf', ATTACKS.html, '营业执照.pdf', '按文件内容识别'],
    ['an SVG with script, named .png', ATTACKS.svg, '公章.png', '按文件内容识别'],
    ['a PDF that runs JavaScript when opened', ATTACKS.pdfScript, '承诺书.pdf', '/JavaScript'],
    ['a PDF whose script name is #-escaped', ATTACKS.pdfEscaped, '承诺书.pdf', '/JavaScript'],
    ['a PDF with its script in a compressed object stream', ATTACKS.pdfHidden, '承诺书.pdf', '/JavaScript'],
  ])('refuses %s with 400, storing nothing', async (_what, content, name, message) => {
    const [count, answers] = [await attachmentCount(), await answersOf(draftId)];
    const response = await upload(jwt, draftId, 'scan', content, name);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
    expect(await attachmentCount()).toBe(count);
    expect(await answersOf(draftId)).toEqual(answers);
  });

  it('stores a zip bomb dressed as a Word file inert, without ever inflating it', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkFile } = require('../../dist/src/portal/private-files');
    const bomb = await zipBombDocx(200);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const file = path.join(process.env.UPLOAD_PRIVATE_DIR!, '..', `bomb-${process.pid}.docx`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bomb);
    const before = process.memoryUsage().rss;
    // What the consultation form checks a Word file with: recognised as .docx from its directory alone.
    expect(await checkFile({ filepath: file, size: bomb.length, originalFilename: '意见.docx' }, 'word')).toMatchObject({ ext: 'docx' });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    fs.rmSync(file);
  });

  it("closes the upload plugin's own routes to applicants and to the public", async () => {
    for (const route of ['/api/upload/files', '/api/upload/files/1']) {
      expect((await app.http().get(route)).status).toBe(403);
      expect((await app.http().get(route).set('Authorization', `Bearer ${jwt}`)).status).toBe(403);
    }
    const posted = await app.http().post('/api/upload').set('Authorization', `Bearer ${jwt}`).attach('files', PDF, 'a.pdf');
    expect(posted.status).toBe(403);
    expect(await app.strapi.db.query('plugin::upload.file').count()).toBe(0);
  });

  it('refuses more files than the slot allows', async () => {
    expect((await upload(jwt, draftId, 'scan', PNG, 'seal.png')).status).toBe(200);
    const third = await upload(jwt, draftId, 'scan', PDF, 'third.pdf');
    expect(third.status).toBe(400);
    expect(third.body.error.message).toContain('最多上传2个文件');
  });

  it('refuses an unknown slot, and another organisation\'s application', async () => {
    expect((await upload(jwt, draftId, 'nowhere', PDF, 'a.pdf')).status).toBe(400);
    expect((await upload(other, draftId, 'scan', PDF, 'a.pdf')).status).toBe(404);
  });

  it('hands a file to its owner and the staff who may see the application, and to nobody else', async () => {
    const [fileId] = (await answersOf(draftId)).scan;
    const own = await app.http().get(`/api/files/${fileId}`).set('Authorization', `Bearer ${jwt}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(PDF);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect((await app.http().get(`/api/files/${fileId}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    expect((await app.http().get(`/api/files/${fileId}`)).status).toBe(403);

    expect((await applicantStep(app, jwt, draftId, 'submit', { version: 0 })).status).toBe(200);
    const reviewer = await staffToken(app, 'district.reviewer@shenbao.local');
    const accesses = () => app.strapi.db.query('api::file-access.file-access').findMany({ where: { attachmentId: fileId }, orderBy: { id: 'asc' } });
    expect(await accesses()).toEqual([]);
    const staffView = await app.http().get(`/shenbao/files/${fileId}?inline=1`).set('Authorization', `Bearer ${reviewer}`);
    expect(staffView.status).toBe(200);
    expect(staffView.headers['content-disposition']).toMatch(/^inline/);
    await app.http().get(`/shenbao/files/${fileId}`).set('Authorization', `Bearer ${reviewer}`).expect(200);
    const expert = await staffToken(app, 'expert@shenbao.local');
    expect((await app.http().get(`/shenbao/files/${fileId}`).set('Authorization', `Bearer ${expert}`)).status).toBe(404);
    // The editor may download consultation feedback files, but that opens no application file.
    const editor = await staffToken(app, 'editor@shenbao.local');
    expect((await app.http().get(`/shenbao/files/${fileId}`).set('Authorization', `Bearer ${editor}`)).status).toBe(404);

    // 个人信息保护法: each staff opening is logged as who, when and what; refusals and the owner's own downloads are not openings by staff.
    const reviewerId = String((await app.strapi.db.query('admin::user').findOne({ where: { email: 'district.reviewer@shenbao.local' } })).id);
    expect(await accesses()).toEqual([
      expect.objectContaining({ actorId: reviewerId, actorRole: 'district_reviewer', fileName: '营业执照.pdf', ownerType: 'application', ownerId: draftId, mode: 'view', accessedAt: expect.anything() }),
      expect.objectContaining({ actorId: reviewerId, mode: 'download' }),
    ]);
    // The log cannot be edited or deleted, through the query engine or the document service.
    const [first] = await accesses();
    await expect(app.strapi.db.query('api::file-access.file-access').update({ where: { id: first.id }, data: { actorId: 'someone' } })).rejects.toThrow('不可修改或删除');
    await expect(app.strapi.db.query('api::file-access.file-access').delete({ where: { id: first.id } })).rejects.toThrow('不可修改或删除');
    await expect(app.strapi.documents('api::file-access.file-access' as any).delete({ documentId: first.documentId })).rejects.toThrow('不可新增、修改或删除');
    expect(await accesses()).toHaveLength(2);
  });

  it('cleans up uploads nobody refers to after a day, and keeps the rest', async () => {
    const draft = (await createApplication(app, jwt, 'files-call')).documentId;
    const kept = (await upload(jwt, draft, 'scan', PDF, 'kept.pdf')).body.data.id;
    const dropped = (await upload(jwt, draft, 'scan', PNG, 'dropped.png')).body.data.id;
    // The applicant takes the second file out of the slot again.
    expect((await app.http().delete(`/api/applications/${draft}/files/${dropped}`).set('Authorization', `Bearer ${jwt}`)).status).toBe(200);
    const service = app.strapi.service('api::attachment.attachment') as any;
    expect(await service.cleanupAbandoned(new Date())).toBe(0);
    const dayLater = new Date(Date.now() + 25 * 3600 * 1000);
    expect(await service.cleanupAbandoned(dayLater)).toBe(1);
    const remaining = await app.strapi.db.query('api::attachment.attachment').findMany({ where: { documentId: { $in: [kept, dropped] } } });
    expect(remaining.map((a: any) => a.documentId)).toEqual([kept]);
    // Files of submitted applications are never collected.
    const submittedFiles = (await answersOf(draftId)).scan;
    expect(await app.strapi.db.query('api::attachment.attachment').count({ where: { documentId: { $in: submittedFiles } } })).toBe(2);
  });

  it('keeps each attachment\'s SHA-256 in the submit record, and refuses uploads after submission', async () => {
    const application = await app.strapi.db.query('api::application.application').findOne({ where: { documentId: draftId } });
    const submit = await app.strapi.db.query('api::review-record.review-record').findOne({ where: { application: { id: application.id }, action: 'submit' } });
    expect(submit.attachments).toEqual([
      { id: expect.any(String), slot: 'scan', name: '营业执照.pdf', sha256: crypto.createHash('sha256').update(PDF).digest('hex') },
      { id: expect.any(String), slot: 'scan', name: 'seal.png', sha256: crypto.createHash('sha256').update(PNG).digest('hex') },
    ]);
    expect((await upload(jwt, draftId, 'scan', PDF, 'late.pdf')).status).toBe(409);
  });
});
