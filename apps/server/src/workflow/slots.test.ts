import { describe, expect, it } from 'vitest';
import { holdsSlot, lapsed } from './slots.ts';

const now = Date.parse('2026-01-31T12:00:00Z');
const live = new Date(now + 60_000);
const gone = new Date(now - 60_000);

describe('slots', () => {
  it('[Q4] [Q7] work holds a slot while active, except in progress with a lapsed lease; unleased assigned work holds it', () => {
    expect(holdsSlot({ kind: 'work', state: 'in_progress', leaseExpiresAt: live }, now)).toBe(true);
    expect(holdsSlot({ kind: 'work', state: 'in_progress', leaseExpiresAt: null }, now)).toBe(true);
    expect(holdsSlot({ kind: 'work', state: 'in_progress', leaseExpiresAt: gone }, now)).toBe(false);
    expect(holdsSlot({ kind: 'work', state: 'accepted', leaseExpiresAt: null }, now)).toBe(true);
    expect(holdsSlot({ kind: 'work', state: 'released', leaseExpiresAt: null }, now)).toBe(false);
    expect(lapsed({ kind: 'work', state: 'in_progress', leaseExpiresAt: gone }, now)).toBe(true);
  });

  it('[W19] a gold check never holds a slot and never counts as lapsed work a taker would expire', () => {
    for (const state of ['in_progress', 'submitted', 'in_review', 'returned', 'accepted'] as const) {
      for (const leaseExpiresAt of [live, null, gone]) expect(holdsSlot({ kind: 'gold_check', state, leaseExpiresAt }, now)).toBe(false);
    }
    expect(lapsed({ kind: 'gold_check', state: 'in_progress', leaseExpiresAt: gone }, now)).toBe(false);
  });
});
