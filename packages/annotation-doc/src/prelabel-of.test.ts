import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffAnnotations } from './compare/diff.ts';
import { buildItemUpdate } from './init.ts';
import { addLink, addRegion } from './alignment/mutations.ts';
import { addTurn } from './instruction/mutations.ts';
import { setRank } from './preference/mutations.ts';
import { prelabelOf } from './prelabel-of.ts';
import { readDoc, type AnnotationDoc } from './read.ts';
import type { ItemSeed, Prelabel } from './seeds.ts';
import { sampleSeed } from './testing/fixtures.ts';

/** Reproducible ids, so two builds of one item with equal pre-labels give equal records. */
function counter(): () => string {
  let n = 0;
  return () => `id${String(++n).padStart(10, '0')}`;
}

function build(seed: ItemSeed, prelabel: Prelabel): Y.Doc {
  const doc = new Y.Doc();
  const modelClientIds = { gold: 7, prelabeller: 8, 'model-a': 2, 'model-b': 3, 'model-c': 4 };
  Y.applyUpdate(doc, buildItemUpdate({ taskType: seed.taskType, itemId: 'itm_1', configVersion: 1, seed, prelabel, sourceClientId: 1, modelClientIds }, counter()));
  return doc;
}

/** Builds the item with a pre-label, reads it back as a pre-label, rebuilds it: both documents must read alike. */
function roundTrip(seed: ItemSeed, prelabel: Prelabel): { again: Prelabel; first: AnnotationDoc; second: AnnotationDoc } {
  const first = readDoc(build(seed, prelabel));
  const again = prelabelOf(first, { seed });
  return { again, first, second: readDoc(build(seed, again)) };
}

