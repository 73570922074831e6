import type { FieldSchema, FormDefinition, VisibleWhen } from '../../domain/forms/types';
import { orderedSections } from '../../domain/forms/layout';
import { formatYuan } from '../../domain/money';
import { SafeHtml, html } from '../html';

/**
 * The generated application form, as pure functions: a form definition, the answers, the errors
 * and which fields may be edited go in, escaped HTML comes out. The same definition renders the
 * read-only "as submitted" view. Control names are flat (`a.<key>`, `a.<table>.<row>.<col>`,
 * `file.<slot>`, `remove.<slot>`) so `parse.ts` can turn a post back into typed answers.
 */
export interface StoredFile {
  id: string;
  name: string;
  size?: number;
}

export interface FormRenderOptions {
  definition: FormDefinition;
  answers: Record<string, unknown>;
  /** messages by answer path, dotted: `projectName`, `members.1.name` */
  errors?: Record<string, string>;
  /** the top-level keys that may be edited; all when omitted */
  editable?: string[] | null;
  /** keys to highlight (the fields a reviewer flagged) */
  flagged?: string[];
  /** the stored attachments of each file slot */
  files?: Record<string, StoredFile[]>;
  /** how many rows each table shows (existing rows + 1 by default) */
  rowCounts?: Record<string, number>;
}

export const controlName = (path: string) => `a.${path}`;
/** The element id the error summary links to for an answer path. */
export const controlId = (path: string, widget?: string) =>
  widget === 'file' ? `f-file-${path.replace(/[^A-Za-z0-9_-]/g, '-')}` : `f-a-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** `members[1].name` (the server's paths) → `members.1.name` (ours). */
export const dottedPath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1').replace(/^answers\./, '');

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

const enumOf = (field: FieldSchema): unknown[] => field.enum ?? (field.items as { enum?: unknown[] } | undefined)?.enum ?? [];

/** The display label of a choice value. */
export function choiceLabel(field: FieldSchema, value: unknown): string {
  const index = enumOf(field).indexOf(value);
  return index >= 0 && field['x-ui']?.labels?.[index] ? field['x-ui'].labels[index] : String(value);
}

const yuanInput = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? (value / 100).toFixed(2) : value === undefined || value === null ? '' : String(value);

/** "仅当「是否有算力投入」为“是”时需要填写" */
export function conditionNote(definition: FormDefinition, condition: VisibleWhen): string {
  const source = definition.properties[condition.field];
  const label = source?.title ?? condition.field;
  const show = (value: unknown) => (typeof value === 'boolean' ? (value ? '是' : '否') : source ? choiceLabel(source, value) : String(value));
  if ('equals' in condition) return `仅当「${label}」为“${show(condition.equals)}”时需要填写`;
  if ('in' in condition) return `仅当「${label}」为${condition.in.map((v) => `“${show(v)}”`).join('或')}时需要填写`;
  return `仅当填写了「${label}」时需要填写`;
}

function describedBy(id: string, help: boolean, error: boolean) {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function helpAndError(id: string, field: FieldSchema, error?: string, note?: string) {
  const help = [field.description, note].filter(Boolean).join(' ');
  return html`${help ? html`<p class="help" id="${id}-help">${help}</p>` : ''}${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}`;
}

const requiredMark = (required: boolean) => (required ? html`<span class="required" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span>` : '');

/** A single-value control (also used for table cells, then labelled by `aria-label`). */
function scalarControl(field: FieldSchema, name: string, id: string, value: unknown, extra: SafeHtml | '', ariaLabel?: string): SafeHtml {
  const ui = field['x-ui'];
  const label = ariaLabel ? html` aria-label="${ariaLabel}"` : '';
  const text = value === undefined || value === null ? '' : String(value);
  const placeholder = ui.placeholder ? html` placeholder="${ui.placeholder}"` : '';
  const maxlength = field.maxLength ? html` maxlength="${field.maxLength}"` : '';
  switch (ui.widget) {
    case 'textarea':
      return html`<textarea id="${id}" name="${name}" rows="6"${maxlength}${placeholder}${label}${extra}>${text}</textarea>`;
    case 'integer':
      return html`<input id="${id}" name="${name}" type="text" inputmode="numeric" value="${text}"${placeholder}${label}${extra}>`;
    case 'money':
      return html`<span class="money-input"><input id="${id}" name="${name}" type="text" inputmode="decimal" value="${yuanInput(value)}"${placeholder}${label}${extra}><span class="unit">元</span></span>`;
    case 'date':
      return html`<input id="${id}" name="${name}" type="date" value="${text}"${label}${extra}>`;
    case 'select':
    case 'radio':
      return html`<select id="${id}" name="${name}"${label}${extra}><option value="">请选择</option>${enumOf(field).map(
        (option) => html`<option value="${String(option)}"${option === value ? html` selected` : ''}>${choiceLabel(field, option)}</option>`,
      )}</select>`;
    case 'yesno':
      return html`<select id="${id}" name="${name}"${label}${extra}><option value="">请选择</option><option value="true"${value === true ? html` selected` : ''}>是</option><option value="false"${value === false ? html` selected` : ''}>否</option></select>`;
    case 'phone':
      return html`<input id="${id}" name="${name}" type="tel" autocomplete="tel" value="${text}"${placeholder}${label}${extra}>`;
    case 'email':
      return html`<input id="${id}" name="${name}" type="email" autocomplete="email" value="${text}"${placeholder}${label}${extra}>`;
    case 'uscc':
      return html`<input id="${id}" name="${name}" type="text" maxlength="18" autocomplete="off" value="${text}"${placeholder}${label}${extra}>`;
    default:
      return html`<input id="${id}" name="${name}" type="text" value="${text}"${maxlength}${placeholder}${label}${extra}>`;
  }
}

function choiceGroup(key: string, field: FieldSchema, value: unknown, required: boolean, error: string | undefined, note: string | undefined, kind: 'radio' | 'checkbox', options: Array<{ value: string; label: string; checked: boolean }>) {
  const id = controlId(key);
  const extra = describedBy(id, Boolean(field.description || note), Boolean(error));
  return html`<fieldset class="field choice${error ? ' has-error' : ''}"${extra}>
  <legend>${field.title}${requiredMark(required)}</legend>
  ${helpAndError(id, field, error, note)}
  ${options.map(
    (option, index) =>
      html`<label class="choice-option"><input type="${kind}" name="${controlName(key)}" value="${option.value}"${index === 0 ? html` id="${id}"` : ''}${option.checked ? html` checked` : ''}${error ? html` aria-invalid="true"` : ''}> ${option.label}</label>`,
  )}
