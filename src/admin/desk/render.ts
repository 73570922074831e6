import { computeAward, formatWanYuan, formatYuan, parseAmount, type AwardRule } from '../../domain/money';
import { formatShanghaiDateTime } from '../../domain/time';
import type { FieldSchema, FormDefinition } from '../../domain/forms/types';
import { isFieldVisible } from '../../domain/forms/conditions';

/**
 * The "as submitted" rendering of an application's answers: pure helpers, no React, so the
 * desk and its tests agree on what a value reads like.
 */
export interface RenderedField {
  key: string;
  label: string;
  widget: string;
  /** text for simple values; rows for tables; attachment ids for file slots */
  text?: string;
  table?: { columns: string[]; rows: string[][] };
  files?: string[];
  commitment?: boolean;
}

export interface RenderedSection {
  key: string;
  title: string;
  fields: RenderedField[];
}

const EMPTY = '（未填写）';

/** 200000000 fen → "2,000,000.00元（200万元）". */
export function formatMoney(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const fen = Number(value);
  if (!Number.isSafeInteger(fen) || fen < 0) return String(value);
  return fen >= 1_000_000 ? `${formatYuan(fen)}（${formatWanYuan(fen)}）` : formatYuan(fen);
}

/** A choice by its label (x-ui.labels in the order of enum), the raw value if none. */
export function choiceLabel(field: Pick<FieldSchema, 'enum' | 'x-ui' | 'items'>, value: unknown): string {
  const options = (field.enum ?? (field.items as { enum?: unknown[] } | undefined)?.enum ?? []) as unknown[];
  const index = options.findIndex((o) => o === value);
  const label = index >= 0 ? field['x-ui']?.labels?.[index] : undefined;
  return label ?? String(value);
}

/** One answer as text, by the field's widget. */
export function formatValue(field: FieldSchema, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return EMPTY;
  const widget = field['x-ui']?.widget;
  switch (widget) {
    case 'money':
      return formatMoney(value);
    case 'yesno':
      return value === true ? '是' : value === false ? '否' : String(value);
    case 'select':
    case 'radio':
      return choiceLabel(field, value);
    case 'checkboxes':
      return Array.isArray(value) ? value.map((v) => choiceLabel(field, v)).join('、') : choiceLabel(field, value);
    case 'integer':
      return Number.isFinite(Number(value)) ? Number(value).toLocaleString('zh-CN') : String(value);
    case 'file':
      return Array.isArray(value) ? `${value.length}个附件` : String(value);
    default:
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
  }
}

const byOrder = (entries: Array<[string, FieldSchema]>) =>
  entries.map((e, i) => ({ e, i })).sort((a, b) => (a.e[1]['x-ui']?.order ?? a.i) - (b.e[1]['x-ui']?.order ?? b.i)).map(({ e }) => e);

export function renderField(key: string, field: FieldSchema, value: unknown): RenderedField {
  const widget = field['x-ui']?.widget ?? 'text';
  const base = { key, label: field.title ?? key, widget };
  if (widget === 'table') {
    const columns = byOrder(Object.entries((field.items as FieldSchema | undefined)?.properties ?? {}));
    const rows = Array.isArray(value) ? value : [];
    return {
      ...base,
      table: {
        columns: columns.map(([k, c]) => c.title ?? k),
        rows: rows.map((row: any) => columns.map(([k, c]) => formatValue(c, row?.[k]))),
      },
    };
  }
  if (widget === 'file') return { ...base, files: Array.isArray(value) ? value.map(String) : [] };
  if (widget === 'yesno' && field['x-ui']?.commitment) return { ...base, commitment: true, text: value === true ? '已承诺' : '未承诺' };
  return { ...base, text: formatValue(field, value) };
}

/** The visible fields of the definition, grouped by its sections (fields without one last). */
export function renderAnswers(definition: FormDefinition | null | undefined, answers: Record<string, unknown> | null | undefined): RenderedSection[] {
  if (!definition?.properties) return [];
  const values = answers ?? {};
  const fields = byOrder(Object.entries(definition.properties)).filter(([, f]) => isFieldVisible(f, values));
  const sections = [...(definition['x-sections'] ?? [])];
  const out: RenderedSection[] = sections.map((s) => ({ key: s.key, title: s.title, fields: [] }));
  const other: RenderedSection = { key: '_other', title: sections.length ? '其他' : '申报内容', fields: [] };
  for (const [key, field] of fields) {
    const section = out.find((s) => s.key === field['x-ui']?.section) ?? other;
    section.fields.push(renderField(key, field, values[key]));
  }
  return [...out, other].filter((s) => s.fields.length);
}

/** The form's fields for picking flagged fields on a return: key and label, in form order. */
export const fieldChoices = (definition: FormDefinition | null | undefined) =>
  definition?.properties ? byOrder(Object.entries(definition.properties)).map(([key, f]) => ({ key, label: f.title ?? key })) : [];

export const formatTime = (value: string | null | undefined) => (value ? formatShanghaiDateTime(value) : '—');

/** A diff value as text (the diff carries raw values). */
export function formatDiffValue(definition: FormDefinition | null | undefined, path: string, value: unknown): string {
  if (value === undefined) return '—';
  const field = definition?.properties?.[path.split(/[.[]/)[0]];
  if (field && !path.includes('.') && !path.includes('[')) return formatValue(field, value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The award the recognised amount gives, live, by the programme's rule (money.ts). */
export function liveAward(program: { ratioBp?: number | null; capFen?: number | null; rounding?: string | null; capScope?: string | null; ruleVersion?: string | null } | null | undefined, amountText: string): { awardFen?: number; capApplied?: boolean; error?: string } {
  if (!amountText.trim()) return {};
  try {
    const baseFen = parseAmount(amountText, '认定金额');
    if (!program || program.ratioBp === null || program.ratioBp === undefined || program.capFen === null || program.capFen === undefined) return { error: '专项未设置奖补比例或上限' };
    const rule: AwardRule = { ratioBp: program.ratioBp, capFen: program.capFen, rounding: (program.rounding ?? 'floor') as AwardRule['rounding'], capScope: (program.capScope ?? 'per_project') as AwardRule['capScope'], ruleVersion: program.ruleVersion ?? '' };
    const trace = computeAward(rule, baseFen);
    return { awardFen: trace.awardFen, capApplied: trace.capApplied };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
