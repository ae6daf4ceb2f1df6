/**
 * Time the server may spend handling one user's document messages: `msPerSecond` sustained, `burstMs` at
 * once, per user and instance (shared by the user's sockets and kept across reconnects). Yjs integrates
 * some crafted updates in milliseconds each while staying far below the per-update budget (rooms R17):
 * one-struct updates against a list of a few thousand front insertions cost ~6 ms each (checked and
 * applied), so 300 of them a second would keep the event loop busy for seconds per second [R18]. A user
 * who overspends is locked out until a whole burst has refilled (`burstMs / msPerSecond` seconds); the
 * caller asks `allows` before handling, so the lockout costs the server nothing.
 * Callers that read the clock around the handling pass those times in (`at`), so a message costs two reads.
 * @example if (!budget.allows(userId, t0)) return close(); handle(); const t1 = performance.now(); if (!budget.charge(userId, t1 - t0, t1)) close();
 */
export function createWorkBudget(options: { msPerSecond: number; burstMs: number; now?: () => number }) {
  const now = options.now ?? (() => performance.now());
  const users = new Map<string, { tokens: number; last: number }>();
  const refilled = (userId: string, t: number): { tokens: number; last: number } | undefined => {
    const entry = users.get(userId);
    if (!entry) return undefined;
    entry.tokens = Math.min(options.burstMs, entry.tokens + ((t - entry.last) / 1000) * options.msPerSecond);
    entry.last = t;
    return entry;
  };
  return {
    /** Whether the user may have a message handled at `at` (false while locked out). */
    allows(userId: string, at = now()): boolean {
      return (refilled(userId, at)?.tokens ?? 0) >= 0;
    },
    /** Charges `ms` of handling, ended at `at`, to `userId`; false when that overspent the budget (the lockout starts). */
    charge(userId: string, ms: number, at = now()): boolean {
      let entry = refilled(userId, at);
      if (!entry) {
        entry = { tokens: options.burstMs, last: at };
        users.set(userId, entry);
      }
      entry.tokens -= ms;
      if (entry.tokens >= 0) return true;
      entry.tokens = Math.min(entry.tokens, -options.burstMs);
      return false;
    },
    /** Forgets the users whose budget is full again, so the map holds only recent spenders. */
    sweep(): void {
      const t = now();
      for (const userId of [...users.keys()]) {
        if (refilled(userId, t)!.tokens >= options.burstMs) users.delete(userId);
      }
    },
    /** Users with a partly spent budget (for tests). */
    get size(): number {
      return users.size;
    },
  };
}
