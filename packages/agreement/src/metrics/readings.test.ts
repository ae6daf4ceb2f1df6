import { describe, expect, it } from 'vitest';
import { krippendorffReading, landisKoch } from './readings.ts';

describe('readings', () => {
  it('[M10] Landis & Koch bands at and around their edges', () => {
    const cases: [number, string][] = [
      [-0.01, 'poor'],
      [-1, 'poor'],
      [0, 'slight'],
      [0.2, 'slight'],
      [0.205, 'fair'],
      [0.4, 'fair'],
      [0.41, 'moderate'],
      [0.6, 'moderate'],
      [0.61, 'substantial'],
      [0.8, 'substantial'],
      [0.81, 'almost perfect'],
      [1, 'almost perfect'],
    ];
    for (const [kappa, band] of cases) expect(landisKoch(kappa), String(kappa)).toBe(band);
  });

  it('[M0][M10] an undefined value reads as undefined, never as a band', () => {
    expect(landisKoch(NaN)).toBe('undefined');
    expect(krippendorffReading(NaN)).toBe('undefined');
  });

  it('[M10] Krippendorff: 0.800 reliable, 0.667 tentative, below unreliable', () => {
    expect(krippendorffReading(0.8)).toBe('reliable');
    expect(krippendorffReading(0.95)).toBe('reliable');
    expect(krippendorffReading(0.7999)).toBe('tentative');
    expect(krippendorffReading(0.667)).toBe('tentative');
    expect(krippendorffReading(0.666)).toBe('unreliable');
    expect(krippendorffReading(-0.2)).toBe('unreliable');
  });
});
