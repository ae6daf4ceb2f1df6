import type { AlignmentDoc, ImageRef, LabelConfig, RegionView, Shape } from '@concord/annotation-doc';
import type { ExportItem, ExportMedium } from '../types.ts';
import { bboxOf, type Xywh } from './geometry.ts';

/** An alignment item the vision formats can write: its document, its image and the image's medium. */
export interface VisionItem {
  item: ExportItem;
  doc: AlignmentDoc;
  image: ImageRef;
  medium: ExportMedium;
  /** The medium's path relative to the export root. */
  path: string;
}

/**
 * [V3] The vision view of an item, or the reason it cannot be written: not an alignment item, no image,
 * or an image whose medium has no path in the export.
 */
export function visionItem(item: ExportItem): VisionItem | { reason: string } {
  const doc = item.annotation;
  if (doc.taskType !== 'alignment') return { reason: `not an alignment item (${doc.taskType})` };
  if (!doc.image) return { reason: 'the item has no image' };
  const medium = item.media[doc.image.mediaId];
  if (!medium?.path) return { reason: `image ${doc.image.mediaId} has no path in the export` };
  return { item, doc, image: doc.image, medium, path: medium.path };
}

/** A region with the geometry every vision format needs. */
export interface PlacedRegion {
  region: RegionView;
  shape: Shape;
  bbox: Xywh;
  label: LabelConfig;
}

/**
 * [V4] The regions a format can write, in document order, and why the others cannot be: a region needs a
 * well-formed shape with a non-empty box, a label of the item's project config, and, for a mask, the
 * image's size (runs are decoded against it: a mask of another size would land in the wrong pixels).
 */
export function placedRegions(vision: VisionItem): { placed: PlacedRegion[]; problems: string[] } {
  const placed: PlacedRegion[] = [];
  const problems: string[] = [];
  for (const region of vision.doc.regions) {
    const shape = region.shape;
    const bbox = shape ? bboxOf(shape) : null;
    const label = vision.item.config.labels.find((l) => l.id === region.label);
    const size = shape?.kind === 'mask' ? shape.rle.size : null;
    if (size && (size[0] !== vision.image.height || size[1] !== vision.image.width)) {
      problems.push(`region ${region.id}: mask size ${size[0]}x${size[1]} (h x w) is not the image's ${vision.image.height}x${vision.image.width}`);
    } else if (!shape || !bbox) problems.push(`region ${region.id}: no usable shape`);
    else if (!label) problems.push(`region ${region.id}: label '${region.label}' is not in the project config`);
    else placed.push({ region, shape, bbox, label });
  }
  return { placed, problems };
}

/** [V5] The split names of RefCOCO-style refs: `validation` is written `val` as in refer.py's datasets. */
export function refSplit(split: ExportItem['split']): string {
  return split === 'validation' ? 'val' : split;
}
