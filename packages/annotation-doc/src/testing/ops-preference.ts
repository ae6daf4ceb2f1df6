import type * as Y from 'yjs';
import { defaultConfig, judgementModes } from '../config.ts';
import { rationaleText, responseText } from '../preference/layout.ts';
import { addQuote, removeQuote, setChoice, setJudgementMode, setRank, setRanking, setScore, setStrength } from '../preference/mutations.ts';
import { readPreference } from '../preference/read.ts';
import { strengths } from '../seeds.ts';
import { editText, randomSpan, withId, type Dice, type RandomOp } from './random-helpers.ts';

const criteria = defaultConfig('preference').rubric.map((c) => c.id);
const responseIds = (doc: Y.Doc) => readPreference(doc).responses.map((r) => r.id);

function randomGroups(dice: Dice, ids: string[]): string[][] {
  const groups: string[][] = [];
  for (const id of ids) {
    const group = groups.length > 0 && dice.chance(0.3) ? groups[dice.int(groups.length)] : undefined;
    if (group) group.push(id);
    else groups.splice(dice.int(groups.length + 1), 0, [id]);
  }
  return groups;
}

/** Random public mutations of a preference document, with weights. */
export const preferenceOps: [number, RandomOp][] = [
  [1, (doc, dice) => (setJudgementMode(doc, dice.pick(judgementModes) ?? 'ranking'), 'setJudgementMode')],
  [2, (doc, dice) => (setChoice(doc, dice.chance(0.1) ? null : (dice.pick(responseIds(doc)) ?? null), dice.chance(0.5) ? dice.pick(strengths) : undefined), 'setChoice')],
  [1, (doc, dice) => (setStrength(doc, dice.chance(0.2) ? null : (dice.pick(strengths) ?? null)), 'setStrength')],
  [3, (doc, dice) => withId(dice.pick(responseIds(doc)), (id) => setRank(doc, id, dice.chance(0.2) ? null : 1 + dice.int(3)), 'setRank')],
  [2, (doc, dice) => (setRanking(doc, randomGroups(dice, dice.subset(responseIds(doc)))), 'setRanking')],
  [
    3,
    (doc, dice) =>
      withId(dice.pick(responseIds(doc)), (id) => setScore(doc, id, dice.pick(criteria) ?? 'accuracy', dice.chance(0.15) ? null : 1 + dice.int(7)), 'setScore'),
  ],
  [
    2,
    (doc, dice) => {
      const id = dice.pick(responseIds(doc));
      const text = id === undefined ? null : responseText(doc, id);
      const span = text ? randomSpan(dice, text.length) : null;
      if (id === undefined || !span) return null;
      addQuote(doc, { responseId: id, ...span, id: dice.id() });
      return 'addQuote';
    },
  ],
  [1, (doc, dice) => withId(dice.pick(readPreference(doc).quotes.map((q) => q.id)), (id) => removeQuote(doc, id), 'removeQuote')],
  [4, (doc, dice) => editText(dice, rationaleText(doc)) && 'rationale'],
  // Responses are model output, but editing them concurrently with quoting exercises [A3].
  [3, (doc, dice) => withId(dice.pick(responseIds(doc)), (id) => editText(dice, responseText(doc, id)), 'responseText')],
];
