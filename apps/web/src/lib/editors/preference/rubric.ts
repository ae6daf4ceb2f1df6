/** Segmented controls past this many choices become a number field. */
export const maxSegments = 11;

/**
 * The values of a criterion's scale, min to max in steps, free of float noise (0.1 + 0.2 is 0.3).
 *
 * @example scaleValues({ min: 1, max: 7, step: 1 }) // [1, 2, 3, 4, 5, 6, 7]
 * @example scaleValues({ min: 0, max: 1, step: 0.25 }) // [0, 0.25, 0.5, 0.75, 1]
 */
export function scaleValues(scale: { min: number; max: number; step: number }): number[] {
  const { min, max, step } = scale;
  if (!(step > 0) || !(max >= min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const count = Math.floor((max - min) / step + 1e-9);
  if (count > 1000) return [];
  const decimals = Math.max(decimalsOf(min), decimalsOf(step));
  return Array.from({ length: count + 1 }, (_, i) => Number((min + i * step).toFixed(decimals)));
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e-')) return Number(text.split('e-')[1]) + (text.split('.')[1]?.split('e')[0]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** A score typed in a number field, as a number on the scale, or null (empty) or 'invalid'. */
export function parseScore(input: string, scale: { min: number; max: number; step: number }): number | null | 'invalid' {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < scale.min || value > scale.max) return 'invalid';
  const steps = (value - scale.min) / scale.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9 ? value : 'invalid';
}

/** The field path of a score (SPEC), used for focus awareness and the problem list. */
export function scorePath(responseId: string, criterionId: string): string {
  return `scores.${responseId}:${criterionId}`;
}
