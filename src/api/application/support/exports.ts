import { once } from 'events';
import { PassThrough } from 'stream';
import { excel } from '../../../support/excel';
import type { Core } from '@strapi/strapi';
import { formatYuan } from '../../../domain/money';
import { isPrivateKey } from '../../../domain/personal-data';
import { formatShanghaiDateTime } from '../../../domain/time';
import type { Actor, WorkflowDefinition } from '../../../domain/workflow';
import { staffActor } from './actors';
import { RefusalError, answering } from './errors';
import { stageIndex, staffScope } from './scope';

/**
 * The desk's exports, XLSX (exceljs WorkbookWriter) or CSV (`?format=csv`), streamed: rows are
 * read from the database in batches of BATCH by id (keyset paging) and written as they come.
 */
const BATCH = 500;
const UID = 'api::application.application';
const yuan = (fen: unknown) => (fen === null || fen === undefined || fen === '' ? '' : formatYuan(fen as any));
const when = (value: unknown) => (value ? formatShanghaiDateTime(value as string) : '');

interface Column {
  key: string;
  header: string;
  width?: number;
}

type Batches = AsyncGenerator<Array<Record<string, unknown>>>;

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

async function writeXlsx(stream: PassThrough, sheetName: string, columns: Column[], batches: Batches) {
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 20 }));
  for await (const rows of batches) {
    for (const row of rows) sheet.addRow(row).commit();
    // Let the download catch up before reading the next batch, so memory holds a batch, not the file.
    if (stream.writableNeedDrain) await once(stream, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

async function writeCsv(stream: PassThrough, columns: Column[], batches: Batches) {
  const write = (line: string) => new Promise<void>((resolve) => (stream.write(line) ? resolve() : stream.once('drain', () => resolve())));
  await write(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  for await (const rows of batches) for (const row of rows) await write(`${columns.map((c) => csvCell(row[c.key])).join(',')}\r\n`);
  stream.end();
}

function send(ctx: any, name: string, sheetName: string, columns: Column[], batches: Batches) {
  const csv = ctx.query?.format === 'csv';
  if (ctx.query?.format && !['csv', 'xlsx'].includes(ctx.query.format)) throw new RefusalError(400, 'invalid_format', '导出格式只能是 XLSX 或 CSV', 'format');
  const stream = new PassThrough();
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${csv ? 'csv' : 'xlsx'}`)}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.type = csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  (csv ? writeCsv(stream, columns, batches) : writeXlsx(stream, sheetName, columns, batches)).catch((error) => stream.destroy(error));
  return stream;
}

/** Rows of a query engine where clause, by ascending id, BATCH at a time. */
async function* byId(strapi: Core.Strapi, uid: string, where: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  let lastId = 0;
  for (;;) {
    const rows = await strapi.db.query(uid as any).findMany({ ...extra, where: { $and: [where, { id: { $gt: lastId } }] }, orderBy: { id: 'asc' }, limit: BATCH });
    if (!rows.length) return;
    lastId = rows[rows.length - 1].id;
    yield rows;
    if (rows.length < BATCH) return;
  }
}

const APPLICATION_COLUMNS: Column[] = [
  { key: 'serialNo', header: '申报编号' },
  { key: 'title', header: '项目名称', width: 40 },
  { key: 'organizationName', header: '申报单位', width: 36 },
  { key: 'uscc', header: '统一社会信用代码', width: 22 },
  { key: 'districtCode', header: '所属区' },
  { key: 'programKey', header: '资金项目' },
  { key: 'stage', header: '当前环节' },
  { key: 'submittedAt', header: '提交时间（北京时间）' },
  { key: 'stateChangedAt', header: '进入本环节时间（北京时间）' },
  { key: 'recognised', header: '认定金额' },
  { key: 'award', header: '奖补金额' },
];

/**
 * The columns the list reads, and no more: the answers, the eligibility snapshot and the award
 * trace are JSON that would be parsed for every row and thrown away, which at 100,000 rows is
 * most of the export's memory (docs/performance.md).
 */
const EXPORTED_FIELDS = ['id', 'serialNo', 'title', 'organizationName', 'organizationUscc', 'districtCode', 'programKey', 'state', 'workflowKey', 'workflowVersion', 'submittedAt', 'stateChangedAt', 'recognisedBaseFen', 'awardFen'];

export function registerExportRoutes(strapi: Core.Strapi) {
  const definitions = async (): Promise<WorkflowDefinition[]> => (strapi.service('api::workflow.workflow') as any).allStored();
  const route = (path: string, handler: (ctx: any, actor: Actor) => Promise<unknown>) => ({
    method: 'GET' as const,
    path,
    handler: (ctx: any) => answering(ctx, async () => handler(ctx, await staffActor(strapi, ctx.state.user))),
    config: { policies: ['admin::isAuthenticatedAdmin'] },
    info: { apiName: 'application', type: 'admin' as const },
  });
  const text = (value: unknown, field: string) => {
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 64) throw new RefusalError(400, 'invalid_query', `查询参数「${field}」格式不正确`, field);
    return value;
  };

  strapi.server.routes({
    type: 'admin',
    prefix: '/shenbao/exports',
    routes: [
      route('/applications', async (ctx, actor) => {
        const call = text(ctx.query?.call, 'call');
        const state = text(ctx.query?.state, 'state');
        const scope = actor.role ? await staffScope(strapi, actor) : null;
        if (!scope) throw new RefusalError(403, 'no_permission', '您的角色无权导出申报');
        const where = { $and: [scope, { state: state ?? { $ne: 'draft' } }, ...(call ? [{ taskSpecDocumentId: call }] : [])] };
        const facts = stageIndex(await definitions());
        // The row count first, so that the desk can show how far the download has come.
        ctx.set('X-Total-Count', String(await strapi.db.query(UID).count({ where })));
        async function* batches() {
          for await (const rows of byId(strapi, UID, where, { select: EXPORTED_FIELDS })) {
            yield rows.map((row: any) => ({
              serialNo: row.serialNo ?? '',
              title: row.title,
              organizationName: row.organizationName ?? '',
              uscc: row.organizationUscc ?? '',
              districtCode: row.districtCode,
              programKey: row.programKey,
              stage: facts(row).label,
              submittedAt: when(row.submittedAt),
              stateChangedAt: when(row.stateChangedAt),
              recognised: yuan(row.recognisedBaseFen),
              award: yuan(row.awardFen),
            }));
          }
        }
        return send(ctx, `申报清单${call ? `-${call}` : ''}`, '申报', APPLICATION_COLUMNS, batches());
      }),

      route('/publicity/:documentId', async (ctx, actor) => {
        if (!actor.role || actor.role === 'applicant') throw new RefusalError(403, 'no_permission', '您的角色无权导出公示名单');
        const publicity = await strapi.db.query('api::publicity.publicity').findOne({ where: { documentId: ctx.params.documentId } });
        if (!publicity) throw new RefusalError(404, 'not_found', '公示批次不存在', 'documentId');
        const snapshot = publicity.snapshot ?? { columns: [], rows: [] };
        // The list is for publication: the same columns as the portal's 公示, never personal data.
        const columns: Column[] = (snapshot.columns ?? [])
          .filter((c: any) => typeof c?.key === 'string' && !isPrivateKey(c.key))
          .map((c: any) => ({ key: c.key, header: c.key === 'awardFen' ? '拟奖励（支持）金额' : c.label, width: c.key === 'title' ? 40 : 24 }));
        const rows = (snapshot.rows ?? []).map((row: any) => ('awardFen' in row ? { ...row, awardFen: yuan(row.awardFen) } : row));
        async function* batches() {
          yield rows; // the snapshot is the 公示 as published: one stored document
        }
        return send(ctx, publicity.title, '公示名单', [{ key: 'no', header: '序号', width: 8 }, ...columns], (async function* numbered() {
          let n = 0;
          for await (const batch of batches()) yield batch.map((row: any) => ({ no: (n += 1), ...row }));
        })());
      }),

      route('/disbursements', async (ctx, actor) => {
        if (!['finance', 'city_reviewer'].includes(actor.role ?? '')) throw new RefusalError(403, 'no_permission', '只有资金拨付和市数据局审核人员可以导出拨付清单');
        const program = text(ctx.query?.program, 'program');
        const yearText = text(ctx.query?.year, 'year');
        const year = yearText === undefined ? undefined : Number(yearText);
        if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw new RefusalError(400, 'invalid_year', '年度应为四位年份', 'year');
        const where = { $and: [...(program ? [{ program: { key: program } }] : []), ...(year ? [{ budgetYear: year }] : [])] };
        const KINDS: Record<string, string> = { plan: '拨付计划', decision: '党组决定', payment: '拨付', clawback: '追回' };
        async function* batches() {
          const populate = { application: { select: ['serialNo', 'title', 'organizationName', 'organizationUscc'] }, program: { select: ['key', 'name'] } };
          for await (const rows of byId(strapi, 'api::disbursement.disbursement', where, { populate })) {
            yield rows.map((row: any) => ({
              serialNo: row.application?.serialNo ?? '',
              title: row.application?.title ?? '',
              organizationName: row.application?.organizationName ?? '',
              uscc: row.application?.organizationUscc ?? '',
              program: row.program?.name ?? '',
              budgetYear: row.budgetYear,
              kind: KINDS[row.kind] ?? row.kind,
              amount: yuan(row.amountFen),
              decisionRef: row.decisionRef ?? '',
              voucherNo: row.voucherNo ?? '',
              occurredAt: when(row.occurredAt),
            }));
          }
        }
        const columns: Column[] = [
          { key: 'serialNo', header: '申报编号' },
          { key: 'title', header: '项目名称', width: 40 },
          { key: 'organizationName', header: '申报单位', width: 36 },
          { key: 'uscc', header: '统一社会信用代码', width: 22 },
          { key: 'program', header: '资金项目' },
          { key: 'budgetYear', header: '预算年度', width: 10 },
          { key: 'kind', header: '类别', width: 10 },
          { key: 'amount', header: '金额' },
          { key: 'decisionRef', header: '党组会议纪要编号', width: 30 },
          { key: 'voucherNo', header: '凭证号' },
          { key: 'occurredAt', header: '时间（北京时间）' },
        ];
        return send(ctx, `拨付清单${program ? `-${program}` : ''}${year ? `-${year}` : ''}`, '拨付', columns, batches());
      }),
    ],
  });
}
