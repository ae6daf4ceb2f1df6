import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.ts';
import { readDoc } from '../read.ts';
import type { AlignmentDoc } from './read.ts';
import { createDoc, replicaOf, syncDocs } from '../testing/fixtures.ts';
import { validate } from '../validate.ts';
import { captionText, descriptionText, vqaAnswerText, vqaQuestionText } from './layout.ts';
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
} from './mutations.ts';

const config = defaultConfig('alignment');
const box = { kind: 'box', x: 10, y: 20, w: 100, h: 50 } as const;

function read(doc: Y.Doc): AlignmentDoc {
  const view = readDoc(doc);
  if (view.taskType !== 'alignment') throw new Error(`expected an alignment document, got ${view.taskType}`);
  return view;
}

function paths(doc: Y.Doc): string[] {
  return validate(read(doc), config).map((p) => p.path);
}

describe('alignment documents', () => {
  it('reads the seeded image and caption', () => {
    const view = read(createDoc('alignment'));
    expect(view.image).toEqual({ mediaId: 'med_street', width: 640, height: 480 });
    expect(view.caption).toBe('A red bus passes a cyclist on a wet street.');
    expect(view).toMatchObject({ regions: [], links: [], vqa: [], descriptions: [] });
  });

  it('reads a bare caption document as alignment without an image', () => {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, 'hello');
    expect(readDoc(doc)).toEqual({
      taskType: 'alignment',
      meta: { schemaVersion: null, itemId: null, configVersion: null },
      image: null,
      caption: 'hello',
      regions: [],
      links: [],
      vqa: [],
      descriptions: [],
    });
  });

  it('adds, updates and lists regions in creation order', () => {
    const doc = createDoc('alignment');
    const a = addRegion(doc, { label: 'vehicle', shape: box, id: 'zzz' });
    const b = addRegion(doc, { label: 'person', shape: { kind: 'polygon', points: [[0, 0], [10, 0], [0, 10]] }, id: 'aaa' });
    updateRegion(doc, a, { shape: { ...box, x: 30 } });
    updateRegion(doc, 'gone', { label: 'person' });
    const view = read(doc);
    expect(view.regions.map((r) => r.id)).toEqual([a, b]);
    expect(view.regions[0]).toEqual({ id: a, label: 'vehicle', shape: { ...box, x: 30 }, order: 1 });
  });

  it('rejects a malformed shape', () => {
    const doc = createDoc('alignment');
    expect(() => addRegion(doc, { label: 'x', shape: { kind: 'polygon', points: [[0, 0]] } })).toThrow();
  });

  it('links caption words to a region and reads them back', () => {
    const doc = createDoc('alignment');
    const region = addRegion(doc, { label: 'vehicle', shape: box });
    const link = addLink(doc, { regionId: region, start: 2, end: 9 });
    expect(read(doc).links).toEqual([{ id: link, regionId: region, start: 2, end: 9, text: 'red bus', order: 1 }]);
    expect(() => addLink(doc, { regionId: 'nope', start: 0, end: 1 })).toThrow(/no region/);
    expect(() => addLink(doc, { regionId: region, start: 5, end: 500 })).toThrow(RangeError);
    removeLink(doc, link);
    expect(read(doc).links).toEqual([]);
  });

  it('[A3] a link stays on its words when text is inserted before it concurrently', () => {
    const a = createDoc('alignment', { clientId: 1 });
    const b = replicaOf(a, 2);
    const region = addRegion(a, { label: 'vehicle', shape: box });
    syncDocs(a, b);
    addLink(a, { regionId: region, start: 2, end: 9 });
    captionText(b).insert(0, 'Early morning. ');
    captionText(b).insert(captionText(b).length, ' It rains.');
    syncDocs(a, b);
    for (const doc of [a, b]) expect(read(doc).links[0]).toMatchObject({ start: 17, end: 24, text: 'red bus' });
  });

  it('[A3] typing at the edges of a link does not extend it', () => {
    const doc = createDoc('alignment');
    const region = addRegion(doc, { label: 'vehicle', shape: box });
    addLink(doc, { regionId: region, start: 2, end: 9 });
    captionText(doc).insert(9, 'es');
    captionText(doc).insert(2, 'big ');
    expect(read(doc).links[0]).toMatchObject({ text: 'red bus' });
  });

  it('[A1] a link whose words were all deleted reads as empty and validate reports it', () => {
    const doc = createDoc('alignment');
    const region = addRegion(doc, { label: 'vehicle', shape: box });
    const link = addLink(doc, { regionId: region, start: 2, end: 9 });
    captionText(doc).delete(2, 7);
    expect(read(doc).links[0]).toMatchObject({ start: 2, end: 2, text: '' });
    expect(validate(read(doc), config)).toContainEqual({ path: `links.${link}`, message: 'the link covers no words of the caption' });
  });

  it('[A1] a link whose anchors cannot be resolved reads as dangling (-1)', () => {
    const doc = createDoc('alignment');
    const region = addRegion(doc, { label: 'vehicle', shape: box });
    const link = addLink(doc, { regionId: region, start: 2, end: 9 });
    const stored = doc.getMap('links').get(link);
    if (!(stored instanceof Y.Map)) throw new Error('no link');
    stored.set('start', { item: { client: 999, clock: 5 }, assoc: 0 });
    expect(read(doc).links[0]).toMatchObject({ start: -1, end: -1, text: '' });
    expect(paths(doc)).toContain(`links.${link}`);
    stored.set('start', 'garbage');
    expect(read(doc).links[0]).toMatchObject({ start: -1, end: -1 });
  });

  it('[A4] removeRegion drops its links and evidence in one transaction', () => {
    const doc = createDoc('alignment');
    const keep = addRegion(doc, { label: 'person', shape: box });
    const gone = addRegion(doc, { label: 'vehicle', shape: box });
    addLink(doc, { regionId: gone, start: 2, end: 9 });
    const kept = addLink(doc, { regionId: keep, start: 18, end: 25 });
    const pair = addVqa(doc, { question: 'What colour is the bus?', answer: 'Red', evidence: [gone, keep] });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    removeRegion(doc, gone);
    expect(transactions).toBe(1);
    const view = read(doc);
    expect(view.regions.map((r) => r.id)).toEqual([keep]);
    expect(view.links.map((l) => l.id)).toEqual([kept]);
    expect(view.vqa.find((v) => v.id === pair)?.evidence).toEqual([keep]);
  });

  it('[A4] a link to a region removed concurrently is kept and reported by validate', () => {
    const a = createDoc('alignment', { clientId: 1 });
    const region = addRegion(a, { label: 'vehicle', shape: box });
    const b = replicaOf(a, 2);
    removeRegion(a, region);
    const link = addLink(b, { regionId: region, start: 2, end: 9 });
    syncDocs(a, b);
    expect(read(a)).toEqual(read(b));
    expect(read(a).links.map((l) => l.id)).toEqual([link]);
    expect(validate(read(a), config)).toContainEqual({ path: `links.${link}.regionId`, message: 'the linked region no longer exists' });
  });

  it('keeps VQA evidence a set when two people change it concurrently', () => {
    const a = createDoc('alignment', { clientId: 1 });
    const r1 = addRegion(a, { label: 'person', shape: box });
    const r2 = addRegion(a, { label: 'vehicle', shape: box });
    const pair = addVqa(a, { question: 'Q', answer: 'A' });
    const b = replicaOf(a, 2);
    setVqaEvidence(a, pair, [r1]);
    setVqaEvidence(b, pair, [r1, r2]);
    syncDocs(a, b);
    expect(read(a).vqa[0]?.evidence.sort()).toEqual([r1, r2].sort());
    setVqaEvidence(a, pair, [r2]);
    expect(read(a).vqa[0]?.evidence).toEqual([r2]);
  });

  it('edits VQA pairs and descriptions through their texts', () => {
    const doc = createDoc('alignment');
    const region = addRegion(doc, { label: 'vehicle', shape: box });
    const pair = addVqa(doc);
    vqaQuestionText(doc, pair)?.insert(0, 'Is it raining?');
    vqaAnswerText(doc, pair)?.insert(0, 'Yes');
    const description = addDescription(doc, { regionId: region });
    descriptionText(doc, description)?.insert(0, 'A red double-decker bus.');
    expect(read(doc).vqa).toEqual([{ id: pair, question: 'Is it raining?', answer: 'Yes', evidence: [] }]);
    expect(read(doc).descriptions).toEqual([{ id: description, regionId: region, text: 'A red double-decker bus.' }]);
    expect(vqaQuestionText(doc, 'nope')).toBeNull();
    removeVqa(doc, pair);
    removeDescription(doc, description);
    expect(read(doc)).toMatchObject({ vqa: [], descriptions: [] });
  });

  it('sets the image', () => {
    const doc = createDoc('alignment');
    setImage(doc, { mediaId: 'med_other', width: 100, height: 50 });
    expect(read(doc).image).toEqual({ mediaId: 'med_other', width: 100, height: 50 });
    expect(() => setImage(doc, { mediaId: 'med_x', width: 0, height: 50 })).toThrow();
  });
});
