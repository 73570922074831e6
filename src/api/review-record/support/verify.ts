import type { Core } from '@strapi/strapi';
import { ChainBreak, verifyChain } from '../../../domain/ledger';

export interface AuditReport {
  applications: number;
  records: number;
  broken: (ChainBreak & { applicationId: string }) | null;
}

const RECORD = 'api::review-record.review-record';
/** Applications per read: their records are held at once, never the whole table. */
const BATCH = 500;

/**
 * Recomputes every application's chain, in application order, reading the raw rows so that what
 * is checked is exactly what the database holds. It walks the applications in batches (keyset
 * on id), so that memory holds one batch of chains whatever the size of the ledger. A record
 * linked to no application is a chain of its own, and fails unless it could start one.
 */
export async function verifyAll(strapi: Core.Strapi, batchSize = BATCH): Promise<AuditReport> {
  const { joinTable } = (strapi.db.metadata.get(RECORD as any).attributes as any).application;
  const [recordColumn, applicationColumn] = [joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
  const knex = strapi.db.connection;
  const report: AuditReport = { applications: 0, records: 0, broken: null };
  const check = (applicationId: string, records: any[]) => {
    report.records += records.length;
    const broken = verifyChain(records.sort((a, b) => a.seq - b.seq).map((r) => ({ ...r, applicationId })));
    if (broken) report.broken = { ...broken, applicationId };
    return !broken;
  };

  let lastId = 0;
  for (;;) {
    const applications = await strapi.db.query('api::application.application').findMany({ where: { id: { $gt: lastId } }, select: ['id', 'documentId'], orderBy: { id: 'asc' }, limit: batchSize });
    if (!applications.length) break;
    lastId = applications[applications.length - 1].id;
    const links = await knex(joinTable.name).whereIn(applicationColumn, applications.map((a: any) => a.id)).select(recordColumn, applicationColumn);
    const owner = new Map<number, number>(links.map((link: any) => [Number(link[recordColumn]), Number(link[applicationColumn])]));
    const rows = owner.size ? await strapi.db.query(RECORD).findMany({ where: { id: { $in: [...owner.keys()] } } }) : [];
    const chains = new Map<number, any[]>();
    for (const row of rows) {
      const applicationId = owner.get(row.id)!;
      if (!chains.has(applicationId)) chains.set(applicationId, []);
      chains.get(applicationId)!.push(row);
    }
    for (const app of applications) {
      const records = chains.get(app.id);
      if (!records) continue;
      report.applications += 1;
      if (!check(app.documentId, records)) return report;
    }
  }

  const { tableName } = strapi.db.metadata.get(RECORD as any);
  const detachedIds = await knex(tableName).whereNotIn('id', knex(joinTable.name).select(recordColumn)).pluck('id');
  const detached = detachedIds.length ? await strapi.db.query(RECORD).findMany({ where: { id: { $in: detachedIds } } }) : [];
  for (const row of detached) if (!check(`(detached record ${row.id})`, [row])) return report;
  return report;
}
