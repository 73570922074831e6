import * as React from 'react';
import type { FieldSchema, FormDefinition, VisibleWhen } from '../../../domain/forms/types';
import { choicesOf, row } from './fields';

/**
 * "Show this field when …": another field is filled, equals a value, or is one of several values.
 * Choices and yes/no offer their own options; other fields take a typed value.
 */
interface Props {
  fieldKey: string;
  definition: FormDefinition;
  value?: VisibleWhen;
  disabled?: boolean;
  onChange: (next: VisibleWhen | undefined) => void;
}

type Operator = 'filled' | 'equals' | 'in';
const operatorOf = (condition?: VisibleWhen): Operator => (!condition || 'filled' in condition ? 'filled' : 'equals' in condition ? 'equals' : 'in');

export default function ConditionEditor({ fieldKey, definition, value, disabled, onChange }: Props) {
  const candidates = Object.keys(definition.properties).filter((other) => other !== fieldKey && !['table', 'file'].includes(definition.properties[other]['x-ui'].widget));
  const target: FieldSchema | undefined = value ? definition.properties[value.field] : undefined;
  const choices = target && target['x-ui'].widget !== 'checkboxes' ? choicesOf(target) : [];
  const operator = operatorOf(value);
  const setOperator = (next: Operator) => {
    if (!value) return;
    if (next === 'filled') onChange({ field: value.field, filled: true });
    else if (next === 'equals') onChange({ field: value.field, equals: choices[0]?.value ?? '' });
    else onChange({ field: value.field, in: choices.slice(0, 1).map((c) => c.value) });
  };
  const typed = (text: string) => (target && ['integer', 'money'].includes(target['x-ui'].widget) && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text);

  return (
    <div style={row} data-testid={`condition-${fieldKey}`}>
      显示条件：当
      <select aria-label="条件字段" disabled={disabled} value={value?.field ?? ''} onChange={(e) => onChange(e.target.value ? { field: e.target.value, filled: true } : undefined)}>
        <option value="">（总是显示）</option>
        {candidates.map((other) => <option key={other} value={other}>{definition.properties[other].title}</option>)}
      </select>
      {value && (
        <select aria-label="条件" disabled={disabled} value={operator} onChange={(e) => setOperator(e.target.value as Operator)}>
          <option value="filled">已填写</option>
          <option value="equals">等于</option>
          {choices.length > 1 && <option value="in">为以下之一</option>}
        </select>
      )}
      {value && 'equals' in value && (choices.length ? (
        <select aria-label="条件值" disabled={disabled} value={JSON.stringify(value.equals)} onChange={(e) => onChange({ field: value.field, equals: JSON.parse(e.target.value) })}>
          {choices.map((c) => <option key={String(c.value)} value={JSON.stringify(c.value)}>{c.label}</option>)}
        </select>
      ) : (
        <input aria-label="条件值" disabled={disabled} value={String(value.equals ?? '')} onChange={(e) => onChange({ field: value.field, equals: typed(e.target.value) })} />
      ))}
      {value && 'in' in value && choices.map((c) => (
        <label key={String(c.value)}>
          <input
            type="checkbox"
            disabled={disabled}
            checked={value.in.includes(c.value)}
            onChange={(e) => onChange({ field: value.field, in: e.target.checked ? [...value.in, c.value] : value.in.filter((v) => v !== c.value) })}
          />
          {c.label}
        </label>
      ))}
      {value && '时显示'}
    </div>
  );
}
