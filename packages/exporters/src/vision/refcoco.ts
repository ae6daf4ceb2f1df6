import { concordColumn, writeJsonArray, type RowWriter } from '../common/index.ts';
import { noRows, type FormatResult, type Formatter, type SkippedItem } from '../types.ts';
import { refSplit, visionItem, type VisionItem } from './alignment-item.ts';
import { createCocoWriter, type CocoAdded } from './coco-writer.ts';

/** [V9] refer.py-style tokens: lower-cased runs of letters and digits (with inner apostrophes). */
export function refTokens(raw: string): string[] {
  return raw.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/** One ref per linked region: the texts of its links (in link order) are its referring expressions. */
function refsOf(vision: VisionItem, added: CocoAdded): { regionId: string; texts: string[] }[] {
  const byRegion = new Map<string, string[]>();
  for (const link of vision.doc.links) {
    if (link.start < 0 || link.text.trim() === '' || !added.annotationIds.has(link.regionId)) continue;
    const texts = byRegion.get(link.regionId) ?? [];
    texts.push(link.text);
    byRegion.set(link.regionId, texts);
  }
  return [...byRegion].map(([regionId, texts]) => ({ regionId, texts }));
}

/**
 * [V9] RefCOCO: `instances.json` (the COCO instances of every split, one file as refer.py loads it, with
 * `captions.json` beside it) and `refs.json`, a JSON array of refs `{ref_id, ann_id, image_id, split,
 * category_id, sentences: [{sent_id, sent, raw, tokens}]}`. refer.py reads a pickle; a JSON list of the
 * same dicts loads with `json.load`. Each caption link is a referring expression of its region: links to
 * the same region are one ref with several sentences. Links whose span no longer resolves, or whose region
 * was not written, are left out. `split` is train / val / test. With provenance each ref gets a `concord` key.
 */
export const refcocoFormatter: Formatter = {
  id: 'refcoco',
  taskTypes: ['alignment'],
  async write(items, sink, options) {
    const coco = createCocoWriter({ sink, instancesPath: 'instances.json', captionsPath: 'captions.json' });
    let refs: RowWriter | null = null;
    const skipped: SkippedItem[] = [];
    const media = new Set<string>();
    let rows = 0;
    const rowsBySplit = noRows();
    let sentId = 0;
    for await (const item of items) {
      const vision = visionItem(item);
      if ('reason' in vision) {
        skipped.push({ itemId: item.itemId, reason: vision.reason });
        continue;
      }
      const added = await coco.add(vision);
      for (const reason of added.problems) skipped.push({ itemId: item.itemId, reason });
      media.add(vision.image.mediaId);
      refs ??= writeJsonArray(sink.open('refs.json'));
      for (const { regionId, texts } of refsOf(vision, added)) {
        const sentences = texts.map((raw) => {
          sentId += 1;
          const tokens = refTokens(raw);
          return { sent_id: sentId, sent: tokens.join(' '), raw, tokens };
        });
        const ref = {
          ref_id: rows + 1,
          ann_id: added.annotationIds.get(regionId),
          image_id: added.imageId,
          split: refSplit(item.split),
          category_id: added.categoryIds.get(regionId),
          sentences,
        };
        await refs.write(options.provenance ? { ...ref, concord: concordColumn(item) } : ref);
        rows += 1;
        rowsBySplit[item.split] += 1;
      }
    }
    const files = await coco.close();
    if (refs) {
      await refs.close();
      files.push('refs.json');
    }
    const result: FormatResult = { rows, rowsBySplit, files, skipped, media: [...media] };
    return result;
  },
};
