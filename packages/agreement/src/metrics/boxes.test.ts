import { describe, expect, it } from 'vitest';
import { type Box, boxIou, matchBoxes } from './boxes.ts';
import { assignMinCost } from './hungarian.ts';
import { seededRandom } from './random.ts';

const box = (x: number, y: number, w: number, h: number, label?: string): Box => ({ x, y, w, h, label });

/** Best total of cost over all assignments of min(rows, cols) pairs, by trying every permutation. */
function bruteForceMinCost(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]?.length ?? 0;
  if (rows > cols) return bruteForceMinCost(cols === 0 ? [] : cost[0]!.map((_, j) => cost.map((row) => row[j]!)));
  let best = Infinity;
  const taken = new Array<boolean>(cols).fill(false);
  const visit = (i: number, total: number): void => {
    if (i === rows) {
      best = Math.min(best, total);
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (taken[j]) continue;
      taken[j] = true;
      visit(i + 1, total + cost[i]![j]!);
      taken[j] = false;
    }
  };
  visit(0, 0);
  return best;
}

describe('boxes', () => {
  it('[M6] IoU: identical 1, disjoint 0, symmetric, negative extents normalised, empty union NaN', () => {
    expect(boxIou(box(1, 1, 4, 4), box(1, 1, 4, 4))).toBe(1);
    expect(boxIou(box(0, 0, 1, 1), box(2, 2, 1, 1))).toBe(0);
    expect(boxIou(box(0, 0, 1, 1), box(1, 0, 1, 1))).toBe(0);
    expect(boxIou(box(10, 10, -10, -10), box(5, 5, 10, 10))).toBeCloseTo(1 / 7, 12);
    expect(boxIou(box(0, 0, 4, 2), box(1, 0, 4, 2))).toBe(boxIou(box(1, 0, 4, 2), box(0, 0, 4, 2)));
    expect(boxIou(box(3, 3, 0, 0), box(3, 3, 0, 0))).toBeNaN();
  });

  it('[M6] Hungarian assignment reaches the brute-force optimum on random rectangular matrices', () => {
    const random = seededRandom('hungarian');
    for (let trial = 0; trial < 150; trial++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(random() * 20) / 4));
      const assignment = assignMinCost(cost);
      const used = assignment.filter((j) => j >= 0);
      expect(used.length).toBe(Math.min(rows, cols));
      expect(new Set(used).size).toBe(used.length);
      const total = assignment.reduce((sum, j, i) => (j < 0 ? sum : sum + cost[i]![j]!), 0);
      expect(total).toBeCloseTo(bruteForceMinCost(cost), 9);
    }
  });

  it('[M6] crowded scene: optimal matching keeps both pairs where greedy best-first would keep one', () => {
    // Greedy takes a0-b0 (IoU 9/11), leaving a1-b1 (0.21) below 0.5; the optimum pairs a0-b1 (7/13) and a1-b0 (0.6).
    const a = [box(0, 0, 10, 10), box(3.5, 0, 10, 10)];
    const b = [box(1, 0, 10, 10), box(-3, 0, 10, 10)];
    expect(boxIou(a[0]!, b[0]!)).toBeCloseTo(9 / 11, 12);
    expect(boxIou(a[1]!, b[1]!)).toBeLessThan(0.5);
    const result = matchBoxes(a, b);
    expect(result.pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(result.f1).toBe(1);
  });

  it('[M6] f1, mean IoU, label agreement; pairs below the threshold are not matches', () => {
    const a = [box(0, 0, 10, 10, 'cat'), box(100, 100, 10, 10, 'dog'), box(200, 200, 5, 5, 'car')];
    const b = [box(0, 0, 10, 10, 'cat'), box(101, 100, 10, 10, 'cat'), box(500, 500, 5, 5)];
    const result = matchBoxes(a, b);
    expect(result.pairs).toHaveLength(2);
    expect(result.f1).toBeCloseTo(4 / 6, 12);
    expect(result.meanIou).toBeCloseTo((1 + 90 / 110) / 2, 12);
    expect(result.labelAgreement).toBe(0.5);
    expect(matchBoxes(a, b, { iou: 0.95 }).pairs).toEqual([{ a: 0, b: 0, iou: 1 }]);
    expect(matchBoxes([box(0, 0, 1, 1)], [box(0, 0, 1, 1)], { iou: 0 }).pairs).toHaveLength(1);
    expect(matchBoxes([box(0, 0, 1, 1)], [box(5, 5, 1, 1)], { iou: 0 }).pairs).toHaveLength(0);
    // Absent labels count as ''.
    expect(matchBoxes([box(0, 0, 1, 1)], [box(0, 0, 1, 1, '')]).labelAgreement).toBe(1);
  });

  it('[M0][M6] both empty: f1 undefined; one side empty: f1 0, mean IoU and label agreement undefined', () => {
    const none = matchBoxes([], []);
    expect(none.f1).toBeNaN();
    expect(none.meanIou).toBeNaN();
    expect(none.labelAgreement).toBeNaN();
    const one = matchBoxes([box(0, 0, 1, 1)], []);
    expect(one.f1).toBe(0);
    expect(one.meanIou).toBeNaN();
    expect(one.labelAgreement).toBeNaN();
  });

  it('[M6] properties: symmetric f1 and mean IoU, perfect copy scores 1, f1 in [0, 1]', () => {
    const random = seededRandom('boxes');
    for (let trial = 0; trial < 100; trial++) {
      const make = (count: number): Box[] =>
        Array.from({ length: count }, () => box(random() * 50, random() * 50, 2 + random() * 20, 2 + random() * 20, random() < 0.5 ? 'p' : 'q'));
      const a = make(Math.floor(random() * 8));
      const b = make(Math.floor(random() * 8));
      const ab = matchBoxes(a, b);
      const ba = matchBoxes(b, a);
      if (a.length + b.length === 0) expect(ab.f1).toBeNaN();
      else {
        expect(ab.f1).toBeGreaterThanOrEqual(0);
        expect(ab.f1).toBeLessThanOrEqual(1);
        expect(ba.f1).toBeCloseTo(ab.f1, 12);
      }
      if (ab.pairs.length > 0) expect(ba.meanIou).toBeCloseTo(ab.meanIou, 9);
      if (a.length > 0) {
        const self = matchBoxes(a, a.map((x) => ({ ...x })));
        expect(self.f1).toBe(1);
        expect(self.meanIou).toBeCloseTo(1, 12);
        expect(self.labelAgreement).toBe(1);
      }
    }
  });
});
