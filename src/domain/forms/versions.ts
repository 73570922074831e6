import { createHash } from 'crypto';
import { canonicalJson } from '../ledger';
import type { FormDefinition } from './types';

/**
 * Form versions. A call carries its current definition and version; when an editor changes a
 * definition that applications were already submitted against, the old one is frozen into the
 * history and the version goes up. Applications pin a version and its hash at submission.
 */
export interface FrozenForm {
  version: number;
  hash: string;
  definition: FormDefinition;
  frozenAt: string;
}

export const formHashOf = (definition: unknown) => createHash('sha256').update(canonicalJson(definition ?? null)).digest('hex');

/** A call without fields (no definition, or an empty object) asks only for the common data. */
export const hasForm = (definition: unknown): definition is FormDefinition =>
  !!definition && typeof definition === 'object' && Object.keys(definition as object).length > 0;

export function definitionAtVersion(
  current: { formDefinition?: unknown; formVersion?: number | null; formHistory?: unknown },
  version: number,
): FormDefinition | null {
  if (version === (current.formVersion ?? 1)) return hasForm(current.formDefinition) ? current.formDefinition : null;
  const history = Array.isArray(current.formHistory) ? (current.formHistory as FrozenForm[]) : [];
  return history.find((frozen) => frozen.version === version)?.definition ?? null;
}
