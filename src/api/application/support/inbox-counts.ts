/**
 * The inbox's per-stage counts, kept for a few seconds. Counting is the one part of an inbox
 * page whose cost grows with the data: each count walks every matching index entry, while the
 * page itself reads 50 rows in index order. A staff member paging, filtering back and forth or
 * refreshing gets the counts from here; any state change made by this process (the transition
 * service is the only place states change) empties it at once, so one's own action shows
 * immediately. Another instance's actions show within TTL_MS; the rows listed are always live.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;
const entries = new Map<string, { at: number; counts: Record<string, number> }>();

export async function cachedCounts(key: string, count: () => Promise<Record<string, number>>, now = Date.now()): Promise<Record<string, number>> {
  const hit = entries.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.counts;
  const counts = await count();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { at: now, counts });
  return counts;
}

export const forgetInboxCounts = () => entries.clear();
