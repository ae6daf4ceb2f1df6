/** A ranking as shown: groups best first (a group of several is a tie), plus who is not ranked yet. */
export interface RankingView {
  /** Groups of response ids, best first; each group's members share one rank. */
  groups: string[][];
  /** The rank number stored for each group (1 = best); may have gaps until someone tidies up. */
  ranks: number[];
  /** Responses without a rank, in display order. */
  unranked: string[];
}

/**
 * Groups a `rank:<id>` map into the ordered list of tied groups. Within a group and among the
 * unranked, responses keep the annotator's display order. Ranks that are not integers ≥ 1 count as
 * unranked.
 *
 * @example
 *   rankingGroups({ a: 2, b: 1, c: 2 }, ['a', 'b', 'c'])
 *   // { groups: [['b'], ['a', 'c']], ranks: [1, 2], unranked: [] }
 */
export function rankingGroups(ranks: Readonly<Record<string, number | null | undefined>>, displayIds: readonly string[]): RankingView {
  const byRank = new Map<number, string[]>();
  const unranked: string[] = [];
  for (const id of displayIds) {
    const rank = ranks[id];
    if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1) {
      unranked.push(id);
      continue;
    }
    const group = byRank.get(rank);
    if (group) group.push(id);
    else byRank.set(rank, [id]);
  }
  const sorted = [...byRank.keys()].sort((a, b) => a - b);
  return { groups: sorted.map((rank) => byRank.get(rank) ?? []), ranks: sorted, unranked };
}

/** True when the ranks are 1..k without gaps (what validation asks for). */
export function isDense(ranks: readonly number[]): boolean {
  return ranks.every((rank, index) => rank === index + 1);
}

function without(groups: readonly (readonly string[])[], id: string): string[][] {
  return groups.map((group) => group.filter((member) => member !== id)).filter((group) => group.length > 0);
}

/**
 * Where `id` lands when dropped: into the group at `index` (a tie), or as a group of its own before
 * `index` (`asNewGroup`). Indexes refer to `groups` as shown, before the move. Returns new groups.
 *
 * @example
 *   moveResponse([['a'], ['b'], ['c']], 'c', { index: 0, asNewGroup: true }) // [['c'], ['a'], ['b']]
 *   moveResponse([['a'], ['b'], ['c']], 'c', { index: 0, asNewGroup: false }) // [['a', 'c'], ['b']]
 */
export function moveResponse(
  groups: readonly (readonly string[])[],
  id: string,
  target: { index: number; asNewGroup: boolean },
): string[][] {
  // Mark the target group before removing `id`, since removal may drop an emptied group.
  const marker = Symbol('target');
  const marked: (string[] | typeof marker)[] = groups.map((group) => [...group]);
  const index = Math.max(0, Math.min(groups.length, Math.trunc(target.index)));
  if (target.asNewGroup) marked.splice(index, 0, marker);
  const targetGroup = target.asNewGroup ? null : marked[index];
  const result: string[][] = [];
  for (const entry of marked) {
    if (entry === marker) {
      result.push([id]);
      continue;
    }
    const rest = entry.filter((member) => member !== id);
    if (entry === targetGroup) rest.push(id);
    if (rest.length > 0) result.push(rest);
  }
  if (!target.asNewGroup && targetGroup === undefined) result.push([id]);
  return result;
}

/**
 * Ties `id` with the group above it (the next better one). A response already in the best group, or
 * not ranked, is returned unchanged.
 */
export function tieWithAbove(groups: readonly (readonly string[])[], id: string): string[][] {
  const at = groups.findIndex((group) => group.includes(id));
  if (at <= 0) return groups.map((group) => [...group]);
  return moveResponse(groups, id, { index: at - 1, asNewGroup: false });
}

/** Takes `id` out of its tie into a group of its own just below it. Unchanged when it is alone or unranked. */
export function untie(groups: readonly (readonly string[])[], id: string): string[][] {
  const at = groups.findIndex((group) => group.includes(id));
  if (at < 0 || (groups[at]?.length ?? 0) < 2) return groups.map((group) => [...group]);
  return moveResponse(groups, id, { index: at + 1, asNewGroup: true });
}

/** Removes `id` from the ranking (it becomes unranked). */
export function unrank(groups: readonly (readonly string[])[], id: string): string[][] {
  return without(groups, id);
}
