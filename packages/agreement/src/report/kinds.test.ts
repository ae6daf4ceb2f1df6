import { addRegion, defaultConfig, setRanking, setScore } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from '../metrics/krippendorff.ts';
import { copyOf, itemDoc, preferenceConfig, preferenceItem, responseIds } from '../observe/test-docs.ts';
import type { Observation } from '../observe/types.ts';
import { qualityReport } from './report.ts';
import { textCharacterBudget } from './scored.ts';
import { now, settings, submission, submitted } from './test-submissions.ts';

const names = { ann: 'Ann', bob: 'Bob' };

describe('qualityReport: rankings', () => {
  it('[Q5] [Q11] ranking mode: the headline is the mean tau-b per unit, Kendall W beside it', () => {
    const config = preferenceConfig('ranking');
    const orders: [number[], number[]][] = [
      [
        [0, 1, 2],
        [0, 1, 2],
      ],
      [
        [0, 1, 2],
        [0, 2, 1],
      ],
    ];
    const subs = orders.flatMap(([ann, bob], i) => {
      const item = preferenceItem(`item-${i}`, ['a', 'b', 'c']);
      const ids = responseIds(item);
      const [a, b] = [copyOf(item), copyOf(item)];
      setRanking(a, ann.map((index) => [ids[index] ?? '']));
      setRanking(b, bob.map((index) => [ids[index] ?? '']));
      return [submitted(`item-${i}`, 'ann', a, config), submitted(`item-${i}`, 'bob', b, config)];
    });
    const report = qualityReport(subs, { taskType: 'preference', settings, names, now });
    // item-0 identical: tau 1; item-1 ranks [1,2,3] vs [1,3,2]: 2 concordant, 1 discordant → 1/3; mean 2/3.
    expect(report.overall.headline).toMatchObject({ metric: 'kendall_tau_b', units: 2, raters: 2, percentAgreement: 0.5 });
    expect(report.overall.headline.value).toBeCloseTo(2 / 3, 12);
    // W per unit: 1, and for rank sums 2, 5, 5 (mean 4): S = 6, W = 12·6 / (2²·(27 − 3)) = 0.75; mean 0.875.
    const ranking = report.overall.fields.find((f) => f.field === 'judgement.ranking');
    expect(ranking?.others[0]?.metric).toBe('kendall_w');
    expect(ranking?.others[0]?.value).toBeCloseTo(0.875, 12);
    expect(ranking?.confusion).toBeNull();
    expect(report.annotators[0]?.slices[0]?.agreement.value).toBeCloseTo(2 / 3, 12);
    expect(report.pairs[0]?.agreement.metric).toBe('kendall_tau_b');
  });
});

describe('qualityReport: alignment regions', () => {
  it('[Q5] [Q11] the headline is the mean box F1 at IoU 0.5, with mean IoU and label agreement of matched boxes', () => {
    const config = defaultConfig('alignment');
    const item = (id: string) => itemDoc(id, { taskType: 'alignment', image: { mediaId: 'med_1', width: 100, height: 100 } });
    const box = (x: number) => ({ kind: 'box' as const, x, y: 0, w: 10, h: 10 });
    const [one, two] = [item('i1'), item('i2')];
    const [a1, b1, a2, b2] = [copyOf(one), copyOf(one), copyOf(two), copyOf(two)];
    addRegion(a1, { label: 'person', shape: box(0) });
    addRegion(b1, { label: 'person', shape: box(0) });
    addRegion(a2, { label: 'animal', shape: box(0) });
    addRegion(a2, { label: 'animal', shape: box(50) });
    addRegion(b2, { label: 'person', shape: box(50) });
    const subs = [submitted('i1', 'ann', a1, config), submitted('i1', 'bob', b1, config), submitted('i2', 'ann', a2, config), submitted('i2', 'bob', b2, config)];
    const report = qualityReport(subs, { taskType: 'alignment', settings, names, now });
    // i1: F1 1; i2: one of three boxes matched → 2·1/3; mean 5/6. Matched pairs 2, one with the same label → 0.5.
    expect(report.overall.headline).toMatchObject({ metric: 'box_f1', units: 2, percentAgreement: 0.5, prevalence: { animal: 0.4, person: 0.6 } });
    expect(report.overall.headline.value).toBeCloseTo(5 / 6, 12);
    expect(report.overall.fields[0]?.others[0]).toMatchObject({ metric: 'mean_iou', value: 1, units: 2 });
    expect(report.annotators[1]?.slices[0]?.agreement.value).toBeCloseTo(5 / 6, 12);
  });
});

