import * as React from 'react';
import { FIELD_TYPES, type FieldSchema, type FieldType, type FormDefinition } from '../../domain/forms/types';
import { FormDefinitionError, validateFormDefinition } from '../../domain/forms/definition';
import ConditionEditor from './builder/ConditionEditor';
import TableColumnsEditor from './builder/TableColumnsEditor';
import { KEY_PATTERN, box, choicesOf, newField, row } from './builder/fields';

/**
 * The visual form builder: a custom field on the call's form definition. Editors add, remove and
 * reorder fields and sections, set their type, name, rules and file limits, and see a preview.
 * It edits the same JSON Schema the server validates; the JSON view is there for the rare case.
 */
interface InputProps {
  name: string;
  value?: unknown;
  onChange: (event: { target: { name: string; value: unknown; type: string } }) => void;
  disabled?: boolean;
  label?: string;
}

const EMPTY: FormDefinition = { $schema: 'https://json-schema.org/draft/2020-12/schema', title: '申报书', type: 'object', 'x-sections': [], properties: {}, required: [] };

const CHOICES: FieldType[] = ['select', 'radio', 'checkboxes'];

const parse = (value: unknown): FormDefinition => {
  const raw = typeof value === 'string' ? (() => { try { return JSON.parse(value); } catch { return null; } })() : value;
  return raw && typeof raw === 'object' && (raw as FormDefinition).properties ? (raw as FormDefinition) : EMPTY;
};


