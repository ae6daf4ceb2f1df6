import type * as Y from 'yjs';
import { segmentText, summaryText, turnText } from '../instruction/layout.ts';
import { addSegment, addTurn, moveTurn, removeSegment, removeTurn, setInstructionStyle, setTurnRole, updateSegment } from '../instruction/mutations.ts';
import { readInstruction, type InstructionDoc, type TurnView } from '../instruction/read.ts';
import type { TurnRole } from '../seeds.ts';
import type { FieldDiff } from './diff.ts';
import { itemContentError, pathParts } from './paths.ts';
import { replaceText } from './text-edit.ts';

const turnIds = (doc: Y.Doc) => readInstruction(doc).turns.map((t) => t.id);

function roleOf(turn: TurnView): TurnRole {
  if (turn.role === null) throw new TypeError(`turn ${turn.id} of the version has no valid role: fix it there before adopting it`);
  return turn.role;
}

/** Adds a turn of the version right after the turn that precedes it there (or first). */
function addTurnOf(doc: Y.Doc, from: InstructionDoc, turn: TurnView): void {
  const current = turnIds(doc);
  const at = from.turns.findIndex((t) => t.id === turn.id);
  let index = 0;
  for (let i = at - 1; i >= 0; i--) {
    const k = current.indexOf(from.turns[i]?.id ?? '');
    if (k >= 0) {
      index = k + 1;
      break;
    }
  }
  addTurn(doc, { id: turn.id, role: roleOf(turn), text: turn.text, media: turn.media }, index);
}

/** Puts the turns both have in the version's order, moving only those out of place (moveTurn keeps texts and history). */
function reorderTurns(doc: Y.Doc, from: InstructionDoc): void {
  const present = new Set(turnIds(doc));
  from.turns
    .map((t) => t.id)
    .filter((id) => present.has(id))
    .forEach((id, index) => {
      if (turnIds(doc)[index] !== id) moveTurn(doc, id, index);
    });
}

function applyTurn(doc: Y.Doc, from: InstructionDoc, diff: FieldDiff): void {
  const [, id, field] = pathParts(diff.path);
  if (id === undefined) return reorderTurns(doc, from);
  const turn = from.turns.find((t) => t.id === id);
  if (!turn) return removeTurn(doc, id);
  if (field === undefined) return addTurnOf(doc, from, turn);
  if (field === 'role') return setTurnRole(doc, id, roleOf(turn));
  const text = turnText(doc, id);
  if (text) replaceText(text, turn.text);
}

function applySegment(doc: Y.Doc, from: InstructionDoc, diff: FieldDiff): void {
  const [, id, field] = pathParts(diff.path);
  if (id === undefined) return;
  const segment = from.transcript.find((s) => s.id === id);
  if (!segment) return removeSegment(doc, id);
  if (field === undefined) return void addSegment(doc, segment);
  if (field === 'text') {
    const text = segmentText(doc, id);
    if (text) replaceText(text, segment.text);
  } else if (field === 'start' || field === 'end' || field === 'speaker') updateSegment(doc, id, { [field]: segment[field] });
}

/** Writes one differing field of an instruction version into a live document (inside the caller's transaction). */
export function applyInstructionDiff(doc: Y.Doc, from: InstructionDoc, diff: FieldDiff): void {
  switch (pathParts(diff.path)[0]) {
    case 'media':
      throw itemContentError(diff.path);
    case 'turns':
      return applyTurn(doc, from, diff);
    case 'instruction':
      return setInstructionStyle(doc, from.instruction.style);
    case 'transcript':
      return applySegment(doc, from, diff);
    case 'summary':
      return replaceText(summaryText(doc), from.summary);
  }
}
