/** A cell's colours: its background and a text colour readable on it. */
export interface CellColors {
  background: string;
  text: string;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * How far a value is from the threshold, -1 (far below) … 0 (at it) … 1 (far above): below, the
 * distance is measured over `threshold - floor` (floor 0 by default, so a kappa of 0 or less is fully
 * below); above, over `1 - threshold`.
 * @example divergence({ value: 0.375, threshold: 0.75 }) // -0.5
 */
export function divergence(options: { value: number; threshold: number; floor?: number }): number {
  const { value, threshold } = options;
  const floor = Math.min(options.floor ?? 0, threshold - 0.05);
  if (value < threshold) return -clamp01((threshold - value) / (threshold - floor));
  const span = Math.max(1 - threshold, 0.05);
  return clamp01((value - threshold) / span);
}

/**
 * A diverging red ↔ blue colour (safe for red–green colour blindness) around the threshold: pale at
 * the threshold, deeper further from it; null for an undefined value (drawn hatched instead).
 * @example agreementColor({ value: 0, threshold: 0.75 }) // { background: 'hsl(8 70% 45%)', text: '#fff' }
 */
export function agreementColor(options: { value: number | null; threshold: number; floor?: number }): CellColors | null {
  if (options.value === null || !Number.isFinite(options.value)) return null;
  const d = divergence({ value: options.value, threshold: options.threshold, floor: options.floor });
  const hue = d < 0 ? 8 : 212;
  const depth = Math.abs(d);
  const lightness = Math.round(94 - depth * 49);
  const saturation = Math.round(45 + depth * 25);
  return { background: `hsl(${hue} ${saturation}% ${lightness}%)`, text: lightness < 62 ? '#fff' : '#1b1b1b' };
}

/**
 * The shade of a count in a matrix, 0 (none) … 1 (the largest count), as a background colour.
 * @example countShade({ count: 5, max: 10 }) // { background: 'hsl(8 60% 72%)', text: '#1b1b1b' }
 */
export function countShade(options: { count: number; max: number; diagonal?: boolean }): CellColors {
  const share = options.max > 0 ? clamp01(options.count / options.max) : 0;
  // Agreement (the diagonal) in blue, disagreement off it in red.
  const hue = options.diagonal ? 212 : 8;
  const lightness = Math.round(98 - share * 52);
  return { background: `hsl(${hue} 60% ${lightness}%)`, text: lightness < 62 ? '#fff' : '#1b1b1b' };
}

/** Line colours for the chart's series, distinct for most colour vision (Okabe–Ito). */
export const seriesPalette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'] as const;

/**
 * The colour of the n-th series, cycling through the palette.
 * @example seriesColor(9) // '#E69F00'
 */
export function seriesColor(index: number): string {
  return seriesPalette[((index % seriesPalette.length) + seriesPalette.length) % seriesPalette.length] as string;
}
