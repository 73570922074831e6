import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isValidUscc, parseUscc } from '../uscc';
import { isFieldVisible } from './conditions';
import { validateFormDefinition } from './definition';
import type { FieldError, FieldSchema, FormDefinition } from './types';

/**
 * Validates answers against a form definition, with Chinese messages that point at the field.
 * `lenient` (every draft save) checks types only, so a half-filled draft can be kept; `strict`
 * (submission) checks required fields and every constraint, for the fields that are visible.
 */
export type ValidationMode = 'lenient' | 'strict';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, ['date', 'email']);
ajv.addFormat('uscc', { type: 'string', validate: isValidUscc });
// Mobile numbers, or landlines with area code and optional extension: 13912345678, 027-65770039-8001
ajv.addFormat('cn-phone', /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/);

const FORMATS: Record<string, string> = { date: 'date', uscc: 'uscc', phone: 'cn-phone', email: 'email' };
/** Dropped in lenient mode: everything but the shape of the data and the storage limits. */
const STRICT_ONLY = ['minLength', 'minimum', 'maximum', 'minItems', 'uniqueItems', 'enum', 'const', 'format', 'required'];
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function toAjv(field: FieldSchema, mode: ValidationMode): Record<string, unknown> {
  const ui = field['x-ui'];
  const schema: Record<string, unknown> = { type: field.type };
  for (const keyword of ['minLength', 'maxLength', 'minimum', 'maximum', 'enum', 'minItems', 'maxItems', 'uniqueItems'] as const) {
    if (field[keyword] !== undefined) schema[keyword] = field[keyword];
  }
  if (ui.widget === 'text' && schema.maxLength === undefined) schema.maxLength = 200;
  if (ui.widget === 'textarea' && schema.maxLength === undefined) schema.maxLength = 10_000;
  if (ui.widget === 'money') schema.minimum = Math.max(0, Number(schema.minimum ?? 0));
  if (field.type === 'integer') schema.maximum = Math.min(Number(schema.maximum ?? SAFE_MAX), SAFE_MAX);
  if (FORMATS[ui.widget]) schema.format = FORMATS[ui.widget];
  // A commitment is only signed when ticked: "否" is a valid draft answer but not a submission.
  if (ui.commitment) schema.const = true;
  if (ui.widget === 'checkboxes') {
    schema.items = { type: 'string', enum: (field.items as { enum?: unknown[] })?.enum };
    schema.uniqueItems = true;
  }
  if (ui.widget === 'file') {
    schema.items = { type: 'string', maxLength: 64 };
    if (ui.minCount !== undefined) schema.minItems = ui.minCount;
    schema.maxItems = ui.maxCount ?? 20;
  }
  if (ui.widget === 'table') {
    const rows = field.items as FieldSchema;
    schema.items = {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(rows.properties ?? {}).map(([key, column]) => [key, toAjv(column, mode)])),
      required: rows.required ?? [],
    };
    schema.maxItems = field.maxItems ?? 500;
  }
  return mode === 'strict' ? schema : stripStrict(schema);
}

function stripStrict(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (STRICT_ONLY.includes(keyword) && !(keyword === 'minimum' && schema.type === 'integer' && value === 0)) continue;
    if (keyword === 'items' && value && typeof value === 'object') out.items = stripStrict(value as Record<string, unknown>);
    else if (keyword === 'properties') out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, stripStrict(v)]));
    else out[keyword] = value;
  }
  return out;
}

const pathOf = (instancePath: string) =>
  instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');

