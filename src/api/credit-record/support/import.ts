import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { CreditEntry, parseCreditCsv } from '../../../domain/credit-list';

export interface ImportReport {
  batch: string;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string }>;
}

const sameListing = (a: CreditEntry, b: any) =>
  a.uscc === b.uscc && a.listType === b.listType && (a.reference ?? a.listedOn ?? '') === (b.reference ?? b.listedOn ?? '');

/**
 * Imports 信用中国 list entries from CSV text. Each good row becomes a credit record unless the
 * same listing (organisation, list, reference or date) is already there; bad rows are reported.
 */
export async function importCreditCsv(strapi: Core.Strapi, text: string, onProgress: (done: number, total: number) => void = () => {}): Promise<ImportReport> {
  const results = parseCreditCsv(text);
  const batch = `import-${new Date().toISOString().slice(0, 10)}-${crypto.randomBytes(3).toString('hex')}`;
  const report: ImportReport = { batch, accepted: 0, duplicates: 0, rejected: [] };
  const importedAt = new Date().toISOString();
  for (const [index, result] of results.entries()) {
    if ('error' in result) report.rejected.push(result);
    else {
      const existing = await strapi.db.query('api::credit-record.credit-record').findMany({ where: { uscc: result.entry.uscc, listType: result.entry.listType } });
      if (existing.some((row: any) => sameListing(result.entry, row))) report.duplicates += 1;
      else {
        await strapi.documents('api::credit-record.credit-record').create({ data: { ...result.entry, source: '信用中国', importBatch: batch, importedAt } as any });
        report.accepted += 1;
      }
    }
    onProgress(index + 1, results.length);
  }
  return report;
}
