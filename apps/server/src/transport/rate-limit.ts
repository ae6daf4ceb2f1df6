/**
 * A token bucket: `rate` units per second, bursts up to `burst`. Clock injectable for tests.
 * @example const bucket = createTokenBucket({ rate: 300, burst: 600 }); if (!bucket.take(1)) close();
 */
export function createTokenBucket(options: { rate: number; burst: number; now?: () => number }): { take(units: number): boolean } {
  const now = options.now ?? (() => performance.now());
  let tokens = options.burst;
  let last = now();
  return {
    take(units) {
      const t = now();
      tokens = Math.min(options.burst, tokens + ((t - last) / 1000) * options.rate);
      last = t;
      if (tokens < units) return false;
      tokens -= units;
      return true;
    },
  };
}
