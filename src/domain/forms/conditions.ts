import type { FieldSchema, FormDefinition, VisibleWhen } from './types';

/**
 * Conditional visibility, evaluated by the same function on the server and in the form, so an
 * applicant is never asked for a field the server will ignore, or the other way round.
 */
const isFilled = (value: unknown) =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

export function conditionHolds(condition: VisibleWhen, answers: Record<string, unknown>): boolean {
  const value = answers[condition.field];
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return condition.in.includes(value);
  return isFilled(value);
}

export const isFieldVisible = (field: FieldSchema, answers: Record<string, unknown>) =>
  !field['x-ui']?.visibleWhen || conditionHolds(field['x-ui'].visibleWhen, answers);

/** The keys of the top-level fields shown for these answers. */
export const visibleKeys = (definition: FormDefinition, answers: Record<string, unknown>) =>
  Object.entries(definition.properties)
    .filter(([, field]) => isFieldVisible(field, answers))
    .map(([key]) => key);
