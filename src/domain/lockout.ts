/**
 * Account lockout after repeated failed logins (GB/T 22239-2019 等级保护 2.0, 身份鉴别: "限制非法
 * 登录次数"): five failures within fifteen minutes lock the account for fifteen minutes from
 * the fifth. A success clears the count. While locked, an attempt is refused unchecked and not
 * counted, so the lock ends when it said it would.
 */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export type LockoutPolicy = typeof LOCKOUT;

/** The instant the account is locked until, from its failures since the last success; null when open. */
export function lockedUntil(failures: Date[], now: Date, policy: LockoutPolicy = LOCKOUT): Date | null {
  const times = failures.map((f) => f.getTime()).sort((a, b) => a - b);
  // Walk the failures in order: the first run of `failures` within the window sets a lock; a lock
  // that has ended starts the count afresh.
  let windowStart = 0;
  for (let i = 0; i < times.length; i += 1) {
    while (times[i] - times[windowStart] > policy.windowMs) windowStart += 1;
    if (i - windowStart + 1 >= policy.failures) {
      const until = times[i] + policy.lockMs;
      if (until > now.getTime()) return new Date(until);
      windowStart = i + 1;
    }
  }
  return null;
}
