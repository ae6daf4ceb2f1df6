import * as Y from 'yjs';
import { newLocalId } from '../ids.ts';
import type { TurnRole } from '../seeds.ts';
import { findById, getNumber, indexOfId, type YRecord } from '../y-values.ts';
import { instructionMap, orderedTurns, transcriptArray, turnsArray } from './layout.ts';

/** A new turn. */
export interface NewTurn {
  role: TurnRole;
  text?: string;
  /** Media ids (`med_…`) shown with the turn. */
  media?: string[];
  /** The id to use; a new {@link newLocalId} when omitted. */
  id?: string;
}

/** A new transcript segment (times in seconds). */
export interface NewSegment {
  start: number;
  end: number;
  speaker?: string;
  text?: string;
  id?: string;
}

function between(before: number | undefined, after: number | undefined): number {
  if (before === undefined) return after === undefined ? 1 : after - 1;
  return after === undefined ? before + 1 : (before + after) / 2;
}

/** The `pos` that puts a turn at `index` among `turns` (which must not contain it). */
function positionAt(turns: YRecord[], index: number): number {
  const at = Math.max(0, Math.min(index, turns.length));
  const pos = (i: number) => {
    const turn = turns[i];
    return turn === undefined ? undefined : (getNumber(turn, 'pos') ?? 0);
  };
  const before = pos(at - 1);
  const after = pos(at);
  const value = between(before, after);
  if (value !== before && value !== after && Number.isFinite(value)) return value;
  // Equal neighbours (concurrent inserts) or exhausted float precision: renumber, then place again.
  turns.forEach((turn, i) => turn.set('pos', i + 1));
  return between(pos(at - 1), pos(at));
}

/**
 * Adds a turn at `index` of the conversation (the end when omitted) and returns its id.
 *
 * @example
 * const id = addTurn(doc, { role: 'assistant' });
 * bindTextarea(textarea, turnText(doc, id));
 */
export function addTurn(doc: Y.Doc, turn: NewTurn, index?: number): string {
  const id = turn.id ?? newLocalId();
  doc.transact(() => {
    const turns = orderedTurns(doc);
    const pos = positionAt(turns, index ?? turns.length);
    turnsArray(doc).push([
      new Y.Map<unknown>([
        ['id', id],
        ['role', turn.role],
        ['text', new Y.Text(turn.text ?? '')],
        ['media', Y.Array.from(turn.media ?? [])],
        ['pos', pos],
      ]),
    ]);
  });
  return id;
}

/** Removes a turn; nothing happens when it is already gone. */
export function removeTurn(doc: Y.Doc, turnId: string): void {
  doc.transact(() => {
    const index = indexOfId(turnsArray(doc), turnId);
    if (index >= 0) turnsArray(doc).delete(index, 1);
  });
}

/** Changes who speaks a turn. */
export function setTurnRole(doc: Y.Doc, turnId: string, role: TurnRole): void {
  doc.transact(() => findById(turnsArray(doc), turnId)?.set('role', role));
}

/**
 * Moves a turn to `index` of the conversation (counted without the turn). The turn keeps its id, text
 * and history: only its `pos` changes, so concurrent edits of its text survive the move.
 */
export function moveTurn(doc: Y.Doc, turnId: string, index: number): void {
  doc.transact(() => {
    const turns = orderedTurns(doc);
    const turn = turns.find((t) => t.get('id') === turnId);
    if (!turn) return;
    turn.set('pos', positionAt(turns.filter((t) => t !== turn), index));
  });
}

/** Sets the instruction style (one of the config's `instructionStyles`), or clears it with null. */
export function setInstructionStyle(doc: Y.Doc, style: string | null): void {
  doc.transact(() => {
    if (style === null) instructionMap(doc).delete('style');
    else instructionMap(doc).set('style', style);
  });
}

function assertTimes(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('segment times must be finite numbers of seconds');
}

/** Adds a transcript segment and returns its id. */
export function addSegment(doc: Y.Doc, segment: NewSegment): string {
  assertTimes(segment.start, segment.end);
  const id = segment.id ?? newLocalId();
  doc.transact(() => {
    transcriptArray(doc).push([
      new Y.Map<unknown>([
        ['id', id],
        ['start', segment.start],
        ['end', segment.end],
        ['speaker', segment.speaker ?? ''],
        ['text', new Y.Text(segment.text ?? '')],
      ]),
    ]);
  });
  return id;
}

/** Changes a segment's times or speaker (its text is edited through `segmentText`). */
export function updateSegment(doc: Y.Doc, segmentId: string, change: { start?: number; end?: number; speaker?: string }): void {
  assertTimes(change.start ?? 0, change.end ?? 0);
  doc.transact(() => {
    const segment = findById(transcriptArray(doc), segmentId);
    if (!segment) return;
    if (change.start !== undefined) segment.set('start', change.start);
    if (change.end !== undefined) segment.set('end', change.end);
    if (change.speaker !== undefined) segment.set('speaker', change.speaker);
  });
}

/** Removes a transcript segment; nothing happens when it is already gone. */
export function removeSegment(doc: Y.Doc, segmentId: string): void {
  doc.transact(() => {
    const index = indexOfId(transcriptArray(doc), segmentId);
    if (index >= 0) transcriptArray(doc).delete(index, 1);
  });
}
