import { describe, expect, it } from 'vitest';
import { createWorkBudget } from './work-budget.ts';

describe('createWorkBudget', () => {
  it('[R18] lets a user spend the burst, locks out one who overspends until a burst refilled, and keeps users apart', () => {
    let t = 0;
    const budget = createWorkBudget({ msPerSecond: 100, burstMs: 300, now: () => t });
    expect(budget.allows('ann')).toBe(true);
    expect(budget.charge('ann', 250)).toBe(true);
    expect(budget.charge('bob', 250)).toBe(true);
    expect(budget.charge('ann', 60)).toBe(false);
    expect(budget.allows('ann')).toBe(false);
    expect(budget.allows('bob')).toBe(true);
    // Locked out for a whole burst (3 s at 100 ms/s); asking does not extend it.
    t += 2_900;
    expect(budget.allows('ann')).toBe(false);
    t += 100;
    expect(budget.allows('ann')).toBe(true);
    t += 3_000;
    expect(budget.charge('ann', 290)).toBe(true);
    expect(budget.charge('bob', 40)).toBe(true);
  });

  it('[R18] forgets only users whose budget is full again', () => {
    let t = 0;
    const budget = createWorkBudget({ msPerSecond: 100, burstMs: 300, now: () => t });
    budget.charge('ann', 301);
    budget.charge('bob', 10);
    t += 500;
    budget.sweep();
    expect(budget.size).toBe(1);
    // Ann's lockout survives the sweep (and her reconnects).
    expect(budget.allows('ann')).toBe(false);
    t += 10_000;
    budget.sweep();
    expect(budget.size).toBe(0);
  });
});
