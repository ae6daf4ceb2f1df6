import type { ExportMedium } from '../types.ts';

/** How TRL rows write the prompt: plain strings, or conversational messages (with image parts). */
export type TrlStyle = 'auto' | 'standard' | 'conversational';

/** [P4] `auto`: standard when the prompt has no images, conversational (vision) when it has. */
export function conversationalFor(style: TrlStyle, images: readonly ExportMedium[]): boolean {
  return style === 'conversational' || (style === 'auto' && images.length > 0);
}

/**
 * [P4] The row style of one item, or why it cannot be written: standard rows cannot carry prompt
 * images, and every image needs a path in the export.
 */
export function trlRowStyle(style: TrlStyle, images: readonly ExportMedium[]): { ok: true; conversational: boolean } | { ok: false; reason: string } {
  const conversational = conversationalFor(style, images);
  if (!conversational && images.length > 0) return { ok: false, reason: 'the prompt has images; standard rows cannot carry them' };
  if (images.some((image) => image.path === null)) return { ok: false, reason: 'an image has no path in the export' };
  return { ok: true, conversational };
}

/** A conversational user prompt: one `{ "type": "image" }` part per image, then the text. */
export function userPrompt(text: string, images: readonly ExportMedium[]): { role: 'user'; content: Record<string, unknown>[] }[] {
  return [{ role: 'user', content: [...images.map(() => ({ type: 'image' })), { type: 'text', text }] }];
}

/** A conversational assistant answer. */
export function assistantAnswer(text: string): { role: 'assistant'; content: { type: 'text'; text: string }[] }[] {
  return [{ role: 'assistant', content: [{ type: 'text', text }] }];
}