export default function FormBuilder({ name, value, onChange, disabled, label }: InputProps) {
  const definition = parse(value);
  const [newKey, setNewKey] = React.useState('');
  const [newWidget, setNewWidget] = React.useState<FieldType>('text');
  const [showJson, setShowJson] = React.useState(false);
  const [jsonText, setJsonText] = React.useState('');
  const keys = Object.keys(definition.properties).sort((a, b) => (definition.properties[a]['x-ui']?.order ?? 0) - (definition.properties[b]['x-ui']?.order ?? 0));

  const emit = (next: FormDefinition) => onChange({ target: { name, value: next, type: 'json' } });
  const update = (key: string, change: (field: FieldSchema) => FieldSchema) =>
    emit({ ...definition, properties: { ...definition.properties, [key]: change(definition.properties[key]) } });
  const setUi = (key: string, patch: Partial<FieldSchema['x-ui']>) => update(key, (f) => ({ ...f, 'x-ui': { ...f['x-ui'], ...patch } }));
  const reorder = (order: string[]) =>
    emit({ ...definition, properties: Object.fromEntries(order.map((key, index) => [key, { ...definition.properties[key], 'x-ui': { ...definition.properties[key]['x-ui'], order: index + 1 } }])) });
  const move = (key: string, by: number) => {
    const order = [...keys];
    const from = order.indexOf(key);
    const to = from + by;
    if (to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to], order[from]];
    reorder(order);
  };
  const remove = (key: string) => {
    const { [key]: _removed, ...rest } = definition.properties;
    emit({ ...definition, properties: rest, required: (definition.required ?? []).filter((k) => k !== key) });
  };
  const add = () => {
    if (!KEY_PATTERN.test(newKey) || definition.properties[newKey]) return;
    const field = newField(newWidget, `${FIELD_TYPES[newWidget]}字段`);
    field['x-ui'].order = keys.length + 1;
    emit({ ...definition, properties: { ...definition.properties, [newKey]: field } });
    setNewKey('');
  };
  const toggleRequired = (key: string, on: boolean) =>
    emit({ ...definition, required: on ? [...new Set([...(definition.required ?? []), key])] : (definition.required ?? []).filter((k) => k !== key) });
  const sections = definition['x-sections'] ?? [];

  let problems: string[] = [];
  try {
    if (keys.length) validateFormDefinition(definition);
  } catch (error) {
    problems = error instanceof FormDefinitionError ? error.problems.map((p) => `${p.path}：${p.message}`) : [String(error)];
  }

  const options = (key: string, field: FieldSchema) => {
    const widget = field['x-ui'].widget;
    const values = (widget === 'checkboxes' ? (field.items as { enum?: unknown[] })?.enum : field.enum) ?? [];
    return (
      <label style={row}>
        选项（每行一个）
        <textarea
          data-testid={`options-${key}`}
          rows={3}
          disabled={disabled}
          value={values.join('\n')}
          onChange={(e) => {
            const list = e.target.value.split('\n').map((v) => v.trim()).filter(Boolean);
            update(key, (f) => (widget === 'checkboxes' ? { ...f, items: { type: 'string', enum: list } } : { ...f, enum: list }));
          }}
        />
      </label>
    );
  };

  const numberInput = (key: string, text: string, current: number | undefined, set: (n: number | undefined) => void) => (
    <label>
      {text}{' '}
      <input type="number" style={{ width: 90 }} disabled={disabled} data-testid={`${text}-${key}`} value={current ?? ''} onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />
    </label>
  );

  return (
    <div data-testid="form-builder" style={{ width: '100%' }}>
      <p style={{ fontWeight: 600, marginBottom: 8 }}>{label ?? '申报表单'}</p>
      <div style={row}>
        <label>
          表单名称{' '}
          <input data-testid="form-title" disabled={disabled} value={definition.title} onChange={(e) => emit({ ...definition, title: e.target.value })} />
        </label>
        <button type="button" onClick={() => emit({ ...definition, 'x-sections': [...sections, { key: `section${sections.length + 1}`, title: `第${sections.length + 1}部分` }] })}>
          添加分组
        </button>
      </div>
      {sections.map((section, i) => (
        <div key={section.key} style={row}>
          分组{i + 1}
          <input value={section.title} disabled={disabled} onChange={(e) => emit({ ...definition, 'x-sections': sections.map((s, j) => (j === i ? { ...s, title: e.target.value } : s)) })} />
          <button type="button" onClick={() => emit({ ...definition, 'x-sections': sections.filter((_, j) => j !== i) })}>删除分组</button>
        </div>
      ))}

      {keys.map((key, index) => {
        const field = definition.properties[key];
        const ui = field['x-ui'];
        return (
          <div key={key} style={box} data-testid={`field-${key}`}>
            <div style={row}>
              <code>{key}</code>
              <input aria-label="字段名称" data-testid={`title-${key}`} disabled={disabled} value={field.title} onChange={(e) => update(key, (f) => ({ ...f, title: e.target.value }))} />
              <select aria-label="字段类型" disabled={disabled} value={ui.widget} onChange={(e) => update(key, (f) => ({ ...newField(e.target.value as FieldType, f.title), 'x-ui': { ...newField(e.target.value as FieldType, f.title)['x-ui'], order: ui.order, section: ui.section } }))}>
                {Object.entries(FIELD_TYPES).map(([widget, text]) => (
                  <option key={widget} value={widget}>{text}</option>
                ))}
              </select>
              <label>
                <input type="checkbox" data-testid={`required-${key}`} disabled={disabled} checked={(definition.required ?? []).includes(key)} onChange={(e) => toggleRequired(key, e.target.checked)} /> 必填
              </label>
              {sections.length > 0 && (
                <select aria-label="分组" disabled={disabled} value={ui.section ?? ''} onChange={(e) => setUi(key, { section: e.target.value || undefined })}>
                  <option value="">（不分组）</option>
                  {sections.map((s) => <option key={s.key} value={s.key}>{s.title}</option>)}
                </select>
              )}
              <button type="button" disabled={index === 0} onClick={() => move(key, -1)}>上移</button>
              <button type="button" disabled={index === keys.length - 1} onClick={() => move(key, 1)}>下移</button>
              <button type="button" data-testid={`remove-${key}`} onClick={() => remove(key)}>删除</button>
            </div>
            {CHOICES.includes(ui.widget) && options(key, field)}
            {['text', 'textarea'].includes(ui.widget) && (
              <div style={row}>
                {numberInput(key, '最少字数', field.minLength, (n) => update(key, (f) => ({ ...f, minLength: n })))}
                {numberInput(key, '最多字数', field.maxLength, (n) => update(key, (f) => ({ ...f, maxLength: n })))}
              </div>
            )}
            {['integer', 'money'].includes(ui.widget) && (
              <div style={row}>
                {numberInput(key, '最小值', field.minimum, (n) => update(key, (f) => ({ ...f, minimum: n })))}
                {numberInput(key, '最大值', field.maximum, (n) => update(key, (f) => ({ ...f, maximum: n })))}
              </div>
            )}
            {ui.widget === 'file' && (
              <div style={row}>
                <label>
                  允许类型{' '}
                  <input disabled={disabled} value={(ui.accept ?? []).join(',')} onChange={(e) => setUi(key, { accept: e.target.value.split(',').map((v) => v.trim()).filter(Boolean) })} />
                </label>
                {numberInput(key, '大小上限MB', ui.maxSizeMb, (n) => setUi(key, { maxSizeMb: n }))}
                {numberInput(key, '最少个数', ui.minCount, (n) => setUi(key, { minCount: n }))}
                {numberInput(key, '最多个数', ui.maxCount, (n) => setUi(key, { maxCount: n }))}
              </div>
            )}
            {ui.widget === 'table' && <TableColumnsEditor fieldKey={key} table={field} disabled={disabled} onChange={(next) => update(key, () => next)} />}
            {ui.widget === 'yesno' && (
              <label style={row}>
                <input
                  type="checkbox"
                  data-testid={`commitment-${key}`}
                  disabled={disabled}
                  checked={!!ui.commitment}
                  onChange={(e) => {
                    // A commitment must be ticked by everyone, so it is required and always shown.
                    const on = e.target.checked;
                    const pledged = { ...field, 'x-ui': { ...ui, commitment: on || undefined, visibleWhen: on ? undefined : ui.visibleWhen } };
                    emit({
                      ...definition,
                      properties: { ...definition.properties, [key]: pledged },
                      required: on ? [...new Set([...(definition.required ?? []), key])] : definition.required,
                    });
                  }}
                />{' '}
                这是一项承诺（申报人必须勾选“是”才能提交）
              </label>
            )}
            <div style={row}>
              <label>
                填写说明{' '}
                <input disabled={disabled} value={field.description ?? ''} onChange={(e) => update(key, (f) => ({ ...f, description: e.target.value || undefined }))} />
              </label>
              {!['yesno', 'file', 'table', 'checkboxes', 'radio'].includes(ui.widget) && (
                <label>
                  占位提示{' '}
                  <input disabled={disabled} value={ui.placeholder ?? ''} onChange={(e) => setUi(key, { placeholder: e.target.value || undefined })} />
                </label>
              )}
            </div>
            {!ui.commitment && <ConditionEditor fieldKey={key} definition={definition} value={ui.visibleWhen} disabled={disabled} onChange={(next) => setUi(key, { visibleWhen: next })} />}
          </div>
        );
      })}

      <div style={row}>
        <input aria-label="新字段标识" data-testid="new-field-key" placeholder="字段标识（字母和数字）" disabled={disabled} value={newKey} onChange={(e) => setNewKey(e.target.value.trim())} />
        <select aria-label="新字段类型" data-testid="new-field-type" disabled={disabled} value={newWidget} onChange={(e) => setNewWidget(e.target.value as FieldType)}>
          {Object.entries(FIELD_TYPES).map(([widget, text]) => <option key={widget} value={widget}>{text}</option>)}
        </select>
        <button type="button" data-testid="add-field" disabled={disabled || !KEY_PATTERN.test(newKey) || !!definition.properties[newKey]} onClick={add}>
          添加字段
        </button>
        <button type="button" onClick={() => { setJsonText(JSON.stringify(definition, null, 2)); setShowJson(!showJson); }}>高级：JSON</button>
      </div>
      {showJson && (
        <div>
          <textarea style={{ width: '100%', fontFamily: 'monospace' }} rows={12} value={jsonText} onChange={(e) => setJsonText(e.target.value)} />
          <button type="button" onClick={() => { try { emit(JSON.parse(jsonText)); setShowJson(false); } catch { /* keeps the text for correction */ } }}>应用 JSON</button>
        </div>
      )}
      {keys.length > 0 && !keys.some((key) => definition.properties[key]['x-ui'].commitment) && (
        <p data-testid="no-commitments" style={{ color: '#b35b00' }}>提示：表单中没有承诺事项。第四条的承诺（独立法人、近三年无重大安全事故、未列入失信名单）通常应作为“是/否”承诺项加入。</p>
      )}
      {problems.length > 0 && (
        <ul data-testid="form-problems" style={{ color: '#d02b20' }}>
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}

      <div data-testid="form-preview" style={{ ...box, background: '#f6f6f9' }}>
        <p style={{ fontWeight: 600 }}>预览：{definition.title}</p>
        {[...sections, { key: '', title: sections.length ? '其他' : '' }].map((section) => {
          const inSection = keys.filter((key) => (definition.properties[key]['x-ui'].section ?? '') === section.key || (!section.key && !sections.some((s) => s.key === definition.properties[key]['x-ui'].section)));
          if (!inSection.length) return null;
          return (
            <fieldset key={section.key || 'rest'} style={{ border: 'none', padding: 0, marginBottom: 12 }}>
              {section.title && <legend style={{ fontWeight: 600, marginBottom: 6 }}>{section.title}</legend>}
              {inSection.map((key) => <PreviewField key={key} field={definition.properties[key]} required={(definition.required ?? []).includes(key)} />)}
            </fieldset>
          );
        })}
      </div>
    </div>
  );
}

