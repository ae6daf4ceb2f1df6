/**
 * Kendall's tau-b between two paired score lists [M5], corrected for ties on either side; O(n log n)
 * (Knight's algorithm: sort by x then y, count discordant pairs as the inversions of a merge sort of y).
 * NaN when n < 2 or either side is all ties.
 *
 * @example kendallTauB([1, 2, 3, 4], [1, 3, 2, 4]) // 2/3
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new Error(`kendallTauB: lists differ in length (${x.length} vs ${y.length})`);
  for (const v of [...x, ...y]) if (!Number.isFinite(v)) throw new Error(`kendallTauB: ${v} is not a score`);
  const n = x.length;
  if (n < 2) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i]! - x[j]! || y[i]! - y[j]!);
  const pairs = (n * (n - 1)) / 2;
  let tiedX = 0;
  let tiedBoth = 0;
  let runX = 1;
  let runBoth = 1;
  for (let i = 1; i < n; i++) {
    const sameX = x[order[i]!] === x[order[i - 1]!];
    runX = sameX ? runX + 1 : 1;
    runBoth = sameX && y[order[i]!] === y[order[i - 1]!] ? runBoth + 1 : 1;
    tiedX += runX - 1;
    tiedBoth += runBoth - 1;
  }
  const ys = Float64Array.from(order, (i) => y[i]!);
  const discordant = sortCountingInversions(ys);
  let tiedY = 0;
  let runY = 1;
  for (let i = 1; i < n; i++) {
    runY = ys[i] === ys[i - 1] ? runY + 1 : 1;
    tiedY += runY - 1;
  }
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  if (denominator === 0) return NaN;
  return (pairs - tiedX - tiedY + tiedBoth - 2 * discordant) / denominator;
}

/** Sorts in place (bottom-up merge sort) and returns the number of strictly inverted pairs. */
function sortCountingInversions(values: Float64Array): number {
  const n = values.length;
  let from: Float64Array = values;
  let to: Float64Array = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let start = 0; start < n; start += 2 * width) {
      const mid = Math.min(start + width, n);
      const end = Math.min(start + 2 * width, n);
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) {
        if (from[i]! <= from[j]!) to[k++] = from[i++]!;
        else {
          inversions += mid - i;
          to[k++] = from[j++]!;
        }
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < end) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
  return inversions;
}

/**
 * Kendall's coefficient of concordance W across raters [M5], with the tie correction. Rows are raters,
 * columns objects; each row is turned into average ranks first (equal values tie; lower = ranked first),
 * so raw ordinal scores work as well as ranks. NaN when there are fewer than two raters or objects, or
 * when every rater ties every object.
 *
 * @example kendallW([[1, 2, 3], [1, 3, 2], [1, 2, 3]])
 */
export function kendallW(rankingsByRater: readonly (readonly number[])[]): number {
  const m = rankingsByRater.length;
  const n = m === 0 ? 0 : (rankingsByRater[0] as readonly number[]).length;
  for (const [r, row] of rankingsByRater.entries()) {
    if (row.length !== n) throw new Error(`kendallW: rater ${r} ranks ${row.length} objects, expected ${n}`);
    for (const v of row) if (!Number.isFinite(v)) throw new Error(`kendallW: ${v} is not a rank`);
  }
  if (m < 2 || n < 2) return NaN;
  const sums = new Float64Array(n);
  let tieCorrection = 0;
  for (const row of rankingsByRater) {
    const { ranks, ties } = averageRanks(row);
    tieCorrection += ties;
    for (let j = 0; j < n; j++) sums[j]! += ranks[j]!;
  }
  const mean = (m * (n + 1)) / 2;
  let s = 0;
  for (let j = 0; j < n; j++) s += (sums[j]! - mean) ** 2;
  const denominator = m * m * (n ** 3 - n) - m * tieCorrection;
  return denominator === 0 ? NaN : (12 * s) / denominator;
}

/**
 * Average (mid) ranks of values, 1-based, and the tie term sum of (t^3 - t) over groups of equal values.
 *
 * @example averageRanks([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number } {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  let ties = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const t = end - start;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]!] = rank;
    ties += t ** 3 - t;
    start = end;
  }
  return { ranks, ties };
}