describe('prelabelOf', () => {
  it('[A7] round-trips a preference pre-label: choice, ranking and scores by canonical response index', () => {
    const seed = sampleSeed('preference');
    const prelabel: Prelabel = {
      modelId: 'prelabeller',
      mode: 'ranking',
      choice: 2,
      strength: 'better',
      ranking: [2, 1, 2],
      scores: { accuracy: [5, 7, null], helpfulness: [3, 4, 6] },
      rationale: 'B is correct and short.',
    };
    const { again, first, second } = roundTrip(seed, prelabel);
    expect(again).toEqual({ ...prelabel, modelId: 'gold' });
    expect(diffAnnotations(first, second)).toEqual([]);
  });

  it('[A7] round-trips an instruction pre-label after the imported turns', () => {
    const seed = sampleSeed('instruction');
    const prelabel: Prelabel = {
      modelId: 'prelabeller',
      turns: [
        { role: 'assistant', text: 'A cat on a sofa.' },
        { role: 'user', text: 'What colour?' },
        { role: 'assistant', text: 'Grey.' },
      ],
      style: 'question',
      transcript: [
        { start: 0, end: 1.5, speaker: 'A', text: 'hello' },
        { start: 2, end: 3, text: 'unnamed' },
      ],
      summary: 'A greeting.',
    };
    const { again, first, second } = roundTrip(seed, prelabel);
    expect(again).toEqual({ ...prelabel, modelId: 'gold' });
    expect(diffAnnotations(first, second)).toEqual([]);
  });

  it('[A7] round-trips an alignment pre-label: regions by ref, links by ref and character span, evidence, descriptions', () => {
    const seed: ItemSeed = { taskType: 'alignment', image: { mediaId: 'med_street', width: 640, height: 480 } };
    const prelabel: Prelabel = {
      modelId: 'prelabeller',
      caption: 'A red bus passes a cyclist.',
      regions: [
        { ref: 'bus', label: 'vehicle', shape: { kind: 'box', x: 10, y: 20, w: 200, h: 100 } },
        { label: 'person', shape: { kind: 'polygon', points: [[300, 200], [340, 200], [320, 260]] } },
      ],
      links: [
        { start: 2, end: 9, region: 'bus' },
        { start: 19, end: 26, region: '1' },
      ],
      vqa: [
        { question: 'What passes?', answer: 'A bus', evidence: ['bus'] },
        { question: 'Raining?', answer: 'No' },
      ],
      descriptions: [{ region: '1', text: 'A cyclist in a yellow coat.' }],
    };
    const { again, first, second } = roundTrip(seed, prelabel);
    expect(diffAnnotations(first, second)).toEqual([]);
    const [bus, cyclist] = first.taskType === 'alignment' ? first.regions.map((r) => r.id) : [];
    expect(again).toMatchObject({
      modelId: 'gold',
      caption: prelabel.caption,
      links: [
        { start: 2, end: 9, region: bus },
        { start: 19, end: 26, region: cyclist },
      ],
      vqa: [{ evidence: [bus] }, { question: 'Raining?', answer: 'No' }],
      descriptions: [{ region: cyclist, text: 'A cyclist in a yellow coat.' }],
    });
    expect(again.vqa?.[1]).not.toHaveProperty('evidence');
  });

  it('[A7] leaves out an imported caption, keeps links into it, and names the author as asked', () => {
    const seed = sampleSeed('alignment');
    const { again, first, second } = roundTrip(seed, {
      modelId: 'prelabeller',
      regions: [{ ref: 'r', label: 'bus', shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } }],
      links: [{ start: 6, end: 9, region: 'r' }],
    });
    expect(again).not.toHaveProperty('caption');
    expect(diffAnnotations(first, second)).toEqual([]);
    expect(prelabelOf(first, { seed, modelId: 'ground_truth' }).modelId).toBe('ground_truth');
  });

  it('[A7] an edited document reads as the pre-label that rebuilds it (an annotator added a turn)', () => {
    const seed = sampleSeed('instruction');
    const doc = build(seed, { modelId: 'prelabeller' });
    addTurn(doc, { role: 'assistant', text: 'A dog.' });
    const again = prelabelOf(readDoc(doc), { seed });
    expect(again).toEqual({ modelId: 'gold', turns: [{ role: 'assistant', text: 'A dog.' }] });
  });

  it('[A8] refuses what a pre-label cannot say instead of dropping it', () => {
    const instruction = sampleSeed('instruction');
    const changed = build(instruction, { modelId: 'prelabeller', transcript: [{ start: 0, end: 1, text: 'x' }] });
    const turns = changed.getArray<Y.Map<unknown>>('turns');
    (turns.get(0).get('text') as Y.Text).insert(0, 'Hey. ');
    expect(() => prelabelOf(readDoc(changed), { seed: instruction })).toThrow(/imported turn 1 was changed/);
    // Without the seed every turn is the pre-label's, and pre-label turns carry no media.
    expect(() => prelabelOf(readDoc(changed))).toThrow(/turn 1 carries media/);

    const preference = sampleSeed('preference');
    const partial = build(preference, { modelId: 'prelabeller', mode: 'ranking' });
    const partialView = readDoc(partial);
    if (partialView.taskType !== 'preference') throw new Error('expected preference');
    setRank(partial, partialView.responses[0]!.id, 1);
    expect(() => prelabelOf(readDoc(partial))).toThrow(/response 2 unranked/);

    const alignment = sampleSeed('alignment');
    const linked = build(alignment, { modelId: 'prelabeller' });
    const region = addRegion(linked, { label: 'bus', shape: { kind: 'box', x: 0, y: 0, w: 9, h: 9 } });
    addLink(linked, { regionId: region, start: 2, end: 9 });
    linked.getText('caption').insert(0, 'Look: ');
    expect(() => prelabelOf(readDoc(linked), { seed: alignment })).toThrow(/imported caption was changed/);
    const view = readDoc(linked);
    // A link to a region removed concurrently (A4) points at nothing.
    if (view.taskType !== 'alignment') throw new Error('expected alignment');
    expect(() => prelabelOf({ ...view, regions: [] })).toThrow(/link 1 points at a region that is gone/);
    expect(() => prelabelOf({ ...view, links: [{ ...view.links[0]!, start: -1, end: -1 }] })).toThrow(/link 1 lost its words/);
    expect(() => prelabelOf({ ...view, regions: [{ ...view.regions[0]!, shape: null }] })).toThrow(/region 1 has no valid shape/);
  });

  it('[A7] a seed of another task type is refused', () => {
    const view = readDoc(build(sampleSeed('preference'), { modelId: 'prelabeller' }));
    expect(() => prelabelOf(view, { seed: sampleSeed('alignment') })).toThrow(TypeError);
  });
});