</fieldset>`;
}

function tableControl(key: string, field: FieldSchema, value: unknown, options: FormRenderOptions, editable: boolean) {
  const columns = Object.entries((field.items as FieldSchema | undefined)?.properties ?? {});
  const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
  const count = Math.max(options.rowCounts?.[key] ?? rows.length + (editable ? 1 : 0), rows.length);
  const required = (field.items as FieldSchema | undefined)?.required ?? [];
  const errors = options.errors ?? {};
  const cell = (rowIndex: number, colKey: string, column: FieldSchema) => {
    const path = `${key}.${rowIndex}.${colKey}`;
    const error = errors[path];
    const cellValue = rows[rowIndex]?.[colKey];
    if (!editable) return html`<td>${displayValue(column, cellValue, options.files)}</td>`;
    const id = controlId(path);
    return html`<td${error ? html` class="has-error"` : ''}>${scalarControl(column, controlName(path), id, cellValue, html`${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}`, `第${rowIndex + 1}行 ${column.title}`)}${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}</td>`;
  };
  return html`<div class="table-wrap"><table class="form-table">
  <thead><tr><th scope="col">序号</th>${columns.map(([colKey, column]) => html`<th scope="col">${column.title}${requiredMark(required.includes(colKey))}</th>`)}</tr></thead>
  <tbody>${Array.from({ length: count }, (_, rowIndex) => html`<tr><th scope="row">${rowIndex + 1}</th>${columns.map(([colKey, column]) => cell(rowIndex, colKey, column))}</tr>`)}</tbody>
