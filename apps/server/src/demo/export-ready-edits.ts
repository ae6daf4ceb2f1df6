import {
  addLink,
  addQuote,
  addTurn,
  addVqa,
  captionText,
  rationaleText,
  setChoice,
  setJudgementMode,
  setRanking,
  setInstructionStyle,
  setScore,
  setStrength,
  turnText,
  type AnnotationDoc,
} from '@concord/annotation-doc';
import type * as Y from 'yjs';

/** What a demo person does in an item's document: edits through the annotation-doc mutations, as the editor does. */
export type DemoEdit = (doc: Y.Doc, view: AnnotationDoc) => void;

const criteria = ['accuracy', 'helpfulness', 'completeness', 'harmlessness'] as const;

function preference(view: AnnotationDoc) {
  if (view.taskType !== 'preference') throw new Error(`expected a preference item, not ${view.taskType}`);
  return view;
}
function instruction(view: AnnotationDoc) {
  if (view.taskType !== 'instruction') throw new Error(`expected an instruction item, not ${view.taskType}`);
  return view;
}
function alignment(view: AnnotationDoc) {
  if (view.taskType !== 'alignment') throw new Error(`expected an alignment item, not ${view.taskType}`);
  return view;
}

/** Scores every response on the default rubric: one `[accuracy, helpfulness, completeness, harmlessness]` per response. */
function scoreAll(doc: Y.Doc, responseIds: string[], scores: readonly (readonly number[])[]): void {
  responseIds.forEach((id, r) => criteria.forEach((criterion, c) => setScore(doc, id, criterion, scores[r]![c]!)));
}

function writeRationale(doc: Y.Doc, text: string): void {
  const rationale = rationaleText(doc);
  rationale.insert(rationale.length, text);
}

/** Replaces the first `from` in a Y.Text with `to` (a delete and an insert, as typing does). */
function replaceIn(text: Y.Text | null, from: string, to: string): void {
  const at = text?.toString().indexOf(from) ?? -1;
  if (!text || at < 0) throw new Error(`"${from}" is not in the text`);
  text.doc!.transact(() => {
    text.delete(at, from.length);
    text.insert(at, to);
  });
}

/** Links the first occurrence of a phrase of the caption to each region given (one link per region). */
function link(doc: Y.Doc, phrase: string, regionIds: string[]): void {
  const start = captionText(doc).toString().indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" is not in the caption`);
  for (const regionId of regionIds) addLink(doc, { regionId, start, end: start + phrase.length });
}

/** The id of the region whose box starts at (x, y): the demo's regions are known by their place in the image. */
function regionAt(view: AnnotationDoc, x: number, y: number): string {
  const region = alignment(view).regions.find((r) => r.shape?.kind === 'box' && r.shape.x === x && r.shape.y === y);
  if (!region) throw new Error(`no box at ${x},${y}`);
  return region.id;
}

