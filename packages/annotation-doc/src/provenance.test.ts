import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { captionText } from './alignment/layout.ts';
import { addRegion, updateRegion } from './alignment/mutations.ts';
import { buildItemUpdate } from './init.ts';
import { setInstructionStyle } from './instruction/mutations.ts';
import { setChoice } from './preference/mutations.ts';
import { readDoc } from './read.ts';
import { provenanceOf, type Actor } from './provenance.ts';
import { sampleSeed } from './testing/fixtures.ts';

const SOURCE = 1;
const VLM = 2;
const ALICE = 10;
const BOB = 11;
const actors = new Map<number, Actor>([
  [SOURCE, { kind: 'source' }],
  [VLM, { kind: 'model', modelId: 'vlm-1', promptVersion: 'v3' }],
  [3, { kind: 'model', modelId: 'model-a' }],
  [4, { kind: 'model', modelId: 'model-b' }],
  [5, { kind: 'model', modelId: 'model-c' }],
  [6, { kind: 'model', modelId: 'judge' }],
  [ALICE, { kind: 'user', userId: 'usr_alice' }],
  [BOB, { kind: 'user', userId: 'usr_bob' }],
]);
const actorOf = (clientId: number) => actors.get(clientId);

function docAs(clientId: number, update?: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  doc.clientID = clientId;
  return doc;
}

const modelCaption = 'A red bus on a street.';

function prelabelledAlignment(): Uint8Array {
  return buildItemUpdate({
    taskType: 'alignment',
    itemId: 'item',
    configVersion: 1,
    seed: { taskType: 'alignment', image: { mediaId: 'med_a', width: 640, height: 480 } },
    prelabel: { modelId: 'vlm-1', caption: modelCaption, regions: [{ label: 'vehicle', shape: { kind: 'box', x: 1, y: 1, w: 9, h: 9 } }] },
    sourceClientId: SOURCE,
    modelClientIds: { 'vlm-1': VLM },
  });
}

