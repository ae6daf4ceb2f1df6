import { createSplitOutput } from '../common/index.ts';
import type { Formatter } from '../types.ts';
import { placedRegions, visionItem, type PlacedRegion } from './alignment-item.ts';

/**
 * [V13] VQA JSONL, per split `<split>/data.jsonl`, one row per question: `{id, image, width, height,
 * question, answer, evidence: [{bbox: [x, y, w, h], category}]}` with `id` `<external id>:<index>` and
 * `category` the region's label id. A pair with an empty question or answer is left out and reported;
 * evidence naming a region that cannot be written is dropped and reported; an item without pairs is skipped.
 */
export const vqaFormatter: Formatter = {
  id: 'vqa',
  taskTypes: ['alignment'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
    for await (const item of items) {
      const vision = visionItem(item);
      if ('reason' in vision) {
        out.skip(item, vision.reason);
        continue;
      }
      const pairs = vision.doc.vqa.filter((pair) => pair.question.trim() !== '' && pair.answer.trim() !== '');
      if (pairs.length === 0) {
        out.skip(item, 'the item has no complete question-answer pair');
        continue;
      }
      if (pairs.length < vision.doc.vqa.length) out.skip(item, `${vision.doc.vqa.length - pairs.length} pair(s) without a question or answer left out`);
      const regions = new Map<string, PlacedRegion>(placedRegions(vision).placed.map((p) => [p.region.id, p]));
      out.useMedia([vision.image.mediaId]);
      for (const [index, pair] of pairs.entries()) {
        const evidence = [];
        for (const regionId of pair.evidence) {
          const region = regions.get(regionId);
          if (region) evidence.push({ bbox: region.bbox, category: region.label.id });
          else out.skip(item, `question ${index}: evidence region ${regionId} cannot be written`);
        }
        await out.add(item, {
          id: `${item.externalId}:${index}`,
          image: vision.path,
          width: vision.image.width,
          height: vision.image.height,
          question: pair.question,
          answer: pair.answer,
          evidence,
        });
      }
    }
    return out.finish();
  },
};
