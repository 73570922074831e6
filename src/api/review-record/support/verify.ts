import type { Core } from '@strapi/strapi';
import { ChainBreak, verifyChain } from '../../../domain/ledger';

export interface AuditReport {
  applications: number;
  records: number;
  broken: (ChainBreak & { applicationId: string }) | null;
}

/**
 * Recomputes every application's chain, in application order, reading the raw rows so that what
 * is checked is exactly what the database holds.
 */
export async function verifyAll(strapi: Core.Strapi): Promise<AuditReport> {
  const rows = await strapi.db.query('api::review-record.review-record').findMany({ populate: ['application'], orderBy: [{ id: 'asc' }] });
  const byApplication = new Map<string, any[]>();
  for (const row of rows) {
    const key = row.application?.documentId ?? `(detached record ${row.id})`;
    byApplication.set(key, [...(byApplication.get(key) ?? []), row]);
  }
  for (const [applicationId, records] of byApplication) {
    records.sort((a, b) => a.seq - b.seq);
    const broken = verifyChain(records.map((r) => ({ ...r, applicationId })));
    if (broken) return { applications: byApplication.size, records: rows.length, broken: { ...broken, applicationId } };
  }
  return { applications: byApplication.size, records: rows.length, broken: null };
}
