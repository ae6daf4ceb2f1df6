/**
 * A configuration id from a display name: lowercase a–z, 0–9, `_` and `-`, at most 64 characters,
 * made unique against `taken` with a `-2`, `-3` … suffix.
 * @example configIdFrom('Traffic light', ['traffic-light']) // 'traffic-light-2'
 */
export function configIdFrom(name: string, taken: Iterable<string> = []): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '')
      .slice(0, 64) || 'item';
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** Field paths worth suggesting as required, per task type (see `validate` in @concord/annotation-doc). */
export const requiredFieldSuggestions = {
  instruction: ['instruction.style', 'summary', 'transcript'],
  preference: ['rationale', 'judgement', 'scores'],
  alignment: ['caption', 'regions', 'links', 'vqa', 'descriptions'],
} as const;

/** A readable colour for a new label, cycling through a small palette. */
export function nextLabelColor(index: number): string {
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  return palette[index % palette.length]!;
}
