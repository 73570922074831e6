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

function wrapper(id: string, label: string, required: boolean | undefined, help: string | undefined, error: string | undefined, control: SafeHtml) {
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${id}">${label}${required ? html`<span class="required" aria-hidden="true">*</span>` : ''}</label>
  ${help ? html`<p class="help" id="${id}-help">${help}</p>` : ''}
  ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
  ${control}
</div>`;
}

export function input(options: InputOptions): SafeHtml {
  const id = fieldId(options.name);
  return wrapper(
    id,
    options.label,
    options.required,
    options.help,
    options.error,
    html`<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"${options.required ? html` required` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.error ? html` aria-invalid="true"` : ''}${describedBy(id, options.help, options.error)}>`,
  );
}

export function textarea(options: Omit<InputOptions, 'type' | 'autocomplete'> & { rows?: number }): SafeHtml {
  const id = fieldId(options.name);
  return wrapper(
    id,
    options.label,
    options.required,
    options.help,
    options.error,
    html`<textarea id="${id}" name="${options.name}" rows="${options.rows ?? 6}"${options.required ? html` required` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.error ? html` aria-invalid="true"` : ''}${describedBy(id, options.help, options.error)}>${options.value ?? ''}</textarea>`,
  );
}

export function select(options: Omit<InputOptions, 'type' | 'autocomplete' | 'maxlength'> & { choices: Array<{ value: string; label: string }> }): SafeHtml {
  const id = fieldId(options.name);
  return wrapper(
    id,
    options.label,
    options.required,
    options.help,
    options.error,
    html`<select id="${id}" name="${options.name}"${options.required ? html` required` : ''}${options.error ? html` aria-invalid="true"` : ''}${describedBy(id, options.help, options.error)}>
  <option value="">请选择</option>
  ${options.choices.map((choice) => html`<option value="${choice.value}"${String(options.value ?? '') === choice.value ? html` selected` : ''}>${choice.label}</option>`)}
</select>`,
  );
}

export function fileInput(options: Omit<InputOptions, 'type' | 'value' | 'autocomplete' | 'maxlength'> & { accept?: string; multiple?: boolean }): SafeHtml {
  const id = fieldId(options.name);
  return wrapper(
    id,
    options.label,
    options.required,
    options.help,
    options.error,
    html`<input id="${id}" name="${options.name}" type="file"${options.accept ? html` accept="${options.accept}"` : ''}${options.multiple ? html` multiple` : ''}${options.required ? html` required` : ''}${options.error ? html` aria-invalid="true"` : ''}${describedBy(id, options.help, options.error)}>`,
  );
}
