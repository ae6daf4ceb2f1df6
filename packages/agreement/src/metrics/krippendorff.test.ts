import { describe, expect, it } from 'vitest';
import { type KrippendorffLevel, krippendorffAlpha, krippendorffAlphaDetail } from './krippendorff.ts';
import { seededRandom } from './random.ts';

type Cell = number | string | null;

/** Textbook alpha: every ordered pair of values from different coders within a unit, weighted 1/(m_u - 1). */
function textbookAlpha(data: Cell[][], level: KrippendorffLevel): number {
  const units = data[0]!.length;
  const pairable: number[][] = [];
  for (let u = 0; u < units; u++) {
    const values = data.map((row) => row[u]).filter((v): v is number => v !== null && v !== undefined);
    if (values.length >= 2) pairable.push(values);
  }
  const all = pairable.flat();
  const n = all.length;
  const sorted = [...new Set(all)].sort((a, b) => a - b);
  const count = (v: number): number => all.filter((x) => x === v).length;
  const delta = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'interval':
        return (c - k) ** 2;
      case 'ratio':
        return ((c - k) / (c + k)) ** 2;
      case 'ordinal': {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let sum = 0;
        for (const g of sorted) if (g >= lo && g <= hi) sum += count(g);
        return (sum - (count(c) + count(k)) / 2) ** 2;
      }
    }
  };
  let observed = 0;
  for (const values of pairable) {
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) if (i !== j) observed += delta(values[i]!, values[j]!) / (values.length - 1);
    }
  }
  let expected = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) expected += delta(all[i]!, all[j]!);
  return 1 - ((n - 1) * observed) / expected;
}

const LEVELS: KrippendorffLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

