import type { ExportItem, ExportMedium } from '../types.ts';

/** A user or assistant turn with the images shown in it. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
  images: ExportMedium[];
}

/** An instruction item as a checked conversation: leading system texts, then user/assistant turns. */
export interface Conversation {
  /** System turns, in order (only allowed before the first user turn). */
  system: string[];
  /** Alternating turns: user first, assistant last. */
  turns: ChatTurn[];
  /** Every image of the conversation, in order of appearance (turn by turn), once each. */
  images: ExportMedium[];
}

/** Either a conversation or why the item cannot be one. */
export type ConversationResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

/**
 * [I1] Reads an instruction item into a conversation every chat format can express, or a skip reason:
 * only instruction items; system turns only before the first user turn; then user and assistant strictly
 * alternate, starting with user and ending with assistant (there is an answer to train on); no empty turn;
 * every medium known and an image (audio has no place in these formats). A turn's images are the images it
 * lists; the item's images no turn lists go to the first user turn, in import order.
 */
export function readConversation(item: ExportItem): ConversationResult {
  const doc = item.annotation;
  if (doc.taskType !== 'instruction') return { ok: false, reason: `not an instruction item (${doc.taskType})` };
  const system: string[] = [];
  const turns: ChatTurn[] = [];
  const seen = new Set<string>();
  const images: ExportMedium[] = [];

  function mediumOf(mediaId: string): ExportMedium | string {
    const medium = item.media[mediaId];
    if (!medium) return `medium ${mediaId} is missing from the export`;
    if (medium.kind !== 'image') return `medium ${mediaId} is ${medium.kind}, not an image`;
    return medium;
  }

  for (const [index, turn] of doc.turns.entries()) {
    if (turn.role === null) return { ok: false, reason: `turn ${index + 1} has no role` };
    if (turn.text.trim() === '') return { ok: false, reason: `turn ${index + 1} is empty` };
    if (turn.role === 'system') {
      if (turns.length > 0) return { ok: false, reason: `system turn ${index + 1} after the conversation started` };
      if (turn.media.length > 0) return { ok: false, reason: `system turn ${index + 1} has media` };
      system.push(turn.text);
      continue;
    }
    const expected = turns.length % 2 === 0 ? 'user' : 'assistant';
    if (turn.role !== expected) return { ok: false, reason: `turn ${index + 1} is ${turn.role}, expected ${expected} (turns must alternate, user first)` };
    const turnImages: ExportMedium[] = [];
    for (const mediaId of turn.media) {
      const medium = mediumOf(mediaId);
      if (typeof medium === 'string') return { ok: false, reason: medium };
      if (seen.has(mediaId)) continue;
      seen.add(mediaId);
      turnImages.push(medium);
    }
    turns.push({ role: turn.role, text: turn.text, images: turnImages });
  }
  const first = turns[0];
  if (!first) return { ok: false, reason: 'no user turn' };
  if (turns.length % 2 !== 0) return { ok: false, reason: 'the conversation does not end with an assistant turn' };

  const unlisted: ExportMedium[] = [];
  for (const ref of doc.media) {
    if (seen.has(ref.mediaId)) continue;
    const medium = mediumOf(ref.mediaId);
    if (typeof medium === 'string') return { ok: false, reason: medium };
    seen.add(ref.mediaId);
    unlisted.push(medium);
  }
  first.images = [...unlisted, ...first.images];
  for (const turn of turns) images.push(...turn.images);
  return { ok: true, conversation: { system, turns, images } };
}
