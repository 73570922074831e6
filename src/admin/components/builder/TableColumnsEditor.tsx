import * as React from 'react';
import { FIELD_TYPES, type FieldSchema, type FieldType } from '../../../domain/forms/types';
import { KEY_PATTERN, newField, row } from './fields';

/** The columns of a repeatable table: each a plain field (no nested tables or files), optionally required. */
interface Props {
  fieldKey: string;
  table: FieldSchema;
  disabled?: boolean;
  onChange: (next: FieldSchema) => void;
}

const COLUMN_TYPES = (Object.keys(FIELD_TYPES) as FieldType[]).filter((widget) => !['table', 'file'].includes(widget));

export default function TableColumnsEditor({ fieldKey, table, disabled, onChange }: Props) {
  const rows = table.items as FieldSchema;
  const columns = rows.properties ?? {};
  const required = rows.required ?? [];
  const [newKey, setNewKey] = React.useState('');
  const [newWidget, setNewWidget] = React.useState<FieldType>('text');
  const setRows = (patch: Partial<FieldSchema>) => onChange({ ...table, items: { ...rows, ...patch } });
  const setColumn = (key: string, column: FieldSchema) => setRows({ properties: { ...columns, [key]: column } });

  return (
    <div data-testid={`columns-${fieldKey}`} style={{ paddingLeft: 16, borderLeft: '3px solid #eaeaef', marginBottom: 6 }}>
      <p style={{ marginBottom: 4 }}>表格列</p>
      {Object.entries(columns).map(([key, column]) => (
        <div key={key} style={row}>
          <code>{key}</code>
          <input aria-label="列名称" disabled={disabled} value={column.title} onChange={(e) => setColumn(key, { ...column, title: e.target.value })} />
          <select aria-label="列类型" disabled={disabled} value={column['x-ui'].widget} onChange={(e) => setColumn(key, newField(e.target.value as FieldType, column.title))}>
            {COLUMN_TYPES.map((widget) => <option key={widget} value={widget}>{FIELD_TYPES[widget]}</option>)}
          </select>
          <label>
            <input type="checkbox" disabled={disabled} checked={required.includes(key)} onChange={(e) => setRows({ required: e.target.checked ? [...required, key] : required.filter((k) => k !== key) })} /> 必填
          </label>
          <button
            type="button"
            disabled={disabled || Object.keys(columns).length === 1}
            onClick={() => {
              const { [key]: _removed, ...rest } = columns;
              setRows({ properties: rest, required: required.filter((k) => k !== key) });
            }}
          >
            删除列
          </button>
        </div>
      ))}
      <div style={row}>
        <input aria-label="新列标识" data-testid={`new-column-key-${fieldKey}`} placeholder="列标识，如 amount" disabled={disabled} value={newKey} onChange={(e) => setNewKey(e.target.value.trim())} />
        <select aria-label="新列类型" disabled={disabled} value={newWidget} onChange={(e) => setNewWidget(e.target.value as FieldType)}>
          {COLUMN_TYPES.map((widget) => <option key={widget} value={widget}>{FIELD_TYPES[widget]}</option>)}
        </select>
        <button
          type="button"
          data-testid={`add-column-${fieldKey}`}
          disabled={disabled || !KEY_PATTERN.test(newKey) || newKey in columns}
          onClick={() => {
            setColumn(newKey, newField(newWidget, `${FIELD_TYPES[newWidget]}列`));
            setNewKey('');
          }}
        >
          添加列
        </button>
      </div>
    </div>
  );
}
