/**
 * The form definition language: a JSON Schema (draft 2020-12) object schema whose properties
 * carry UI hints under `x-ui`. The widget names the field type; the JSON Schema part is what ajv
 * checks, and it must agree with the widget.
 */
export const FIELD_TYPES = {
  text: '单行文本',
  textarea: '多行文本',
  integer: '整数',
  money: '金额（分）',
  date: '日期',
  select: '单选（下拉）',
  radio: '单选',
  checkboxes: '多选',
  yesno: '是/否',
  uscc: '统一社会信用代码',
  phone: '电话',
  email: '电子邮箱',
  table: '表格（可重复行）',
  file: '附件',
} as const;

export type FieldType = keyof typeof FIELD_TYPES;

/** Show a field only when another field has a value: equals one value, is one of several, or is filled at all. */
export type VisibleWhen =
  | { field: string; equals: unknown }
  | { field: string; in: unknown[] }
  | { field: string; filled: true };

export interface FieldUi {
  widget: FieldType;
  section?: string;
  order?: number;
  placeholder?: string;
  /** display labels for enum values, in the same order */
  labels?: string[];
  visibleWhen?: VisibleWhen;
  /** yes/no only: a 承诺书 item the applicant must tick before submitting */
  commitment?: boolean;
  /** file slots: allowed extensions, size limit and count */
  accept?: string[];
  maxSizeMb?: number;
  minCount?: number;
  maxCount?: number;
}

export interface FieldSchema {
  type: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  title: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  enum?: unknown[];
  items?: FieldSchema | { type: string; enum?: unknown[] };
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  'x-ui': FieldUi;
}

export interface FormDefinition {
  $schema?: string;
  title: string;
  type: 'object';
  'x-sections'?: Array<{ key: string; title: string }>;
  properties: Record<string, FieldSchema>;
  required?: string[];
}

export interface FieldError {
  path: string;
  message: string;
  /** the field's label, as the applicant sees it */
  label?: string;
}
