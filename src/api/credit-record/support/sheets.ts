import fs from 'fs';
import type ExcelJS from 'exceljs';
import { excel } from '../../../support/excel';

/**
 * Reads the list files staff bring from 信用中国: XLSX (the first worksheet), or CSV in UTF-8 or
 * GBK (Excel on a Chinese Windows saves CSV as GBK). Old binary .xls cannot be read here.
 */
export class SheetError extends Error {}

/** The most rows one import takes; a list larger than this is split by the staff. */
export const MAX_ROWS = 200_000;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Spreadsheet dates carry the wall date at UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  const cell = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
  if (cell.richText) return cell.richText.map((part) => part.text).join('');
  if ('result' in cell) return cellText(cell.result);
  if ('text' in cell) return cellText(cell.text);
  return '';
}

async function readXlsx(path: string): Promise<string[][]> {
  // The streaming reader keeps memory flat on large lists; rows keep their sheet positions.
  const reader = new (excel().stream.xlsx.WorkbookReader)(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  const rows: string[][] = [];
  for await (const worksheet of reader) {
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (row.number > MAX_ROWS + 1) throw new SheetError(`文件超过 ${MAX_ROWS} 行，请分批导入`);
      const values = (row.values as unknown[]).slice(1);
      while (rows.length < row.number - 1) rows.push([]);
      rows.push(Array.from(values, cellText));
    }
    break; // the first worksheet holds the list
  }
  return rows;
}

function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** The kind of a list file, by its first bytes rather than its name. */
export function sheetKind(head: Buffer): 'xlsx' | 'xls' | 'csv' {
  if (head.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (head.subarray(0, 4).equals(OLE)) return 'xls';
  return 'csv';
}

export async function readSheet(path: string, parseCsvText: (text: string) => string[][]): Promise<string[][]> {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(path, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const kind = sheetKind(head);
  if (kind === 'xls') throw new SheetError('不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入');
  if (kind === 'xlsx') {
    try {
      return await readXlsx(path);
    } catch (error) {
      if (error instanceof SheetError) throw error;
      throw new SheetError('无法读取该 Excel 文件，请确认文件未损坏');
    }
  }
  const rows = parseCsvText(decodeText(fs.readFileSync(path)));
  if (rows.length > MAX_ROWS + 1) throw new SheetError(`文件超过 ${MAX_ROWS} 行，请分批导入`);
  return rows;
}
