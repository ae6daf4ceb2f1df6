import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.ts';
import type { Shape } from '../seeds.ts';
import { validate } from '../validate.ts';
import type { AlignmentDoc } from './read.ts';

const config = defaultConfig('alignment');

function alignmentDoc(overrides: Partial<AlignmentDoc> = {}): AlignmentDoc {
  return {
    taskType: 'alignment',
    meta: { schemaVersion: 1, itemId: 'i', configVersion: 1 },
    image: { mediaId: 'med_a', width: 640, height: 480 },
    caption: 'A red bus',
    regions: [{ id: 'r1', label: 'vehicle', shape: { kind: 'box', x: 10, y: 10, w: 100, h: 100 }, order: 1 }],
    links: [{ id: 'l1', regionId: 'r1', start: 2, end: 9, text: 'red bus', order: 1 }],
    vqa: [{ id: 'q1', question: 'What colour?', answer: 'Red', evidence: ['r1'] }],
    descriptions: [{ id: 'd1', regionId: 'r1', text: 'A bus' }],
    ...overrides,
  };
}

function withShape(shape: Shape | null): AlignmentDoc {
  return alignmentDoc({ regions: [{ id: 'r1', label: 'vehicle', shape, order: 1 }] });
}

describe('validate alignment documents', () => {
  it('passes a complete document', () => {
    expect(validate(alignmentDoc(), config)).toEqual([]);
  });

  it('reports each edge a box extends past, with the numbers', () => {
    expect(validate(withShape({ kind: 'box', x: 600, y: 10, w: 100, h: 50 }), config)).toEqual([
      { path: 'regions.r1.shape', message: 'the box extends past the right edge of the image (x + w = 700 > 640)' },
    ]);
    expect(validate(withShape({ kind: 'box', x: -5, y: -1, w: 10, h: 500 }), config).map((p) => p.message)).toEqual([
      'the box extends past the left edge of the image (x = -5 < 0)',
      'the box extends past the top edge of the image (y = -1 < 0)',
      'the box extends past the bottom edge of the image (y + h = 499 > 480)',
    ]);
    expect(validate(withShape({ kind: 'box', x: 0, y: 0, w: 640, h: 480 }), config)).toEqual([]);
  });

  it('reports an empty box', () => {
    expect(validate(withShape({ kind: 'box', x: 10, y: 10, w: 0, h: 5 }), config)).toEqual([
      { path: 'regions.r1.shape', message: 'the box is empty: its width and height must be more than 0 (w = 0, h = 5)' },
    ]);
  });

  it('reports polygon points outside the image and flat polygons', () => {
    const outside = withShape({ kind: 'polygon', points: [[0, 0], [700, 20], [10, 600], [5, 5]] });
    expect(validate(outside, config)).toEqual([
      { path: 'regions.r1.shape', message: 'polygon point 2 (700, 20) is outside the 640 × 480 image (and 1 more)' },
    ]);
    const flat = withShape({ kind: 'polygon', points: [[0, 0], [10, 10], [20, 20]] });
    expect(validate(flat, config)).toEqual([{ path: 'regions.r1.shape', message: 'the polygon has no area: its points lie on one line' }]);
    expect(validate(withShape({ kind: 'polygon', points: [[0, 0], [640, 0], [640, 480]] }), config)).toEqual([]);
  });

  it('reports masks not sized to the image, runs that do not add up, and empty masks', () => {
    const wrongSize = withShape({ kind: 'mask', rle: { size: [10, 20], counts: [100, 100] } });
    expect(validate(wrongSize, config)).toEqual([{ path: 'regions.r1.shape', message: 'the mask is 20 × 10 pixels but the image is 640 × 480' }]);
    const total = 640 * 480;
    const badRuns = withShape({ kind: 'mask', rle: { size: [480, 640], counts: [10, 10] } });
    expect(validate(badRuns, config)).toEqual([
      { path: 'regions.r1.shape', message: `the mask's runs cover 20 pixels, but a 640 × 480 mask has ${total}` },
    ]);
    const empty = withShape({ kind: 'mask', rle: { size: [480, 640], counts: [total] } });
    expect(validate(empty, config)).toEqual([{ path: 'regions.r1.shape', message: 'the mask is empty: no pixel is set' }]);
    expect(validate(withShape({ kind: 'mask', rle: { size: [480, 640], counts: [100, 50, total - 150] } }), config)).toEqual([]);
  });

  it('reports a malformed stored shape', () => {
    expect(validate(withShape(null), config)).toEqual([{ path: 'regions.r1.shape', message: 'the region has no valid shape' }]);
  });

  it('reports regions without an image', () => {
    expect(validate(alignmentDoc({ image: null }), config)).toEqual([{ path: 'image', message: 'regions are drawn but the document has no image' }]);
    expect(validate(alignmentDoc({ image: null, regions: [], links: [], vqa: [], descriptions: [] }), config)).toEqual([]);
  });

  it('reports region labels that are not among the config labels', () => {
    const doc = alignmentDoc({ regions: [{ id: 'r1', label: 'spaceship', shape: { kind: 'box', x: 0, y: 0, w: 1, h: 1 }, order: 1 }] });
    expect(validate(doc, config)).toEqual([
      { path: 'regions.r1.label', message: `"spaceship" is not one of this project's labels (Person, Animal, Vehicle, Object, Text and Other)` },
    ]);
    const unlabelled = alignmentDoc({ regions: [{ id: 'r1', label: '', shape: { kind: 'box', x: 0, y: 0, w: 1, h: 1 }, order: 1 }] });
    expect(validate(unlabelled, config)).toEqual([{ path: 'regions.r1.label', message: 'the region has no label' }]);
  });

  it('[A4] reports links to missing regions', () => {
    const doc = alignmentDoc({ links: [{ id: 'l1', regionId: 'gone', start: 2, end: 9, text: 'red bus', order: 1 }] });
    expect(validate(doc, config)).toEqual([{ path: 'links.l1.regionId', message: 'the linked region no longer exists' }]);
  });

  it('reports links that cover no words or whose words are gone', () => {
    const empty = alignmentDoc({ links: [{ id: 'l1', regionId: 'r1', start: 3, end: 3, text: '', order: 1 }] });
    expect(validate(empty, config)).toEqual([{ path: 'links.l1', message: 'the link covers no words of the caption' }]);
    const dangling = alignmentDoc({ links: [{ id: 'l1', regionId: 'r1', start: -1, end: -1, text: '', order: 1 }] });
    expect(validate(dangling, config)).toEqual([{ path: 'links.l1', message: 'the linked words are no longer in the caption' }]);
  });

  it('reports empty VQA pairs and evidence naming missing regions', () => {
    const doc = alignmentDoc({ vqa: [{ id: 'q1', question: ' ', answer: '', evidence: ['gone'] }] });
    expect(validate(doc, config)).toEqual([
      { path: 'vqa.q1.question', message: 'question 1 is empty' },
      { path: 'vqa.q1.answer', message: 'the answer to question 1 is empty' },
      { path: 'vqa.q1.evidence', message: 'the evidence for question 1 names a region that no longer exists' },
    ]);
  });

  it('reports descriptions of missing regions and empty descriptions', () => {
    const doc = alignmentDoc({ descriptions: [{ id: 'd1', regionId: 'gone', text: '' }] });
    expect(validate(doc, config)).toEqual([
      { path: 'descriptions.d1.regionId', message: 'description 1 is about a region that no longer exists' },
      { path: 'descriptions.d1.text', message: 'description 1 is empty' },
    ]);
  });

  it('reports required fields that are empty', () => {
    const required = { ...config, requiredFields: ['caption', 'vqa', 'descriptions'] };
    expect(validate(alignmentDoc({ caption: '  ', links: [], vqa: [] }), required)).toEqual([
      { path: 'caption', message: 'caption is required' },
      { path: 'vqa', message: 'vqa is required' },
    ]);
    expect(validate(alignmentDoc(), { ...config, requiredFields: ['summary'] })).toEqual([
      { path: 'summary', message: '"summary" is required by the project, but alignment documents have no such field' },
    ]);
  });

  it('reports a document of another task type than the project', () => {
    expect(validate(alignmentDoc(), defaultConfig('preference'))).toContainEqual({
      path: 'taskType',
      message: 'this document is for alignment tasks, but the project is set up for preference tasks',
    });
  });
});
