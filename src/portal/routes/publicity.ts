import type { Core } from '@strapi/strapi';
import { formatWanYuan } from '../../domain/money';
import { nextChange } from '../cache';
import { BatchDetail, BatchSummary, OBJECTION_LABELS, objectionLookupPage, objectionStatusPage, publicityDetailPage, publicityListPage, snapshotTable } from '../pages/publicity';
import { iso } from '../pages/shared';
import { checkFile, discardUploads } from '../private-files';
import { PortalError, PortalRequest, PortalRoute, chrome } from '../request';
import { Checks, isEmail, isPhone, text } from '../validate';

/** 公示: batches that have started, their public rows, and signed objections during the period. */

const UID = 'api::publicity.publicity';
const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Names that are no names: an objection signed so is anonymous. */
const NOT_A_NAME = /^(匿名|无名|佚名|某某|不详|无|anonymous|n\/?a|none|-+)$/i;

const started = (row: any, now: Date) => row.phase !== 'scheduled' || new Date(row.startsAt) <= now;
const running = (row: any, now: Date) => row.phase !== 'closed' && new Date(row.startsAt) <= now && now < new Date(row.endsAt);

const summary = (row: any, now: Date): BatchSummary => ({
  documentId: row.documentId,
  title: row.title ?? '',
  kind: row.kind,
  startsAt: iso(row.startsAt),
  endsAt: iso(row.endsAt),
  running: running(row, now),
});

export async function loadRunningBatches(strapi: Core.Strapi, now: Date) {
  const rows = await strapi.documents(UID).findMany({ filters: { phase: { $ne: 'closed' }, startsAt: { $lte: now.toISOString() }, endsAt: { $gt: now.toISOString() } }, sort: 'endsAt:asc' });
  return rows.map((row) => summary(row, now));
}

async function loadBatch(strapi: Core.Strapi, id: string, now: Date): Promise<BatchDetail | null> {
  const row: any = await strapi.documents(UID).findFirst({
    filters: { documentId: id },
    populate: { program: { fields: ['name'] }, applications: { fields: ['serialNo', 'title', 'awardFen'], populate: { organization: { fields: ['name'] } } } },
  });
  if (!row || !started(row, now)) return null;
  const applications: any[] = row.applications ?? [];
  let table = snapshotTable(row.snapshot);
  if (!table.rows.length && applications.length) {
    // No snapshot stored: the minimal public fields, never bank details, contacts or ID numbers.
    table = {
      columns: [
        { key: 'serialNo', label: '申报编号' },
        { key: 'title', label: '项目名称' },
        { key: 'organizationName', label: '申报单位' },
        ...(row.kind === 'award_publicity' ? [{ key: 'award', label: '拟奖励金额' }] : []),
      ],
      rows: applications.map((a) => ({
        serialNo: a.serialNo ?? '',
        title: a.title ?? '',
        organizationName: a.organization?.name ?? '',
        award: a.awardFen !== null && a.awardFen !== undefined ? formatWanYuan(Number(a.awardFen)) : '',
      })),
    };
  }
  return {
    ...summary(row, now),
    programName: row.program?.name,
    table,
    choices: applications.map((a) => ({ value: a.documentId, label: [a.serialNo, a.title, a.organization?.name].filter(Boolean).join(' ') })),
  };
}

async function findOr404(req: PortalRequest) {
  const batch = await loadBatch(req.strapi, req.params.id, req.now);
  if (!batch) throw new PortalError(404, '您访问的公示不存在或尚未开始。');
  return batch;
}

