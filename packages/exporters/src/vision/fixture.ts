// Test fixture of the vision formatters: three items built as real alignment documents (not a test file).
import { addLink, addRegion, addVqa, defaultConfig, initDocument, readDoc, type Shape } from '@concord/annotation-doc';
import * as Y from 'yjs';
import type { ExportItem, ExportMedium, Split } from '../types.ts';

interface FixtureItem {
  itemId: string;
  split: Split;
  image: { mediaId: string; width: number; height: number };
  caption: string;
  regions: { id: string; label: string; shape: Shape }[];
  links: { id: string; regionId: string; start: number; end: number }[];
  vqa: { id: string; question: string; answer: string; evidence: string[] }[];
}

function medium(mediaId: string, width: number, height: number): ExportMedium {
  return { mediaId, kind: 'image', path: `images/${mediaId}.png`, url: null, contentType: 'image/png', width, height };
}

function alignmentItem(spec: FixtureItem): ExportItem {
  const doc = new Y.Doc();
  initDocument(doc, { taskType: 'alignment', itemId: spec.itemId, configVersion: 3, seed: { taskType: 'alignment', image: spec.image, caption: spec.caption } });
  for (const region of spec.regions) addRegion(doc, region);
  for (const link of spec.links) addLink(doc, link);
  for (const pair of spec.vqa) addVqa(doc, pair);
  const annotation = readDoc(doc);
  doc.destroy();
  return {
    itemId: spec.itemId,
    externalId: `ext-${spec.itemId}`,
    split: spec.split,
    tags: [],
    gold: false,
    annotation,
    media: { [spec.image.mediaId]: medium(spec.image.mediaId, spec.image.width, spec.image.height) },
    config: defaultConfig('alignment'),
    provenance: {
      annotators: ['ann_1'],
      configVersion: 3,
      reviewOutcome: 'accepted',
      agreement: 0.9,
      fields: { caption: { kind: 'human_written', authors: ['ann_1'], editedBy: ['ann_1'] } as never },
    },
  };
}

/** A box, a polygon, a mask (COCO column-major runs), an unknown label, three links and a VQA pair. */
export const dogAndCat = alignmentItem({
  itemId: 'itm_1',
  split: 'train',
  image: { mediaId: 'med_a', width: 640, height: 480 },
  caption: 'a dog and a cat on a mat',
  regions: [
    { id: 'r_dog', label: 'animal', shape: { kind: 'box', x: 100, y: 120, w: 200, h: 150 } },
    { id: 'r_cat', label: 'animal', shape: { kind: 'polygon', points: [[400, 300], [500, 300], [450, 400]] } },
    // Column 10 rows 5..7 and column 12 rows 5..7 of a 480-high image.
    { id: 'r_mat', label: 'object', shape: { kind: 'mask', rle: { size: [480, 640], counts: [4805, 3, 957, 3, 301432] } } },
    { id: 'r_odd', label: 'unicorn', shape: { kind: 'box', x: 1, y: 1, w: 2, h: 2 } },
  ],
  links: [
    { id: 'l_dog', regionId: 'r_dog', start: 0, end: 5 },
    { id: 'l_cat', regionId: 'r_cat', start: 10, end: 15 },
    { id: 'l_mat', regionId: 'r_mat', start: 19, end: 24 },
  ],
  vqa: [{ id: 'q_1', question: 'What animal is on the left?', answer: 'A dog', evidence: ['r_dog'] }],
});

/** Two links on one span, an overlapping link, a mask whose size is not the image's, no VQA. */
export const balls = alignmentItem({
  itemId: 'itm_2',
  split: 'validation',
  image: { mediaId: 'med_b', width: 100, height: 100 },
  caption: 'two big red balls',
  regions: [
    { id: 'r_b1', label: 'object', shape: { kind: 'box', x: 10, y: 10, w: 20, h: 20 } },
    { id: 'r_b2', label: 'object', shape: { kind: 'box', x: 60, y: 50, w: 30, h: 40 } },
    { id: 'r_m', label: 'object', shape: { kind: 'mask', rle: { size: [50, 50], counts: [10, 5, 2485] } } },
  ],
  links: [
    { id: 'l_1', regionId: 'r_b1', start: 4, end: 17 },
    { id: 'l_2', regionId: 'r_b2', start: 4, end: 17 },
    { id: 'l_3', regionId: 'r_b1', start: 8, end: 11 },
  ],
  vqa: [],
});

/** An item of another task type: every vision format skips it. */
export const notAlignment: ExportItem = {
  ...balls,
  itemId: 'itm_3',
  externalId: 'ext-itm_3',
  split: 'train',
  annotation: { taskType: 'instruction', meta: { schemaVersion: 1, itemId: 'itm_3', configVersion: 3 }, media: [], turns: [], instruction: { style: null }, transcript: [], summary: '' },
};

export const fixtureItems: ExportItem[] = [dogAndCat, balls, notAlignment];