describe('provenanceOf', () => {
  it('[A5] reports the source and a model for an item built from several client ids', () => {
    const provenance = provenanceOf(docAs(ALICE, prelabelledAlignment()), actorOf);
    expect(provenance.image).toEqual({ kind: 'source', authors: [], editedBy: [], humanShare: 0 });
    expect(provenance.caption).toEqual({ kind: 'model_generated', modelId: 'vlm-1', promptVersion: 'v3', authors: [], editedBy: [], humanShare: 0 });
    expect(Object.keys(provenance).filter((path) => path.startsWith('regions.'))).toHaveLength(1);
  });

  it('[A5] reports each response as written by its own model and the prompt as source', () => {
    const update = buildItemUpdate({
      taskType: 'preference',
      itemId: 'item',
      configVersion: 1,
      seed: sampleSeed('preference'),
      prelabel: { modelId: 'judge', mode: 'pairwise', choice: 0, strength: 'better' },
      sourceClientId: SOURCE,
      modelClientIds: { 'model-a': 3, 'model-b': 4, 'model-c': 5, judge: 6 },
    });
    const doc = docAs(ALICE, update);
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('expected preference');
    const provenance = provenanceOf(doc, actorOf);
    expect(provenance['prompt.text']?.kind).toBe('source');
    expect(view.responses.map((r) => provenance[`responses.${r.id}.text`])).toEqual(
      ['model-a', 'model-b', 'model-c'].map((modelId) => ({ kind: 'model_generated', modelId, authors: [], editedBy: [], humanShare: 0 })),
    );
    expect(provenance.judgement).toMatchObject({ kind: 'model_generated', modelId: 'judge' });
    expect(provenance.rationale?.kind).toBe('empty');
    setChoice(doc, view.responses[1]?.id ?? null);
    expect(provenanceOf(doc, actorOf).judgement).toMatchObject({ kind: 'model_then_human_edited', modelId: 'judge', editedBy: ['usr_alice'] });
  });

  it('reports text only people wrote as human_written', () => {
    const alice = docAs(ALICE);
    captionText(alice).insert(0, 'A bus.');
    const bob = docAs(BOB, Y.encodeStateAsUpdate(alice));
    captionText(bob).insert(6, ' Rain.');
    expect(provenanceOf(bob, actorOf).caption).toEqual({ kind: 'human_written', authors: ['usr_alice', 'usr_bob'], editedBy: ['usr_alice', 'usr_bob'], humanShare: 1 });
  });

  it('reports model text edited by people with their share of the change', () => {
    const doc = docAs(ALICE, prelabelledAlignment());
    captionText(doc).delete(2, 4); // "red " (4 model characters deleted)
    captionText(doc).insert(2, 'double-decker '); // 14 characters inserted
    const caption = provenanceOf(doc, actorOf).caption;
    expect(caption).toMatchObject({ kind: 'model_then_human_edited', modelId: 'vlm-1', promptVersion: 'v3', authors: ['usr_alice'], editedBy: ['usr_alice'] });
    expect(caption?.humanShare).toBeCloseTo((14 + 4) / (modelCaption.length + 14));
  });

  it('counts deleted model text, also on a replica that only received the result', () => {
    const doc = docAs(ALICE, prelabelledAlignment());
    captionText(doc).delete(0, 6); // "A red " deleted, nothing typed
    const expected = { kind: 'model_then_human_edited', modelId: 'vlm-1', promptVersion: 'v3', authors: [], editedBy: [], humanShare: 6 / modelCaption.length };
    expect(provenanceOf(doc, actorOf).caption).toEqual(expected);
    const server = docAs(99, Y.encodeStateAsUpdate(doc));
    expect(provenanceOf(server, actorOf).caption).toEqual(expected);
  });

  it('reports a field emptied by people as empty', () => {
    const doc = docAs(ALICE, prelabelledAlignment());
    captionText(doc).delete(0, modelCaption.length);
    expect(provenanceOf(doc, actorOf).caption).toEqual({ kind: 'empty', authors: [], editedBy: [], humanShare: 0 });
  });

  it('counts unknown client ids as people', () => {
    const doc = docAs(12345);
    captionText(doc).insert(0, 'Who wrote this?');
    expect(provenanceOf(doc, actorOf).caption).toEqual({ kind: 'human_written', authors: [], editedBy: [], humanShare: 1 });
  });

  it('reports the import content changed by people as human_written', () => {
    const update = buildItemUpdate({
      taskType: 'alignment',
      itemId: 'item',
      configVersion: 1,
      seed: { taskType: 'alignment', image: { mediaId: 'med_a', width: 10, height: 10 }, caption: 'old caption' },
      sourceClientId: SOURCE,
      modelClientIds: {},
    });
    const doc = docAs(ALICE, update);
    expect(provenanceOf(doc, actorOf).caption?.kind).toBe('source');
    captionText(doc).insert(0, 'An ');
    expect(provenanceOf(doc, actorOf).caption).toEqual({ kind: 'human_written', authors: ['usr_alice'], editedBy: ['usr_alice'], humanShare: 3 / 14 });
  });

  it('reports a model region moved by a person as edited', () => {
    const doc = docAs(ALICE, prelabelledAlignment());
    const view = readDoc(doc);
    if (view.taskType !== 'alignment') throw new Error('expected alignment');
    const modelRegion = view.regions[0]?.id ?? '';
    updateRegion(doc, modelRegion, { shape: { kind: 'box', x: 2, y: 2, w: 9, h: 9 } });
    const own = addRegion(doc, { label: 'person', shape: { kind: 'box', x: 0, y: 0, w: 1, h: 1 } });
    const provenance = provenanceOf(doc, actorOf);
    // id, label, shape, order by the model; the shape replaced by Alice.
    expect(provenance[`regions.${modelRegion}`]).toMatchObject({ kind: 'model_then_human_edited', editedBy: ['usr_alice'], humanShare: 2 / 5 });
    expect(provenance[`regions.${own}`]).toMatchObject({ kind: 'human_written', authors: ['usr_alice'] });
  });

  it('[A5] follows client ids, not content: a person retyping model text is a person', () => {
    const doc = docAs(BOB);
    captionText(doc).insert(0, modelCaption);
    expect(provenanceOf(doc, actorOf).caption?.kind).toBe('human_written');
  });

  it('[A5] reports seeded turns as source and pre-labelled ones as the model', () => {
    const update = buildItemUpdate({
      taskType: 'instruction',
      itemId: 'item',
      configVersion: 1,
      seed: sampleSeed('instruction'),
      prelabel: { modelId: 'vlm-1', turns: [{ role: 'assistant', text: 'A cat.' }], style: 'question' },
      sourceClientId: SOURCE,
      modelClientIds: { 'vlm-1': VLM },
    });
    const doc = docAs(ALICE, update);
    const view = readDoc(doc);
    if (view.taskType !== 'instruction') throw new Error('expected instruction');
    const [user, assistant] = view.turns.map((t) => t.id);
    const provenance = provenanceOf(doc, actorOf);
    expect(provenance[`turns.${user ?? ''}.text`]?.kind).toBe('source');
    expect(provenance[`turns.${assistant ?? ''}.text`]).toMatchObject({ kind: 'model_generated', modelId: 'vlm-1' });
    expect(provenance.summary?.kind).toBe('empty');
    setInstructionStyle(doc, 'command');
    expect(provenanceOf(doc, actorOf)['instruction.style']).toMatchObject({ kind: 'model_then_human_edited', authors: ['usr_alice'], humanShare: 1 });
  });
});
