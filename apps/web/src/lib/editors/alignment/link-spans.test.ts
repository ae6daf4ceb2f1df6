import { describe, expect, it } from 'vitest';
import { captionSegments, spanBackground } from './link-spans.ts';

const link = (id: string, start: number, end: number, regionId = `r-${id}`) => ({ id, regionId, start, end });

describe('captionSegments', () => {
  it('splits the caption at link boundaries and gives it back whole', () => {
    const caption = 'A red car next to a tree';
    const segments = captionSegments(caption, [link('a', 2, 9), link('b', 20, 24)]);
    expect(segments.map((s) => s.text).join('')).toBe(caption);
    expect(segments.map((s) => [s.text, s.links.map((l) => l.id)])).toEqual([
      ['A ', []],
      ['red car', ['a']],
      [' next to a ', []],
      ['tree', ['b']],
    ]);
  });

  it('marks overlaps with every link over them', () => {
    const segments = captionSegments('big red car', [link('a', 0, 7), link('b', 4, 11)]);
    expect(segments.map((s) => [s.text, s.links.map((l) => l.id)])).toEqual([
      ['big ', ['a']],
      ['red', ['a', 'b']],
      [' car', ['b']],
    ]);
  });

  it('leaves out dangling and empty links and clips spans past the end', () => {
    const segments = captionSegments('short', [link('gone', -1, -1), link('empty', 2, 2), link('long', 3, 99)]);
    expect(segments.map((s) => [s.text, s.links.map((l) => l.id)])).toEqual([
      ['sho', []],
      ['rt', ['long']],
    ]);
    expect(captionSegments('', [link('a', 0, 3)])).toEqual([]);
  });

  it('stacks tints, stronger when hot', () => {
    expect(spanBackground([])).toBeUndefined();
    expect(spanBackground(['#112233'])).toBe('linear-gradient(#1122332e, #1122332e)');
    expect(spanBackground(['#112233', '#445566'], true)).toBe('linear-gradient(#11223366, #11223366), linear-gradient(#44556666, #44556666)');
  });
});
