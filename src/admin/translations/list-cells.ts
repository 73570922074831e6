import { enumLabel } from '../../domain/enum-labels';
import { BUILT_IN_WORKFLOWS } from '../../domain/workflow/definitions';

/**
 * The Content Manager's list view prints an enumeration's stored value as is (`notice`,
 * `functional_zone`); its table hook lets a plugin format a column's cells. Enumeration columns
 * show their label from src/domain/enum-labels.ts, the application's and review record's
 * workflow states show the stage's name, and years are printed without a thousands separator.
 */
export const INJECT_COLUMN_IN_TABLE = 'Admin/CM/pages/ListView/inject-column-in-table';

/** String columns that hold a workflow state key. */
const STATE_COLUMNS: Record<string, string[]> = {
  'api::application.application': ['state', 'returnedFromState'],
  'api::review-record.review-record': ['stage', 'fromState', 'toState'],
};

/**
 * A state's name in the Content Manager's list. The list row does not carry its workflow, so the
 * built-in chains name the states here (latest version first); the desk itself names stages by
 * the application's stored definition.
 */
const STATE_NAMES = new Map(BUILT_IN_WORKFLOWS.flatMap((w) => w.stages.map((s) => [s.key, s.label] as const)).reverse());
const stageLabel = (state: string) => STATE_NAMES.get(state) ?? state;

/** The list's content type, from the address (the hook is not told which list it formats). */
const currentModel = () => /\/collection-types\/([^/?]+)/.exec(window.location.pathname)?.[1] ?? '';

interface Header {
  name: string;
  attribute?: { type?: string };
  cellFormatter?: (row: Record<string, unknown>, header: Header, meta: { model: string }) => unknown;
}

export function labelEnumerationCells({ displayedHeaders, layout }: { displayedHeaders: Header[]; layout: unknown }) {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header): Header => {
      if (header.cellFormatter) return header;
      if (header.attribute?.type === 'enumeration') {
        return {
          ...header,
          cellFormatter: (row, _header, { model }) => enumLabel(`${model}.${header.name}`, row[header.name] as string) || '-',
        };
      }
      // A year is not a quantity: 2026, not 2,026.
      if (header.attribute?.type === 'integer' && /^(year|budgetYear)$/.test(header.name)) {
        return { ...header, cellFormatter: (row) => (row[header.name] == null ? '-' : String(row[header.name])) };
      }
      // Only the state columns: a formatted column stops being the row's link.
      if (STATE_COLUMNS[currentModel()]?.includes(header.name)) {
        return {
          ...header,
          cellFormatter: (row) => stageLabel(String(row[header.name] ?? '')) || '-',
        };
      }
      return header;
    }),
  };
}
