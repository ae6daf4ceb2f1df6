import { type Label, compareLabels } from './labels.ts';

/** Level of measurement: chooses the distance between values [M4]. Never defaulted. */
export type KrippendorffLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface KrippendorffOptions {
  level: KrippendorffLevel;
  /** Order of the values for `ordinal` when it is not the natural one (e.g. string labels); every value must be in it. */
  categories?: readonly Label[];
}

export interface KrippendorffDetail {
  /** NaN when undefined: no pairable unit, or a single value among the pairable values [M0][M4]. */
  alpha: number;
  /** D_o: mean distance of the pairable values coinciding within units. */
  observedDisagreement: number;
  /** D_e: mean distance of all pairs of pairable values. */
  expectedDisagreement: number;
  /** Units with at least two values. */
  pairableUnits: number;
  /** Values in pairable units (n of the coincidence matrix). */
  pairableValues: number;
  level: KrippendorffLevel;
}

type Cell = Label | null | undefined;

const LEVELS: readonly KrippendorffLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * Krippendorff's alpha [M4]. Rows are coders, columns are units; `null` (or a hole) is a missing value.
 *
 * @example krippendorffAlpha([[1, 2, 3, null], [1, 2, 3, 3]], { level: 'nominal' }) // 1
 */
export function krippendorffAlpha(codersByUnits: readonly (readonly Cell[])[], options: KrippendorffOptions): number {
  return krippendorffAlphaDetail(codersByUnits, options).alpha;
}

/** {@link krippendorffAlpha} with the observed and expected disagreement and the pairable counts. */
export function krippendorffAlphaDetail(
  codersByUnits: readonly (readonly Cell[])[],
  options: KrippendorffOptions,
): KrippendorffDetail {
  const level = options?.level;
  if (!LEVELS.includes(level)) {
    throw new Error(`krippendorffAlpha: options.level must be one of ${LEVELS.join(', ')} (got ${String(level)})`);
  }
  const { codes, values, units } = encode(codersByUnits, level, options.categories);
  const k = values.length;
  const coincidences = createCoincidences(k);
  const marginals = new Float64Array(k);
  const unitCounts = new Int32Array(k);
  const present: number[] = [];
  let pairableUnits = 0;
  let n = 0;
  for (let u = 0; u < units; u++) {
    present.length = 0;
    for (const row of codes) {
      const c = row[u] as number;
      if (c < 0) continue;
      if (unitCounts[c] === 0) present.push(c);
      unitCounts[c]!++;
    }
    let m = 0;
    for (const c of present) m += unitCounts[c]!;
    if (m >= 2) {
      pairableUnits++;
      n += m;
      for (let i = 0; i < present.length; i++) {
        const ci = present[i] as number;
        marginals[ci]! += unitCounts[ci]!;
        for (let j = i + 1; j < present.length; j++) {
          const cj = present[j] as number;
          coincidences.add(ci, cj, (unitCounts[ci]! * unitCounts[cj]!) / (m - 1));
        }
      }
    }
    for (const c of present) unitCounts[c] = 0;
  }

  let used = 0;
  for (let c = 0; c < k; c++) if (marginals[c]! > 0) used++;
  if (used < 2) {
    return { alpha: NaN, observedDisagreement: n >= 2 ? 0 : NaN, expectedDisagreement: n >= 2 ? 0 : NaN, pairableUnits, pairableValues: n, level };
  }
  const position = positions(level, values, marginals);
  const distance = distanceOf(level, position);
  let observedSum = 0;
  coincidences.forEach((c, d, o) => {
    observedSum += o * distance(c, d);
  });
  const expectedSum = expectedPairSum(level, position, marginals, n, distance);
  // Sums run over unordered pairs c < d; the full (ordered) sums are twice these.
  const observedDisagreement = (2 * observedSum) / n;
  const expectedDisagreement = (2 * expectedSum) / (n * (n - 1));
  return {
    alpha: 1 - observedDisagreement / expectedDisagreement,
    observedDisagreement,
    expectedDisagreement,
    pairableUnits,
    pairableValues: n,
    level,
  };
}

