import { APPLICATION_STATES } from '../../../database/cache-bus';
import { Kept } from '../../../database/kept';

/**
 * The inbox's per-stage counts, kept for a few seconds. Counting is the one part of an inbox
 * page whose cost grows with the data: each count walks every matching index entry, while the
 * page itself reads 50 rows in index order. A staff member paging, filtering back and forth or
 * refreshing gets the counts from here. The transition service, the only place states change,
 * announces every change (APPLICATION_STATES), and every instance forgets the counts within a
 * second (src/database/cache-bus.ts); the rows listed are always live.
 */
const counts = new Kept<Record<string, number>>([APPLICATION_STATES], { ms: 10_000, max: 1_000 });

export const cachedCounts = (key: string, count: () => Promise<Record<string, number>>) => counts.get(key, count);
