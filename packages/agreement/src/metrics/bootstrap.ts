import { seededRandom } from './random.ts';

export interface BootstrapOptions {
  /** Seed of the resampling PRNG: equal seeds give equal intervals. */
  seed: number | string;
  /** Resamples (default 1000). */
  iterations?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
}

/**
 * Percentile bootstrap interval of a statistic over units [M9]: resample the units with replacement,
 * recompute, take the (1-level)/2 and (1+level)/2 quantiles (linear interpolation). Resamples whose statistic
 * is not finite (NaN: undefined) are skipped; returns null when fewer than half the resamples are defined
 * or there are no units.
 *
 * @example bootstrapCi(items, (sample) => meanKappa(sample), { seed: 1 }) // [0.61, 0.74]
 */
export function bootstrapCi<T>(
  units: readonly T[],
  statistic: (sample: T[]) => number,
  options: BootstrapOptions,
): [number, number] | null {
  const iterations = options.iterations ?? 1000;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`bootstrapCi: level must be in (0, 1) (got ${level})`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`bootstrapCi: iterations must be a positive integer`);
  if (units.length === 0) return null;
  const random = seededRandom(options.seed);
  const values: number[] = [];
  const sample = new Array<T>(units.length);
  for (let r = 0; r < iterations; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(random() * units.length)] as T;
    const value = statistic(sample.slice());
    if (Number.isFinite(value)) values.push(value);
  }
  if (values.length * 2 < iterations) return null;
  values.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

/** Quantile of sorted values with linear interpolation between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}
