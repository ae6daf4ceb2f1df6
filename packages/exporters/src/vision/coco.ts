import { concordColumn, createJsonlWriter, provenanceSidecar, splitPath, type RowWriter } from '../common/index.ts';
import { noRows, type FormatResult, type Formatter, type SkippedItem, type Split } from '../types.ts';
import { visionItem } from './alignment-item.ts';
import { createCocoWriter, type CocoWriter } from './coco-writer.ts';

/**
 * [V8] COCO: per split `<split>/instances.json` (images, annotations, categories) and `<split>/captions.json`
 * (COCO captions: `{id, image_id, caption}`); ids count from 1 per split. Regions that cannot be written are
 * reported in `skipped` with the region named, while the item's other regions are written. COCO readers
 * expect exactly these keys, so provenance goes to `<split>/provenance.jsonl` keyed by `image_id` [E5].
 */
export const cocoFormatter: Formatter = {
  id: 'coco',
  taskTypes: ['alignment'],
  async write(items, sink, options) {
    const writers = new Map<Split, CocoWriter>();
    const sidecars = new Map<Split, RowWriter>();
    const skipped: SkippedItem[] = [];
    const media = new Set<string>();
    const files: string[] = [];
    let rows = 0;
    const rowsBySplit = noRows();
    for await (const item of items) {
      const vision = visionItem(item);
      if ('reason' in vision) {
        skipped.push({ itemId: item.itemId, reason: vision.reason });
        continue;
      }
      let writer = writers.get(item.split);
      if (!writer) {
        writer = createCocoWriter({ sink, instancesPath: splitPath(item.split, 'instances.json'), captionsPath: splitPath(item.split, 'captions.json') });
        writers.set(item.split, writer);
      }
      const added = await writer.add(vision);
      for (const reason of added.problems) skipped.push({ itemId: item.itemId, reason });
      media.add(vision.image.mediaId);
      if (options.provenance) {
        let sidecar = sidecars.get(item.split);
        if (!sidecar) {
          sidecar = createJsonlWriter(sink.open(splitPath(item.split, provenanceSidecar)));
          sidecars.set(item.split, sidecar);
          files.push(splitPath(item.split, provenanceSidecar));
        }
        await sidecar.write({ image_id: added.imageId, concord: concordColumn(item) });
      }
      rows += 1;
      rowsBySplit[item.split] += 1;
    }
    for (const writer of writers.values()) files.push(...(await writer.close()));
    for (const sidecar of sidecars.values()) await sidecar.close();
    const result: FormatResult = { rows, rowsBySplit, files, skipped, media: [...media] };
    return result;
  },
};