function messageOf(error: ErrorObject, field: FieldSchema | undefined, value: unknown): string {
  const p = error.params as Record<string, any>;
  const widget = field?.['x-ui']?.widget;
  switch (error.keyword) {
    case 'required':
      return '必填';
    case 'type':
      return { integer: '应为整数', string: '应为文本', boolean: '应为“是”或“否”', array: '应为列表', object: '格式不正确' }[p.type as string] ?? '格式不正确';
    case 'minLength':
      return `至少填写${p.limit}个字`;
    case 'maxLength':
      return `不能超过${p.limit}个字`;
    case 'minimum':
      return widget === 'money' ? '金额不能为负数' : `不能小于${p.limit}`;
    case 'maximum':
      return `不能大于${p.limit}`;
    case 'enum':
      return '请从给定选项中选择';
    case 'const':
      return '请阅读并勾选此项承诺';
    case 'minItems':
      return widget === 'file' ? `至少上传${p.limit}个文件` : widget === 'table' ? `至少填写${p.limit}行` : `至少选择${p.limit}项`;
    case 'maxItems':
      return widget === 'file' ? `最多上传${p.limit}个文件` : widget === 'table' ? `最多填写${p.limit}行` : `最多选择${p.limit}项`;
    case 'uniqueItems':
      return '选项不能重复';
    case 'additionalProperties':
      return `未知字段「${p.additionalProperty}」`;
    case 'format':
      if (p.format === 'uscc') {
        try {
          parseUscc(String(value));
        } catch (usccError) {
          return (usccError as Error).message;
        }
      }
      return ({ date: '日期格式应为 YYYY-MM-DD', email: '电子邮箱格式不正确', 'cn-phone': '电话号码格式不正确（手机号或带区号的座机）' } as Record<string, string>)[p.format] ?? '格式不正确';
    default:
      return '填写不正确';
  }
}

function fieldAt(definition: FormDefinition, path: string): FieldSchema | undefined {
  const [top, ...rest] = path.split(/\.|\[\d+\]\.?/).filter(Boolean);
  const field = definition.properties[top];
  if (!rest.length || !field) return field;
  return (field.items as FieldSchema | undefined)?.properties?.[rest[rest.length - 1]];
}

/** How a person names the field at a path: its label, and for a table cell the row and column. */
export function labelAt(definition: FormDefinition, path: string): string {
  const [top, row, column] = path.split(/\[(\d+)\]\.?/);
  const field = definition.properties[top];
  if (!field) return path;
  if (row === undefined) return field.title;
  const cell = column ? (field.items as FieldSchema | undefined)?.properties?.[column] : undefined;
  return `${field.title}第${Number(row) + 1}行${cell ? `「${cell.title}」` : ''}`;
}

const valueAt = (answers: unknown, instancePath: string) =>
  instancePath.split('/').slice(1).reduce<any>((value, part) => (value == null ? undefined : value[part]), answers);

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

export interface CompiledForm {
  definition: FormDefinition;
  validate(answers: unknown, mode: ValidationMode): FieldError[];
}

export function compileForm(input: unknown): CompiledForm {
  const definition = validateFormDefinition(input);
  const compiled: Record<ValidationMode, ValidateFunction> = {
    lenient: ajv.compile({ type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(definition.properties).map(([k, f]) => [k, toAjv(f, 'lenient')])) }),
    strict: ajv.compile({ type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(definition.properties).map(([k, f]) => [k, toAjv(f, 'strict')])) }),
  };

  return {
    definition,
    validate(answers, mode) {
      if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return [{ path: '', message: '申报内容必须是一个对象' }];
      const given = answers as Record<string, unknown>;
      // Hidden fields are neither required nor checked at submission; the form does not show them.
      const checked = mode === 'strict'
        ? Object.fromEntries(Object.entries(given).filter(([key]) => !definition.properties[key] || isFieldVisible(definition.properties[key], given)))
        : given;
      const errors: FieldError[] = [];
      if (!compiled[mode](checked)) {
        for (const error of compiled[mode].errors ?? []) {
          const base = pathOf(error.instancePath);
          const path = error.keyword === 'required' ? (base ? `${base}.${error.params.missingProperty}` : error.params.missingProperty) : error.keyword === 'additionalProperties' ? (base ? `${base}.${error.params.additionalProperty}` : error.params.additionalProperty) : base;
          errors.push({ path, message: messageOf(error, fieldAt(definition, path), valueAt(checked, error.instancePath)), label: labelAt(definition, path) });
        }
      }
      if (mode === 'strict') {
        for (const key of definition.required ?? []) {
          const field = definition.properties[key];
          if (isFieldVisible(field, given) && !isFilled(given[key]) && !errors.some((e) => e.path === key)) {
            errors.push({ path: key, message: field['x-ui'].widget === 'file' ? '请上传附件' : '必填', label: field.title });
          }
        }
      }
      // One message per field is enough for a person; keep the first.
      return errors.filter((error, index) => errors.findIndex((e) => e.path === error.path) === index);
    },
  };
}
