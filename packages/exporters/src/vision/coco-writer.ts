import type { LabelConfig } from '@concord/annotation-doc';
import { writeJsonArray, type RowWriter } from '../common/index.ts';
import type { ExportFile, ExportSink } from '../types.ts';
import { placedRegions, type VisionItem } from './alignment-item.ts';
import { areaOf, segmentationOf } from './geometry.ts';

/** What {@link CocoWriter.add} wrote for one item. */
export interface CocoAdded {
  imageId: number;
  /** Region id → COCO annotation id, for the regions written. */
  annotationIds: Map<string, number>;
  /** Region id → COCO category id. */
  categoryIds: Map<string, number>;
  /** Why some regions were not written (the item itself is written). */
  problems: string[];
}

/** Writes one COCO instances file and its captions file. */
export interface CocoWriter {
  add(vision: VisionItem): Promise<CocoAdded>;
  /** Finishes both files (only if something was added) and returns their paths. */
  close(): Promise<string[]>;
}

/** Options of {@link createCocoWriter}. */
export interface CocoWriterOptions {
  sink: ExportSink;
  instancesPath: string;
  captionsPath: string;
}

interface ImageRow {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

/** An ExportFile whose close() only finishes the array: the object around it continues in the same file. */
function embedded(file: ExportFile): ExportFile {
  return { write: (chunk) => file.write(chunk), close: async () => {} };
}

/** Writes rows as one JSON array inside an open file (without closing it). */
async function writeArray(file: ExportFile, rows: readonly unknown[]): Promise<void> {
  const writer = writeJsonArray(embedded(file));
  for (const row of rows) await writer.write(row);
  await writer.close();
}

/** [V7] Category ids: 1, 2, … in the order of the project's labels; a label first seen later gets the next id. */
function createCategories(): { register(labels: readonly LabelConfig[]): void; idOf(labelId: string): number; rows(): unknown[] } {
  const ids = new Map<string, { id: number; name: string }>();
  return {
    register(labels) {
      for (const l of labels) if (!ids.has(l.id)) ids.set(l.id, { id: ids.size + 1, name: l.name });
    },
    idOf: (labelId) => ids.get(labelId)?.id ?? 0,
    rows: () => [...ids.values()].map(({ id, name }) => ({ id, name, supercategory: name })),
  };
}

/**
 * [V6] One COCO instances file plus its captions file, streamed. The file must be one JSON object, and the
 * sink writes each file once, in order: the `annotations` array (the bulk: polygons, masks) is streamed
 * row by row, while the `images` rows (four numbers and a path per image) and the categories are kept in
 * memory and written after it. Memory grows with the number of images, not with the regions. JSON key
 * order does not matter to COCO readers (pycocotools loads the whole object).
 *
 * @example const coco = createCocoWriter({ sink, instancesPath: 'train/instances.json', captionsPath: 'train/captions.json' });
 */
export function createCocoWriter({ sink, instancesPath, captionsPath }: CocoWriterOptions): CocoWriter {
  const images: ImageRow[] = [];
  const categories = createCategories();
  let files: { instances: ExportFile; captions: ExportFile; annotations: RowWriter; captionRows: RowWriter } | null = null;
  let annotationId = 0;
  let captionId = 0;

  async function open(): Promise<NonNullable<typeof files>> {
    if (files) return files;
    const instances = sink.open(instancesPath);
    const captions = sink.open(captionsPath);
    await instances.write('{"annotations":');
    await captions.write('{"annotations":');
    files = { instances, captions, annotations: writeJsonArray(embedded(instances)), captionRows: writeJsonArray(embedded(captions)) };
    return files;
  }

  return {
    async add(vision) {
      const out = await open();
      const imageId = images.length + 1;
      images.push({ id: imageId, file_name: vision.path, width: vision.image.width, height: vision.image.height });
      categories.register(vision.item.config.labels);
      const { placed, problems } = placedRegions(vision);
      const annotationIds = new Map<string, number>();
      const categoryIds = new Map<string, number>();
      for (const { region, shape, bbox, label } of placed) {
        annotationId += 1;
        const categoryId = categories.idOf(label.id);
        await out.annotations.write({
          id: annotationId,
          image_id: imageId,
          category_id: categoryId,
          bbox,
          area: areaOf(shape),
          iscrowd: 0,
          segmentation: segmentationOf(shape),
        });
        annotationIds.set(region.id, annotationId);
        categoryIds.set(region.id, categoryId);
      }
      if (vision.doc.caption.trim() !== '') {
        captionId += 1;
        await out.captionRows.write({ id: captionId, image_id: imageId, caption: vision.doc.caption });
      }
      return { imageId, annotationIds, categoryIds, problems };
    },
    async close() {
      if (!files) return [];
      const { instances, captions, annotations, captionRows } = files;
      await annotations.close();
      await instances.write(',\n"images":');
      await writeArray(instances, images);
      await instances.write(',\n"categories":');
      await writeArray(instances, categories.rows());
      await instances.write('}\n');
      await instances.close();
      await captionRows.close();
      await captions.write(',\n"images":');
      await writeArray(captions, images);
      await captions.write('}\n');
      await captions.close();
      return [instancesPath, captionsPath];
    },
  };
}