/** How the applicant will see one field: a rough rendering, the portal draws the real form. */
function PreviewField({ field, required }: { field: FieldSchema; required: boolean }) {
  const ui = field['x-ui'];
  const widget = ui.widget;
  let control: React.ReactNode;
  if (ui.commitment) control = <input type="checkbox" disabled />;
  else if (CHOICES.includes(widget) || widget === 'yesno') control = <select disabled>{choicesOf(field).map((c) => <option key={String(c.value)}>{c.label}</option>)}</select>;
  else if (widget === 'textarea') control = <textarea disabled rows={2} placeholder={ui.placeholder} />;
  else if (widget === 'file') control = <span>{`上传 ${(ui.accept ?? []).join('/')}，每个不超过 ${ui.maxSizeMb ?? '—'}MB`} <input type="file" disabled /></span>;
  else if (widget === 'table') {
    const columns = Object.values((field.items as FieldSchema).properties ?? {});
    control = <table><thead><tr>{columns.map((c) => <th key={c.title} style={{ padding: '0 8px' }}>{c.title}</th>)}</tr></thead></table>;
  } else control = <input disabled placeholder={ui.placeholder} type={widget === 'date' ? 'date' : widget === 'integer' || widget === 'money' ? 'number' : 'text'} />;
  return (
    <div style={{ marginBottom: 8 }}>
      <label>
        {field.title}
        {required ? ' *' : ''}
        {ui.visibleWhen ? '（按条件显示）' : ''} {control}
      </label>
      {field.description && <div style={{ color: '#666687', fontSize: 12 }}>{field.description}</div>}
    </div>
  );
}
