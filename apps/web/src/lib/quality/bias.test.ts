import type { BiasSignals } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { biasWarnings, coinZ } from './bias.ts';

const unbiased: BiasSignals = { firstShownRate: 0.5, tieRate: 0.1, longerChosenRate: 0.5, medianSeconds: 40, tooFast: 0, judgements: 100 };
const signals = (bias: Partial<BiasSignals>, annotations = 100) => biasWarnings({ bias: { ...unbiased, ...bias }, annotations, tooFastSeconds: 10 }).map((w) => w.signal);

describe('bias warnings', () => {
  it('measures a rate’s distance from a fair coin in standard errors', () => {
    expect(coinZ(0.75, 16)).toBe(2);
    expect(coinZ(0.5, 100)).toBe(0);
    expect(coinZ(0.9, 0)).toBe(0);
  });

  it('says nothing of an annotator close to what is expected', () => {
    expect(signals({})).toEqual([]);
    expect(signals({ firstShownRate: 0.55 })).toEqual([]);
  });

  it('warns of position bias only when the first-shown rate is far from 0.5 over enough judgements', () => {
    expect(signals({ firstShownRate: 0.8, judgements: 40 })).toEqual(['firstShownRate']);
    expect(signals({ firstShownRate: 0.2, judgements: 40 })).toEqual(['firstShownRate']);
    // 4 of 5 first-shown is not evidence of anything yet.
    expect(signals({ firstShownRate: 0.8, judgements: 5 })).toEqual([]);
    // Many judgements make a tiny deviation significant, but it is still too small to matter.
    expect(signals({ firstShownRate: 0.53, judgements: 10_000 })).toEqual([]);
  });

  it('warns of length bias, many ties, a fast median and many too-fast annotations', () => {
    expect(signals({ longerChosenRate: 0.85 })).toEqual(['longerChosenRate']);
    expect(signals({ tieRate: 0.5 })).toEqual(['tieRate']);
    expect(signals({ medianSeconds: 6 })).toEqual(['medianSeconds']);
    expect(signals({ tooFast: 10 })).toEqual(['tooFast']);
    expect(signals({ tooFast: 9 })).toEqual([]);
  });

  it('never warns of a signal that was not measurable', () => {
    expect(signals({ firstShownRate: null, tieRate: null, longerChosenRate: null, medianSeconds: null })).toEqual([]);
    expect(signals({ tooFast: 0 }, 0)).toEqual([]);
  });

  it('writes what was seen against what is expected', () => {
    const [warning] = biasWarnings({ bias: { ...unbiased, firstShownRate: 0.8, judgements: 40 }, annotations: 40, tooFastSeconds: 10 });
    expect(warning?.message).toBe('Chose the response shown first in 80 % of 40 judgements (50 % expected): position bias.');
  });
});
