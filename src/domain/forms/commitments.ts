import type { FormDefinition } from './types';

/**
 * The 承诺书 items of a form: yes/no fields marked as commitments. Submission requires every one
 * ticked (strict validation gives each the value `true`); the time they were all ticked is kept
 * with the application, and the list goes into the eligibility snapshot the district reviewer sees.
 */
export const commitmentsOf = (definition: FormDefinition | null | undefined) =>
  Object.entries(definition?.properties ?? {})
    .filter(([, field]) => field['x-ui']?.commitment)
    .map(([key, field]) => ({ key, title: field.title }));

/** True when the form has commitments and the answers tick all of them. */
export function commitmentsSigned(definition: FormDefinition | null | undefined, answers: Record<string, unknown> | null | undefined) {
  const commitments = commitmentsOf(definition);
  return commitments.length > 0 && commitments.every(({ key }) => answers?.[key] === true);
}
