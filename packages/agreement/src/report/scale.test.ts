import { describe, expect, it } from 'vitest';
import { seededRandom } from '../metrics/random.ts';
import type { Observation, Submission } from '../observe/types.ts';
import { qualityReport } from './report.ts';
import { now, settings } from './test-submissions.ts';

const criteria = ['accuracy', 'helpfulness', 'completeness', 'harmlessness'];
const words = 'the answer explains why the first response is more accurate and complete than the second one here'.split(' ');

/** 10,000 preference items, each done by two of 20 annotators who mostly agree; 4 tags; 5 % gold. */
function largeProject(): Submission[] {
  const random = seededRandom('scale');
  const subs: Submission[] = [];
  for (let i = 0; i < 10_000; i++) {
    const truth = random() < 0.6 ? 'r1' : 'r2';
    const raters = [`u${i % 20}`, `u${(i + 1 + (i % 7)) % 20}`];
    for (const rater of raters) {
      const choice = random() < 0.85 ? truth : truth === 'r1' ? 'r2' : 'r1';
      const strength = 1 + Math.floor(random() * 4);
      const observations: Observation[] = [
        { field: 'judgement.choice', unit: '', kind: 'nominal', value: choice },
        { field: 'judgement.strength', unit: '', kind: 'ordinal', value: strength, scale: { min: 1, max: 4 } },
        { field: 'judgement.preference', unit: '', kind: 'ordinal', value: (choice === 'r1' ? 1 : -1) * (strength - 1), scale: { min: -3, max: 3 } },
        ...criteria.flatMap((c) =>
          ['r1', 'r2'].map((unit): Observation => ({ field: `scores.${c}`, unit, kind: 'ordinal', value: 1 + Math.floor(random() * 7), scale: { min: 1, max: 7 } })),
        ),
        { field: 'rationale', unit: '', kind: 'text', value: Array.from({ length: 30 }, () => words[Math.floor(random() * words.length)]).join(' ') },
      ];
      subs.push({
        itemId: `item-${i}`,
        raterId: rater,
        slices: [['math', 'code', 'writing', 'safety'][i % 4] ?? 'math'],
        submittedAt: now - Math.floor(random() * 80) * 86_400_000,
        seconds: Math.floor(random() * 300),
        observations,
        signals: { shownFirst: random() < 0.5 ? 'r1' : 'r2', chosen: choice, tie: strength === 1, chosenLonger: random() < 0.5 },
        goldScore: i % 20 === 0 ? random() : null,
      });
    }
  }
  return subs;
}

describe('qualityReport at scale', () => {
  it('[Q3] 20,000 submissions: completes with sane numbers', () => {
    const subs = largeProject();
    const started = performance.now();
    const report = qualityReport(subs, { taskType: 'preference', settings, names: {}, now });
    console.info(`quality report over ${subs.length} submissions: ${Math.round(performance.now() - started)} ms`);
    expect(report.overall).toMatchObject({ items: 10_000, annotations: 20_000 });
    const { headline } = report.overall;
    // Two raters per item, 20 annotators: Fleiss' kappa; 85 % accuracy each → agreement ≈ 0.745, kappa ≈ 0.45.
    expect(headline.metric).toBe('fleiss_kappa');
    expect(headline.units).toBe(10_000);
    expect(headline.value).toBeGreaterThan(0.3);
    expect(headline.value).toBeLessThan(0.6);
    expect(headline.ci?.[0]).toBeLessThan(headline.value ?? 0);
    expect(headline.ci?.[1]).toBeGreaterThan(headline.value ?? 0);
    expect(report.slices).toHaveLength(4);
    expect(report.annotators).toHaveLength(20);
    expect(report.pairs.length).toBeGreaterThan(20);
    expect(report.timeline.length).toBeGreaterThan(40);
    // Random scores: no agreement beyond chance.
    const accuracy = report.overall.fields.find((f) => f.field === 'scores.accuracy')?.primary;
    expect(Math.abs(accuracy?.value ?? 1)).toBeLessThan(0.05);
    for (const annotator of report.annotators) {
      expect(annotator.slices[0]?.agreement.value).toBeGreaterThan(0.2);
      expect(annotator.bias?.judgements).toBe(annotator.annotations);
    }
  });
});
