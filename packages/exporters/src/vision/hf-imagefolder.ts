import { createSplitOutput } from '../common/index.ts';
import type { Formatter, Split } from '../types.ts';
import { placedRegions, visionItem } from './alignment-item.ts';

/**
 * [V14] `file_name` relative to the split folder that holds `metadata.jsonl`: a medium under `<split>/` is
 * named from there; any other path climbs out with `../` (ImageFolder resolves `file_name` against the
 * metadata file's folder, so the export should place this format's media under the split folder).
 */
export function fileNameInSplit(path: string, split: Split): string {
  return path.startsWith(`${split}/`) ? path.slice(split.length + 1) : `../${path}`;
}

/**
 * [V14] Hugging Face ImageFolder: per split `<split>/metadata.jsonl` with rows `{file_name, caption,
 * objects: {bbox: [[x, y, w, h]], categories: [i]}}`, `categories` being 0-based indices into the
 * project's labels (the order of a ClassLabel feature). Regions that cannot be written are reported; the
 * row keeps the others. `media` lists every image to copy.
 */
export const hfImageFolderFormatter: Formatter = {
  id: 'hf-imagefolder',
  taskTypes: ['alignment'],
  async write(items, sink, options) {
    const out = createSplitOutput({ sink, name: 'metadata.jsonl', layout: 'jsonl', provenanceStyle: 'column', options });
    for await (const item of items) {
      const vision = visionItem(item);
      if ('reason' in vision) {
        out.skip(item, vision.reason);
        continue;
      }
      const { placed, problems } = placedRegions(vision);
      for (const problem of problems) out.skip(item, problem);
      const labels = item.config.labels.map((l) => l.id);
      out.useMedia([vision.image.mediaId]);
      await out.add(item, {
        file_name: fileNameInSplit(vision.path, item.split),
        caption: vision.doc.caption,
        objects: { bbox: placed.map((p) => p.bbox), categories: placed.map((p) => labels.indexOf(p.label.id)) },
      });
    }
    return out.finish();
  },
};
