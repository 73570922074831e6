import { SafeHtml, html } from './html';

/**
 * Accessible form parts shared by every portal form: each input has its label, its help and
 * its error tied to it with `aria-describedby`, and a form's errors are summarised at the top
 * with links to the fields (the GOV.UK pattern, which screen readers announce).
 */
export interface FieldError {
  /** the input's name, which is also its id */
  field: string;
  message: string;
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function errorSummary(errors: FieldError[], labels: Record<string, string> = {}): SafeHtml | '' {
  if (!errors.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">提交的内容有 ${errors.length} 处问题</h2>
  <ul>${errors.map((error) => html`<li><a href="#${fieldId(error.field)}">${labels[error.field] ? `${labels[error.field]}：` : ''}${error.message}</a></li>`)}</ul>
</div>`;
}

export interface InputOptions {
  name: string;
  label: string;
  value?: string | number | null;
  type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'number';
  required?: boolean;
  help?: string;
  error?: string;
  autocomplete?: string;
  maxlength?: number;
}

const describedBy = (id: string, help?: string, error?: string) => {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
};

/**
 * One labelled field: the label, help and error around a control. The control gets the
 * attributes every input shares (required, aria-invalid, aria-describedby) from here.
 */
function field(options: Pick<InputOptions, 'name' | 'label' | 'required' | 'help' | 'error'>, control: (id: string, shared: SafeHtml) => SafeHtml) {
  const id = fieldId(options.name);
  const shared = html`${options.required ? html` required` : ''}${options.error ? html` aria-invalid="true"` : ''}${describedBy(id, options.help, options.error)}`;
  return html`<div class="field${options.error ? ' has-error' : ''}">
  <label for="${id}">${options.label}${options.required ? html`<span class="required" aria-hidden="true">*</span>` : ''}</label>
  ${options.help ? html`<p class="help" id="${id}-help">${options.help}</p>` : ''}
  ${options.error ? html`<p class="field-error" id="${id}-error">${options.error}</p>` : ''}
  ${control(id, shared)}
</div>`;
}

export const input = (o: InputOptions): SafeHtml =>
  field(o, (id, shared) => html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${shared}>`);

export const textarea = (o: Omit<InputOptions, 'type' | 'autocomplete'> & { rows?: number }): SafeHtml =>
  field(o, (id, shared) => html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 6}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${shared}>${o.value ?? ''}</textarea>`);

export interface Choice {
  value: string;
  label: string;
  /** choices with a group are shown under it (an optgroup), in the order the groups first appear */
  group?: string;
}

export const select = (o: Omit<InputOptions, 'type' | 'autocomplete' | 'maxlength'> & { choices: Choice[] }): SafeHtml => {
  const option = (choice: Choice) => html`<option value="${choice.value}"${String(o.value ?? '') === choice.value ? html` selected` : ''}>${choice.label}</option>`;
  const groups = [...new Set(o.choices.map((choice) => choice.group))];
  return field(
    o,
    (id, shared) => html`<select id="${id}" name="${o.name}"${shared}>
  <option value="">请选择</option>
  ${groups.map((group) => {
    const options = o.choices.filter((choice) => choice.group === group).map(option);
    return group ? html`<optgroup label="${group}">${options}</optgroup>` : options;
  })}
</select>`,
  );
};

export const fileInput = (o: Omit<InputOptions, 'type' | 'value' | 'autocomplete' | 'maxlength'> & { accept?: string; multiple?: boolean }): SafeHtml =>
  field(o, (id, shared) => html`<input id="${id}" name="${o.name}" type="file"${o.accept ? html` accept="${o.accept}"` : ''}${o.multiple ? html` multiple` : ''}${shared}>`);
