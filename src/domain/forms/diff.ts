import { canonicalJson } from '../ledger';
import type { FieldSchema, FormDefinition } from './types';

/**
 * Field-by-field differences: between two versions of a definition (what the editor changed),
 * and between the answers of two submissions of one application (what the applicant changed
 * after a return). Reviewers see both.
 */
export interface FieldChange {
  path: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const ATTRIBUTES: Array<[string, (field: FieldSchema, required: boolean) => unknown]> = [
  ['名称', (f) => f.title],
  ['类型', (f) => f['x-ui']?.widget],
  ['必填', (_f, required) => required],
  ['选项', (f) => f.enum ?? (f.items as { enum?: unknown[] } | undefined)?.enum],
  ['限制', (f) => ({ minLength: f.minLength, maxLength: f.maxLength, minimum: f.minimum, maximum: f.maximum, minItems: f.minItems, maxItems: f.maxItems })],
  ['附件规则', (f) => ({ accept: f['x-ui']?.accept, maxSizeMb: f['x-ui']?.maxSizeMb, minCount: f['x-ui']?.minCount, maxCount: f['x-ui']?.maxCount })],
  ['显示条件', (f) => f['x-ui']?.visibleWhen],
  ['表格列', (f) => (f.items as FieldSchema | undefined)?.properties],
];

export function diffDefinitions(before: FormDefinition, after: FormDefinition): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(before.properties), ...Object.keys(after.properties)])];
  for (const key of keys) {
    const a = before.properties[key];
    const b = after.properties[key];
    if (!a) changes.push({ path: key, label: b.title, change: 'added', after: b });
    else if (!b) changes.push({ path: key, label: a.title, change: 'removed', before: a });
    else {
      for (const [attribute, read] of ATTRIBUTES) {
        const was = read(a, (before.required ?? []).includes(key));
        const now = read(b, (after.required ?? []).includes(key));
        if (canonicalJson(was) !== canonicalJson(now)) changes.push({ path: `${key}.${attribute}`, label: `${b.title}：${attribute}`, change: 'changed', before: was, after: now });
      }
    }
  }
  return changes;
}

export function diffAnswers(definition: FormDefinition, before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .filter((key) => canonicalJson(before?.[key]) !== canonicalJson(after?.[key]))
    .map((key) => {
      const label = definition.properties[key]?.title ?? key;
      if (!(key in (before ?? {}))) return { path: key, label, change: 'added' as const, after: after[key] };
      if (!(key in (after ?? {}))) return { path: key, label, change: 'removed' as const, before: before[key] };
      return { path: key, label, change: 'changed' as const, before: before[key], after: after[key] };
    });
}
