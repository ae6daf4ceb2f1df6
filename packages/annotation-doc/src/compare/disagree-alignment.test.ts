import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addRegion, addVqa } from '../alignment/mutations.ts';
import { readDoc } from '../read.ts';
import type { Shape } from '../seeds.ts';
import { createDoc, replicaOf } from '../testing/fixtures.ts';
import { normaliseAnswer } from './disagree-alignment.ts';
import { findDisagreements, type DisagreementThresholds } from './disagreement.ts';

const base = createDoc('alignment');
const box = (x: number, y: number, w: number, h: number): Shape => ({ kind: 'box', x, y, w, h });
type Drawn = { id: string; label?: string; shape: Shape };

function version(id: string, regions: Drawn[], edit: (doc: Y.Doc) => void = () => undefined) {
  const doc = replicaOf(base);
  for (const r of regions) addRegion(doc, { id: r.id, label: r.label ?? 'person', shape: r.shape });
  edit(doc);
  return { id, doc: readDoc(doc) };
}

const find = (versions: ReturnType<typeof version>[], thresholds?: DisagreementThresholds) => findDisagreements('alignment', versions, thresholds);

describe('alignment disagreements', () => {
  it('[D9] matched regions agree at IoU exactly 0.5 and disagree just below it', () => {
    // 100 × 100 against 100 × 50 inside it: IoU = 5000 / 10000.
    expect(find([version('a', [{ id: 'ra', shape: box(0, 0, 100, 100) }]), version('b', [{ id: 'rb', shape: box(0, 0, 100, 50) }])])).toEqual([]);
    const below = find([version('a', [{ id: 'ra', shape: box(0, 0, 100, 100) }]), version('b', [{ id: 'rb', shape: box(0, 0, 100, 49) }])]);
    expect(below).toEqual([
      expect.objectContaining({ field: 'regions.ra.shape', kind: 'region-overlap', versions: ['a', 'b'], detail: expect.objectContaining({ regions: { a: 'ra', b: 'rb' }, iou: 0.49 }) }),
    ]);
  });

  it('[D9] the iou threshold is configurable', () => {
    const versions = [version('a', [{ id: 'ra', shape: box(0, 0, 100, 100) }]), version('b', [{ id: 'rb', shape: box(0, 0, 100, 70) }])];
    expect(find(versions)).toEqual([]);
    expect(find(versions, { iou: 0.75, rubricDelta: 1 }).map((d) => d.kind)).toEqual(['region-overlap']);
  });

  it('[D9] a region with no counterpart disagrees; one disagreement lists every version missing it', () => {
    const shared = { id: 'x', shape: box(300, 300, 50, 50) };
    const found = find([
      version('a', [shared, { id: 'lonely', label: 'animal', shape: box(0, 0, 40, 40) }]),
      version('b', [{ ...shared, id: 'y' }]),
      version('c', [{ ...shared, id: 'z' }]),
    ]);
    expect(found).toEqual([
      {
        field: 'regions.lonely',
        kind: 'region-missing',
        message: 'the "animal" region of a has no counterpart in b and c',
        versions: ['a', 'b', 'c'],
        detail: { regions: { a: 'lonely' }, labels: { a: 'animal' }, drawnIn: ['a'], missingIn: ['b', 'c'] },
      },
    ]);
  });

  it('[D10] matched regions with different labels are a label mismatch', () => {
    const found = find([version('a', [{ id: 'ra', label: 'person', shape: box(0, 0, 100, 100) }]), version('b', [{ id: 'rb', label: 'animal', shape: box(2, 2, 100, 100) }])]);
    expect(found).toEqual([
      expect.objectContaining({ field: 'regions.ra.label', kind: 'label', versions: ['a', 'b'], detail: expect.objectContaining({ labels: { a: 'person', b: 'animal' } }) }),
    ]);
    expect(found[0]?.message).toBe('the same region has different labels (a: "person"; b: "animal")');
  });

  it('[D10] a pair overlapping too little is reported as overlap only, whatever its labels', () => {
    const found = find([version('a', [{ id: 'ra', label: 'person', shape: box(0, 0, 100, 100) }]), version('b', [{ id: 'rb', label: 'animal', shape: box(0, 0, 100, 20) }])]);
    expect(found.map((d) => d.kind)).toEqual(['region-overlap']);
  });

  it('[D7] regions are matched optimally (Hungarian), where greedy matching would strand a pair', () => {
    // IoU a1–b1 0.67 is the best single pair; greedy then pairs a2–b2 at 0.4. The optimum pairs
    // a1–b2 and a2–b1 at 0.6 each, both above the threshold.
    const found = find([
      version('a', [
        { id: 'a1', shape: box(0, 0, 40, 100) },
        { id: 'a2', shape: box(0, 0, 100, 100) },
      ]),
      version('b', [
        { id: 'b1', shape: box(0, 0, 60, 100) },
        { id: 'b2', shape: box(10, 0, 40, 100) },
      ]),
    ]);
    expect(found).toEqual([]);
  });

  it('[D8] polygons are compared on their outline, not their bounding box', () => {
    const triangle: Shape = { kind: 'polygon', points: [[0, 0], [100, 0], [0, 100]] };
    const versions = [version('a', [{ id: 'tri', shape: triangle }]), version('b', [{ id: 'sq', shape: box(0, 0, 100, 100) }])];
    const [found] = find(versions, { iou: 0.6, rubricDelta: 1 });
    // Bounding boxes would give IoU 1; the triangle covers half of the square.
    expect(found?.kind).toBe('region-overlap');
    expect(found?.detail?.iou).toBeCloseTo(0.5, 2);
  });

  it('[D11] VQA answers on the same question disagree after normalisation only', () => {
    const answer = (text: string, question = 'q1') => (doc: Y.Doc) => void addVqa(doc, { id: question, question: 'What colour is the bus?', answer: text });
    expect(find([version('a', [], answer(' Red. ')), version('b', [], answer('red'))])).toEqual([]);
    expect(find([version('a', [], answer('dark  red!')), version('b', [], answer('Dark red'))])).toEqual([]);
    const found = find([version('a', [], answer('Red')), version('b', [], answer('Blue.')), version('c', [], answer(''))]);
    expect(found).toEqual([expect.objectContaining({ field: 'vqa.q1.answer', kind: 'vqa-answer', versions: ['a', 'b'] })]);
    expect(found[0]?.message).toBe('the answers to "What colour is the bus?" differ (a: "Red"; b: "Blue.")');
    // Different questions are not compared.
    expect(find([version('a', [], answer('Red', 'q1')), version('b', [], answer('Blue', 'q2'))])).toEqual([]);
  });

  it('[D11] normalises answers: trim, lowercase, collapse spaces, strip final punctuation', () => {
    expect(normaliseAnswer('  Two   Cats!? ')).toBe('two cats');
    expect(normaliseAnswer('U.S.A.')).toBe('u.s.a');
  });

  it('[D1] identical versions, and a single version, disagree on nothing', () => {
    const regions = [{ id: 'r', shape: box(1, 2, 30, 40) }];
    expect(find([version('a', regions), version('b', regions)])).toEqual([]);
    expect(find([version('a', regions)])).toEqual([]);
  });
});
