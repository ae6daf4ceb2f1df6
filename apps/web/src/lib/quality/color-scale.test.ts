import { describe, expect, it } from 'vitest';
import { agreementColor, countShade, divergence, seriesColor, seriesPalette } from './color-scale.ts';

describe('colour scale', () => {
  it('measures the distance from the threshold, below over threshold − floor and above over 1 − threshold', () => {
    expect(divergence({ value: 0.75, threshold: 0.75 })).toBe(0);
    expect(divergence({ value: 0.375, threshold: 0.75 })).toBe(-0.5);
    expect(divergence({ value: -0.4, threshold: 0.75 })).toBe(-1);
    expect(divergence({ value: 0.875, threshold: 0.75 })).toBe(0.5);
    expect(divergence({ value: 1, threshold: 0.75 })).toBe(1);
    expect(divergence({ value: -0.5, threshold: 0.75, floor: -1 })).toBeCloseTo(-1.25 / 1.75);
  });

  it('diverges red below and blue above, pale at the threshold, with readable text', () => {
    expect(agreementColor({ value: 0, threshold: 0.75 })).toEqual({ background: 'hsl(8 70% 45%)', text: '#fff' });
    expect(agreementColor({ value: 1, threshold: 0.75 })).toEqual({ background: 'hsl(212 70% 45%)', text: '#fff' });
    expect(agreementColor({ value: 0.75, threshold: 0.75 })).toEqual({ background: 'hsl(212 45% 94%)', text: '#1b1b1b' });
    expect(agreementColor({ value: 0.74, threshold: 0.75 })?.background).toMatch(/^hsl\(8 /);
  });

  it('gives an undefined value no colour (it is drawn hatched), never the colour of 0', () => {
    expect(agreementColor({ value: null, threshold: 0.75 })).toBeNull();
    expect(agreementColor({ value: Number.NaN, threshold: 0.75 })).toBeNull();
  });

  it('shades counts by their share of the largest, blue on the diagonal and red off it', () => {
    expect(countShade({ count: 10, max: 10, diagonal: true })).toEqual({ background: 'hsl(212 60% 46%)', text: '#fff' });
    expect(countShade({ count: 5, max: 10 })).toEqual({ background: 'hsl(8 60% 72%)', text: '#1b1b1b' });
    expect(countShade({ count: 0, max: 0 }).background).toBe('hsl(8 60% 98%)');
  });

  it('gives each series its own colour, cycling after the palette', () => {
    expect(new Set(seriesPalette.map((_, i) => seriesColor(i))).size).toBe(seriesPalette.length);
    expect(seriesColor(seriesPalette.length + 1)).toBe(seriesColor(1));
  });
});
