import type { Xywh } from './geometry.ts';

/** The four grounded-caption conventions (export-formats.md, "Grounded caption text"). */
export const groundedStyles = ['qwen', 'florence2', 'kosmos2', 'shikra'] as const;
/** A grounded-caption convention. */
export type GroundedStyle = (typeof groundedStyles)[number];

/** An image size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

interface Corners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  height: number;
}

/** Corners of a box, clamped to the image (a box partly outside is drawn where it meets the image). */
function cornersOf([x, y, w, h]: Xywh, { width, height }: ImageSize): Corners {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return { x1: clamp(x, width), y1: clamp(y, height), x2: clamp(x + w, width), y2: clamp(y + h, height), width, height };
}

const clampInt = (v: number, max: number) => Math.min(Math.max(v, 0), max);

/** floor(v · 1000 / size), computed in that order so integer pixels divide exactly (no 0.48-style binary error). */
const thousandths = (v: number, size: number) => Math.floor((v * 1000) / size);

/** v / size to three decimals, ties to even (as Python's `f"{x:.3f}"` on the exact ratio of integers). */
export function threeDecimals(v: number, size: number): string {
  const numerator = v * 1000;
  let q = Math.floor(numerator / size);
  if (Number.isInteger(numerator) && Number.isInteger(size)) {
    const twiceRest = 2 * (numerator - q * size);
    if (twiceRest > size || (twiceRest === size && q % 2 === 1)) q += 1;
  } else {
    const fraction = numerator / size - q;
    if (fraction > 0.5 || (fraction === 0.5 && q % 2 === 1)) q += 1;
  }
  return (q / 1000).toFixed(3);
}

/** [V10] Qwen-VL: `<box>(x1,y1),(x2,y2)</box>`, each coordinate floor(v / size · 1000) clamped to 0..999. */
function qwenBox(c: Corners): string {
  const x = (v: number) => clampInt(thousandths(v, c.width), 999);
  const y = (v: number) => clampInt(thousandths(v, c.height), 999);
  return `<box>(${x(c.x1)},${y(c.y1)}),(${x(c.x2)},${y(c.y2)})</box>`;
}

/** [V10] Florence-2: `<loc_x1><loc_y1><loc_x2><loc_y2>`, bin = floor(v / (size / 1000)) clamped to 0..999. */
function florenceBox(c: Corners): string {
  const bins = [thousandths(c.x1, c.width), thousandths(c.y1, c.height), thousandths(c.x2, c.width), thousandths(c.y2, c.height)];
  return bins.map((b) => `<loc_${clampInt(b, 999)}>`).join('');
}

/**
 * [V10] Kosmos-2: two patch indices on a 32×32 grid (transformers' `coordinate_to_patch_index`): top-left
 * cell floor(x1·32), bottom-right ceil(x2·32 − 1), index row·32 + col, four digits.
 */
function kosmosBox(c: Corners): string {
  const cells = 32;
  const cell = (v: number, size: number, round: (n: number) => number, shift: number) => clampInt(round((v * cells) / size - shift), cells - 1);
  const ulx = cell(c.x1, c.width, Math.floor, 0);
  const uly = cell(c.y1, c.height, Math.floor, 0);
  const lrx = cell(c.x2, c.width, Math.ceil, 1);
  const lry = cell(c.y2, c.height, Math.ceil, 1);
  const index = (n: number) => `<patch_index_${String(n).padStart(4, '0')}>`;
  return `${index(uly * cells + ulx)}${index(lry * cells + lrx)}`;
}

/** [V10] Shikra: `x1,y1,x2,y2` normalised to 0..1 with three decimals (ties to even). */
function shikraBox(c: Corners): string {
  return [threeDecimals(c.x1, c.width), threeDecimals(c.y1, c.height), threeDecimals(c.x2, c.width), threeDecimals(c.y2, c.height)].join(',');
}

/**
 * [V10][V11] A phrase grounded to one or more boxes in a convention. Several boxes: Qwen repeats `<box>`,
 * Florence-2 repeats the four locations, Kosmos-2 separates pairs with `<delimiter_of_multi_objects/>`,
 * Shikra separates boxes with `;` inside one bracket. Kosmos-2 puts the phrase's leading space inside
 * `<phrase>` (the caller drops the space before the phrase).
 *
 * @example groundPhrase({ style: 'qwen', phrase: 'a dog', boxes: [[100, 120, 200, 150]], image: { width: 640, height: 480 } })
 * // '<ref>a dog</ref><box>(156,250),(468,562)</box>'
 */
export function groundPhrase({ style, phrase, boxes, image }: { style: GroundedStyle; phrase: string; boxes: readonly Xywh[]; image: ImageSize }): string {
  const corners = boxes.map((b) => cornersOf(b, image));
  switch (style) {
    case 'qwen':
      return `<ref>${phrase}</ref>${corners.map(qwenBox).join('')}`;
    case 'florence2':
      return `${phrase}${corners.map(florenceBox).join('')}`;
    case 'kosmos2':
      return `<phrase> ${phrase}</phrase><object>${corners.map(kosmosBox).join('<delimiter_of_multi_objects/>')}</object>`;
    case 'shikra':
      return `${phrase}[${corners.map(shikraBox).join(';')}]`;
  }
}
