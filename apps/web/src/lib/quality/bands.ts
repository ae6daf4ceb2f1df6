import type { MetricName } from '@concord/protocol';

/** A verbal reading of an agreement number, and whose scale it comes from. */
export interface AgreementBand {
  name: string;
  scale: 'Landis–Koch' | 'Krippendorff';
  /** Whether the band is usually taken as good enough to rely on. */
  acceptable: boolean;
}

const kappas = new Set<MetricName>(['cohen_kappa', 'weighted_kappa_linear', 'weighted_kappa_quadratic', 'fleiss_kappa']);
const alphas = new Set<MetricName>(['alpha_nominal', 'alpha_ordinal', 'alpha_interval', 'alpha_ratio']);

/**
 * Landis and Koch's (1977) words for a kappa: poor below 0, then slight, fair, moderate,
 * substantial and almost perfect in steps of 0.2 (upper bounds inclusive).
 * @example landisKoch(0.65) // 'substantial'
 */
export function landisKoch(value: number): string {
  if (value < 0) return 'poor';
  if (value <= 0.2) return 'slight';
  if (value <= 0.4) return 'fair';
  if (value <= 0.6) return 'moderate';
  if (value <= 0.8) return 'substantial';
  return 'almost perfect';
}

/**
 * Krippendorff's (2004) reading of an alpha: reliable from 0.800, tentative conclusions from 0.667,
 * otherwise unreliable.
 * @example krippendorffBand(0.7) // 'tentative'
 */
export function krippendorffBand(value: number): string {
  if (value >= 0.8) return 'reliable';
  if (value >= 0.667) return 'tentative';
  return 'unreliable';
}

/**
 * The band of an agreement number: Landis–Koch for kappas, Krippendorff's for alphas; null for metrics
 * without an accepted verbal scale (IoU, F1, similarity, accuracy, τ …) and for undefined numbers.
 * @example agreementBand('fleiss_kappa', 0.45) // { name: 'moderate', scale: 'Landis–Koch', acceptable: false }
 */
export function agreementBand(metric: MetricName, value: number | null): AgreementBand | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (kappas.has(metric)) return { name: landisKoch(value), scale: 'Landis–Koch', acceptable: value > 0.6 };
  if (alphas.has(metric)) return { name: krippendorffBand(value), scale: 'Krippendorff', acceptable: value >= 0.667 };
  return null;
}
