import { describe, expect, it } from 'vitest';
import { isDense, moveResponse, rankingGroups, tieWithAbove, unrank, untie } from './ranking.ts';

describe('rankingGroups', () => {
  it('groups equal ranks as ties, best first, members in display order', () => {
    expect(rankingGroups({ a: 2, b: 1, c: 2, d: undefined }, ['c', 'a', 'b', 'd'])).toEqual({
      groups: [['b'], ['c', 'a']],
      ranks: [1, 2],
      unranked: ['d'],
    });
  });

  it('treats malformed ranks as unranked and keeps gaps visible', () => {
    const view = rankingGroups({ a: 0, b: 1.5, c: -1, d: 3, e: 1 }, ['a', 'b', 'c', 'd', 'e']);
    expect(view.groups).toEqual([['e'], ['d']]);
    expect(view.ranks).toEqual([1, 3]);
    expect(view.unranked).toEqual(['a', 'b', 'c']);
    expect(isDense(view.ranks)).toBe(false);
    expect(isDense([1, 2, 3])).toBe(true);
    expect(isDense([])).toBe(true);
  });
});

describe('moveResponse', () => {
  const groups = [['a'], ['b', 'c'], ['d']];

  it('drops into a group as a tie', () => {
    expect(moveResponse(groups, 'd', { index: 0, asNewGroup: false })).toEqual([['a', 'd'], ['b', 'c']]);
  });

  it('drops between groups as a rank of its own', () => {
    expect(moveResponse(groups, 'd', { index: 0, asNewGroup: true })).toEqual([['d'], ['a'], ['b', 'c']]);
    expect(moveResponse(groups, 'a', { index: 3, asNewGroup: true })).toEqual([['b', 'c'], ['d'], ['a']]);
    expect(moveResponse(groups, 'c', { index: 2, asNewGroup: true })).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('an emptied group disappears and indexes still refer to the groups as shown', () => {
    expect(moveResponse(groups, 'a', { index: 2, asNewGroup: false })).toEqual([['b', 'c'], ['d', 'a']]);
  });

  it('ranks an unranked response (not in any group)', () => {
    expect(moveResponse(groups, 'e', { index: 1, asNewGroup: true })).toEqual([['a'], ['e'], ['b', 'c'], ['d']]);
    expect(moveResponse([], 'e', { index: 0, asNewGroup: false })).toEqual([['e']]);
  });
});

describe('tie controls', () => {
  it('tie with above joins the next better group; the best group is unchanged', () => {
    expect(tieWithAbove([['a'], ['b'], ['c']], 'c')).toEqual([['a'], ['b', 'c']]);
    expect(tieWithAbove([['a'], ['b']], 'a')).toEqual([['a'], ['b']]);
    expect(tieWithAbove([['a']], 'z')).toEqual([['a']]);
  });

  it('untie splits a response out just below its group', () => {
    expect(untie([['a', 'b'], ['c']], 'a')).toEqual([['b'], ['a'], ['c']]);
    expect(untie([['a'], ['c']], 'a')).toEqual([['a'], ['c']]);
  });

  it('unrank removes a response', () => {
    expect(unrank([['a', 'b'], ['c']], 'c')).toEqual([['a', 'b']]);
  });
});