export const publicityRoutes: PortalRoute[] = [
  {
    method: 'GET',
    path: '/publicity',
    handler: async (req) => {
      const rows: any[] = await req.strapi.documents(UID).findMany({ sort: ['startsAt:desc', 'id:desc'], limit: 200, populate: { applications: { fields: ['id'] } } });
      const visible = rows.filter((row) => started(row, req.now));
      const batches = visible.map((row) => ({ ...summary(row, req.now), count: snapshotTable(row.snapshot).rows.length || (row.applications ?? []).length }));
      // Running first, each group newest first.
      batches.sort((a, b) => Number(b.running) - Number(a.running));
      return {
        page: publicityListPage(chrome(req, '公示公告', '/publicity'), batches),
        cacheUntil: nextChange(req.now, rows.flatMap((row) => [iso(row.startsAt), iso(row.endsAt)])),
      };
    },
  },
  {
    method: 'GET',
    path: '/publicity/:id',
    handler: async (req) => {
      const batch = await findOr404(req);
      return {
        page: publicityDetailPage(chrome(req, batch.title, `/publicity/${batch.documentId}`), batch, { values: {}, errors: [] }),
        cacheUntil: nextChange(req.now, [batch.startsAt, batch.endsAt]),
      };
    },
  },
  {
    method: 'POST',
    path: '/publicity/:id/objections',
    limit: 'objection',
    handler: async (req) => {
      try {
        const batch = await findOr404(req);
        if (!batch.running) throw new PortalError(403, '公示期已结束或尚未开始，不受理异议。');
        const values = Object.fromEntries(['objectorName', 'objectorOrganization', 'phone', 'email', 'application', 'reason'].map((key) => [key, text(req.body, key)]));
        const checks = new Checks();
        checks.required('objectorName', values.objectorName, '真实姓名').max('objectorName', values.objectorName, '姓名', 50);
        if (values.objectorName && (NOT_A_NAME.test(values.objectorName) || values.objectorName.length < 2)) checks.add('objectorName', '异议须实名提出，请填写您的真实姓名');
        checks.max('objectorOrganization', values.objectorOrganization, '工作单位', 200);
        checks.required('phone', values.phone, '联系电话');
        if (values.phone && !isPhone(values.phone)) checks.add('phone', '联系电话须为手机号或固定电话（如 027-65770039）');
        if (values.email && !isEmail(values.email)) checks.add('email', '电子邮箱格式不正确');
        if (!batch.choices.some((c) => c.value === values.application)) checks.add('application', '请选择本批公示中的项目');
        checks.required('reason', values.reason, '异议事实和理由').max('reason', values.reason, '异议事实和理由', 5000);
        if (values.reason && values.reason.length < 10) checks.add('reason', '异议事实和理由至少 10 个字');
        const scans = req.files.signedScan ?? [];
        const detected = scans.length === 1 && scans[0].size <= MAX_FILE_BYTES ? await checkFile(scans[0], 'scan') : undefined;
        if (!scans.length) checks.add('signedScan', `请上传${OBJECTION_LABELS.signedScan}`);
        else if (scans.length > 1) checks.add('signedScan', '扫描件只能上传一个文件');
        else if (scans[0].size > MAX_FILE_BYTES) checks.add('signedScan', '扫描件不能超过 20MB');
        else if (!detected) checks.add('signedScan', '扫描件须为 PDF、JPG 或 PNG 文件（按文件内容识别）');
        if (checks.errors.length || !detected) {
          return { page: publicityDetailPage(chrome(req, `提出异议 - ${batch.title}`, `/publicity/${batch.documentId}`), batch, { values, errors: checks.errors }), status: 400 };
        }
        // The objection, its scan and the record of its filing in the application's chain: all, or nothing.
        const service = req.strapi.service('api::objection.objection') as any;
        const lodged = await service.lodge(
          {
            publicity: batch.documentId,
            application: values.application,
            objectorName: values.objectorName,
            objectorOrganization: values.objectorOrganization || null,
            phone: values.phone,
            email: values.email || null,
            reason: values.reason,
          },
          { ...scans[0], detected },
          req.now,
        );
        await service.acknowledge(lodged.documentId, lodged.key);
        // Post, then redirect: reloading the receipt shows it again and lodges nothing twice.
        return { redirect: `/objections/${encodeURIComponent(lodged.receiptNo)}?key=${encodeURIComponent(lodged.key)}&new=1` };
      } finally {
        discardUploads(req.ctx.request.files);
      }
    },
  },
  {
    method: 'GET',
    path: '/objections',
    handler: async (req) => {
      const { no, key } = req.query;
      if (!no && !key) return { page: objectionLookupPage(chrome(req, '公示异议查询', '/objections'), {}, null) };
      const status = await (req.strapi.service('api::objection.objection') as any).lookup(no, key);
      if (!status) return { page: objectionLookupPage(chrome(req, '公示异议查询', '/objections'), { no }, '异议编号或查询码不正确，请核对后重新输入。'), status: 404 };
      return { redirect: `/objections/${encodeURIComponent(status.receiptNo)}?key=${encodeURIComponent(String(key).trim())}` };
    },
  },
  {
    method: 'GET',
    path: '/objections/:no',
    handler: async (req) => {
      const key = req.query.key ?? '';
      const status = await (req.strapi.service('api::objection.objection') as any).lookup(req.params.no, key);
      if (!status) throw new PortalError(404, '异议编号或查询码不正确。请在「异议查询」页核对后重新输入。');
      // The receipt shows the key once more, right after the objection was lodged, so that it can be noted down.
      return { page: objectionStatusPage(chrome(req, req.query.new ? '异议已提交' : '异议办理情况', '/objections'), status, req.query.new ? String(key) : null) };
    },
  },
];
