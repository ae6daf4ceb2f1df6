import { describe, expect, it } from 'vitest';
import { displayOrder } from './display-order.ts';

const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];

describe('displayOrder', () => {
  it('[A6] is a permutation of the canonical order and leaves it untouched', () => {
    const canonical = [...ids];
    const order = displayOrder(canonical, 'usr_alice:doc_1');
    expect([...order].sort()).toEqual(ids);
    expect(canonical).toEqual(ids);
  });

  it('[A6] is deterministic per seed and differs between seeds', () => {
    expect(displayOrder(ids, 'usr_alice:doc_1')).toEqual(displayOrder(ids, 'usr_alice:doc_1'));
    const orders = new Set(Array.from({ length: 20 }, (_, i) => displayOrder(ids, `usr_${i}:doc_1`).join()));
    expect(orders.size).toBeGreaterThan(5);
  });

  it('puts each response first about equally often over many seeds', () => {
    const firsts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const first = displayOrder(['a', 'b'], `seed-${i}`)[0] ?? '';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.get('a')).toBeGreaterThan(850);
    expect(firsts.get('b')).toBeGreaterThan(850);
  });

  it('handles empty and single lists', () => {
    expect(displayOrder([], 'x')).toEqual([]);
    expect(displayOrder(['only'], 'x')).toEqual(['only']);
  });
});
