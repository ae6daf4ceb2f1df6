import { describe, expect, it } from 'vitest';
import { applyChange, diffText } from './text-diff.ts';

function splitsPair(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

describe('diffText', () => {
  it('finds insertions, deletions and replacements', () => {
    expect(diffText('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(diffText('hello brave world', 'hello world')).toEqual({ index: 6, remove: 6, insert: '' });
    expect(diffText('a cat sat', 'a dog sat')).toEqual({ index: 2, remove: 3, insert: 'dog' });
    expect(diffText('', 'new')).toEqual({ index: 0, remove: 0, insert: 'new' });
    expect(diffText('old', '')).toEqual({ index: 0, remove: 3, insert: '' });
  });

  it('reports no change for equal strings', () => {
    expect(diffText('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
    expect(diffText('', '')).toEqual({ index: 0, remove: 0, insert: '' });
  });

  it('does not let prefix and suffix overlap on repeated characters', () => {
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
    expect(diffText('aaa', 'a')).toEqual({ index: 1, remove: 2, insert: '' });
  });

  it('uses the caret to place ambiguous edits where they were made', () => {
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(diffText('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
    expect(diffText('abab', 'ababab', 2)).toEqual({ index: 0, remove: 0, insert: 'ab' });
    // An unambiguous edit is unaffected.
    expect(diffText('hello world', 'hello brave world', 12)).toEqual({ index: 6, remove: 0, insert: 'brave ' });
  });

  it('never splits a surrogate pair', () => {
    // Same high surrogate, different low surrogate: the whole emoji is replaced.
    expect(diffText('a😀b', 'a😁b')).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(diffText('😀', '😁')).toEqual({ index: 0, remove: 2, insert: '😁' });
    // Different high surrogate, same low surrogate (U+1F600 and U+10600 both end in DE00): the suffix must not start mid-pair.
    const x = String.fromCodePoint(0x1f600);
    const y = String.fromCodePoint(0x10600);
    expect(x.charCodeAt(1)).toBe(y.charCodeAt(1));
    expect(diffText(`a${x}b`, `a${y}b`)).toEqual({ index: 1, remove: 2, insert: y });
    expect(diffText('👍🏽', '👍🏿')).toEqual({ index: 2, remove: 2, insert: '🏿' });
  });

  it('round-trips random edits, with and without a caret hint, never splitting pairs', () => {
    const alphabet = ['a', 'b', ' ', '😀', '😁', '👍', '\n', 'é', String.fromCodePoint(0x10600)];
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const randomText = () => Array.from({ length: random(8) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 1500; i++) {
      const before = randomText();
      const after = randomText();
      const hint = i % 2 === 0 ? undefined : random(after.length + 1);
      const change = diffText(before, after, hint);
      expect(applyChange(before, change)).toBe(after);
      expect(change.index).toBeGreaterThanOrEqual(0);
      expect(change.remove).toBeGreaterThanOrEqual(0);
      expect(splitsPair(before, change.index)).toBe(false);
      expect(splitsPair(before, change.index + change.remove)).toBe(false);
      expect(splitsPair(after, change.index)).toBe(false);
      expect(splitsPair(after, change.index + change.insert.length)).toBe(false);
    }
  });
});
