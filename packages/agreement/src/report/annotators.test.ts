import { describe, expect, it } from 'vitest';
import { annotatorStanding } from './standing.ts';
import { qualityReport } from './report.ts';
import { weekOf } from './timeline.ts';
import { nominal, now, settings, signals, submission } from './test-submissions.ts';

const names = { ann: 'Ann', bob: 'Bob' };
const day = 86_400_000;

describe('qualityReport: bias, gold, window, timeline', () => {
  it('[Q9] bias signals: position, ties, length, median seconds and too-fast annotations', () => {
    const subs = [
      submission('i1', 'ann', [], { signals: signals('r1', 'r1', false, true), seconds: 5 }),
      submission('i2', 'ann', [], { signals: signals('r2', 'r2', false, false), seconds: 20 }),
      submission('i3', 'ann', [], { signals: signals('r1', 'r2', true, null), seconds: 30 }),
      submission('i4', 'ann', [], { signals: signals(null, 'r1', false, true), seconds: null }),
      submission('i5', 'ann', [], { signals: signals('r1', null, false, null), seconds: 8 }),
    ];
    // Judgements: i1–i4 (i5 chose nothing). Shown first known and chosen: i1 ✓, i2 ✓, i3 ✗ → 2/3. Ties 1/4.
    // Longer chosen where lengths differ: i1 ✓, i2 ✗, i4 ✓ → 2/3. Seconds 5, 8, 20, 30 → median 14; below 10: 2.
    const [ann] = qualityReport(subs, { taskType: 'preference', settings, names, now }).annotators;
    expect(ann?.bias).toEqual({ firstShownRate: 2 / 3, tieRate: 0.25, longerChosenRate: 2 / 3, medianSeconds: 14, tooFast: 2, judgements: 4 });
  });

  it('[Q9] other task types: no preference signals, durations still count', () => {
    const [ann] = qualityReport([submission('i1', 'ann', [nominal('instruction.style', 'q')], { seconds: 3 })], { taskType: 'instruction', settings, names, now }).annotators;
    expect(ann?.bias).toEqual({ firstShownRate: null, tieRate: null, longerChosenRate: null, medianSeconds: 3, tooFast: 1, judgements: 0 });
  });

  it('[Q10] gold accuracy: mean gold score per annotator and slice; null without gold items', () => {
    const subs = [
      submission('g1', 'ann', [], { goldScore: 1, slices: ['math'] }),
      submission('g2', 'ann', [], { goldScore: 0.5, slices: ['code'] }),
      submission('i3', 'ann', [], { slices: ['code'] }),
      submission('g1', 'bob', [], { goldScore: 0, slices: ['math'] }),
    ];
    const report = qualityReport(subs, { taskType: 'preference', settings, names, now });
    expect(report.overall.gold).toMatchObject({ metric: 'gold_accuracy', value: 0.5, units: 3, raters: 2 });
    expect(report.slices.map((s) => [s.slice, s.gold?.value])).toEqual([
      ['code', 0.5],
      ['math', 0.5],
    ]);
    const ann = report.annotators.find((a) => a.userId === 'ann');
    expect(ann?.slices.map((s) => [s.slice, s.gold?.value ?? null])).toEqual([
      ['*', 0.75],
      ['code', 0.5],
      ['math', 1],
    ]);
    expect(qualityReport([submission('i1', 'ann', [])], { taskType: 'preference', settings, names, now }).overall.gold).toBeNull();
  });

  it('[Q1] the window: only submissions inside it count; a resubmission replaces the earlier one', () => {
    const choice = (value: string) => [nominal('judgement.choice', value)];
    const subs = [
      submission('old', 'ann', choice('r1'), { submittedAt: now - 100 * day }),
      submission('old', 'bob', choice('r2'), { submittedAt: now - 100 * day }),
      submission('i1', 'ann', choice('r1'), { submittedAt: now - 2 * day }),
      submission('i1', 'ann', choice('r2'), { submittedAt: now - day }),
      submission('i1', 'bob', choice('r2')),
      submission('i2', 'ann', choice('r1')),
      submission('i2', 'bob', choice('r1')),
      submission('future', 'bob', choice('r1'), { submittedAt: now + day }),
    ];
    const report = qualityReport(subs, { taskType: 'preference', settings, names, now });
    expect(report.window).toEqual({ from: new Date(now - 90 * day).toISOString(), to: new Date(now).toISOString() });
    expect(report.overall).toMatchObject({ items: 2, annotations: 4 });
    // Ann's resubmission r2 agrees with Bob on i1; both r1 on i2: kappa 1.
    expect(report.overall.headline).toMatchObject({ value: 1, units: 2 });
    const wide = qualityReport(subs, { taskType: 'preference', settings, names, now, from: now - 200 * day, to: now + 2 * day });
    expect(wide.overall).toMatchObject({ items: 4, annotations: 7 });
  });

  it('[Q12] the timeline: weekly buckets starting on Monday, per slice, by the latest annotation of each unit', () => {
    expect(weekOf(Date.UTC(2026, 10, 26, 23, 59))).toBe('2026-11-23');
    expect(weekOf(Date.UTC(2026, 10, 23))).toBe('2026-11-23');
    expect(weekOf(Date.UTC(2026, 10, 22, 23, 59))).toBe('2026-11-16');
    const choice = (value: string) => [nominal('judgement.choice', value)];
    const lastWeek = Date.UTC(2026, 10, 17);
    const subs = [
      submission('i1', 'ann', choice('r1'), { submittedAt: lastWeek, slices: ['math'] }),
      submission('i1', 'bob', choice('r1'), { submittedAt: lastWeek, slices: ['math'] }),
      submission('i2', 'ann', choice('r2'), { submittedAt: lastWeek }),
      submission('i2', 'bob', choice('r2'), { submittedAt: Date.UTC(2026, 10, 24) }),
      submission('i3', 'ann', choice('r1'), { submittedAt: Date.UTC(2026, 10, 25) }),
      submission('i3', 'bob', choice('r2'), { submittedAt: Date.UTC(2026, 10, 25) }),
    ];
    const { timeline } = qualityReport(subs, { taskType: 'preference', settings, names, now });
    expect(timeline.map((p) => [p.slice, p.bucket, p.units])).toEqual([
      ['*', '2026-11-16', 1],
      ['*', '2026-11-23', 2],
      ['math', '2026-11-16', 1],
    ]);
    // Week of 11-23: Ann r2, r1; Bob r2, r2 → p_o 1/2, p_e = 1/2·1 + 1/2·0 = 1/2 → kappa 0.
    expect(timeline[1]?.value).toBeCloseTo(0, 12);
  });
});

