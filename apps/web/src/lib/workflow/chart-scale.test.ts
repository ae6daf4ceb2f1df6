import { describe, expect, it } from 'vitest';
import { fillDays, niceMax, percent } from './chart-scale.ts';

describe('chart scale', () => {
  it('fills the last days oldest first, with zeros where the server sent nothing', () => {
    const days = fillDays([{ day: '2030-01-02', submitted: 3, accepted: 1 }], { days: 3, today: new Date('2030-01-03T23:00:00Z') });
    expect(days).toEqual([
      { day: '2030-01-01', submitted: 0, accepted: 0 },
      { day: '2030-01-02', submitted: 3, accepted: 1 },
      { day: '2030-01-03', submitted: 0, accepted: 0 },
    ]);
    expect(fillDays([]).length).toBe(30);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([0, 7, 3])).toBe(10);
    expect(niceMax([12])).toBe(20);
    expect(niceMax([41])).toBe(50);
    expect(niceMax([100])).toBe(100);
    expect(percent(1, 4)).toBe(25);
    expect(percent(1, 0)).toBe(0);
  });
});
