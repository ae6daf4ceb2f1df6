// Small figures helpers for the load benchmark: latency samples, percentiles and per-writer sequence checks.
import type { Histogram } from './servers/types.ts';

/** A growable list of numbers (latency samples in µs), stored flat. */
export interface Samples {
  push(value: number): void;
  readonly length: number;
  /** A sorted copy of the samples. */
  sorted(): Float64Array;
}

export function createSamples(initialCapacity = 1024): Samples {
  let values = new Float64Array(initialCapacity);
  let length = 0;
  return {
    push(value) {
      if (length === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[length++] = value;
    },
    get length() {
      return length;
    },
    sorted: () => values.slice(0, length).sort(),
  };
}

/**
 * The nearest-rank percentile of sorted values (p in 0..100); NaN when there are none.
 * @example percentile(Float64Array.of(1, 2, 3, 4), 50) // 2
 */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** What a sequence check found: edits seen in order, missing sequence numbers, repeats (or late arrivals). */
export interface SeqReport {
  received: number;
  gaps: number;
  duplicates: number;
}

/**
 * Checks one receiver's view of one writer: sequence numbers must arrive once each, in order, from 0.
 * `see` returns true for a first, in-order delivery (the ones to count and time).
 */
export function createSeqCheck() {
  let next = 0;
  const report: SeqReport = { received: 0, gaps: 0, duplicates: 0 };
  return {
    see(seq: number): boolean {
      if (seq < next) {
        report.duplicates++;
        return false;
      }
      if (seq > next) report.gaps += seq - next;
      next = seq + 1;
      report.received++;
      return true;
    },
    /** The report once the writer is known to have sent `sent` edits (0..sent-1): a missing tail counts as gaps. */
    finish(sent: number): SeqReport {
      return { ...report, gaps: report.gaps + Math.max(0, sent - next) };
    },
  };
}

/** The counts a cumulative histogram gained between two readings (same bounds), summed over instances by `addHistograms`. */
export function histogramDelta(after: Histogram, before: Histogram): Histogram {
  return { bounds: after.bounds, cumulative: after.cumulative.map((count, i) => count - (before.cumulative[i] ?? 0)) };
}

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  return { bounds: a.bounds, cumulative: a.cumulative.map((count, i) => count + (b.cumulative[i] ?? 0)) };
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolated linearly inside the bucket that holds it
 * (as Prometheus' histogram_quantile does); the largest finite bound when it falls in +Inf; NaN when empty.
 * @example histogramQuantile({ bounds: [1, 2, Infinity], cumulative: [0, 10, 10] }, 0.5) // 1.5
 */
export function histogramQuantile(histogram: Histogram, q: number): number {
  const { bounds, cumulative } = histogram;
  const total = cumulative.at(-1) ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  const at = cumulative.findIndex((count) => count >= rank);
  const upper = bounds[at]!;
  if (upper === Number.POSITIVE_INFINITY) return bounds[bounds.length - 2] ?? Number.NaN;
  const lower = at === 0 ? 0 : bounds[at - 1]!;
  const below = at === 0 ? 0 : cumulative[at - 1]!;
  const inBucket = cumulative[at]! - below;
  return inBucket === 0 ? upper : lower + ((upper - lower) * (rank - below)) / inBucket;
}

