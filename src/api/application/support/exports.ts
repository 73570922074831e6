import { enumLabel } from '../../../domain/enum-labels';
import type { Core } from '@strapi/strapi';
import { isPrivateKey } from '../../../domain/personal-data';
import type { Actor, WorkflowDefinition } from '../../../domain/workflow';
import { staffActor } from './actors';
import { EXPORTED_FIELDS, RowFacts, actionLabels, chainColumns, pageFacts, unionColumns } from './application-export';
import { Column, Sheet, send, wantsCsv } from './export-writer';
import { RefusalError, answering } from './errors';
import { stageIndex, staffScope } from './scope';

/**
 * The desk's exports, XLSX or CSV (`?format=csv`), streamed (export-writer.ts): rows are read
 * from the database in batches of BATCH by id (keyset paging) and written as they come.
 */
const BATCH = 500;
const UID = 'api::application.application';

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

/** The newest stored definition of each chain, in the order of their keys. */
function latestByKey(definitions: WorkflowDefinition[]) {
  const latest = new Map<string, WorkflowDefinition>();
  for (const definition of definitions) if ((latest.get(definition.key)?.version ?? 0) < definition.version) latest.set(definition.key, definition);
  return latest;
}

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
        const stored = await definitions();
        const chains = latestByKey(stored);
        const programs = await strapi.db.query('api::program.program').findMany({ select: ['key', 'name', 'workflowKey'] });
        // A draft has no chain yet (it is set on submission): it goes with its programme's chain.
        const ofChain = (key: string) => ({
          $or: [{ workflowKey: key }, { workflowKey: { $null: true }, programKey: { $in: programs.filter((p: any) => (p.workflowKey ?? p.key) === key).map((p: any) => p.key) } }],
        });
        const names = {
          districts: new Map((await strapi.db.query('api::district.district').findMany({ select: ['code', 'name'] })).map((d: any) => [d.code, d.name])),
          programs: new Map(programs.map((p: any) => [p.key, p.name])),
          stage: stageIndex(stored),
        };
        const labels = actionLabels(stored);
        const csv = wantsCsv(ctx);
        // The row count first, so that the desk can show how far the download has come.
        ctx.set('X-Total-Count', String(await strapi.db.query(UID).count({ where })));
        async function* batches(chainWhere: Record<string, unknown>): AsyncGenerator<RowFacts[]> {
          for await (const rows of byId(strapi, UID, { $and: [where, chainWhere] }, { select: EXPORTED_FIELDS })) yield pageFacts(strapi, rows, chains, labels);
        }
        // XLSX: a sheet per chain, named as the chain; CSV: one table with every chain's columns.
        const sheets: Sheet[] = [...chains.values()].map((definition) => ({ name: definition.name, columns: chainColumns(definition, names), batches: batches(ofChain(definition.key)) }));
        const csvSheet: Sheet = { name: '申报', columns: unionColumns(sheets.map((sheet) => sheet.columns)), batches: csv ? batches({}) : (async function* none() {})() };
        return send(ctx, `申报清单${call ? `-${call}` : ''}`, sheets, csvSheet);
      }),

      route('/publicity/:documentId', async (ctx, actor) => {
        if (!actor.role || actor.role === 'applicant') throw new RefusalError(403, 'no_permission', '您的角色无权导出公示名单');
        const publicity = await strapi.db.query('api::publicity.publicity').findOne({ where: { documentId: ctx.params.documentId } });
        if (!publicity) throw new RefusalError(404, 'not_found', '公示批次不存在', 'documentId');
        const snapshot = publicity.snapshot ?? { columns: [], rows: [] };
        // The list is for publication: the same columns as the portal's 公示, never personal data.
        const columns: Column[] = (snapshot.columns ?? [])
          .filter((c: any) => typeof c?.key === 'string' && !isPrivateKey(c.key))
          .map((c: any): Column => (c.key === 'awardFen' ? { key: c.key, header: '拟奖励（支持）金额（元）', width: 24, type: 'money' } : { key: c.key, header: c.label, width: c.key === 'title' ? 40 : 24 }));
        async function* batches() {
          // the snapshot is the 公示 as published: one stored document
          yield (snapshot.rows ?? []).map((row: any, n: number) => ({ no: n + 1, ...row }));
        }
        return send(ctx, publicity.title, [{ name: '公示名单', columns: [{ key: 'no', header: '序号', width: 8, type: 'number' }, ...columns], batches: batches() }]);
      }),

      route('/disbursements', async (ctx, actor) => {
        if (!['finance', 'city_reviewer'].includes(actor.role ?? '')) throw new RefusalError(403, 'no_permission', '只有资金拨付和市数据局审核人员可以导出拨付清单');
        const program = text(ctx.query?.program, 'program');
        const yearText = text(ctx.query?.year, 'year');
        const year = yearText === undefined ? undefined : Number(yearText);
        if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) throw new RefusalError(400, 'invalid_year', '年度应为四位年份', 'year');
        const where = { $and: [...(program ? [{ program: { key: program } }] : []), ...(year ? [{ budgetYear: year }] : [])] };
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
              kind: enumLabel('api::disbursement.disbursement.kind', row.kind),
              amount: row.amountFen,
              decisionRef: row.decisionRef ?? '',
              voucherNo: row.voucherNo ?? '',
              occurredAt: row.occurredAt,
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
          { key: 'amount', header: '金额（元）', type: 'money' },
          { key: 'decisionRef', header: '党组会议纪要编号', width: 30 },
          { key: 'voucherNo', header: '凭证号' },
          { key: 'occurredAt', header: '时间（北京时间）', type: 'time' },
        ];
        return send(ctx, `拨付清单${program ? `-${program}` : ''}${year ? `-${year}` : ''}`, [{ name: '拨付', columns, batches: batches() }]);
      }),
    ],
  });
}