describe('annotatorStanding', () => {
  it('[Q13] equals the report’s agreement and gold for the same slices, from the headline field only', () => {
    const choice = (value: string) => [nominal('judgement.choice', value), nominal('judgement.top', 'r1')];
    const labels = ['r1', 'r1', 'r2', 'r1', 'r2', 'r2', 'r1', 'r2', 'r1', 'r1', 'r2', 'r1'];
    const subs = labels.flatMap((label, i) => [
      submission(`i${i}`, 'ann', choice(label), { slices: [i % 2 === 0 ? 'even' : 'odd'], goldScore: i % 3 === 0 ? 0.5 : null }),
      submission(`i${i}`, 'bob', choice(i % 4 === 0 ? 'r2' : label), { slices: [i % 2 === 0 ? 'even' : 'odd'] }),
    ]);
    const report = qualityReport(subs, { taskType: 'preference', settings, names, now, seed: 3 });
    const standing = annotatorStanding(subs, { userId: 'ann', slices: ['*', 'even'], settings, taskType: 'preference', now, seed: 3, names });
    const ann = report.annotators.find((a) => a.userId === 'ann');
    expect(standing).toEqual([
      { slice: '*', agreement: ann?.slices[0]?.agreement, gold: ann?.slices[0]?.gold },
      { slice: 'even', agreement: ann?.slices[1]?.agreement, gold: ann?.slices[1]?.gold },
    ]);
    expect(standing[0]?.agreement.units).toBe(12);
    expect(standing[0]?.agreement.ci).not.toBeNull();
  });
});