/** Values → codes (-1 missing), codes ordered as the level's values are ordered. */
function encode(
  codersByUnits: readonly (readonly Cell[])[],
  level: KrippendorffLevel,
  explicit: readonly Label[] | undefined,
): { codes: Int32Array[]; values: Label[]; units: number } {
  let units = 0;
  for (const row of codersByUnits) units = Math.max(units, row.length);
  const seen = new Map<Label, number>();
  const firstSeen: Label[] = [];
  const codes = codersByUnits.map((row) => {
    const out = new Int32Array(units).fill(-1);
    for (let u = 0; u < row.length; u++) {
      const v = row[u];
      if (v === null || v === undefined) continue;
      let code = seen.get(v);
      if (code === undefined) {
        checkValue(v, level);
        code = firstSeen.length;
        seen.set(v, code);
        firstSeen.push(v);
      }
      out[u] = code;
    }
    return out;
  });
  let values: Label[];
  if (explicit) {
    const known = new Set(explicit);
    if (known.size !== explicit.length) throw new Error('krippendorffAlpha: categories contain a duplicate value');
    for (const v of firstSeen) if (!known.has(v)) throw new Error(`krippendorffAlpha: value ${JSON.stringify(v)} is not in the given categories`);
    values = [...explicit];
  } else {
    values = [...firstSeen].sort(compareLabels);
  }
  const order = new Map(values.map((v, i) => [v, i]));
  const remap = firstSeen.map((v) => order.get(v) as number);
  for (const row of codes) for (let u = 0; u < units; u++) if (row[u]! >= 0) row[u] = remap[row[u]!]!;
  return { codes, values, units };
}

function checkValue(v: Label, level: KrippendorffLevel): void {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`krippendorffAlpha: ${v} is not a value (use null for missing)`);
  if ((level === 'interval' || level === 'ratio') && typeof v !== 'number') {
    throw new Error(`krippendorffAlpha: ${level} values must be numbers (got ${JSON.stringify(v)})`);
  }
  if (level === 'ratio' && (v as number) < 0) throw new Error(`krippendorffAlpha: ratio values must be >= 0 (got ${v})`);
}

/** The coordinate of each value on which interval distance is taken; ordinal uses cumulative marginal midpoints. */
function positions(level: KrippendorffLevel, values: readonly Label[], marginals: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  if (level === 'ordinal') {
    // Ordinal distance (sum of n_g for g from c to d) - (n_c + n_d)/2 equals t_d - t_c with t_c = N_{<c} + n_c/2.
    let below = 0;
    for (let c = 0; c < values.length; c++) {
      out[c] = below + marginals[c]! / 2;
      below += marginals[c]!;
    }
  } else if (level === 'interval' || level === 'ratio') {
    values.forEach((v, c) => (out[c] = v as number));
  }
  return out;
}

function distanceOf(level: KrippendorffLevel, x: Float64Array): (c: number, d: number) => number {
  switch (level) {
    case 'nominal':
      return (c, d) => (c === d ? 0 : 1);
    case 'ordinal':
    case 'interval':
      return (c, d) => (x[c]! - x[d]!) ** 2;
    case 'ratio':
      return (c, d) => {
        const sum = x[c]! + x[d]!;
        return sum === 0 ? 0 : ((x[c]! - x[d]!) / sum) ** 2;
      };
  }
}

/** Sum over unordered value pairs c < d of n_c n_d delta(c, d): O(k) for squared differences, O(k^2) for ratio. */
function expectedPairSum(
  level: KrippendorffLevel,
  x: Float64Array,
  marginals: Float64Array,
  n: number,
  distance: (c: number, d: number) => number,
): number {
  const k = marginals.length;
  if (level === 'nominal') {
    let squares = 0;
    for (let c = 0; c < k; c++) squares += marginals[c]! ** 2;
    return (n * n - squares) / 2;
  }
  if (level === 'ratio') {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      if (marginals[c] === 0) continue;
      for (let d = c + 1; d < k; d++) sum += marginals[c]! * marginals[d]! * distance(c, d);
    }
    return sum;
  }
  let mean = 0;
  for (let c = 0; c < k; c++) mean += marginals[c]! * x[c]!;
  mean /= n;
  let spread = 0;
  for (let c = 0; c < k; c++) spread += marginals[c]! * (x[c]! - mean) ** 2;
  return n * spread;
}

interface Coincidences {
  add(c: number, d: number, o: number): void;
  forEach(visit: (c: number, d: number, o: number) => void): void;
}

/** Off-diagonal coincidences (c != d, stored once per unordered pair): dense for few values, sparse otherwise. */
function createCoincidences(k: number): Coincidences {
  if (k * k <= 1 << 22) {
    const cells = new Float64Array(k * k);
    return {
      add: (c, d, o) => (c < d ? (cells[c * k + d]! += o) : (cells[d * k + c]! += o)),
      forEach(visit) {
        for (let c = 0; c < k; c++) for (let d = c + 1; d < k; d++) if (cells[c * k + d] !== 0) visit(c, d, cells[c * k + d]!);
      },
    };
  }
  const cells = new Map<number, number>();
  return {
    add(c, d, o) {
      const key = c < d ? c * k + d : d * k + c;
      cells.set(key, (cells.get(key) ?? 0) + o);
    },
    forEach(visit) {
      for (const [key, o] of cells) visit(Math.floor(key / k), key % k, o);
    },
  };
}
