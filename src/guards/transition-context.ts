import { AsyncLocalStorage } from 'async_hooks';

/**
 * Marks the code running inside the transition service. The guards let workflow-owned fields
 * and review records be written only from inside it. Nothing outside src/api/application/services
 * /transition.ts may call `asTransitionService`.
 */
const context = new AsyncLocalStorage<{ transition: true }>();

export const asTransitionService = <T>(work: () => Promise<T>): Promise<T> => context.run({ transition: true }, work);

export const inTransitionService = () => context.getStore()?.transition === true;
