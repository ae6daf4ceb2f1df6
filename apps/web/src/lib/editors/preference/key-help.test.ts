import { describe, expect, it } from 'vitest';
import { keyHelp } from './key-help.ts';

describe('keyHelp', () => {
  const undo = { undo: 'Ctrl+Z', redo: 'Ctrl+Y' };

  it('lists the pairwise keys first, then the shared ones', () => {
    const entries = keyHelp('pairwise', 2, undo);
    expect(entries[0]).toEqual({ keys: '1 / 2 or A / B', short: 'choose', action: 'choose the better response' });
    expect(entries[1]?.keys).toBe('Q W E R');
    expect(entries.map((e) => e.keys)).toEqual(expect.arrayContaining(['Shift+Q', 'M', 'Ctrl+Z / Ctrl+Y', '?']));
  });

  it('lists the ranking keys for ranking', () => {
    const keys = keyHelp('ranking', 4, undo).map((e) => e.keys);
    expect(keys.slice(0, 3)).toEqual(['1…4', '0', 'T']);
  });
});
