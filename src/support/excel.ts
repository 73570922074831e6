import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on the first export or import rather than at boot: it costs some 30 MB of
 * memory, which most requests of most processes never need (docs/performance.md).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const excel = (): typeof ExcelJS => require('exceljs');
