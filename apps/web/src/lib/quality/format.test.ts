import { describe, expect, it } from 'vitest';
import { metric } from './fixtures.ts';
import { describeMetric, formatCi, formatMetric, formatNumber, formatPercent, formatPrevalence, formatUnits } from './format.ts';

describe('number formatting', () => {
  it('writes undefined numbers as "undefined", never 0', () => {
    expect(formatNumber(null)).toBe('undefined');
    expect(formatNumber(Number.NaN)).toBe('undefined');
    expect(formatPercent(null)).toBe('undefined');
    expect(formatMetric('gold_accuracy', null)).toBe('undefined');
    expect(formatNumber(0)).toBe('0.00');
  });

  it('rounds, uses a true minus sign and drops the sign of a rounded zero', () => {
    expect(formatNumber(0.7249)).toBe('0.72');
    expect(formatNumber(-0.234)).toBe('−0.23');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(12.345, 1)).toBe('12.3');
  });

  it('shows shares as percentages and kappas as numbers', () => {
    expect(formatPercent(0.5)).toBe('50 %');
    expect(formatMetric('gold_accuracy', 0.845)).toBe('84.5 %');
    expect(formatMetric('fleiss_kappa', 0.846)).toBe('0.85');
    expect(formatCi('cohen_kappa', [0.61, 0.8])).toBe('[0.61, 0.80]');
    expect(formatCi('gold_accuracy', [0.7, 0.93])).toBe('[70.0 %, 93.0 %]');
    expect(formatCi('cohen_kappa', null)).toBeNull();
  });

  it('lists prevalence largest first and counts units and raters', () => {
    expect(formatPrevalence({ B: 0.25, A: 0.75 })).toBe('A 75 %, B 25 %');
    expect(formatPrevalence(null)).toBeNull();
    expect(formatPrevalence({})).toBeNull();
    expect(formatUnits(1, 2)).toBe('on 1 unit, 2 raters');
    expect(formatUnits(42)).toBe('on 42 units');
  });
});

describe('describeMetric', () => {
  it('explains a kappa with its interval, units, raters, percent agreement and prevalence (the kappa paradox)', () => {
    const text = describeMetric(metric());
    expect(text).toBe(
      'Cohen’s κ = 0.72, 95 % CI [0.61, 0.80], on 42 units, 2 raters. Percent agreement 88.0 %. Prevalence: A 70 %, B 30 %. ' +
        'Cohen’s kappa of the better response over items both annotators judged.',
    );
  });

  it('says an undefined number is undefined and why, with the units it was tried on', () => {
    const text = describeMetric(metric({ value: null, ci: null, units: 3, percentAgreement: 1, prevalence: { A: 1 }, explain: 'No variance: every rating was A.' }));
    expect(text).toContain('Cohen’s κ: undefined (on 3 units, 2 raters)');
    expect(text).toContain('Percent agreement 100.0 %');
    expect(text).toContain('No variance: every rating was A.');
    expect(text).not.toMatch(/= 0/);
  });

  it('says when a number has no interval', () => {
    expect(describeMetric(metric({ ci: null }))).toContain('no confidence interval');
  });
});
