import { describe, expect, it } from 'vitest';
import { agreementBand, krippendorffBand, landisKoch } from './bands.ts';

describe('agreement bands', () => {
  it('names kappas with Landis–Koch words at each boundary', () => {
    expect([-0.1, 0, 0.2, 0.21, 0.4, 0.5, 0.6, 0.7, 0.8, 0.81, 1].map(landisKoch)).toEqual([
      'poor',
      'slight',
      'slight',
      'fair',
      'fair',
      'moderate',
      'moderate',
      'substantial',
      'substantial',
      'almost perfect',
      'almost perfect',
    ]);
  });

  it('reads alphas on Krippendorff’s scale', () => {
    expect([0.5, 0.667, 0.79, 0.8].map(krippendorffBand)).toEqual(['unreliable', 'tentative', 'tentative', 'reliable']);
  });

  it('picks the scale by metric and gives none for undefined numbers or metrics without one', () => {
    expect(agreementBand('fleiss_kappa', 0.45)).toEqual({ name: 'moderate', scale: 'Landis–Koch', acceptable: false });
    expect(agreementBand('weighted_kappa_quadratic', 0.7)?.acceptable).toBe(true);
    expect(agreementBand('alpha_interval', 0.7)).toEqual({ name: 'tentative', scale: 'Krippendorff', acceptable: true });
    expect(agreementBand('cohen_kappa', null)).toBeNull();
    expect(agreementBand('mean_iou', 0.7)).toBeNull();
    expect(agreementBand('gold_accuracy', 0.9)).toBeNull();
  });
});
