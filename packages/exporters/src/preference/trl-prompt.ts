import type { ExportMedium } from '../types.ts';

/** How TRL rows write the prompt: plain strings, or conversational messages (with image parts). */
export type TrlStyle = 'auto' | 'standard' | 'conversational';

/** [P4] `auto`: standard when the prompt has no images, conversational (vision) when it has. */
export function conversationalFor(style: TrlStyle, images: readonly ExportMedium[]): boolean {
  return style === 'conversational' || (style === 'auto' && images.length > 0);
}

/** A conversational user prompt: one `{ "type": "image" }` part per image, then the text. */
export function userPrompt(text: string, images: readonly ExportMedium[]): { role: 'user'; content: Record<string, unknown>[] }[] {
  return [{ role: 'user', content: [...images.map(() => ({ type: 'image' })), { type: 'text', text }] }];
}

/** A conversational assistant answer. */
export function assistantAnswer(text: string): { role: 'assistant'; content: { type: 'text'; text: string }[] }[] {
  return [{ role: 'assistant', content: [{ type: 'text', text }] }];
}
