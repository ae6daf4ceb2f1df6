import { qualitySettingsSchema, type MetricValue } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { flagsFor } from './standing.ts';

const settings = qualitySettingsSchema.parse({ minUnits: 10, agreementThreshold: 0.75, goldAccuracyThreshold: 0.8 });
const metric = (metric: MetricValue['metric'], value: number | null, units: number): MetricValue => ({
  metric,
  value,
  ci: null,
  units,
  raters: 2,
  percentAgreement: null,
  prevalence: null,
  explain: '',
});

describe('which numbers flag [F1]', () => {
  it('[F1] a number below its threshold on at least minUnits units flags, with what it was', () => {
    expect(flagsFor({ slice: 'safety', agreement: metric('cohen_kappa', 0.5, 10), gold: metric('gold_accuracy', 0.5, 12) }, settings)).toEqual([
      { slice: 'safety', reason: 'agreement', metric: 'cohen_kappa', value: 0.5, threshold: 0.75, units: 10 },
      { slice: 'safety', reason: 'gold_accuracy', metric: 'gold_accuracy', value: 0.5, threshold: 0.8, units: 12 },
    ]);
  });

  it('[F1] fewer units than minUnits, a number at or above the threshold, or an undefined number never flag', () => {
    expect(flagsFor({ slice: '*', agreement: metric('cohen_kappa', 0.1, 9), gold: metric('gold_accuracy', 0.1, 9) }, settings)).toEqual([]);
    expect(flagsFor({ slice: '*', agreement: metric('cohen_kappa', 0.75, 50), gold: metric('gold_accuracy', 0.8, 50) }, settings)).toEqual([]);
    expect(flagsFor({ slice: '*', agreement: metric('cohen_kappa', null, 50), gold: null }, settings)).toEqual([]);
    expect(flagsFor({ slice: '*', agreement: metric('cohen_kappa', Number.NaN, 50), gold: null }, settings)).toEqual([]);
  });
});
