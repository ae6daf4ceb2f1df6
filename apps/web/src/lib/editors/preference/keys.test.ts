import { describe, expect, it } from 'vitest';
import { isTypingTarget, preferenceKeyAction } from './keys.ts';

describe('isTypingTarget', () => {
  it('is true in text fields, false on buttons, radios and plain elements', () => {
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input', type: '' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'ARTICLE' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('preferenceKeyAction', () => {
  it('pairwise: 1/2 and A/B choose by display position; q w e r set the strength', () => {
    expect(preferenceKeyAction({ key: '1' }, 'pairwise', 2)).toEqual({ kind: 'choose', displayIndex: 0 });
    expect(preferenceKeyAction({ key: '2' }, 'pairwise', 2)).toEqual({ kind: 'choose', displayIndex: 1 });
    expect(preferenceKeyAction({ key: 'b' }, 'pairwise', 2)).toEqual({ kind: 'choose', displayIndex: 1 });
    expect(preferenceKeyAction({ key: 'A', shiftKey: false }, 'pairwise', 2)).toEqual({ kind: 'choose', displayIndex: 0 });
    expect(preferenceKeyAction({ key: '3' }, 'pairwise', 2)).toBeNull();
    expect(preferenceKeyAction({ key: 'c' }, 'pairwise', 2)).toBeNull();
    expect(preferenceKeyAction({ key: 'q' }, 'pairwise', 2)).toEqual({ kind: 'strength', strength: 'significantly_better' });
    expect(preferenceKeyAction({ key: 'w' }, 'pairwise', 2)).toEqual({ kind: 'strength', strength: 'better' });
    expect(preferenceKeyAction({ key: 'e' }, 'pairwise', 2)).toEqual({ kind: 'strength', strength: 'slightly_better' });
    expect(preferenceKeyAction({ key: 'r' }, 'pairwise', 2)).toEqual({ kind: 'strength', strength: 'negligible_or_unsure' });
  });

  it('ranking: digits rank the focused response, 0 clears, t ties with above', () => {
    expect(preferenceKeyAction({ key: '3' }, 'ranking', 3)).toEqual({ kind: 'rank', rank: 3 });
    expect(preferenceKeyAction({ key: '4' }, 'ranking', 3)).toBeNull();
    expect(preferenceKeyAction({ key: '0' }, 'ranking', 3)).toEqual({ kind: 'clear-rank' });
    expect(preferenceKeyAction({ key: 'Backspace' }, 'ranking', 3)).toEqual({ kind: 'clear-rank' });
    expect(preferenceKeyAction({ key: 't' }, 'ranking', 3)).toEqual({ kind: 'tie-with-above' });
    expect(preferenceKeyAction({ key: 'q' }, 'ranking', 3)).toBeNull();
  });

  it('shared keys: m, ?, Ctrl+Shift+Q; other modifiers are left to the browser', () => {
    expect(preferenceKeyAction({ key: 'm' }, 'ranking', 3)).toEqual({ kind: 'toggle-models' });
    expect(preferenceKeyAction({ key: '?', shiftKey: true }, 'pairwise', 2)).toEqual({ kind: 'toggle-help' });
    expect(preferenceKeyAction({ key: 'Q', ctrlKey: true, shiftKey: true }, 'pairwise', 2)).toEqual({ kind: 'quote' });
    expect(preferenceKeyAction({ key: 'q', metaKey: true, shiftKey: true }, 'ranking', 2)).toEqual({ kind: 'quote' });
    expect(preferenceKeyAction({ key: '1', ctrlKey: true }, 'pairwise', 2)).toBeNull();
    expect(preferenceKeyAction({ key: '1', altKey: true }, 'pairwise', 2)).toBeNull();
    expect(preferenceKeyAction({ key: 'Q', shiftKey: true }, 'pairwise', 2)).toEqual({ kind: 'quote' });
    expect(preferenceKeyAction({ key: 'W', shiftKey: true }, 'pairwise', 2)).toBeNull();
    expect(preferenceKeyAction({ key: 'z', ctrlKey: true }, 'pairwise', 2)).toBeNull();
  });
});
