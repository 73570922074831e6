import { PassThrough } from 'stream';
import { excel } from '../../../support/excel';
import type { Core } from '@strapi/strapi';
import { formatShanghaiDateTime } from '../../../domain/time';
import { RefusalError, answering } from '../../application/support/errors';

const UID = 'api::consultation-feedback.consultation-feedback';
const BATCH = 200;
const TOPIC_NAMES: Record<string, string> = { dataset: '高质量数据集', data_product: '数据产品' };

/**
 * 征求意见反馈 → 导出: every feedback row of a consultation (or of all, without the parameter)
 * as XLSX, streamed row by row, with links to the staff download route of each file. Only
 * staff who may read consultation feedback in the Content Manager may export it.
 */
export function registerFeedbackExportRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao',
    routes: [
      {
        method: 'GET',
        path: '/consultation-feedback/export',
        config: { policies: ['admin::isAuthenticatedAdmin'] },
        info: { apiName: 'consultation-feedback', type: 'admin' },
        handler: async (ctx: any) => {
          await answering(ctx, async () => {
            if (!ctx.state.userAbility.can('plugin::content-manager.explorer.read', UID)) throw new RefusalError(403, 'no_permission', '您的角色无权导出征求意见反馈');
            const consultation = typeof ctx.query?.consultation === 'string' && ctx.query.consultation ? ctx.query.consultation : undefined;
            let title = '全部';
            if (consultation) {
              const found = await strapi.documents('api::consultation.consultation').findFirst({ filters: { documentId: consultation }, fields: ['title'] });
              if (!found) throw new RefusalError(404, 'not_found', '征求意见不存在', 'consultation');
              title = found.title ?? consultation;
            }
            const stream = new PassThrough();
            ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`征求意见反馈-${title}.xlsx`)}`);
            ctx.set('Cache-Control', 'private, no-store');
            ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
            // Links point at the public URL when one is configured (behind a proxy), else at this request's origin.
            const configured = String(strapi.config.get('server.url') ?? '');
            const origin = /^https?:\/\//.test(configured) ? configured.replace(/\/$/, '') : (ctx.origin ?? '');
            writeWorkbook(strapi, stream, consultation, origin).catch((error) => stream.destroy(error));
            return stream;
          });
        },
      },
    ],
  });
}

async function writeWorkbook(strapi: Core.Strapi, stream: PassThrough, consultation: string | undefined, origin: string) {
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('反馈');
  sheet.columns = [
    { header: '回执编号', key: 'receiptNo', width: 20 },
    { header: '提交时间（北京时间）', key: 'submittedAt', width: 20 },
    { header: '征求意见', key: 'consultation', width: 30 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '单位', key: 'organizationName', width: 30 },
    { header: '联系电话', key: 'phone', width: 16 },
    { header: '电子邮箱', key: 'email', width: 24 },
    { header: '意见类别', key: 'topic', width: 12 },
    { header: '意见内容', key: 'comment', width: 60 },
    { header: 'Word 文件', key: 'wordFile', width: 40 },
    { header: '签字盖章扫描件', key: 'signedScan', width: 40 },
  ];
  // Each consultation's title and topic names (feedback stores the topic's key).
  const consultations = new Map<string, { title: string; topics: Map<string, string> }>();
  const link = (file: any) => (file ? { text: file.originalName, hyperlink: `${origin}/shenbao/files/${file.documentId}` } : '');
  for (let start = 0; ; start += BATCH) {
    const rows: any[] = await strapi.documents(UID).findMany({
      filters: consultation ? { consultationDocumentId: consultation } : {},
      sort: ['submittedAt:asc', 'id:asc'],
      populate: ['files'],
      start,
      limit: BATCH,
    });
    for (const row of rows) {
      if (!consultations.has(row.consultationDocumentId)) {
        const c: any = await strapi.documents('api::consultation.consultation').findFirst({ filters: { documentId: row.consultationDocumentId }, fields: ['title'], populate: ['topics'] });
        consultations.set(row.consultationDocumentId, {
          title: c?.title ?? row.consultationDocumentId,
          topics: new Map((c?.topics ?? []).map((t: any) => [t.topic, t.name || t.topic])),
        });
      }
      const consultationInfo = consultations.get(row.consultationDocumentId)!;
      const files = row.files ?? [];
      sheet
        .addRow({
          receiptNo: row.receiptNo ?? '',
          submittedAt: row.submittedAt ? formatShanghaiDateTime(row.submittedAt) : '',
          consultation: consultationInfo.title,
          name: row.name,
          organizationName: row.organizationName ?? '',
          phone: row.phone,
          email: row.email ?? '',
          topic: consultationInfo.topics.get(row.topic) ?? TOPIC_NAMES[row.topic] ?? row.topic,
          comment: row.comment,
          wordFile: link(files.find((f: any) => f.slot === 'wordFile')),
          signedScan: link(files.find((f: any) => f.slot === 'signedScan')),
        })
        .commit();
    }
    if (rows.length < BATCH) break;
  }
  sheet.commit();
  await workbook.commit();
}
