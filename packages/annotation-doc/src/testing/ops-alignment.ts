import type * as Y from 'yjs';
import { captionText, descriptionText, vqaAnswerText, vqaQuestionText } from '../alignment/layout.ts';
import {
  addDescription,
  addLink,
  addRegion,
  addVqa,
  removeDescription,
  removeLink,
  removeRegion,
  removeVqa,
  setImage,
  setVqaEvidence,
  updateRegion,
} from '../alignment/mutations.ts';
import { readAlignment } from '../alignment/read.ts';
import { defaultConfig } from '../config.ts';
import type { Shape } from '../seeds.ts';
import { editText, randomSpan, withId, type Dice, type RandomOp } from './random-helpers.ts';

const labels = defaultConfig('alignment').labels.map((l) => l.id);
const regionIds = (doc: Y.Doc) => readAlignment(doc).regions.map((r) => r.id);
const vqaIds = (doc: Y.Doc) => readAlignment(doc).vqa.map((v) => v.id);

function randomShape(dice: Dice): Shape {
  const x = dice.int(700);
  const y = dice.int(500);
  if (dice.chance(0.7)) return { kind: 'box', x, y, w: dice.int(200), h: dice.int(200) };
  return { kind: 'polygon', points: [[x, y], [x + dice.int(100), y], [x, y + dice.int(100)]] };
}

/** Random public mutations of an alignment document, with weights. */
export const alignmentOps: [number, RandomOp][] = [
  [0.2, (doc, dice) => (setImage(doc, { mediaId: `med_${dice.int(3)}`, width: 600 + dice.int(100), height: 480 }), 'setImage')],
  [3, (doc, dice) => (addRegion(doc, { label: dice.pick(labels) ?? 'other', shape: randomShape(dice), id: dice.id() }), 'addRegion')],
  [2, (doc, dice) => withId(dice.pick(regionIds(doc)), (id) => updateRegion(doc, id, { shape: randomShape(dice) }), 'updateRegion')],
  [1, (doc, dice) => withId(dice.pick(regionIds(doc)), (id) => updateRegion(doc, id, { label: dice.pick(labels) ?? 'other' }), 'relabel')],
  [1.5, (doc, dice) => withId(dice.pick(regionIds(doc)), (id) => removeRegion(doc, id), 'removeRegion')],
  [
    3,
    (doc, dice) => {
      const regionId = dice.pick(regionIds(doc));
      const span = randomSpan(dice, captionText(doc).length);
      if (regionId === undefined || !span) return null;
      addLink(doc, { regionId, ...span, id: dice.id() });
      return 'addLink';
    },
  ],
  [1, (doc, dice) => withId(dice.pick(readAlignment(doc).links.map((l) => l.id)), (id) => removeLink(doc, id), 'removeLink')],
  [1.5, (doc, dice) => (addVqa(doc, { question: dice.words(), answer: dice.words(), evidence: dice.subset(regionIds(doc)), id: dice.id() }), 'addVqa')],
  [0.5, (doc, dice) => withId(dice.pick(vqaIds(doc)), (id) => removeVqa(doc, id), 'removeVqa')],
  [2, (doc, dice) => withId(dice.pick(vqaIds(doc)), (id) => setVqaEvidence(doc, id, dice.subset(regionIds(doc))), 'setVqaEvidence')],
  [1, (doc, dice) => withId(dice.pick(regionIds(doc)), (regionId) => addDescription(doc, { regionId, text: dice.words(), id: dice.id() }), 'addDescription')],
  [0.5, (doc, dice) => withId(dice.pick(readAlignment(doc).descriptions.map((d) => d.id)), (id) => removeDescription(doc, id), 'removeDescription')],
  [8, (doc, dice) => editText(dice, captionText(doc)) && 'caption'],
  [
    2,
    (doc, dice) =>
      withId(dice.pick(vqaIds(doc)), (id) => editText(dice, dice.chance(0.5) ? vqaQuestionText(doc, id) : vqaAnswerText(doc, id)), 'vqaText'),
  ],
  [1, (doc, dice) => withId(dice.pick(readAlignment(doc).descriptions.map((d) => d.id)), (id) => editText(dice, descriptionText(doc, id)), 'descriptionText')],
];
