/** Landis & Koch's verbal band of a kappa [M10]. */
export type LandisKochBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect' | 'undefined';

/** Krippendorff's reading of an alpha [M10]. */
export type KrippendorffReading = 'reliable' | 'tentative' | 'unreliable' | 'undefined';

/**
 * Landis & Koch (1977) band of a kappa [M10]: < 0 poor, <= 0.20 slight, <= 0.40 fair, <= 0.60 moderate,
 * <= 0.80 substantial, above almost perfect; NaN (undefined kappa) is 'undefined'.
 *
 * @example landisKoch(0.65) // 'substantial'
 */
export function landisKoch(kappa: number): LandisKochBand {
  if (Number.isNaN(kappa)) return 'undefined';
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}

/**
 * Krippendorff's reading of an alpha [M10]: >= 0.800 reliable (conclusions), >= 0.667 tentative, else
 * unreliable; NaN (undefined alpha) is 'undefined'.
 *
 * @example krippendorffReading(0.7) // 'tentative'
 */
export function krippendorffReading(alpha: number): KrippendorffReading {
  if (Number.isNaN(alpha)) return 'undefined';
  if (alpha >= 0.8) return 'reliable';
  if (alpha >= 0.667) return 'tentative';
  return 'unreliable';
}
