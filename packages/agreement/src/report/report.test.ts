import { setChoice } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { copyOf, preferenceConfig, preferenceItem, responseIds } from '../observe/test-docs.ts';
import { qualityReport } from './report.ts';
import { nominal, now, settings, submission, submitted } from './test-submissions.ts';

const config = preferenceConfig('pairwise');
const names = { ann: 'Ann', bob: 'Bob', cat: 'Cat' };

/** Two annotators' blind copies of four preference items; their choices (by canonical position) agree on three. */
function fourPreferenceItems(tags: string[][] = [[], [], [], []]) {
  const choices: [number, number][] = [
    [0, 0],
    [0, 0],
    [1, 1],
    [0, 1],
  ];
  return choices.flatMap(([ann, bob], i) => {
    const item = preferenceItem(`item-${i}`, ['short', 'a longer answer']);
    const ids = responseIds(item);
    const [a, b] = [copyOf(item), copyOf(item)];
    setChoice(a, ids[ann] ?? null, 'better');
    setChoice(b, ids[bob] ?? null, 'better');
    const slices = tags[i] ?? [];
    return [submitted(`item-${i}`, 'ann', a, config, { slices }), submitted(`item-${i}`, 'bob', b, config, { slices })];
  });
}

describe('qualityReport: preference, two annotators', () => {
  it('[Q4] [Q11] the headline is Cohen kappa on judgement.choice, with agreement, prevalence and the confusion matrix', () => {
    // Ann (rows) × Bob (columns) over r1, r2: [[2, 1], [0, 1]]. p_o = 3/4; Ann's marginals 3/4, 1/4, Bob's 1/2, 1/2;
    // p_e = 3/4·1/2 + 1/4·1/2 = 1/2; kappa = (3/4 − 1/2) / (1 − 1/2) = 0.5.
    const report = qualityReport(fourPreferenceItems(), { taskType: 'preference', settings, names, now });
    const { headline } = report.overall;
    expect(headline).toMatchObject({ metric: 'cohen_kappa', units: 4, raters: 2, percentAgreement: 0.75, prevalence: { r1: 0.625, r2: 0.375 } });
    expect(headline.value).toBeCloseTo(0.5, 12);
    expect(headline.explain).toContain('4 units and 2 annotators');
    const choice = report.overall.fields.find((f) => f.field === 'judgement.choice');
    // Every pair counted both ways: r1/r1 on two items (2 × 2), r2/r2 once (2), r1/r2 once each way.
    expect(choice?.confusion).toEqual({ labels: ['r1', 'r2'], counts: [[4, 1], [1, 2]] });
    expect(choice?.others.map((m) => m.metric)).toEqual(['alpha_nominal']);
    expect(report.overall.items).toBe(4);
    expect(report.overall.annotations).toBe(8);
  });

  it('[Q7] [Q8] each annotator against the other, and the pair, is the same kappa of 0.5', () => {
    const report = qualityReport(fourPreferenceItems(), { taskType: 'preference', settings, names, now });
    expect(report.annotators.map((a) => [a.name, a.annotations, a.slices.map((s) => s.slice)])).toEqual([
      ['Ann', 4, ['*']],
      ['Bob', 4, ['*']],
    ]);
    for (const annotator of report.annotators) {
      const [star] = annotator.slices;
      expect(star?.agreement.value).toBeCloseTo(0.5, 12);
      expect(star?.agreement.units).toBe(4);
      // One other annotator: the consensus is that annotator.
      expect(star?.vsConsensus.value).toBeCloseTo(0.5, 12);
      expect(annotator.openFlags).toEqual([]);
    }
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]).toMatchObject({ a: 'ann', b: 'bob' });
    expect(report.pairs[0]?.agreement.value).toBeCloseTo(0.5, 12);
    expect(report.pairs[0]?.agreement.explain).toContain('Ann and Bob');
  });

  it('[Q2] one annotator only: nothing is compared, every agreement is undefined and says why', () => {
    const only = fourPreferenceItems().filter((s) => s.raterId === 'ann');
    const report = qualityReport(only, { taskType: 'preference', settings, names, now });
    expect(report.overall.headline).toMatchObject({ metric: 'cohen_kappa', value: null, ci: null, units: 0, raters: 0 });
    expect(report.overall.headline.explain).toMatch(/undefined.*no unit was compared/);
    expect(report.annotators[0]?.slices[0]?.agreement).toMatchObject({ value: null, units: 0 });
    expect(report.pairs).toEqual([]);
  });

  it('[Q2] everyone chose the same response: kappa is undefined (not 0 or 1), percent agreement 1 beside it', () => {
    const same = ['i1', 'i2', 'i3'].flatMap((item) => [submission(item, 'ann', [nominal('judgement.choice', 'r1')]), submission(item, 'bob', [nominal('judgement.choice', 'r1')])]);
    const { headline } = qualityReport(same, { taskType: 'preference', settings, names, now }).overall;
    expect(headline).toMatchObject({ metric: 'cohen_kappa', value: null, ci: null, units: 3, percentAgreement: 1, prevalence: { r1: 1 } });
    expect(headline.explain).toContain('same label');
  });

  it('[Q1] [Q4] slices: each tag is computed over its own items', () => {
    const subs = fourPreferenceItems([['math'], ['math'], ['code'], ['code']]);
    const report = qualityReport(subs, { taskType: 'preference', settings, names, now });
    expect(report.slices.map((s) => s.slice)).toEqual(['code', 'math']);
    const [code, math] = report.slices;
    // code: Ann r2, r1; Bob r2, r2 → p_o 1/2, p_e = 1/2·0 + 1/2·1 = 1/2 → kappa 0.
    expect(code?.headline.value).toBeCloseTo(0, 12);
    expect(code).toMatchObject({ items: 2, annotations: 4 });
    // math: both chose r1 twice → no variance.
    expect(math?.headline).toMatchObject({ value: null, percentAgreement: 1 });
    expect(report.annotators[0]?.slices.map((s) => s.slice)).toEqual(['*', 'code', 'math']);
  });
});

