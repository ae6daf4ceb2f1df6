/** Above this many rows or columns in one group of overlapping regions, matching is greedy (see [D7]). */
export const maxOptimalSize = 300;

/**
 * Minimum-cost assignment of every row to a distinct column (rows ≤ columns), by the Hungarian method
 * with potentials, O(rows² · columns). Returns the column of each row.
 */
function hungarian(cost: readonly (readonly number[])[], rows: number, columns: number): number[] {
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  const owner = new Int32Array(columns + 1); // owner[j]: the row (1-based) assigned to column j, 0 = free
  const way = new Int32Array(columns + 1);
  for (let i = 1; i <= rows; i++) {
    owner[0] = i;
    let j0 = 0;
    const minv = new Float64Array(columns + 1).fill(Infinity);
    const used = new Uint8Array(columns + 1);
    do {
      used[j0] = 1;
      const i0 = owner[j0] ?? 0;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= columns; j++) {
        if (used[j]) continue;
        const reduced = (cost[i0 - 1]?.[j - 1] ?? 0) - (u[i0] ?? 0) - (v[j] ?? 0);
        if (reduced < (minv[j] ?? Infinity)) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if ((minv[j] ?? Infinity) < delta) {
          delta = minv[j] ?? Infinity;
          j1 = j;
        }
      }
      for (let j = 0; j <= columns; j++) {
        if (used[j]) {
          const row = owner[j] ?? 0;
          u[row] = (u[row] ?? 0) + delta;
          v[j] = (v[j] ?? 0) - delta;
        } else minv[j] = (minv[j] ?? 0) - delta;
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    do {
      const j1 = way[j0] ?? 0;
      owner[j0] = owner[j1] ?? 0;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= columns; j++) if (owner[j]) out[(owner[j] ?? 1) - 1] = j - 1;
  return out;
}

/** Maximum total weight matching of a weight matrix (rows × columns, weights ≥ 0), optimally. */
function optimal(weights: readonly (readonly number[])[], rows: number, columns: number): [number, number][] {
  const transpose = rows > columns;
  const [n, m] = transpose ? [columns, rows] : [rows, columns];
  const cost = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => -((transpose ? weights[j]?.[i] : weights[i]?.[j]) ?? 0) || 0));
  return hungarian(cost, n, m).flatMap((j, i): [number, number][] => (j < 0 ? [] : [transpose ? [j, i] : [i, j]]));
}

/** Heaviest pairs first, each row and column used once: fast, not always optimal. */
function greedy(weights: readonly (readonly number[])[], rows: number, columns: number): [number, number][] {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) pairs.push([weights[i]?.[j] ?? 0, i, j]);
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const [rowUsed, columnUsed] = [new Set<number>(), new Set<number>()];
  return pairs.flatMap(([, i, j]): [number, number][] => {
    if (rowUsed.has(i) || columnUsed.has(j)) return [];
    rowUsed.add(i);
    columnUsed.add(j);
    return [[i, j]];
  });
}

/** Groups of rows and columns connected by positive weights (regions in different places never compete). */
function components(weights: readonly (readonly number[])[], rows: number, columns: number): { rows: number[]; columns: number[] }[] {
  const rowSeen = new Uint8Array(rows);
  const columnSeen = new Uint8Array(columns);
  const out: { rows: number[]; columns: number[] }[] = [];
  for (let start = 0; start < rows; start++) {
    if (rowSeen[start]) continue;
    const group = { rows: [start], columns: [] as number[] };
    rowSeen[start] = 1;
    for (let k = 0; k < group.rows.length; k++) {
      const i = group.rows[k] ?? 0;
      for (let j = 0; j < columns; j++) {
        if (columnSeen[j] || !((weights[i]?.[j] ?? 0) > 0)) continue;
        columnSeen[j] = 1;
        group.columns.push(j);
        for (let r = 0; r < rows; r++) {
          if (!rowSeen[r] && (weights[r]?.[j] ?? 0) > 0) {
            rowSeen[r] = 1;
            group.rows.push(r);
          }
        }
      }
    }
    if (group.columns.length > 0) out.push(group);
  }
  return out;
}

/**
 * [D7] Pairs `[row, column]` of a maximum total weight matching: each row and column used at most once,
 * pairs of weight 0 left out. Solved per group of rows and columns connected by positive weights, by
 * the Hungarian method; a group larger than {@link maxOptimalSize} on either side is matched greedily.
 * Pairs are listed by row.
 *
 * @example
 * matchByWeight([[0.6, 0.55], [0.5, 0]]) // [[0, 1], [1, 0]]: 1.05 beats greedy's 0.6
 */
export function matchByWeight(weights: readonly (readonly number[])[]): [number, number][] {
  const rows = weights.length;
  const columns = weights[0]?.length ?? 0;
  const out: [number, number][] = [];
  for (const group of components(weights, rows, columns)) {
    const sub = group.rows.map((i) => group.columns.map((j) => weights[i]?.[j] ?? 0));
    const solve = Math.max(group.rows.length, group.columns.length) > maxOptimalSize ? greedy : optimal;
    for (const [i, j] of solve(sub, group.rows.length, group.columns.length)) {
      if ((sub[i]?.[j] ?? 0) > 0) out.push([group.rows[i] ?? 0, group.columns[j] ?? 0]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}
