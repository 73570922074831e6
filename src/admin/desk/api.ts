import { ROLE_LABELS } from '../../domain/workflow/types';

/** The shapes the desk reads from the staff API under /shenbao (see docs/admin.md). */
export interface InboxRow {
  documentId: string;
  serialNo: string | null;
  title: string;
  organizationName: string | null;
  uscc: string | null;
  districtCode: string;
  districtName: string | null;
  programKey: string;
  programName: string | null;
  taskSpecDocumentId: string;
  callTitle: string | null;
  state: string;
  /** the version a transition must name (optimistic concurrency) */
  version: number;
  stageLabel: string;
  stateChangedAt: string | null;
  waitingWorkingDays: number | null;
  timeLimitWorkingDays: number | null;
  overdue: boolean;
  /** the bulk actions (start_publicity, propose) this row offers the caller now */
  bulkActions: string[];
}

export interface InboxAnswer {
  results: InboxRow[];
  counts: Record<string, number>;
  /** each counted stage's label, as the stored workflow definitions name it */
  labels: Record<string, string>;
  pagination: { page: number; pageSize: number; total: number };
}

export interface InboxQuery {
  stage?: string;
  call?: string;
  district?: string;
  program?: string;
  q?: string;
  sort?: 'waiting' | '-waiting';
  page?: number;
  pageSize?: number;
}

/** The stages of an application's workflow as the detail answer carries them (the stored definition). */
export interface WorkflowLabels {
  stages: Array<{ key: string; label: string; actions?: Array<{ key: string; label: string }> }>;
}

/** A stage's label in the application's stored workflow; the key only if the definition lacks it. */
export const stageLabelIn = (workflow: WorkflowLabels | undefined, state: string | null | undefined) =>
  (workflow?.stages ?? []).find((s) => s.key === state)?.label ?? state ?? '';

/** Records that are no action of a chain, written by the system within a step. */
const RECORD_LABELS: Record<string, string> = { panel_replacement: '回避并抽取替补专家' };

/** An action's label as its stage names it in the stored workflow (返回补正, 专家评分…). */
export function actionLabelIn(workflow: WorkflowLabels | undefined, fromState: string | null | undefined, action: string): string {
  const stages = workflow?.stages ?? [];
  const found = stages.find((s) => s.key === fromState)?.actions?.find((a) => a.key === action) ?? stages.flatMap((s) => s.actions ?? []).find((a) => a.key === action);
  return found?.label ?? RECORD_LABELS[action] ?? action;
}
export const roleLabel = (role: string | null | undefined) => (role ? ((ROLE_LABELS as Record<string, string>)[role] ?? role) : '');

/** The HTTP status of a failed useFetchClient call (FetchError carries it as `status`). */
export const errorStatus = (error: unknown): number | undefined =>
  (error as { status?: number })?.status ?? (error as { response?: { status?: number } })?.response?.status;

/** The server's Chinese refusal message, or a generic one. */
export function refusalMessage(error: unknown, fallback = '操作失败，请稍后重试'): string {
  const body = (error as { response?: { data?: any } })?.response?.data;
  const message = body?.error?.message ?? body?.message;
  if (typeof message === 'string' && message) return message;
  const status = errorStatus(error);
  if (status === 403) return '您的角色没有该操作的权限';
  if (status === 404) return '申报不存在或您无权查看';
  return fallback;
}

type Get = <T = any>(url: string, config?: any) => Promise<{ data: T }>;

/** The caller's queue from /shenbao/inbox: scoped, counted, filtered and paged by the server. */
export async function fetchInbox(get: Get, query: InboxQuery): Promise<InboxAnswer> {
  const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const { data } = await get<{ data: InboxAnswer }>('/shenbao/inbox', { params });
  return data.data;
}

export interface ExportProgress {
  /** bytes received so far */
  bytes: number;
  /** the rows the export holds, as the server announces them (X-Total-Count) */
  totalRows: number | null;
  /** CSV only: rows received so far (lines after the header) */
  rows: number | null;
}

/**
 * Fetches an export with the admin token and reads it as it streams, reporting progress; the
 * fetch client of the admin would only hand back the whole blob at the end.
 */
export async function streamExport(path: string, params: Record<string, string | undefined>, token: string | null, onProgress: (progress: ExportProgress) => void): Promise<Blob> {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]));
  const base = (window as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? '';
  const response = await fetch(`${base}${path}?${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'include' });
  if (!response.ok || !response.body) {
    const body = await response.json().catch(() => null);
    throw Object.assign(new Error(body?.error?.message ?? '导出失败'), { status: response.status, response: { status: response.status, data: body } });
  }
  const totalRows = response.headers.get('X-Total-Count') === null ? null : Number(response.headers.get('X-Total-Count'));
  const csv = params.format === 'csv';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    if (csv) for (const byte of value) if (byte === 10) lines += 1;
    onProgress({ bytes, totalRows, rows: csv ? Math.max(lines - 1, 0) : null });
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' });
}

/** 已接收 1.2 MB（共 100,000 条）or, for CSV, 已导出 35,000 / 100,000 条. */
export function progressText(progress: ExportProgress): string {
  const total = progress.totalRows === null ? '' : progress.totalRows.toLocaleString('zh-CN');
  if (progress.rows !== null) return `已导出 ${progress.rows.toLocaleString('zh-CN')}${total ? ` / ${total}` : ''} 条`;
  return `已接收 ${(progress.bytes / 1024 / 1024).toFixed(1)} MB${total ? `（共 ${total} 条）` : ''}`;
}

/** Saves a blob fetched with the admin token (a plain link could not carry it). */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
