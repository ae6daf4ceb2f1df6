import { createSplitOutput } from '../common/index.ts';
import type { Formatter } from '../types.ts';
import { placedRegions, visionItem } from './alignment-item.ts';
import type { Xywh } from './geometry.ts';
import { groundCaption } from './grounded-caption.ts';
import type { GroundedStyle } from './grounded-boxes.ts';

/**
 * [V12] Grounded captions as JSONL, per split `<split>/data.jsonl`: `{id, image, width, height, caption,
 * text}` with `text` the caption drawn in one convention (V10, V11) and `caption` the plain caption. An item
 * without a caption is skipped; links that cannot be drawn are reported in `skipped` (the row is written).
 * Kosmos-2 prompts start with `<grounding>`; that is the trainer's prompt, not part of `text`.
 */
export function createGroundedFormatter(style: GroundedStyle): Formatter {
  return {
    id: `grounded-${style}`,
    taskTypes: ['alignment'],
    async write(items, sink, options) {
      const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
      for await (const item of items) {
        const vision = visionItem(item);
        if ('reason' in vision) {
          out.skip(item, vision.reason);
          continue;
        }
        if (vision.doc.caption.trim() === '') {
          out.skip(item, 'the item has no caption');
          continue;
        }
        const boxes = new Map<string, Xywh>(placedRegions(vision).placed.map((p) => [p.region.id, p.bbox]));
        const { text, problems } = groundCaption({ style, caption: vision.doc.caption, links: vision.doc.links, boxes, image: vision.image });
        for (const problem of problems) out.skip(item, problem);
        out.useMedia([vision.image.mediaId]);
        await out.add(item, { id: item.externalId, image: vision.path, width: vision.image.width, height: vision.image.height, caption: vision.doc.caption, text });
      }
      return out.finish();
    },
  };
}
