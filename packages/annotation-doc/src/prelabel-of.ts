import type { AlignmentDoc } from './alignment/read.ts';
import type { InstructionDoc } from './instruction/read.ts';
import type { PreferenceDoc } from './preference/read.ts';
import type { AnnotationDoc } from './read.ts';
import type { ItemSeed, Prelabel } from './seeds.ts';

/** How {@link prelabelOf} reads a document. */
export interface PrelabelOfOptions {
  /**
   * The item's content as imported. A pre-label is written after the seed, so the parts the seed
   * already holds (an instruction item's imported turns, an alignment item's imported caption) are left
   * out, and must still read as imported.
   */
  seed?: ItemSeed;
  /** The author the pre-label names; default `'gold'`. */
  modelId?: string;
}

/** A part of a document that a pre-label cannot say: refused rather than silently dropped [A8]. */
function unsayable(message: string): never {
  throw new RangeError(`this annotation cannot be stored as a pre-label: ${message}`);
}

function instructionPrelabel(view: InstructionDoc, seed: ItemSeed | undefined, prelabel: Prelabel): void {
  const imported = seed?.taskType === 'instruction' ? seed.turns : [];
  imported.forEach((turn, i) => {
    const now = view.turns[i];
    if (now?.role !== turn.role || now.text !== turn.text) unsayable(`imported turn ${i + 1} was changed (only turns after the imported ones can be added)`);
  });
  const added = view.turns.slice(imported.length).map((turn, i) => {
    const n = imported.length + i + 1;
    if (turn.role === null) unsayable(`turn ${n} has no role`);
    if (turn.media.length > 0) unsayable(`turn ${n} carries media`);
    return { role: turn.role, text: turn.text };
  });
  if (added.length > 0) prelabel.turns = added;
  if (view.instruction.style !== null) prelabel.style = view.instruction.style;
  if (view.transcript.length > 0) {
    prelabel.transcript = view.transcript.map((s) => ({ start: s.start, end: s.end, ...(s.speaker === '' ? {} : { speaker: s.speaker }), text: s.text }));
  }
  if (view.summary !== '') prelabel.summary = view.summary;
}

function preferencePrelabel(view: PreferenceDoc, prelabel: Prelabel): void {
  // Response indexes are canonical positions [A6]: never a viewer's display order.
  const ids = view.responses.map((r) => r.id);
  const { judgement } = view;
  if (judgement.mode !== null) prelabel.mode = judgement.mode;
  if (judgement.choice !== null) {
    const index = ids.indexOf(judgement.choice);
    if (index < 0) unsayable('the choice names a response the item does not have');
    prelabel.choice = index;
  }
  if (judgement.strength !== null) prelabel.strength = judgement.strength;
  if (Object.keys(judgement.ranks).length > 0) {
    prelabel.ranking = ids.map((id, i) => judgement.ranks[id] ?? unsayable(`the ranking leaves response ${i + 1} unranked`));
  }
  const criteria = [...new Set(Object.values(view.scores).flatMap((byCriterion) => Object.keys(byCriterion)))].sort();
  if (criteria.length > 0) {
    prelabel.scores = Object.fromEntries(criteria.map((criterion) => [criterion, ids.map((id) => view.scores[id]?.[criterion] ?? null)]));
  }
  if (view.rationale !== '') prelabel.rationale = view.rationale;
}

function alignmentPrelabel(view: AlignmentDoc, seed: ItemSeed | undefined, prelabel: Prelabel): void {
  const importedCaption = seed?.taskType === 'alignment' ? (seed.caption ?? '') : '';
  if (importedCaption !== '') {
    if (view.caption !== importedCaption) unsayable('the imported caption was changed');
  } else if (view.caption !== '') {
    prelabel.caption = view.caption;
  }
  const regionIds = new Set(view.regions.map((r) => r.id));
  const region = (id: string, what: string): string => (regionIds.has(id) ? id : unsayable(`${what} points at a region that is gone`));
  if (view.regions.length > 0) {
    prelabel.regions = view.regions.map((r, i) => ({ ref: r.id, label: r.label, shape: r.shape ?? unsayable(`region ${i + 1} has no valid shape`) }));
  }
  if (view.links.length > 0) {
    prelabel.links = view.links.map((link, i) => {
      if (link.start < 0 || link.end < 0) unsayable(`link ${i + 1} lost its words`);
      return { start: link.start, end: link.end, region: region(link.regionId, `link ${i + 1}`) };
    });
  }
  if (view.vqa.length > 0) {
    prelabel.vqa = view.vqa.map((pair, i) => ({
      question: pair.question,
      answer: pair.answer,
      ...(pair.evidence.length > 0 ? { evidence: pair.evidence.map((id) => region(id, `the evidence of question ${i + 1}`)) } : {}),
    }));
  }
  if (view.descriptions.length > 0) {
    prelabel.descriptions = view.descriptions.map((d, i) => ({ region: region(d.regionId, `description ${i + 1}`), text: d.text }));
  }
}

/**
 * The annotation parts of a document as a pre-label: the inverse of writing a pre-label into an item
 * (`initDocument` / `buildItemUpdate`), used to make an annotation an item's gold answer [A7].
 * Preference judgements name responses by canonical index; alignment regions get their id as `ref`
 * and links, evidence and descriptions point at it. A part no pre-label can say (an imported turn or
 * caption changed, a partial ranking, a dangling link, a region without shape) throws a RangeError.
 *
 * @example
 * const gold = prelabelOf(readDoc(doc), { seed: item.seed }); // { modelId: 'gold', choice: 1, strength: 'better', … }
 */
export function prelabelOf(view: AnnotationDoc, options: PrelabelOfOptions = {}): Prelabel {
  const prelabel: Prelabel = { modelId: options.modelId ?? 'gold' };
  if (options.seed && options.seed.taskType !== view.taskType) throw new TypeError(`a ${options.seed.taskType} seed cannot read a ${view.taskType} document`);
  switch (view.taskType) {
    case 'instruction':
      instructionPrelabel(view, options.seed, prelabel);
      break;
    case 'preference':
      preferencePrelabel(view, prelabel);
      break;
    case 'alignment':
      alignmentPrelabel(view, options.seed, prelabel);
      break;
  }
  return prelabel;
}
