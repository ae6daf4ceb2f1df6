// Agreement benchmark (run by `npm run bench`, through tsx): 100,000 items x 5 annotators, seeded labels.
// Each metric is timed beside a peer measured in the same run on the same input, and the values are
// compared: the `krippendorff` npm package (0.1.0, MIT, pinned) for alpha; for Cohen's and Fleiss' kappa
// no npm package was found (searched by name: kappa, cohen, fleiss), so the peer is a textbook implementation (./textbook.ts).
import { alpha as peerAlpha } from 'krippendorff';
import {
  categoryCounts,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  matchBoxes,
} from '../src/index.ts';
import { createBoxImages, createLabels } from './data.ts';
import { greedyMatchF1, ordinalDistance, textbookCohenKappa, textbookFleissKappa } from './textbook.ts';

const ITEMS = 100_000;
const ANNOTATORS = 5;
const IMAGES = 1_000;
const BOXES = 20;
const TOLERANCE = 1e-9;
/** Timed runs per metric (the median is printed), after one warm-up run. */
const RUNS = 3;

interface Timed<T> {
  ms: number;
  value: T;
}

/** Median wall time of `runs` runs after one untimed warm-up. */
function time<T>(run: () => T, runs: number): Timed<T> {
  let value = run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = run();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)]!, value };
}

interface Row {
  metric: string;
  concord: Timed<number[]>;
  peer: string;
  reference: Timed<number[]>;
  /** How the values must relate (default: equal within TOLERANCE). */
  check?: { label: string; holds: (concord: number, peer: number) => boolean };
}

const rows: Row[] = [];
const labels = createLabels({ items: ITEMS, annotators: ANNOTATORS, categories: 5, accuracy: 0.7, seed: 'bench-labels' });
const images = createBoxImages({ images: IMAGES, boxes: BOXES, seed: 'bench-boxes' });
const byItem = transpose(labels);
const withUndefined = labels.map((row) => row.map((v) => v as number | undefined));

const pairs: [number, number][] = [];
for (let i = 0; i < ANNOTATORS; i++) for (let j = i + 1; j < ANNOTATORS; j++) pairs.push([i, j]);

rows.push({
  metric: `Fleiss' kappa (incl. categoryCounts)`,
  concord: time(() => [fleissKappa(categoryCounts(byItem).counts)], RUNS),
  peer: 'textbook',
  reference: time(() => [textbookFleissKappa(labels)], RUNS),
});
for (const level of ['nominal', 'ordinal', 'interval'] as const) {
  const metric = level === 'nominal' ? undefined : level === 'interval' ? (c: number, k: number) => (c - k) ** 2 : ordinalDistance(counts(labels));
  rows.push({
    metric: `Krippendorff's alpha, ${level}`,
    concord: time(() => [krippendorffAlpha(labels, { level })], RUNS),
    peer: 'krippendorff@0.1.0',
    reference: time(() => [peerAlpha(withUndefined, metric)], RUNS),
  });
}
rows.push({
  metric: `Cohen's kappa, all ${pairs.length} pairs`,
  concord: time(() => pairs.map(([i, j]) => cohenKappa(labels[i]!, labels[j]!)), RUNS),
  peer: 'textbook',
  reference: time(() => pairs.map(([i, j]) => textbookCohenKappa(labels[i]!, labels[j]!)), RUNS),
});
rows.push({
  metric: `matchBoxes, ${IMAGES} images x ${BOXES} boxes (mean F1)`,
  concord: time(() => [mean(images.map(({ a, b }) => matchBoxes(a, b).f1))], RUNS),
  peer: 'greedy best-first',
  reference: time(() => [mean(images.map(({ a, b }) => greedyMatchF1(a, b)))], RUNS),
  // Not a correctness peer: the optimal assignment must match at least as many pairs as greedy.
  check: { label: '>= greedy', holds: (concord, peer) => concord >= peer - TOLERANCE },
});

print();

function print(): void {
  const header = ['metric', 'concord ms', 'peer', 'peer ms', 'value (concord)', 'values agree'];
  const lines = rows.map((row) => {
    const holds = row.check?.holds ?? ((concord: number, peer: number) => Math.abs(concord - peer) <= TOLERANCE);
    const ok = row.concord.value.every((v, i) => holds(v, row.reference.value[i]!));
    const agree = `${ok ? 'yes' : 'NO'}${row.check ? ` (${row.check.label}: ${row.reference.value[0]!.toFixed(6)})` : ''}`;
    return [
      row.metric,
      row.concord.ms.toFixed(1),
      row.peer,
      row.reference.ms.toFixed(1),
      row.concord.value.length === 1 ? row.concord.value[0]!.toFixed(6) : `${row.concord.value.length} values, mean ${mean(row.concord.value).toFixed(6)}`,
      agree,
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const format = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  console.log(`agreement: ${ITEMS.toLocaleString('en')} items x ${ANNOTATORS} annotators, 5 categories (seeded); ms = median of ${RUNS} runs after a warm-up, for concord and peer alike`);
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(`values agree: |concord - peer| <= ${TOLERANCE} for every value of the row, unless the row says otherwise`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, peers included)`);
  if (lines.some((l) => l[5]!.startsWith('NO'))) {
    console.error('agreement bench: a value differs from its peer');
    process.exitCode = 1;
  }
}

function transpose(rowsByCoder: readonly (readonly number[])[]): number[][] {
  return rowsByCoder[0]!.map((_, u) => rowsByCoder.map((row) => row[u]!));
}

function counts(rowsByCoder: readonly (readonly number[])[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const row of rowsByCoder) for (const v of row) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
