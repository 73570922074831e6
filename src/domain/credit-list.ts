import type { IsoDate } from './calendar';
import { UsccError, parseUscc } from './uscc';

/**
 * Entries of the 信用中国 lists, as staff export them to CSV or XLSX: one row per listing, with a
 * header row naming the columns. Rows are checked one by one; a bad row is reported with its
 * line number and never stops the others.
 */
export const LIST_TYPES: Record<string, string> = {
  失信被执行人: 'dishonest_judgment_debtor',
  重大税收违法失信主体: 'major_tax_violation',
  重大税收违法案件当事人: 'major_tax_violation',
  政府采购严重违法失信行为记录: 'government_procurement_violation',
  政府采购严重违法失信行为记录名单: 'government_procurement_violation',
  严重违法失信名单: 'serious_dishonesty',
  严重失信主体名单: 'serious_dishonesty',
};

const COLUMNS: Record<string, string> = {
  统一社会信用代码: 'uscc',
  主体名称: 'organizationName',
  名单类型: 'listType',
  列入日期: 'listedOn',
  有效期至: 'expiresOn',
  文号: 'reference',
};

export interface CreditEntry {
  uscc: string;
  organizationName: string | null;
  listType: string;
  listedOn: IsoDate | null;
  expiresOn: IsoDate | null;
  reference: string | null;
}

export type RowResult = { line: number; entry: CreditEntry } | { line: number; error: string };

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes; a BOM is ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i];
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const isBlank = (cells: string[]) => !cells.some((cell) => cell.trim());

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

function toDate(value: string): IsoDate | null | 'invalid' {
  const text = value.trim();
  if (!text || text === '长期' || text === '—' || text === '-') return null;
  const match = DATE.exec(text);
  if (!match) return 'invalid';
  const iso = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso ? 'invalid' : iso;
}

export const parseCreditCsv = (text: string): RowResult[] => parseCreditRows(parseCsv(text));

/** The rows of a sheet, header first, as text cells (a spreadsheet's dates already as YYYY-MM-DD). */
export function parseCreditRows(table: string[][]): RowResult[] {
  const [header, ...rows] = table;
  if (!header || isBlank(header)) return [{ line: 1, error: '文件为空' }];
  const fields = header.map((name) => COLUMNS[name.trim()]);
  for (const required of ['uscc', 'listType']) {
    if (!fields.includes(required)) {
      const label = Object.keys(COLUMNS).find((key) => COLUMNS[key] === required);
      return [{ line: 1, error: `缺少「${label}」列` }];
    }
  }
  // Line numbers are the sheet's own, blank rows included, so staff can find a rejected row.
  return rows.flatMap((cells, index): RowResult[] => (isBlank(cells) ? [] : [parseRow(fields, cells, index + 2)]));
}

function parseRow(fields: Array<string | undefined>, cells: string[], line: number): RowResult {
  const record: Record<string, string> = {};
  fields.forEach((field, column) => {
    if (field) record[field] = (cells[column] ?? '').trim();
  });
  let uscc: string;
  try {
    uscc = parseUscc(record.uscc ?? '').code;
  } catch (error) {
    if (!(error instanceof UsccError)) throw error;
    return { line, error: error.message };
  }
  const listType = LIST_TYPES[record.listType ?? ''];
  if (!listType) return { line, error: `未知的名单类型「${record.listType ?? ''}」` };
  const listedOn = toDate(record.listedOn ?? '');
  const expiresOn = toDate(record.expiresOn ?? '');
  if (listedOn === 'invalid') return { line, error: `列入日期「${record.listedOn}」无效` };
  if (expiresOn === 'invalid') return { line, error: `有效期「${record.expiresOn}」无效` };
  return { line, entry: { uscc, organizationName: record.organizationName || null, listType, listedOn, expiresOn, reference: record.reference || null } };
}
