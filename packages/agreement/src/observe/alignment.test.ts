import { addDescription, addRegion, addVqa, captionText, defaultConfig } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { observe } from './observe.ts';
import { shapeBounds } from './shapes.ts';
import { itemDoc, viewOf } from './test-docs.ts';

const config = defaultConfig('alignment');

function alignmentItem(caption?: string) {
  return itemDoc('i1', { taskType: 'alignment', image: { mediaId: 'med_1', width: 100, height: 80 }, ...(caption === undefined ? {} : { caption }) });
}

describe('observe: alignment', () => {
  it('[O1] [O9] no regions and no caption: nothing to compare', () => {
    expect(observe(viewOf(alignmentItem()), { config })).toEqual({ observations: [], signals: null });
  });

  it('[O9] regions as labelled bounding boxes: a box as is, a polygon and a mask by their extent', () => {
    const doc = alignmentItem();
    addRegion(doc, { label: 'person', shape: { kind: 'box', x: 10, y: 20, w: 30, h: 40 } });
    addRegion(doc, { label: 'animal', shape: { kind: 'polygon', points: [[5, 5], [25, 8], [12, 30]] } });
    // 4 rows × 3 columns, column-major: 5 background, 2 foreground (column 1 rows 1-2), 5 background.
    addRegion(doc, { label: '', shape: { kind: 'mask', rle: { size: [4, 3], counts: [5, 2, 5] } } });
    expect(observe(viewOf(doc), { config }).observations).toEqual([
      {
        field: 'regions',
        unit: '',
        kind: 'regions',
        value: [
          { x: 10, y: 20, w: 30, h: 40, label: 'person' },
          { x: 5, y: 5, w: 20, h: 25, label: 'animal' },
          { x: 1, y: 1, w: 1, h: 2, label: '' },
        ],
      },
    ]);
  });

  it('[O9] a mask run that wraps into the next column spans full rows; an empty mask has no box; negative box sizes are normalised', () => {
    // 4 rows: runs 2 background, 4 foreground = column 0 rows 2-3 and column 1 rows 0-1.
    expect(shapeBounds({ kind: 'mask', rle: { size: [4, 3], counts: [2, 4, 6] } })).toEqual({ x: 0, y: 0, w: 2, h: 4 });
    expect(shapeBounds({ kind: 'mask', rle: { size: [4, 3], counts: [12] } })).toBeNull();
    expect(shapeBounds({ kind: 'box', x: 10, y: 10, w: -4, h: 5 })).toEqual({ x: 6, y: 10, w: 4, h: 5 });
  });

  it('[O10] caption, one VQA unit per normalised question (answered ones, first copy), descriptions joined', () => {
    const doc = alignmentItem(' A dog on grass. ');
    const region = addRegion(doc, { label: 'animal', shape: { kind: 'box', x: 0, y: 0, w: 10, h: 10 } });
    addVqa(doc, { question: 'What  colour is the dog?', answer: 'Brown' });
    addVqa(doc, { question: 'what colour is the dog', answer: 'black' });
    addVqa(doc, { question: 'Is it raining?', answer: '  ' });
    addDescription(doc, { regionId: region, text: 'A brown dog' });
    addDescription(doc, { regionId: region, text: '' });
    addDescription(doc, { regionId: region, text: 'sitting' });
    expect(observe(viewOf(doc), { config }).observations.slice(1)).toEqual([
      { field: 'caption', unit: '', kind: 'text', value: 'A dog on grass.' },
      { field: 'vqa.answer', unit: 'what colour is the dog', kind: 'text', value: 'Brown' },
      { field: 'descriptions', unit: '', kind: 'text', value: 'A brown dog\nsitting' },
    ]);
    captionText(doc).delete(0, captionText(doc).length);
    expect(observe(viewOf(doc), { config }).observations.map((o) => o.field)).toEqual(['regions', 'vqa.answer', 'descriptions']);
  });
});
