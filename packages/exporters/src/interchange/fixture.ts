// Test fixture of the Label Studio formatter: alignment items built as real documents (not a test file).
import { addDescription, addLink, addRegion, addVqa, defaultConfig, initDocument, readDoc, type Shape } from '@concord/annotation-doc';
import * as Y from 'yjs';
import type { ExportItem, Split } from '../types.ts';

/** What an alignment fixture item holds. */
export interface LabelStudioFixture {
  itemId: string;
  split: Split;
  gold?: boolean;
  tags?: string[];
  image: { mediaId: string; width: number; height: number };
  caption: string;
  regions: { id: string; label: string; shape: Shape }[];
  descriptions?: { id: string; regionId: string; text: string }[];
  links?: { id: string; regionId: string; start: number; end: number }[];
  vqa?: { id: string; question: string; answer: string; evidence: string[] }[];
  path?: string | null;
  url?: string | null;
}

/** An ExportItem of a real alignment document (initDocument + mutations + readDoc). */
export function alignmentItem(spec: LabelStudioFixture): ExportItem {
  const doc = new Y.Doc();
  initDocument(doc, { taskType: 'alignment', itemId: spec.itemId, configVersion: 2, seed: { taskType: 'alignment', image: spec.image, caption: spec.caption } });
  for (const region of spec.regions) addRegion(doc, region);
  for (const description of spec.descriptions ?? []) addDescription(doc, description);
  for (const link of spec.links ?? []) addLink(doc, link);
  for (const pair of spec.vqa ?? []) addVqa(doc, pair);
  const annotation = readDoc(doc);
  doc.destroy();
  const { mediaId, width, height } = spec.image;
  return {
    itemId: spec.itemId,
    externalId: `ext-${spec.itemId}`,
    split: spec.split,
    tags: spec.tags ?? [],
    gold: spec.gold ?? false,
    annotation,
    media: {
      [mediaId]: {
        mediaId,
        kind: 'image',
        path: spec.path === undefined ? `images/${mediaId}.png` : spec.path,
        url: spec.url ?? null,
        contentType: 'image/png',
        width,
        height,
      },
    },
    config: defaultConfig('alignment'),
    provenance: { annotators: ['ann_1', 'ann_2'], configVersion: 2, reviewOutcome: 'accepted', agreement: 0.8, fields: {} },
  };
}

/** A box with fractional pixels, a polygon, two descriptions of one region, a caption, tags; not gold. */
export const street = alignmentItem({
  itemId: 'itm_street',
  split: 'train',
  tags: ['ocr', 'night'],
  image: { mediaId: 'med_street', width: 640, height: 480 },
  caption: 'A bus | next to a person.\nLine two: ünïcødé 🚌',
  regions: [
    { id: 'r_bus', label: 'vehicle', shape: { kind: 'box', x: 100.25, y: 33.33, w: 213.33, h: 150 } },
    { id: 'r_person', label: 'person', shape: { kind: 'polygon', points: [[400, 300], [500.5, 300], [450, 479.99]] } },
  ],
  descriptions: [
    { id: 'd_1', regionId: 'r_bus', text: 'a red double-decker' },
    { id: 'd_2', regionId: 'r_bus', text: 'route 38' },
  ],
});

/** A gold item with one box and no caption. */
export const goldBox = alignmentItem({
  itemId: 'itm_gold',
  split: 'validation',
  gold: true,
  image: { mediaId: 'med_gold', width: 333, height: 257 },
  caption: '',
  regions: [{ id: 'r_1', label: 'animal', shape: { kind: 'box', x: 1, y: 2, w: 100, h: 77.77 } }],
});
