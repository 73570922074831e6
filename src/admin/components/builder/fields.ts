import type { FieldSchema, FieldType } from '../../../domain/forms/types';

/** A new field of a type, with the JSON Schema part that type needs and sensible defaults. */
export function newField(widget: FieldType, title: string): FieldSchema {
  const ui = { widget } as FieldSchema['x-ui'];
  switch (widget) {
    case 'integer':
    case 'money':
      return { type: 'integer', title, 'x-ui': ui };
    case 'yesno':
      return { type: 'boolean', title, 'x-ui': ui };
    case 'select':
    case 'radio':
      return { type: 'string', title, enum: ['选项一'], 'x-ui': ui };
    case 'checkboxes':
      return { type: 'array', title, items: { type: 'string', enum: ['选项一'] }, 'x-ui': ui };
    case 'file':
      return { type: 'array', title, items: { type: 'string' }, 'x-ui': { ...ui, accept: ['pdf', 'jpg', 'png'], maxSizeMb: 20, minCount: 0, maxCount: 5 } };
    case 'table':
      return { type: 'array', title, items: { type: 'object', title: '行', properties: { name: { type: 'string', title: '名称', 'x-ui': { widget: 'text' } } }, 'x-ui': { widget: 'text' } } as FieldSchema, 'x-ui': ui };
    default:
      return { type: 'string', title, 'x-ui': ui };
  }
}

export const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The values a choice or yes/no field can take, with the labels an editor sees. */
export function choicesOf(field: FieldSchema): Array<{ value: unknown; label: string }> {
  const widget = field['x-ui'].widget;
  if (widget === 'yesno') return [{ value: true, label: '是' }, { value: false, label: '否' }];
  const values = (widget === 'checkboxes' ? (field.items as { enum?: unknown[] })?.enum : field.enum) ?? [];
  return values.map((value, i) => ({ value, label: field['x-ui'].labels?.[i] ?? String(value) }));
}

export const box: React.CSSProperties = { border: '1px solid #dcdce4', borderRadius: 4, padding: 12, marginBottom: 8, background: '#fff' };
export const row: React.CSSProperties = { display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 6 };