/** What each demo annotator does on the items walked to `accepted`, by external id. */
export const annotatorEdits: Readonly<Record<string, DemoEdit>> = {
  // Preference: a pairwise choice with its strength (reward margin), all rubric scores and a rationale.
  'pref-haiku': (doc, view) => {
    const [a, b] = preference(view).responses.map((r) => r.id);
    setJudgementMode(doc, 'pairwise');
    setChoice(doc, a!, 'significantly_better');
    scoreAll(doc, [a!, b!], [[7, 7, 7, 7], [5, 2, 1, 7]]);
    writeRationale(doc, 'A keeps the 5-7-5 form and paints the scene; B ignores the form and ends with');
    addQuote(doc, { responseId: b!, start: 'The bus is red and it is raining. '.length, end: 'The bus is red and it is raining. The end.'.length });
  },
  // Preference, image prompt: a ranking of three (vision DPO rows with `images`).
  'pref-bus-picture': (doc, view) => {
    const [a, b, c] = preference(view).responses.map((r) => r.id);
    setRanking(doc, [[a!], [c!], [b!]]);
    scoreAll(doc, [a!, b!, c!], [[7, 7, 6, 7], [1, 1, 2, 7], [7, 5, 3, 7]]);
    writeRationale(doc, 'A describes the bus, the road, the tree and the sun; C is right but leaves most out; B sees a fire engine in a forest at night.');
  },
  // Preference: the model judge's pre-label (choice, scores, rationale) checked, its strength raised, its rationale extended.
  'pref-shapes-count': (doc) => {
    setStrength(doc, 'significantly_better');
    writeRationale(doc, ' Counting the triangle is the whole point of the question.');
  },
  // Preference, text only: a k-way ranking of three responses (C(3,2) DPO pairs, HH-RLHF transcripts).
  'pref-recursion': (doc, view) => {
    const [a, b, c] = preference(view).responses.map((r) => r.id);
    setRanking(doc, [[a!], [b!], [c!]]);
    scoreAll(doc, [a!, b!, c!], [[7, 7, 6, 7], [6, 3, 5, 7], [1, 1, 1, 6]]);
    writeRationale(doc, 'A uses a picture a child knows and says when it stops; B is correct but written for programmers; C is wrong.');
  },
  'pref-commit-message': (doc, view) => {
    const [a, b] = preference(view).responses.map((r) => r.id);
    setJudgementMode(doc, 'pairwise');
    setChoice(doc, a!, 'slightly_better');
    scoreAll(doc, [a!, b!], [[7, 7, 7, 7], [4, 3, 3, 7]]);
    writeRationale(doc, 'Both are one line, but B does not say what was fixed or where.');
  },

  // Instruction: image conversations and an audio transcript.
  'instr-shapes': (doc, view) => {
    const answer = instruction(view).turns.find((t) => t.role === 'assistant');
    replaceIn(turnText(doc, answer!.id), 'one green triangle.', 'one green triangle: six shapes in all.');
  },
  // The model's answer has a mistake (a bird); the annotator corrects it: model_then_human_edited.
  'instr-park': (doc, view) => {
    const answer = instruction(view).turns.find((t) => t.role === 'assistant');
    replaceIn(turnText(doc, answer!.id), 'a bird flies in the sky above them', 'an orange kite flies in the sky above the bench');
  },
  'instr-bus': (doc, view) => {
    const answer = instruction(view).turns.find((t) => t.role === 'assistant');
    replaceIn(turnText(doc, answer!.id), 'A blue lorry is parked next to a lamp post at night.', 'A red bus drives along the road; a tree stands to its right, under a bright sun.');
  },
  'instr-beeps': (doc, view) => {
    const { summary } = instruction(view);
    setInstructionStyle(doc, 'command');
    addTurn(doc, { role: 'assistant', text: `beep (440 Hz), beep (660 Hz), beep (880 Hz), rising chirp (300 to 1200 Hz). ${summary}` });
  },

  // Alignment: caption phrases linked to boxes, VQA pairs with evidence.
  'align-bus': (doc, view) => {
    addVqa(doc, { question: 'What stands to the right of the bus?', answer: 'A tree.', evidence: [regionAt(view, 455, 117)] });
  },
  'align-shapes': (doc, view) => {
    link(doc, 'Three red circles', [regionAt(view, 22, 32), regionAt(view, 102, 22), regionAt(view, 62, 122)]);
    link(doc, 'two blue squares', [regionAt(view, 190, 30), regionAt(view, 250, 110)]);
  },
  'align-park': (doc, view) => {
    link(doc, 'Two trees', [regionAt(view, 35, 75), regionAt(view, 350, 90)]);
    addVqa(doc, { question: 'What is flying in the sky?', answer: 'An orange kite.', evidence: alignment(view).regions.filter((r) => r.shape?.kind === 'polygon').map((r) => r.id) });
  },
  'ls-101': (doc, view) => {
    link(doc, 'A red bus', [regionAt(view, 120, 200)]);
    link(doc, 'a tree', [regionAt(view, 455, 117)]);
    addVqa(doc, { question: 'What colour is the bus?', answer: 'Red.', evidence: [regionAt(view, 120, 200)] });
  },
};

/** What the reviewer changes before accepting (the card's review override rate then has something to count). */
export const reviewerEdits: Readonly<Record<string, DemoEdit>> = {
  'pref-bus-picture': (doc) => writeRationale(doc, ' C also misses the tree.'),
};
