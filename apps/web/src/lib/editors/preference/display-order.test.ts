import { describe, expect, it } from 'vitest';
import { atDisplayIndex, displayedResponses, labelOf, responseLabel } from './display-order.ts';

describe('responseLabel', () => {
  it('counts A…Z then AA, AB…', () => {
    expect([0, 1, 2, 25, 26, 27, 51, 52].map(responseLabel)).toEqual(['A', 'B', 'C', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });
});

describe('displayedResponses', () => {
  it('[A6] labels follow the display order; the canonical index is kept for storage', () => {
    const shown = displayedResponses(['r1', 'r2', 'r3'], ['r3', 'r1', 'r2']);
    expect(shown).toEqual([
      { id: 'r3', label: 'A', canonicalIndex: 2, displayIndex: 0 },
      { id: 'r1', label: 'B', canonicalIndex: 0, displayIndex: 1 },
      { id: 'r2', label: 'C', canonicalIndex: 1, displayIndex: 2 },
    ]);
    expect(labelOf(shown, 'r2')).toBe('C');
    expect(labelOf(shown, null)).toBeNull();
    expect(atDisplayIndex(shown, 0)?.id).toBe('r3');
    expect(atDisplayIndex(shown, 5)).toBeNull();
  });

  it('mapping display → canonical → display is the identity', () => {
    const canonical = ['a', 'b', 'c', 'd'];
    const shown = displayedResponses(canonical, ['c', 'a', 'd', 'b']);
    for (const r of shown) {
      expect(canonical[r.canonicalIndex]).toBe(r.id);
      expect(shown[r.displayIndex]).toBe(r);
    }
  });

  it('never hides a response: unknown ids are dropped, missing ones appended, duplicates ignored', () => {
    const shown = displayedResponses(['r1', 'r2', 'r3'], ['r2', 'gone', 'r2']);
    expect(shown.map((r) => [r.id, r.label])).toEqual([
      ['r2', 'A'],
      ['r1', 'B'],
      ['r3', 'C'],
    ]);
  });
});
