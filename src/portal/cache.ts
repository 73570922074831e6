/**
 * An in-process cache of rendered public pages. It is emptied whenever content the portal shows
 * is written (see `invalidateOnWrite`), so a published change is visible at once. Pages also
 * depend on the clock (a call opens, a consultation closes), so each entry says until when it
 * holds: the next such instant among what it shows.
 */
interface Entry {
  body: string;
  validUntil: number;
}

const MAX_ENTRIES = 2_000;
const entries = new Map<string, Entry>();

export function cached(key: string, now: Date): string | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.validUntil <= now.getTime()) {
    entries.delete(key);
    return undefined;
  }
  return entry.body;
}

export function remember(key: string, body: string, validUntil: number) {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { body, validUntil });
}

export const clearPageCache = () => entries.clear();

/** The first of these instants after `now`, or "a day from now" when none is coming. */
export function nextChange(now: Date, instants: Array<string | Date | null | undefined>): number {
  const later = instants
    .filter((value): value is string | Date => Boolean(value))
    .map((value) => new Date(value).getTime())
    .filter((time) => time > now.getTime());
  return Math.min(now.getTime() + 86_400_000, ...later);
}

/** Content types whose writes change what public pages show. */
export const PORTAL_CONTENT = [
  'api::article.article',
  'api::consultation.consultation',
  'api::task-spec.task-spec',
  'api::program.program',
  'api::publicity.publicity',
] as const;
