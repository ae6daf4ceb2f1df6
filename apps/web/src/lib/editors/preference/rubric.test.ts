import { describe, expect, it } from 'vitest';
import { parseScore, scaleValues } from './rubric.ts';

describe('scaleValues', () => {
  it('lists the scale without float noise', () => {
    expect(scaleValues({ min: 1, max: 7, step: 1 })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(scaleValues({ min: 0, max: 1, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(scaleValues({ min: -2, max: 2, step: 2 })).toEqual([-2, 0, 2]);
    expect(scaleValues({ min: 0, max: 10, step: 3 })).toEqual([0, 3, 6, 9]);
  });

  it('is empty for a broken scale', () => {
    expect(scaleValues({ min: 1, max: 0, step: 1 })).toEqual([]);
    expect(scaleValues({ min: 0, max: 1, step: 0 })).toEqual([]);
  });
});

describe('parseScore', () => {
  const scale = { min: 0, max: 10, step: 0.5 };
  it('accepts values on the scale, empty as null, the rest as invalid', () => {
    expect(parseScore(' 7.5 ', scale)).toBe(7.5);
    expect(parseScore('', scale)).toBeNull();
    expect(parseScore('7.3', scale)).toBe('invalid');
    expect(parseScore('11', scale)).toBe('invalid');
    expect(parseScore('x', scale)).toBe('invalid');
  });
});
