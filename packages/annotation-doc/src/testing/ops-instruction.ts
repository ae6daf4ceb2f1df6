import type * as Y from 'yjs';
import { defaultInstructionStyles } from '../config.ts';
import { segmentText, summaryText, turnText } from '../instruction/layout.ts';
import {
  addSegment,
  addTurn,
  moveTurn,
  removeSegment,
  removeTurn,
  setInstructionStyle,
  setTurnRole,
  updateSegment,
} from '../instruction/mutations.ts';
import { readInstruction } from '../instruction/read.ts';
import { turnRoles } from '../seeds.ts';
import { editText, withId, type Dice, type RandomOp } from './random-helpers.ts';

const turnIds = (doc: Y.Doc) => readInstruction(doc).turns.map((t) => t.id);
const segmentIds = (doc: Y.Doc) => readInstruction(doc).transcript.map((s) => s.id);
const role = (dice: Dice) => dice.pick(turnRoles) ?? 'user';

/** Random public mutations of an instruction document, with weights. */
export const instructionOps: [number, RandomOp][] = [
  [3, (doc, dice) => (addTurn(doc, { role: role(dice), text: dice.words(), id: dice.id() }, dice.int(turnIds(doc).length + 1)), 'addTurn')],
  [1, (doc, dice) => withId(dice.pick(turnIds(doc)), (id) => removeTurn(doc, id), 'removeTurn')],
  [1, (doc, dice) => withId(dice.pick(turnIds(doc)), (id) => setTurnRole(doc, id, role(dice)), 'setTurnRole')],
  [2, (doc, dice) => withId(dice.pick(turnIds(doc)), (id) => moveTurn(doc, id, dice.int(turnIds(doc).length)), 'moveTurn')],
  [1, (doc, dice) => (setInstructionStyle(doc, dice.chance(0.2) ? null : (dice.pick(defaultInstructionStyles) ?? null)), 'setInstructionStyle')],
  [
    2,
    (doc, dice) => {
      const start = dice.int(600) / 10;
      addSegment(doc, { start, end: start + 0.5 + dice.int(50) / 10, speaker: dice.pick(['A', 'B']) ?? 'A', text: dice.words(), id: dice.id() });
      return 'addSegment';
    },
  ],
  [1, (doc, dice) => withId(dice.pick(segmentIds(doc)), (id) => updateSegment(doc, id, { start: dice.int(600) / 10 }), 'updateSegment')],
  [1, (doc, dice) => withId(dice.pick(segmentIds(doc)), (id) => removeSegment(doc, id), 'removeSegment')],
  [6, (doc, dice) => withId(dice.pick(turnIds(doc)), (id) => editText(dice, turnText(doc, id)), 'turnText')],
  [2, (doc, dice) => withId(dice.pick(segmentIds(doc)), (id) => editText(dice, segmentText(doc, id)), 'segmentText')],
  [2, (doc, dice) => editText(dice, summaryText(doc)) && 'summary'],
];