// Krippendorff (2011) "Computing Krippendorff's alpha-reliability", 4 observers x 12 units, missing values.
const paper: Cell[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe('krippendorffAlpha', () => {
  it('[M4] Krippendorff 2011 example: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797', () => {
    expect(krippendorffAlpha(paper, { level: 'nominal' })).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(paper, { level: 'ordinal' })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(paper, { level: 'interval' })).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(paper, { level: 'ratio' })).toBeCloseTo(0.797, 3);
  });

  it('[M4] equals the textbook pairwise computation on random data with missing values, every level; at most 1', () => {
    const random = seededRandom('kripp');
    for (let trial = 0; trial < 30; trial++) {
      const coders = 2 + Math.floor(random() * 4);
      const units = 1 + Math.floor(random() * 25);
      const values = 2 + Math.floor(random() * 5);
      const data = Array.from({ length: coders }, () =>
        Array.from({ length: units }, () => (random() < 0.25 ? null : 1 + Math.floor(random() * values))),
      );
      for (const level of LEVELS) {
        const fast = krippendorffAlpha(data, { level });
        const slow = textbookAlpha(data, level);
        if (Number.isNaN(slow)) expect(fast).toBeNaN();
        else {
          expect(fast).toBeCloseTo(slow, 9);
          expect(fast).toBeLessThanOrEqual(1 + 1e-12);
        }
      }
    }
  });

  it('[M4] level is required: a missing or unknown level throws', () => {
    expect(() => krippendorffAlpha(paper, {} as never)).toThrow(/level/);
    expect(() => krippendorffAlpha(paper, { level: 'nominals' as KrippendorffLevel })).toThrow(/level/);
  });

  it('[M0][M4] undefined (NaN) when all pairable values are equal or no unit is pairable', () => {
    expect(krippendorffAlpha([[1, 1, 1], [1, 1, null]], { level: 'nominal' })).toBeNaN();
    expect(krippendorffAlpha([[1, null, 3], [null, 2, null]], { level: 'interval' })).toBeNaN();
    expect(krippendorffAlpha([], { level: 'nominal' })).toBeNaN();
    // A lone value in an unpairable unit does not make the data vary.
    expect(krippendorffAlpha([[1, 1, 5], [1, 1, null]], { level: 'nominal' })).toBeNaN();
  });

  it('[M4] perfect agreement is 1 at every level; units with one value are dropped', () => {
    const data = [
      [1, 2, 3, 4, null],
      [1, 2, 3, 4, 7],
      [null, 2, 3, 4, null],
    ];
    for (const level of LEVELS) expect(krippendorffAlpha(data, { level })).toBe(1);
    expect(krippendorffAlphaDetail(data, { level: 'nominal' })).toMatchObject({ pairableUnits: 4, pairableValues: 11 });
  });

  it('[M4] nominal alpha is invariant under relabelling and coder order; short rows are missing values', () => {
    const random = seededRandom(3);
    const data = Array.from({ length: 4 }, () => Array.from({ length: 40 }, () => Math.floor(random() * 4)));
    const base = krippendorffAlpha(data, { level: 'nominal' });
    const relabelled = data.map((row) => row.map((v) => ['z', 'a', 'm', 'b'][v]!));
    expect(krippendorffAlpha(relabelled, { level: 'nominal' })).toBeCloseTo(base, 12);
    expect(krippendorffAlpha([...data].reverse(), { level: 'nominal' })).toBeCloseTo(base, 12);
    const short = [data[0]!.slice(0, 30), ...data.slice(1)];
    const padded = [[...data[0]!.slice(0, 30), ...new Array<null>(10).fill(null)], ...data.slice(1)];
    expect(krippendorffAlpha(short, { level: 'nominal' })).toBe(krippendorffAlpha(padded, { level: 'nominal' }));
  });

  it('[M4] ordinal uses the given category order for string values', () => {
    const order = ['low', 'mid', 'high'];
    const numeric = paper.map((row) => row.map((v) => (v === null ? null : Math.min(3, v as number))));
    const named = numeric.map((row) => row.map((v) => (v === null ? null : order[(v as number) - 1]!)));
    expect(krippendorffAlpha(named, { level: 'ordinal', categories: order })).toBeCloseTo(
      krippendorffAlpha(numeric, { level: 'ordinal' }),
      12,
    );
    expect(() => krippendorffAlpha(named, { level: 'ordinal', categories: ['low', 'mid'] })).toThrow(/not in the given categories/);
  });

  it('[M0][M4] interval and ratio values must be numbers; ratio values non-negative; NaN is not a value', () => {
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'interval' })).toThrow(/numbers/);
    expect(() => krippendorffAlpha([[1, -2], [1, 2]], { level: 'ratio' })).toThrow(/>= 0/);
    expect(() => krippendorffAlpha([[1, NaN], [1, 2]], { level: 'nominal' })).toThrow(/null for missing/);
  });

  it('[M4] many distinct interval values (sparse coincidences) match the textbook value', () => {
    const random = seededRandom('sparse');
    const data = Array.from({ length: 3 }, () => Array.from({ length: 1500 }, () => Math.round(random() * 1e6)));
    const truth = data[0]!;
    const noisy = [truth, truth.map((v) => v + Math.round(random() * 1000)), data[2]!];
    const fast = krippendorffAlpha(noisy, { level: 'interval' });
    const slowSample = noisy.map((row) => row.slice(0, 60));
    expect(krippendorffAlpha(slowSample, { level: 'interval' })).toBeCloseTo(textbookAlpha(slowSample, 'interval'), 9);
    expect(fast).toBeGreaterThan(-1);
    expect(fast).toBeLessThan(1);
  });

  it('[M11] 100,000 units x 5 coders of categorical labels take well under a second', () => {
    const random = seededRandom('large');
    const data = Array.from({ length: 5 }, () => Array.from({ length: 100_000 }, () => (random() < 0.05 ? null : Math.floor(random() * 5))));
    krippendorffAlpha(data, { level: 'nominal' });
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      const start = performance.now();
      const alpha = krippendorffAlpha(data, { level });
      // Typically 30-60 ms; the bound leaves room for a loaded machine.
      expect(performance.now() - start).toBeLessThan(1000);
      expect(Math.abs(alpha)).toBeLessThan(0.05);
    }
  });
});
