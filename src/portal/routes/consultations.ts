import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { formatShanghaiDateTime, shanghaiDate } from '../../domain/time';
import { nextChange } from '../cache';
import { ConsultationView, FEEDBACK_LABELS, consultationPage, feedbackReceiptPage, topicChoices } from '../pages/consultation';
import { iso, toPublicFiles } from '../pages/shared';
import { Detected, checkFile, discardUploads, storePrivateFiles } from '../private-files';
import { PortalError, PortalRequest, PortalRoute, UploadedFile, chrome } from '../request';
import { Checks, isEmail, isPhone, text } from '../validate';

/** 征求意见: the page with its feedback form, and the post that stores feedback privately. */

const FEEDBACK = 'api::consultation-feedback.consultation-feedback';
const MAX_FILE_BYTES = 20 * 1024 * 1024;

async function loadConsultation(strapi: Core.Strapi, id: string): Promise<ConsultationView | null> {
  const c: any = await strapi.documents('api::consultation.consultation').findFirst({
    status: 'published',
    filters: { $or: [{ documentId: id }, { slug: id }] },
    populate: ['topics', 'attachments'],
  });
  if (!c) return null;
  return {
    documentId: c.documentId,
    slug: c.slug ?? '',
    title: c.title ?? '',
    summary: c.summary,
    body: c.body,
    draftTitle: c.draftTitle,
    draftBody: c.draftBody,
    issuedAt: iso(c.issuedAt),
    deadline: iso(c.deadline),
    issuer: c.issuer,
    feedbackNote: c.feedbackNote,
    // The notice asks for both; an editor may relax either for another consultation.
    requires: { wordFile: c.requireWordFile !== false, signedScan: c.requireSignedScan !== false },
    topics: (c.topics ?? []).map((t: any) => ({ topic: t.topic ?? '', name: t.name ?? '', phone: t.phone, email: t.email })),
    attachments: toPublicFiles(c.attachments),
  };
}

async function findOr404(req: PortalRequest) {
  const view = await loadConsultation(req.strapi, req.params.id);
  if (!view) throw new PortalError(404, '您访问的征求意见不存在或尚未发布。');
  return view;
}

const receiptNumber = (now: Date) => `YJ${shanghaiDate(now).replace(/-/g, '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;

async function checkUpload(checks: Checks, req: PortalRequest, field: 'wordFile' | 'signedScan', kind: 'word' | 'scan', required: boolean): Promise<{ file: UploadedFile; detected: Detected } | null> {
  const list = req.files[field] ?? [];
  const label = FEEDBACK_LABELS[field] ?? field;
  if (!list.length) {
    if (required) checks.add(field, `请上传${label}`);
    return null;
  }
  if (list.length > 1) {
    checks.add(field, `${label}只能上传一个文件`);
    return null;
  }
  const file = list[0];
  if (file.size > MAX_FILE_BYTES) {
    checks.add(field, `${label}不能超过 20MB`);
    return null;
  }
  const detected = await checkFile(file, kind);
  if (!detected) {
    checks.add(field, kind === 'word' ? `${label}须为 Word 文件（.doc 或 .docx，按文件内容识别）` : `${label}须为 PDF、JPG 或 PNG 文件（按文件内容识别）`);
    return null;
  }
  return { file, detected };
}

export const consultationRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/consultations/:id',
    handler: async (req) => {
      const view = await findOr404(req);
      return {
        page: consultationPage(chrome(req, view.title, `/consultations/${view.documentId}`), view, req.now, { values: {}, errors: [] }),
        cacheUntil: nextChange(req.now, [view.deadline]),
      };
    },
  },
  {
    method: 'POST',
    path: '/consultations/:id/feedback',
    limit: 'feedback',
    handler: async (req) => {
      try {
        const view = await findOr404(req);
        // The deadline is an instant: a post one second late is refused, whatever the page showed.
        if (req.now >= new Date(view.deadline)) {
          throw new PortalError(403, `本次征求意见已于 ${formatShanghaiDateTime(view.deadline)} 截止，不再接收反馈。`);
        }
        const values = Object.fromEntries(['name', 'organization', 'phone', 'email', 'topic', 'comment'].map((key) => [key, text(req.body, key)]));
        const checks = new Checks();
        checks.required('name', values.name, '姓名').max('name', values.name, '姓名', 50);
        checks.max('organization', values.organization, '单位名称', 200);
        checks.required('phone', values.phone, '联系电话');
        if (values.phone && !isPhone(values.phone)) checks.add('phone', '联系电话须为手机号或固定电话（如 027-65770039）');
        if (values.email && !isEmail(values.email)) checks.add('email', '电子邮箱格式不正确');
        if (!topicChoices(view).some((choice) => choice.value === values.topic)) checks.add('topic', '请选择意见类别');
        checks.required('comment', values.comment, '意见内容').max('comment', values.comment, '意见内容', 5000);
        const word = await checkUpload(checks, req, 'wordFile', 'word', view.requires.wordFile);
        const scan = await checkUpload(checks, req, 'signedScan', 'scan', view.requires.signedScan);
        if (checks.errors.length) {
          return { page: consultationPage(chrome(req, `提交意见 - ${view.title}`, `/consultations/${view.documentId}`), view, req.now, { values, errors: checks.errors }), status: 400 };
        }
        const submittedAt = req.now.toISOString();
        const feedback = await req.strapi.documents(FEEDBACK).create({
          data: {
            consultationDocumentId: view.documentId,
            name: values.name,
            organizationName: values.organization || null,
            phone: values.phone,
            email: values.email || null,
            topic: values.topic,
            comment: values.comment,
            submittedAt,
            receiptNo: receiptNumber(req.now),
          } as any,
        });
        try {
          const files = [word && { slot: 'wordFile', ...word }, scan && { slot: 'signedScan', ...scan }].filter((file) => file !== null);
          await storePrivateFiles(req.strapi, { consultationFeedback: feedback.documentId }, files);
        } catch (error) {
          await req.strapi.documents(FEEDBACK).delete({ documentId: feedback.documentId });
          throw error;
        }
        return { page: feedbackReceiptPage(chrome(req, '意见已提交', `/consultations/${view.documentId}`), view, { receiptNo: (feedback as any).receiptNo, submittedAt }) };
      } finally {
        discardUploads(req.ctx.request.files);
      }
    },
  },
];
