import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { CreditEntry, RowResult, parseCreditRows, parseCsv } from '../../../domain/credit-list';
import { readSheet } from './sheets';

export interface ImportReport {
  batch: string;
  accepted: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string }>;
}

const sameListing = (a: CreditEntry, b: any) =>
  a.uscc === b.uscc && a.listType === b.listType && (a.reference ?? a.listedOn ?? '') === (b.reference ?? b.listedOn ?? '');

type Progress = (done: number, total: number) => void;

/** Imports a CSV or XLSX list file; the CLI and the admin action both come here. */
export async function importCreditFile(strapi: Core.Strapi, path: string, onProgress: Progress = () => {}): Promise<ImportReport> {
  return importCreditRows(strapi, parseCreditRows(await readSheet(path, parseCsv)), onProgress);
}

/**
 * Imports checked 信用中国 list rows. Each good row becomes a credit record unless the same
 * listing (organisation, list, reference or date) is already there; bad rows are reported.
 */
async function importCreditRows(strapi: Core.Strapi, results: RowResult[], onProgress: Progress): Promise<ImportReport> {
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
