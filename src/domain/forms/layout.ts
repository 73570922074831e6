import type { FieldSchema, FormDefinition } from './types';

/**
 * The order a form is read in: its sections in order, within each the fields by `order`, then as
 * declared; fields of no known section last. One order for the portal's form, the desk and every
 * message that lists fields. (PostgreSQL's jsonb does not keep the declared order of keys, so an
 * order that matters is written into `x-ui.order` or follows from the sections.)
 */
export function orderedSections(definition: FormDefinition): Array<{ key: string; title: string; fields: Array<[string, FieldSchema]> }> {
  const entries = Object.entries(definition.properties ?? {});
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry[1]['x-ui']?.order ?? 1e9) - (b.entry[1]['x-ui']?.order ?? 1e9) || a.index - b.index)
    .map(({ entry }) => entry);
  const sections = [...(definition['x-sections'] ?? [])];
  const known = new Set(sections.map((s) => s.key));
  const out = sections.map((s) => ({ ...s, fields: sorted.filter(([, f]) => f['x-ui']?.section === s.key) }));
  const rest = sorted.filter(([, f]) => !f['x-ui']?.section || !known.has(f['x-ui'].section));
  if (rest.length) out.push({ key: '_other', title: out.length ? '其他信息' : definition.title ?? '申报信息', fields: rest });
  return out.filter((s) => s.fields.length);
}

/** Every top-level field in reading order. */
export const orderedFields = (definition: FormDefinition) => orderedSections(definition).flatMap((section) => section.fields);
