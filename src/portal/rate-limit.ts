/**
 * Per-address limits on the portal's public posts (login, registration, feedback, objections).
 * A fixed window in memory is enough for one instance; behind a load balancer each instance
 * counts on its own, which at worst multiplies the allowance by the number of instances.
 */
export interface Limit {
  /** how many posts an address may make per window */
  max: number;
  windowMs: number;
}

export const LIMITS = {
  login: { max: 20, windowMs: 15 * 60_000 },
  register: { max: 10, windowMs: 60 * 60_000 },
  feedback: { max: 10, windowMs: 60 * 60_000 },
  objection: { max: 10, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

const windows = new Map<string, { count: number; resetAt: number }>();

/** Counts one post; false when the address has used up its allowance for this window. */
export function allow(name: LimitName, address: string, now = Date.now()): boolean {
  const limit = LIMITS[name];
  const key = `${name}:${address}`;
  const current = windows.get(key);
  if (!current || current.resetAt <= now) {
    windows.set(key, { count: 1, resetAt: now + limit.windowMs });
    if (windows.size > 50_000) sweep(now);
    return true;
  }
  current.count += 1;
  return current.count <= limit.max;
}

function sweep(now: number) {
  for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
}

/** For tests: forget every count. */
export const resetLimits = () => windows.clear();
