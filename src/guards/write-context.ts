import { AsyncLocalStorage } from 'async_hooks';

/**
 * Marks which service is writing, for the guards (src/guards/workflow-fields.ts):
 * - the transition service alone writes workflow-owned fields and review records; nothing outside
 *   src/api/application/services/transition.ts may call `asTransitionService`;
 * - the applicant's own edit alone changes a returned application, because only there is the
 *   rule checked that a correction touches the flagged fields and nothing else (the application
 *   and attachment services call `asApplicantEdit`);
 * - the objection service alone lodges an objection with the record of its filing and its scan
 *   (`asObjectionService`); any other create of an objection gets its filing recorded by the guard.
 */
type Writer = 'transition' | 'applicant' | 'objection';
const context = new AsyncLocalStorage<{ writer: Writer }>();

const as =
  (writer: Writer) =>
  <T>(work: () => Promise<T>): Promise<T> =>
    context.run({ writer }, work);
const inside = (writer: Writer) => () => context.getStore()?.writer === writer;

export const asTransitionService = as('transition');
export const inTransitionService = inside('transition');
export const asApplicantEdit = as('applicant');
export const inApplicantEdit = inside('applicant');
export const asObjectionService = as('objection');
export const inObjectionService = inside('objection');
