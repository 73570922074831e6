import type { Core } from '@strapi/strapi';
import { ChainBreak, ChainHead, ledgerHead, verifyChain } from '../../../domain/ledger';

export interface AuditReport {
  applications: number;
  records: number;
  broken: (ChainBreak & { applicationId: string }) | null;
}

const RECORD = 'api::review-record.review-record';
/** Applications per read: their records are held at once, never the whole table. */
const BATCH = 500;

/**
 * Every application's chain, records in seq order, reading the raw rows so that what is checked
 * is exactly what the database holds. It walks the applications in batches (keyset on id), so
 * that memory holds one batch of chains whatever the size of the ledger.
 */
async function* chains(strapi: Core.Strapi, batchSize: number): AsyncGenerator<{ applicationId: string; records: any[] }> {
  const { joinTable } = (strapi.db.metadata.get(RECORD as any).attributes as any).application;
  const [recordColumn, applicationColumn] = [joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
  let lastId = 0;
  for (;;) {
    const applications = await strapi.db.query('api::application.application').findMany({ where: { id: { $gt: lastId } }, select: ['id', 'documentId'], orderBy: { id: 'asc' }, limit: batchSize });
    if (!applications.length) return;
    lastId = applications[applications.length - 1].id;
    const links = await strapi.db.connection(joinTable.name).whereIn(applicationColumn, applications.map((a: any) => a.id)).select(recordColumn, applicationColumn);
    const owner = new Map<number, number>(links.map((link: any) => [Number(link[recordColumn]), Number(link[applicationColumn])]));
    const rows = owner.size ? await strapi.db.query(RECORD).findMany({ where: { id: { $in: [...owner.keys()] } } }) : [];
    const byApplication = new Map<number, any[]>();
    for (const row of rows) {
      const applicationId = owner.get(row.id)!;
      if (!byApplication.has(applicationId)) byApplication.set(applicationId, []);
      byApplication.get(applicationId)!.push(row);
    }
    for (const app of applications) {
      const records = byApplication.get(app.id);
      if (records) yield { applicationId: app.documentId, records: records.sort((a, b) => a.seq - b.seq) };
    }
  }
}

/**
 * Recomputes every application's chain and stops at the first broken record. A record linked
 * to no application is a chain of its own, and fails unless it could start one.
 */
export async function verifyAll(strapi: Core.Strapi, batchSize = BATCH): Promise<AuditReport> {
  const report: AuditReport = { applications: 0, records: 0, broken: null };
  const check = (applicationId: string, records: any[]) => {
    report.records += records.length;
    const broken = verifyChain(records.map((r) => ({ ...r, applicationId })));
    if (broken) report.broken = { ...broken, applicationId };
    return !broken;
  };
  for await (const { applicationId, records } of chains(strapi, batchSize)) {
    report.applications += 1;
    if (!check(applicationId, records)) return report;
  }
  const { joinTable } = (strapi.db.metadata.get(RECORD as any).attributes as any).application;
  const { tableName } = strapi.db.metadata.get(RECORD as any);
  const detachedIds = await strapi.db.connection(tableName).whereNotIn('id', strapi.db.connection(joinTable.name).select(joinTable.joinColumn.name)).pluck('id');
  const detached = detachedIds.length ? await strapi.db.query(RECORD).findMany({ where: { id: { $in: detachedIds } } }) : [];
  for (const row of detached) if (!check(`(detached record ${row.id})`, [row])) return report;
  return report;
}

/** The ledger's digest as it stood at `asOf` (every record that had occurred by then); see ledgerHead. */
export async function headAt(strapi: Core.Strapi, asOf: Date, batchSize = BATCH): Promise<{ head: string; applications: number; records: number }> {
  const heads: ChainHead[] = [];
  let records = 0;
  for await (const chain of chains(strapi, batchSize)) {
    const upTo = chain.records.filter((r) => new Date(r.occurredAt) <= asOf);
    if (!upTo.length) continue;
    const last = upTo[upTo.length - 1];
    heads.push({ applicationId: chain.applicationId, seq: Number(last.seq), hash: last.hash });
    records += upTo.length;
  }
  return { head: ledgerHead(heads), applications: heads.length, records };
}
