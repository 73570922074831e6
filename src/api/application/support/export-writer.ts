import { once } from 'events';
import { PassThrough } from 'stream';
import { parseFen } from '../../../domain/money';
import { shanghaiMinute, shanghaiWallDate } from '../../../domain/time';
import { excel } from '../../../support/excel';
import { RefusalError } from './errors';

/**
 * Streamed spreadsheets, XLSX (exceljs WorkbookWriter, one sheet after another) or CSV. A column
 * says what its values are, and the writer shows them the one way the bureau reads them:
 * - money: fen in, 元 out; XLSX a number cell with the format #,##0.00, CSV plain 1234.50;
 * - time: an instant in, Beijing time out; XLSX a real date cell holding the Shanghai wall
 *   clock (format yyyy-mm-dd hh:mm, so it sorts and filters as a date), CSV text
 *   'YYYY-MM-DD HH:mm' (calendar dates, such as a meeting's, are text columns 'YYYY-MM-DD');
 * - number: a number cell; text: text.
 */
export type ColumnType = 'text' | 'money' | 'time' | 'number';

export interface Column<Row = Record<string, unknown>> {
  key: string;
  header: string;
  width?: number;
  type?: ColumnType;
  /** the value of a row; by default `row[key]` */
  get?: (row: Row) => unknown;
}

export interface Sheet<Row = any> {
  name: string;
  columns: Array<Column<Row>>;
  batches: AsyncIterable<Row[]>;
}

const MONEY_FORMAT = '#,##0.00';
const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

const empty = (value: unknown) => value === null || value === undefined || value === '';
const valueOf = <Row>(column: Column<Row>, row: Row) => (column.get ? column.get(row) : (row as any)[column.key]);

/** 123450 → "1234.50", exactly (BigInt: no float on the way). */
export function plainYuan(fen: unknown): string {
  const value = BigInt(parseFen(fen));
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

function xlsxValue(type: ColumnType | undefined, value: unknown): unknown {
  if (empty(value)) return null;
  switch (type) {
    case 'money':
      return parseFen(value) / 100;
    case 'time':
      return shanghaiWallDate(value as string);
    case 'number':
      return Number(value);
    default:
      return String(value);
  }
}

function csvValue(type: ColumnType | undefined, value: unknown): string {
  if (empty(value)) return '';
  if (type === 'money') return plainYuan(value);
  if (type === 'time') return shanghaiMinute(value as string);
  return String(value);
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, '－').slice(0, 31) || '工作表';

async function writeXlsx(stream: PassThrough, sheets: Sheet[]) {
  // Styles are shared by reference, so useStyles costs one style per column, not per cell.
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: false, useStyles: true });
  for (const { name, columns, batches } of sheets) {
    const sheet = workbook.addWorksheet(sheetName(name));
    sheet.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? 20,
      style: c.type === 'money' ? { numFmt: MONEY_FORMAT } : c.type === 'time' ? { numFmt: TIME_FORMAT } : {},
    }));
    for await (const rows of batches) {
      for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(c.type, valueOf(c, row)))).commit();
      // Let the download catch up before reading the next batch, so memory holds a batch, not the file.
      if (stream.writableNeedDrain) await once(stream, 'drain');
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** CSV has one table: the caller gives one sheet (the union of the chains' columns). */
async function writeCsv(stream: PassThrough, [{ columns, batches }]: Sheet[]) {
  const write = (line: string) => new Promise<void>((resolve) => (stream.write(line) ? resolve() : stream.once('drain', () => resolve())));
  await write(`\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  for await (const rows of batches) for (const row of rows) await write(`${columns.map((c) => csvCell(csvValue(c.type, valueOf(c, row)))).join(',')}\r\n`);
  stream.end();
}

export const wantsCsv = (ctx: any) => {
  if (ctx.query?.format && !['csv', 'xlsx'].includes(ctx.query.format)) throw new RefusalError(400, 'invalid_format', '导出格式只能是 XLSX 或 CSV', 'format');
  return ctx.query?.format === 'csv';
};

/** Answers with the file as a stream; `sheets` for XLSX, `csvSheet` (default the first) for CSV. */
export function send(ctx: any, name: string, sheets: Sheet[], csvSheet: Sheet = sheets[0]) {
  const csv = wantsCsv(ctx);
  const stream = new PassThrough();
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${csv ? 'csv' : 'xlsx'}`)}`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.type = csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  (csv ? writeCsv(stream, [csvSheet]) : writeXlsx(stream, sheets)).catch((error) => stream.destroy(error));
  return stream;
}