describe('qualityReport: three annotators', () => {
  // Styles (c = command, q = question) of Ann, Bob, Cat: i1 q q q; i2 q q c; i3 c c c; i4 q c c.
  const styles: Record<string, [string, string, string]> = { i1: ['q', 'q', 'q'], i2: ['q', 'q', 'c'], i3: ['c', 'c', 'c'], i4: ['q', 'c', 'c'] };
  const subs = Object.entries(styles).flatMap(([item, values]) => ['ann', 'bob', 'cat'].map((rater, i) => submission(item, rater, [nominal('instruction.style', values[i] ?? '')])));

  it("[Q4] three raters, three ratings per unit: Fleiss' kappa, with Krippendorff's alpha beside it", () => {
    // Counts [c, q]: [0,3] [1,2] [3,0] [2,1]; P_i = 1, 1/3, 1, 1/3 → P̄ = 2/3; p = 1/2, 1/2 → P_e = 1/2; kappa = 1/3.
    // Alpha: coincidences o_qq 4, o_cc 4, o_qc = o_cq 2; n = 12, n_q = n_c = 6: 1 − 11·4 / (2·36) = 7/18.
    const report = qualityReport(subs, { taskType: 'instruction', settings, names, now });
    const field = report.overall.fields[0];
    expect(field?.primary.metric).toBe('fleiss_kappa');
    expect(field?.primary.value).toBeCloseTo(1 / 3, 12);
    expect(field?.others[0]?.metric).toBe('alpha_nominal');
    expect(field?.others[0]?.value).toBeCloseTo(7 / 18, 12);
    expect(report.overall.headline).toBe(field?.primary);
  });

  it('[Q7] one annotator against the others (pooled pairs) and against the majority of the others', () => {
    // Ann's pairs with Bob and Cat: (q,q) (q,q) (c,c) (q,c) | (q,q) (q,c) (c,c) (q,c): p_o = 5/8; rows q 6/8, c 2/8;
    // columns q 3/8, c 5/8; p_e = 18/64 + 10/64 = 7/16; kappa = (10/16 − 7/16) / (9/16) = 1/3.
    // Majority of Bob and Cat: i1 q, i2 tie (left out), i3 c, i4 c → pairs (q,q) (c,c) (q,c): p_o 2/3, p_e 4/9, kappa 0.4.
    const report = qualityReport(subs, { taskType: 'instruction', settings, names, now });
    const ann = report.annotators.find((a) => a.userId === 'ann')?.slices[0];
    expect(ann?.agreement.value).toBeCloseTo(1 / 3, 12);
    expect(ann?.agreement).toMatchObject({ metric: 'cohen_kappa', units: 4, raters: 3 });
    expect(ann?.vsConsensus.value).toBeCloseTo(0.4, 12);
    expect(ann?.vsConsensus.units).toBe(3);
    // Ann and Bob: (q,q) (q,q) (c,c) (q,c): p_o 3/4, p_e 1/2 → 0.5.
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([
      ['ann', 'bob'],
      ['ann', 'cat'],
      ['bob', 'cat'],
    ]);
    expect(report.pairs[0]?.agreement.value).toBeCloseTo(0.5, 12);
  });

  it('[Q4] ratings per unit vary: Krippendorff alpha (nominal) is primary', () => {
    const uneven = subs.filter((s) => !(s.itemId === 'i1' && s.raterId === 'cat'));
    const field = qualityReport(uneven, { taskType: 'instruction', settings, names, now }).overall.fields[0];
    expect(field?.primary.metric).toBe('alpha_nominal');
    expect(field?.primary.units).toBe(4);
  });
});
