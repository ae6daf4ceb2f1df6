// The published worked examples of shared/reference/agreement-metrics.md, reproduced.
import { describe, expect, it } from 'vitest';
import { boxIou } from './boxes.ts';
import { cohenKappa, cohenKappaDetail, kappaFromConfusion } from './cohen.ts';
import { chrF } from './chrf.ts';
import { kendallTauB } from './kendall.ts';
import { krippendorffAlpha } from './krippendorff.ts';
import { editSimilarity, levenshtein } from './text.ts';

const repeat = (value: number, times: number): number[] => new Array<number>(times).fill(value);

describe('known answers', () => {
  it('[M2] Cohen: Wikipedia 2x2 table [[20,5],[10,15]] gives p_o 0.70, p_e 0.50, kappa 0.40', () => {
    const d = kappaFromConfusion([
      [20, 5],
      [10, 15],
    ]);
    expect(d.observed).toBeCloseTo(0.7, 3);
    expect(d.expected).toBeCloseTo(0.5, 3);
    expect(d.kappa).toBeCloseTo(0.4, 3);
    // The same table as label arrays.
    const a = [...repeat(1, 25), ...repeat(0, 25)];
    const b = [...repeat(1, 20), ...repeat(0, 5), ...repeat(1, 10), ...repeat(0, 15)];
    const detail = cohenKappaDetail(a, b);
    expect(detail.kappa).toBeCloseTo(0.4, 3);
    expect(detail.percentAgreement).toBeCloseTo(0.7, 3);
  });

  it('[M2] Cohen: scikit-learn cases (Artstein & Poesio) 0.348 and 0.8013', () => {
    const a1 = [...repeat(0, 40), ...repeat(1, 60)];
    const b1 = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];
    expect(cohenKappa(a1, b1)).toBeCloseTo(0.348, 3);
    expect(cohenKappa(b1, a1)).toBeCloseTo(0.348, 3);
    const a2 = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b2 = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(cohenKappa(a2, b2)).toBeCloseTo(0.8013, 3);
  });

  it('[M2] weighted Cohen: unweighted 0.9315, linear 0.9412, quadratic 0.9541', () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.9315, 3);
    expect(cohenKappa(a, b, { weights: 'linear' })).toBeCloseTo(0.9412, 3);
    expect(cohenKappa(a, b, { weights: 'quadratic' })).toBeCloseTo(0.9541, 3);
  });

  describe('[M4] Krippendorff: 3 coders x 15 units with missing values', () => {
    const dot = null;
    const data = [
      [dot, dot, dot, dot, dot, 3, 4, 1, 2, 1, 1, 3, 3, dot, 3],
      [1, dot, 2, 1, 3, 3, 4, 3, dot, dot, dot, dot, dot, dot, dot],
      [dot, dot, 2, 1, 3, 4, 4, dot, 2, 1, 1, 3, 3, dot, 4],
    ];
    it('nominal 0.691358', () => {
      expect(Math.abs(krippendorffAlpha(data, { level: 'nominal' }) - 0.691358)).toBeLessThan(1e-6);
    });
    it('interval 0.810845', () => {
      expect(Math.abs(krippendorffAlpha(data, { level: 'interval' }) - 0.810845)).toBeLessThan(1e-6);
    });
    it('string labels give the same nominal alpha', () => {
      const strings = data.map((row) => row.map((v) => (v === null ? null : `c${v}`)));
      expect(Math.abs(krippendorffAlpha(strings, { level: 'nominal' }) - 0.691358)).toBeLessThan(1e-6);
    });
  });

  it('[M6] IoU of [0,0,10,10] and [5,5,10,10] is 1/7', () => {
    expect(boxIou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 })).toBeCloseTo(1 / 7, 10);
  });

  it('[M7] Levenshtein kitten/sitting is 3, normalised 3/7', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
  });

  // Not in the reference file: values printed by sacrebleu 2.6.0 (`CHRF().sentence_score(h, [r]).score / 100`)
  // and scipy 1.17.1 (`kendalltau(x, y).statistic`, tau-b), run once by hand.
  it.each([
    ['the cat sat on the mat', 'the cat is on the mat', 0.645779420625287],
    ['a', 'abc', 0.3846153846153846],
    ['ab', 'abc', 0.6363636363636362],
    ['Das Haus ist klein', 'Das Haus ist sehr klein', 0.6205607506570961],
    ['colour', 'color', 0.5516921650440426],
    ['😀 smile 😀', 'smile', 0.8655536028119509],
  ])('[M8] chrF(%j, %j) is sacrebleu\'s %f', (hypothesis, reference, expected) => {
    expect(chrF(hypothesis, reference)).toBeCloseTo(expected, 9);
  });

  it('[M5] tau-b with ties as scipy computes it', () => {
    expect(kendallTauB([1, 2, 2, 3, 4], [1, 3, 2, 2, 4])).toBeCloseTo(0.6666666666666666, 12);
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.4714045207910316, 12);
  });
});
