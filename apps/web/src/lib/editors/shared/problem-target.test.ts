import { describe, expect, it } from 'vitest';
import { pathCandidates, pathSelector, revealField, type RevealTarget } from './problem-target.ts';

describe('problem targets', () => {
  it('falls back from a field to its container', () => {
    expect(pathCandidates('turns.2.text')).toEqual(['turns.2.text', 'turns.2', 'turns']);
    expect(pathCandidates('summary')).toEqual(['summary']);
  });

  it('quotes paths safely in a selector', () => {
    expect(pathSelector('scores.r1:accuracy')).toBe('[data-path="scores.r1:accuracy"]');
    expect(pathSelector('a"b\\c')).toBe('[data-path="a\\"b\\\\c"]');
  });

  it('scrolls to the most specific element shown and focuses its control', () => {
    const log: string[] = [];
    const control: RevealTarget = { scrollIntoView: () => {}, querySelector: () => null, focus: () => log.push('focus control') };
    const turn: RevealTarget = {
      scrollIntoView: () => log.push('scroll turn'),
      querySelector: (selector) => (selector.includes('textarea') ? control : null),
    };
    const root = { querySelector: (selector: string) => (selector === '[data-path="turns.2"]' ? turn : null) };
    expect(revealField(root, 'turns.2.text')).toBe(true);
    expect(log).toEqual(['scroll turn', 'focus control']);
    expect(revealField(root, 'summary')).toBe(false);
  });
});
