import { describe, expect, it } from 'vitest';
import { textSegments } from './text-segments.ts';

describe('textSegments', () => {
  it('splits at quote boundaries and gives the text back', () => {
    const text = 'The sky is blue because of Rayleigh scattering.';
    const segments = textSegments(text, [
      { id: 'q1', start: 4, end: 15 },
      { id: 'q2', start: 11, end: 26 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.map((s) => [s.text, s.marks])).toEqual([
      ['The ', []],
      ['sky is ', ['q1']],
      ['blue', ['q1', 'q2']],
      [' because of', ['q2']],
      [' Rayleigh scattering.', []],
    ]);
    expect(segments[2]!.start).toBe(11);
  });

  it('ignores dangling and empty ranges, clamps long ones', () => {
    expect(textSegments('abc', [{ id: 'x', start: -1, end: -1 }, { id: 'y', start: 2, end: 2 }])).toEqual([
      { text: 'abc', start: 0, marks: [] },
    ]);
    expect(textSegments('abc', [{ id: 'z', start: 1, end: 99 }]).map((s) => s.marks)).toEqual([[], ['z']]);
    expect(textSegments('', [])).toEqual([]);
  });
});
