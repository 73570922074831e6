import type { FieldSchema, FormDefinition } from '../../domain/forms/types';
import { parseAmount } from '../../domain/money';

/**
 * Posted form fields → typed answers, the inverse of `render.ts`. Pure: no I/O. Empty inputs
 * become `undefined` (the key is left out), numbers and money (typed in 元) are converted, and
 * anything that does not convert is kept as the string that was typed, so the server's own
 * validation refuses it and names the field. File slots are not read here: their attachment
 * ids come from storage, never from the post.
 */
export type PostedFields = Record<string, unknown>;

const first = (value: unknown): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
};
const all = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/** One scalar cell: undefined when empty. */
export function parseScalar(field: FieldSchema, raw: string | undefined): unknown {
  const text = raw?.trim();
  if (text === undefined || text === '') return undefined;
  switch (field['x-ui']?.widget) {
    case 'integer':
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
    case 'money':
      try {
        return parseAmount(text);
      } catch {
        return text;
      }
    case 'yesno':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'uscc':
      return text.replace(/\s+/g, '').toUpperCase();
    case 'textarea':
      // Keep the applicant's line breaks, normalised, and only trim the ends.
      return raw!.replace(/\r\n/g, '\n').trim();
    default:
      return text;
  }
}

/** How many rows of a table were on the page (the hidden `rows.<key>`), capped. */
export function postedRowCount(body: PostedFields, key: string, max = 500): number {
  const count = Number(first(body[`rows.${key}`]));
  if (Number.isInteger(count) && count >= 0) return Math.min(count, max);
  // Without the counter, find the highest row index posted.
  const prefix = `a.${key}.`;
  const indexes = Object.keys(body)
    .filter((name) => name.startsWith(prefix))
    .map((name) => Number(name.slice(prefix.length).split('.')[0]))
    .filter((n) => Number.isInteger(n) && n >= 0 && n < max);
  return indexes.length ? Math.max(...indexes) + 1 : 0;
}

function parseTable(field: FieldSchema, key: string, body: PostedFields): Array<Record<string, unknown>> | undefined {
  const columns = Object.entries((field.items as FieldSchema | undefined)?.properties ?? {});
  const rows: Array<Record<string, unknown>> = [];
  for (let index = 0; index < postedRowCount(body, key, field.maxItems ?? 500); index += 1) {
    const row: Record<string, unknown> = {};
    for (const [colKey, column] of columns) {
      const value = parseScalar(column, first(body[`a.${key}.${index}.${colKey}`]));
      if (value !== undefined) row[colKey] = value;
    }
    // A row left completely empty (the spare row the form always offers) is not a row.
    if (Object.keys(row).length) rows.push(row);
  }
  return rows.length ? rows : undefined;
}

/**
 * The answers of the posted fields. `keys` limits which top-level fields are read (after a
 * return, only the flagged ones); file slots are skipped.
 */
export function parseAnswers(definition: FormDefinition, body: PostedFields, keys?: string[] | null): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(definition.properties ?? {})) {
    if (keys && !keys.includes(key)) continue;
    const widget = field['x-ui']?.widget;
    let value: unknown;
    if (widget === 'file') continue;
    if (widget === 'table') value = parseTable(field, key, body);
    else if (widget === 'checkboxes') {
      const chosen = all(body[`a.${key}`]).filter((v) => v !== '');
      value = chosen.length ? chosen : undefined;
    } else value = parseScalar(field, first(body[`a.${key}`]));
    if (value !== undefined) answers[key] = value;
  }
  return answers;
}

/** The attachment ids the applicant ticked to remove from each slot. */
export function removedFiles(definition: FormDefinition, body: PostedFields): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, field] of Object.entries(definition.properties ?? {})) {
    if (field['x-ui']?.widget !== 'file') continue;
    const ids = all(body[`remove.${key}`]).filter(Boolean);
    if (ids.length) out[key] = ids;
  }
  return out;
}

/** The table whose 增加一行 button was pressed, if any. */
export const addRowRequest = (definition: FormDefinition, body: PostedFields): string | null => {
  const key = first(body.addRow);
  return key && definition.properties?.[key]?.['x-ui']?.widget === 'table' ? key : null;
};
