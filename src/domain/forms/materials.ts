import { isFieldVisible } from './conditions';
import { orderedFields } from './layout';
import type { FieldError, FormDefinition } from './types';

/**
 * 申报材料: a file slot's answer is a list of attachment ids, and what an application says it
 * attached must be what it stored. Every id is an attachment of this application in this slot
 * (anything else was made up, or belongs elsewhere), and every slot the form requires for these
 * answers (required, or with a minimum count, while its condition shows it) holds real files.
 * The adapters read which attachments are stored; these functions only compare.
 */
export interface StoredAttachment {
  id: string;
  slot: string;
}

/** The form's file slots, in reading order. */
export const fileSlots = (definition: FormDefinition | null | undefined) =>
  (definition ? orderedFields(definition) : [])
    .filter(([, field]) => field['x-ui']?.widget === 'file')
    .map(([key, field]) => ({ key, label: field.title }));

const listed = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** The ids an answer names for a slot that are not attachments of this application in that slot (duplicates included). */
export function foreignAttachments(definition: FormDefinition, answers: Record<string, unknown>, stored: StoredAttachment[]): FieldError[] {
  const problems: FieldError[] = [];
  for (const { key, label } of fileSlots(definition)) {
    if (!(key in answers)) continue;
    const inSlot = new Set(stored.filter((file) => file.slot === key).map((file) => file.id));
    const seen = new Set<unknown>();
    const bad = listed(answers[key]).filter((id) => {
      const foreign = typeof id !== 'string' || !inSlot.has(id) || seen.has(id);
      seen.add(id);
      return foreign;
    });
    if (bad.length) {
      const shown = bad.slice(0, 3).map((id) => (typeof id === 'string' ? id.slice(0, 40) : typeof id)).join('、');
      problems.push({ path: key, message: `「${label}」中的附件（${shown}）不是本申报在该栏上传的文件，请在该栏重新上传`, label });
    }
  }
  return problems;
}

/** How many files the slot must hold for these answers: none when hidden or optional. */
function needed(definition: FormDefinition, key: string, answers: Record<string, unknown>) {
  const field = definition.properties[key];
  if (!isFieldVisible(field, answers)) return 0;
  const required = (definition.required ?? []).includes(key) ? 1 : 0;
  return Math.max(required, field['x-ui'].minCount ?? 0);
}

/** Every slot these answers require that holds fewer stored attachments than it needs. */
export function missingMaterials(definition: FormDefinition, answers: Record<string, unknown>, stored: StoredAttachment[]): FieldError[] {
  const problems: FieldError[] = [];
  for (const { key, label } of fileSlots(definition)) {
    const need = needed(definition, key, answers);
    if (!need) continue;
    const inSlot = new Set(stored.filter((file) => file.slot === key).map((file) => file.id));
    const real = new Set(listed(answers[key]).filter((id) => typeof id === 'string' && inSlot.has(id))).size;
    if (real < need) problems.push({ path: key, message: need > 1 ? `至少上传${need}个文件，已上传${real}个` : '请上传附件', label });
  }
  return problems;
}

/** The one sentence that names every missing slot. */
export const missingMaterialsMessage = (missing: FieldError[]) => `以下必需的申报材料尚未上传：${missing.map((problem) => `「${problem.label}」`).join('、')}`;

/** The stored files the answers name in their slot, in the order they were stored: what a submission's record lists. */
export function referencedFiles<T extends StoredAttachment>(answers: Record<string, unknown>, stored: T[]): T[] {
  return stored.filter((file) => listed(answers[file.slot]).includes(file.id));
}