</table></div>
${editable ? html`<input type="hidden" name="rows.${key}" value="${count}"><button type="submit" name="addRow" value="${key}" class="secondary" formnovalidate>增加一行</button>` : ''}`;
}

function fileControl(key: string, field: FieldSchema, options: FormRenderOptions, editable: boolean, error: string | undefined, note: string | undefined, required: boolean) {
  const ui = field['x-ui'];
  const id = controlId(key, 'file');
  const stored = options.files?.[key] ?? [];
  const rules = [ui.accept?.length ? `接受 ${ui.accept.join('、')} 格式` : '', ui.maxSizeMb ? `单个不超过${ui.maxSizeMb}MB` : '', ui.maxCount ? `最多${ui.maxCount}个` : ''].filter(Boolean).join('，');
  return html`<fieldset class="field file-slot${error ? ' has-error' : ''}">
  <legend>${field.title}${requiredMark(required)}</legend>
  ${field.description || note || rules ? html`<p class="help" id="${id}-help">${[field.description, note, rules].filter(Boolean).join('。')}</p>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
  ${stored.length
    ? html`<ul class="file-list">${stored.map(
        (file) =>
          html`<li><a href="/files/${file.id}">${file.name}</a>${editable ? html` <label class="remove-file"><input type="checkbox" name="remove.${key}" value="${file.id}"> 删除此文件</label>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">尚未上传文件</p>`}
  ${editable
    ? html`<label for="${id}">上传${stored.length ? '更多' : ''}文件</label> <input id="${id}" name="file.${key}" type="file" multiple${ui.accept?.length ? html` accept="${ui.accept.map((ext) => `.${ext}`).join(',')}"` : ''}${describedBy(id, true, Boolean(error))}${error ? html` aria-invalid="true"` : ''}>`
    : ''}
</fieldset>`;
}

/** One top-level field, editable or shown read-only. */
function fieldBlock(key: string, field: FieldSchema, options: FormRenderOptions, requiredKeys: string[]) {
  const ui = field['x-ui'];
  const value = options.answers[key];
  const error = options.errors?.[key];
  const editable = !options.editable || options.editable.includes(key);
  const required = requiredKeys.includes(key) || Boolean(ui.commitment);
  const note = ui.visibleWhen ? conditionNote(options.definition, ui.visibleWhen) : undefined;
  const flagged = options.flagged?.includes(key);
  const id = controlId(key, ui.widget);
  let body: SafeHtml;
  if (!editable && ui.widget !== 'file' && ui.widget !== 'table') {
    body = html`<div class="field readonly"><p class="label" id="${id}">${field.title}</p><div class="value">${displayValue(field, value, options.files, key)}</div></div>`;
  } else if (ui.widget === 'file') {
    body = fileControl(key, field, options, editable, error, note, required);
  } else if (ui.widget === 'table') {
    body = html`<fieldset class="field table-field${error ? ' has-error' : ''}" id="${id}"><legend>${field.title}${requiredMark(required)}</legend>${helpAndError(id, field, error, note)}${tableControl(key, field, value, options, editable)}</fieldset>`;
  } else if (ui.commitment) {
    body = html`<div class="field commitment${error ? ' has-error' : ''}">${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}<label class="choice-option"><input type="checkbox" id="${id}" name="${controlName(key)}" value="true"${value === true ? html` checked` : ''}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}> 本单位承诺：${field.title}</label></div>`;
  } else if (ui.widget === 'yesno') {
    body = choiceGroup(key, field, value, required, error, note, 'radio', [
      { value: 'true', label: '是', checked: value === true },
      { value: 'false', label: '否', checked: value === false },
    ]);
  } else if (ui.widget === 'radio') {
    body = choiceGroup(key, field, value, required, error, note, 'radio', enumOf(field).map((option) => ({ value: String(option), label: choiceLabel(field, option), checked: option === value })));
  } else if (ui.widget === 'checkboxes') {
    const chosen = Array.isArray(value) ? value : [];
    body = choiceGroup(key, field, value, required, error, note, 'checkbox', enumOf(field).map((option) => ({ value: String(option), label: choiceLabel(field, option), checked: chosen.includes(option) })));
  } else {
    const extra = html`${required ? html` aria-required="true"` : ''}${error ? html` aria-invalid="true"` : ''}${describedBy(id, Boolean(field.description || note), Boolean(error))}`;
    body = html`<div class="field${error ? ' has-error' : ''}"><label for="${id}">${field.title}${requiredMark(required)}</label>${helpAndError(id, field, error, note)}${scalarControl(field, controlName(key), id, value, extra)}</div>`;
  }
  const condition = ui.visibleWhen;
  const source = condition ? options.definition.properties[condition.field] : undefined;
  return html`<div class="form-item${flagged ? ' flagged' : ''}" data-key="${key}" data-widget="${ui.widget}"${condition ? html` data-visible-when="${JSON.stringify(condition)}" data-source-widget="${source?.['x-ui']?.widget ?? ''}"` : ''}>${flagged ? html`<p class="flag-note">审核意见要求修改此项</p>` : ''}${body}</div>`;
}

/** The editable form's fieldsets, one per section; the page adds the <form>, token and buttons. */
export function renderForm(options: FormRenderOptions): SafeHtml {
  const requiredKeys = options.definition.required ?? [];
  return html`${orderedSections(options.definition).map(
    (section) => html`<fieldset class="form-section" id="section-${section.key}"><legend>${section.title}</legend>
${section.fields.map(([key, field]) => fieldBlock(key, field, options, requiredKeys))}
</fieldset>`,
  )}`;
}

/** The human-readable value of an answer, for the read-only view. */
export function displayValue(field: FieldSchema, value: unknown, files?: Record<string, StoredFile[]>, key?: string): SafeHtml | string {
  const ui = field['x-ui'];
  if (ui?.widget === 'file') {
    const stored = (key && files?.[key]) || [];
    return stored.length ? html`<ul class="file-list">${stored.map((file) => html`<li><a href="/files/${file.id}">${file.name}</a></li>`)}</ul>` : '未上传';
  }
  if (!isFilled(value)) return html`<span class="muted">未填写</span>`;
  switch (ui?.widget) {
    case 'money':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? formatYuan(value) : String(value);
    case 'yesno':
      return value === true ? (ui.commitment ? '已承诺' : '是') : value === false ? '否' : String(value);
    case 'select':
    case 'radio':
      return choiceLabel(field, value);
    case 'checkboxes':
      return Array.isArray(value) ? value.map((v) => choiceLabel(field, v)).join('、') : String(value);
    case 'table': {
      const columns = Object.entries((field.items as FieldSchema | undefined)?.properties ?? {});
      const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
      return html`<div class="table-wrap"><table class="form-table"><thead><tr><th scope="col">序号</th>${columns.map(([, c]) => html`<th scope="col">${c.title}</th>`)}</tr></thead><tbody>${rows.map(
        (row, index) => html`<tr><th scope="row">${index + 1}</th>${columns.map(([colKey, column]) => html`<td>${displayValue(column, row?.[colKey])}</td>`)}</tr>`,
      )}</tbody></table></div>`;
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The answers "as submitted": a description list per section, nothing editable. */
export function renderAnswers(definition: FormDefinition, answers: Record<string, unknown>, files?: Record<string, StoredFile[]>, flagged: string[] = []): SafeHtml {
  return html`${orderedSections(definition).map(
    (section) => html`<section class="answers-section"><h3>${section.title}</h3><dl class="answers">
${section.fields.map(
  ([key, field]) =>
    html`<div class="answer${flagged.includes(key) ? ' flagged' : ''}"><dt>${field.title}${flagged.includes(key) ? html` <span class="flag-badge">需补正</span>` : ''}</dt><dd>${displayValue(field, answers?.[key], files, key)}</dd></div>`,
)}
</dl></section>`,
  )}`;
}

/** Summary entries for the error summary: the control each message belongs to, with its label. */
export function errorLinks(definition: FormDefinition, errors: Record<string, string>): Array<{ href: string; text: string }> {
  return Object.entries(errors).map(([path, message]) => {
    const [top, row, col] = path.split('.');
    const field = definition.properties[top];
    const column = col ? (field?.items as FieldSchema | undefined)?.properties?.[col] : undefined;
    const label = field ? (column ? `${field.title} 第${Number(row) + 1}行 ${column.title}` : field.title) : path;
    const target = field && !col ? controlId(top, field['x-ui']?.widget) : controlId(path);
    return { href: `#${target}`, text: `${label}：${message}` };
  });
}

export function formErrorSummary(definition: FormDefinition, errors: Record<string, string>, general: string[] = []): SafeHtml | '' {
  const links = errorLinks(definition, errors);
  if (!links.length && !general.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">提交的内容有 ${links.length + general.length} 处问题</h2>
  <ul>${general.map((text) => html`<li>${text}</li>`)}${links.map((link) => html`<li><a href="${link.href}">${link.text}</a></li>`)}</ul>
</div>`;
}
