import { DomainError } from '../errors';
import { FIELD_TYPES, FieldSchema, FieldType, FormDefinition } from './types';

export interface DefinitionProblem {
  path: string;
  message: string;
}

export class FormDefinitionError extends DomainError<'form.invalid_definition'> {
  constructor(readonly problems: DefinitionProblem[]) {
    super('form.invalid_definition', `表单定义有误：${problems.map((p) => `${p.path}：${p.message}`).join('；')}`, {
      field: problems[0]?.path,
      details: { problems },
    });
  }
}

/** The JSON Schema type each widget must declare. */
const SCHEMA_TYPE: Record<FieldType, FieldSchema['type']> = {
  text: 'string',
  textarea: 'string',
  integer: 'integer',
  money: 'integer',
  date: 'string',
  select: 'string',
  radio: 'string',
  checkboxes: 'array',
  yesno: 'boolean',
  uscc: 'string',
  phone: 'string',
  email: 'string',
  table: 'array',
  file: 'array',
};

export const FILE_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx', 'zip', 'ofd'];
const KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
const RESERVED = ['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

function checkField(path: string, key: string, field: FieldSchema, problem: (path: string, message: string) => void, nested: boolean) {
  if (!KEY.test(key) || RESERVED.includes(key)) problem(path, `字段标识「${key}」无效：只能用字母开头的字母、数字和下划线`);
  const ui = field?.['x-ui'];
  const widget = ui?.widget;
  if (!widget || !(widget in FIELD_TYPES)) return problem(`${path}.x-ui.widget`, `未知的字段类型「${String(widget)}」`);
  if (typeof field.title !== 'string' || !field.title.trim()) problem(`${path}.title`, '字段名称不能为空');
  if (field.type !== SCHEMA_TYPE[widget]) problem(`${path}.type`, `「${FIELD_TYPES[widget]}」字段的类型应为 ${SCHEMA_TYPE[widget]}`);
  const choices = widget === 'checkboxes' ? (field.items as { enum?: unknown[] } | undefined)?.enum : field.enum;
  if (['select', 'radio', 'checkboxes'].includes(widget)) {
    if (!Array.isArray(choices) || !choices.length) problem(`${path}.enum`, '选择题至少需要一个选项');
    else if (new Set(choices).size !== choices.length) problem(`${path}.enum`, '选项不能重复');
    else if (ui.labels && ui.labels.length !== choices.length) problem(`${path}.x-ui.labels`, '选项名称与选项数量不一致');
  }
  for (const [low, high] of [['minLength', 'maxLength'], ['minimum', 'maximum'], ['minItems', 'maxItems'], ['minCount', 'maxCount']] as const) {
    const bag = (low === 'minCount' ? ui : field) as unknown as Record<string, unknown>;
    if (typeof bag[low] === 'number' && typeof bag[high] === 'number' && (bag[low] as number) > (bag[high] as number)) {
      problem(`${path}.${low}`, `下限不能大于上限`);
    }
  }
  if (widget === 'file') {
    if (!Array.isArray(ui.accept) || !ui.accept.length || ui.accept.some((ext) => !FILE_EXTENSIONS.includes(ext))) {
      problem(`${path}.x-ui.accept`, `请从 ${FILE_EXTENSIONS.join('、')} 中选择允许的文件类型`);
    }
    if (!(typeof ui.maxSizeMb === 'number' && ui.maxSizeMb > 0 && ui.maxSizeMb <= 200)) problem(`${path}.x-ui.maxSizeMb`, '单个文件大小上限应在 0 到 200MB 之间');
  }
  if (ui.commitment && (widget !== 'yesno' || nested)) problem(`${path}.x-ui.commitment`, '承诺事项只能是表单顶层的“是/否”字段');
  if (widget === 'table') {
    if (nested) return problem(path, '表格中不能再嵌套表格');
    const columns = (field.items as FieldSchema | undefined)?.properties;
    if (!columns || typeof columns !== 'object' || !Object.keys(columns).length) return problem(`${path}.items`, '表格至少需要一列');
    for (const [column, sub] of Object.entries(columns)) checkField(`${path}.items.properties.${column}`, column, sub, problem, true);
    for (const name of (field.items as FieldSchema).required ?? []) {
      if (!(name in columns)) problem(`${path}.items.required`, `必填列「${name}」不存在`);
    }
  }
}

/**
 * Validates a definition when it is saved: every field has a known type that matches its JSON
 * Schema, choices have options, limits are in order, sections and required keys exist, and a
 * condition refers to another field that exists.
 */
export function validateFormDefinition(input: unknown): FormDefinition {
  const problems: DefinitionProblem[] = [];
  const problem = (path: string, message: string) => {
    problems.push({ path, message });
  };
  const definition = input as FormDefinition;
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) throw new FormDefinitionError([{ path: 'form', message: '表单定义必须是一个对象' }]);
  if (definition.type !== 'object') problem('type', '表单的类型必须是 object');
  if (typeof definition.title !== 'string' || !definition.title.trim()) problem('title', '表单名称不能为空');
  const properties = definition.properties;
  if (!properties || typeof properties !== 'object' || !Object.keys(properties).length) {
    problem('properties', '表单至少需要一个字段');
    throw new FormDefinitionError(problems);
  }
  const sections = definition['x-sections'] ?? [];
  const sectionKeys = sections.map((s) => s?.key);
  sectionKeys.forEach((key, i) => {
    if (sectionKeys.indexOf(key) !== i) problem(`x-sections[${i}].key`, `分组「${key}」重复`);
  });
  for (const [key, field] of Object.entries(properties)) {
    const path = `properties.${key}`;
    checkField(path, key, field, problem, false);
    const ui = field?.['x-ui'];
    if (ui?.section && sections.length && !sectionKeys.includes(ui.section)) problem(`${path}.x-ui.section`, `分组「${ui.section}」不存在`);
    const condition = ui?.visibleWhen;
    if (condition) {
      if (!condition.field || !(condition.field in properties)) problem(`${path}.x-ui.visibleWhen`, `显示条件引用的字段「${String(condition.field)}」不存在`);
      else if (condition.field === key) problem(`${path}.x-ui.visibleWhen`, '显示条件不能引用字段自身');
    }
  }
  for (const key of definition.required ?? []) {
    if (!(key in properties)) problem('required', `必填字段「${key}」不存在`);
  }
  for (const [key, field] of Object.entries(properties)) {
    const ui = field?.['x-ui'];
    if (ui?.commitment && !(definition.required ?? []).includes(key)) problem(`properties.${key}.x-ui.commitment`, '承诺事项必须设为必填');
    if (ui?.commitment && ui.visibleWhen) problem(`properties.${key}.x-ui.visibleWhen`, '承诺事项不能设置显示条件，每位申报人都须承诺');
  }
  if (problems.length) throw new FormDefinitionError(problems);
  return definition;
}

/**
 * JSON.parse keeps the last of two equal keys without a word. A definition pasted or typed as
 * JSON text is scanned first, so a duplicated field key is refused instead of silently lost.
 */
export function findDuplicateKeys(text: string): string[] {
  const duplicates: string[] = [];
  const stack: Array<{ keys: Set<string>; expectKey: boolean } | null> = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const top = stack[stack.length - 1];
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) duplicates.push(key);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    } else if (char === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (char === '[') stack.push(null);
    else if (char === '}' || char === ']') stack.pop();
    else if (char === ',' && top) top.expectKey = true;
  }
  return duplicates;
}

export function parseFormDefinitionText(text: string): FormDefinition {
  const duplicates = findDuplicateKeys(text);
  if (duplicates.length) throw new FormDefinitionError(duplicates.map((key) => ({ path: key, message: `字段标识「${key}」重复` })));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FormDefinitionError([{ path: 'form', message: `不是有效的 JSON：${(error as Error).message}` }]);
  }
  return validateFormDefinition(parsed);
}
