import { Kept } from '../database/kept';

/** Content types whose writes change what public pages show. */
export const PORTAL_CONTENT = [
  'api::article.article',
  'api::consultation.consultation',
  'api::task-spec.task-spec',
  'api::program.program',
  'api::publicity.publicity',
] as const;

/**
 * An in-process cache of rendered public pages. Any instance's write of content the portal
 * shows empties it within a second (src/database/cache-bus.ts), so a published or retracted
 * change is visible at once everywhere. Pages also depend on the clock (a call opens, a
 * consultation closes), so each entry says until when it holds: the next such instant among
 * what it shows.
 */
const pages = new Kept<string>(PORTAL_CONTENT, { max: 2_000 });

export const cachedPage = (key: string, now: Date) => pages.peek(key, now.getTime());

/** Taken before rendering: keeps the page until its instant, unless content was written meanwhile. */
export const pageKeeper = () => pages.keeper();

/** The first of these instants after `now`, or "a day from now" when none is coming. */
export function nextChange(now: Date, instants: Array<string | Date | null | undefined>): number {
  const later = instants
    .filter((value): value is string | Date => Boolean(value))
    .map((value) => new Date(value).getTime())
    .filter((time) => time > now.getTime());
  return Math.min(now.getTime() + 86_400_000, ...later);
}