describe('qualityReport: ordinal fields and texts', () => {
  it("[Q4] rubric scores: Krippendorff's alpha (ordinal) primary, quadratically weighted kappa beside it for two annotators", () => {
    const config = preferenceConfig('pairwise');
    const scores: [number, number][] = [
      [7, 6],
      [2, 2],
      [5, 4],
      [1, 3],
    ];
    const subs = scores.flatMap(([ann, bob], i) => {
      const item = preferenceItem(`item-${i}`, ['a', 'b']);
      const [first] = responseIds(item);
      const [a, b] = [copyOf(item), copyOf(item)];
      setScore(a, first ?? '', 'accuracy', ann);
      setScore(b, first ?? '', 'accuracy', bob);
      return [submitted(`item-${i}`, 'ann', a, config), submitted(`item-${i}`, 'bob', b, config)];
    });
    const field = qualityReport(subs, { taskType: 'preference', settings, names, now }).overall.fields.find((f) => f.field === 'scores.accuracy');
    expect(field?.primary).toMatchObject({ metric: 'alpha_ordinal', units: 4, raters: 2, percentAgreement: 0.25 });
    expect(field?.primary.value).toBeCloseTo(krippendorffAlpha([scores.map((s) => s[0]), scores.map((s) => s[1])], { level: 'ordinal' }), 12);
    expect(field?.others[0]?.metric).toBe('weighted_kappa_quadratic');
    expect(field?.confusion?.labels).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('[Q5] texts: mean chrF over pairs, share of identical texts as percent agreement', () => {
    const caption = (value: string): Observation => ({ field: 'caption', unit: '', kind: 'text', value });
    const subs = [
      submission('i1', 'ann', [caption('a dog')]),
      submission('i1', 'bob', [caption('a dog')]),
      submission('i2', 'ann', [caption('abc')]),
      submission('i2', 'bob', [caption('xyz')]),
    ];
    const field = qualityReport(subs, { taskType: 'alignment', settings, names, now }).overall.fields[0];
    // chrF 1 on identical texts, 0 on texts without a shared character: mean 0.5.
    expect(field?.primary).toMatchObject({ metric: 'text_similarity', value: 0.5, units: 2, percentAgreement: 0.5 });
  });

  it('[Q6] long texts beyond the character budget are compared on a seeded sample of units, and the explanation says so', () => {
    const long = (seed: number) => Array.from({ length: 100 }, (_, i) => `word${(i * seed) % 37}`).join(' ');
    const caption = (value: string): Observation => ({ field: 'caption', unit: '', kind: 'text', value });
    const items = Math.ceil(textCharacterBudget / 1000) * 4;
    const subs = Array.from({ length: items }, (_, i) => [submission(`i${i}`, 'ann', [caption(long(i + 1))]), submission(`i${i}`, 'bob', [caption(long(i + 2))])]).flat();
    const report = qualityReport(subs, { taskType: 'alignment', settings, names, now, seed: 7 });
    const primary = report.overall.fields[0]?.primary;
    expect(primary?.units).toBeGreaterThanOrEqual(30);
    expect(primary?.units).toBeLessThan(items);
    expect(primary?.explain).toContain(`seeded sample of ${primary?.units} of ${items} units`);
    expect(qualityReport(subs, { taskType: 'alignment', settings, names, now, seed: 7 }).overall.fields[0]).toEqual(report.overall.fields[0]);
  });
});
