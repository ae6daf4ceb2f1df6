// Several rounds of a timed scenario, folded into one set of figures: counts add up (so the delivery check
// stays exact), rates, latencies, CPU and memory take the median round.
import type { TimedFigures } from './scenarios.ts';
import { percentile } from './stats.ts';

const summed = ['editsInWindow', 'expected', 'delivered', 'gaps', 'duplicates', 'closes'] as const;

function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

/**
 * Folds rounds of one server's timed scenario (at least one).
 * @example const figures = foldRounds([round1, round2, round3]);
 */
export function foldRounds(rounds: TimedFigures[]): TimedFigures {
  const first = rounds[0];
  if (!first) throw new Error('no rounds to fold');
  if (rounds.length === 1) return first;
  const folded: TimedFigures = { ...first, latencyMs: { ...first.latencyMs } };
  for (const key of Object.keys(first) as Array<keyof TimedFigures>) {
    if (key === 'latencyMs') continue;
    const values = rounds.map((r) => r[key]);
    if (values.some((v) => typeof v !== 'number')) continue;
    (folded as unknown as Record<string, number>)[key] = (summed as readonly string[]).includes(key)
      ? (values as number[]).reduce((a, b) => a + b, 0)
      : median(values as number[]);
  }
  for (const key of ['p50', 'p95', 'p99', 'max'] as const) folded.latencyMs[key] = median(rounds.map((r) => r.latencyMs[key]));
  folded.closeCodes = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.closeCodes)) folded.closeCodes[code] = (folded.closeCodes[code] ?? 0) + n;
  return folded;
}

/** The servers in the order of round `round` (rotated, so no server always runs first or last). */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
