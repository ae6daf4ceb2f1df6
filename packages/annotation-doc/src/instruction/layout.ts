import type * as Y from 'yjs';
import { typeNames } from '../layout.ts';
import { findById, getNumber, getText, mapsOf, type YRecord } from '../y-values.ts';

/** `turns`: the conversation, one Y.Map per turn, listed by their `pos` (then id). */
export function turnsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.turns);
}

/** `media`: the item's media descriptors (`{ kind, mediaId, width?, height? }`) as plain values. */
export function mediaArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.media);
}

/** `instruction`: `style`. */
export function instructionMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.instruction);
}

/** `transcript`: audio transcript segments, one Y.Map each. */
export function transcriptArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.transcript);
}

/** The summary of an audio item, for binding to an input. */
export function summaryText(doc: Y.Doc): Y.Text {
  return doc.getText(typeNames.summary);
}

/** The text of a turn, for binding to an input; null when the turn does not exist (any more). */
export function turnText(doc: Y.Doc, turnId: string): Y.Text | null {
  const turn = findById(turnsArray(doc), turnId);
  return turn ? getText(turn, 'text') : null;
}

/** The text of a transcript segment, for binding to an input; null when the segment does not exist. */
export function segmentText(doc: Y.Doc, segmentId: string): Y.Text | null {
  const segment = findById(transcriptArray(doc), segmentId);
  return segment ? getText(segment, 'text') : null;
}

/** Turns in conversation order: by `pos`, then id (concurrent inserts at one place get equal positions). */
export function orderedTurns(doc: Y.Doc): YRecord[] {
  return mapsOf(turnsArray(doc))
    .map((turn) => ({ turn, pos: getNumber(turn, 'pos') ?? 0, id: String(turn.get('id')) }))
    .sort((a, b) => a.pos - b.pos || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((entry) => entry.turn);
}
