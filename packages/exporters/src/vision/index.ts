// Vision-language formatters (SPEC.md "Vision-language formats", V1…).
import type { Formatter } from '../types.ts';
import { cocoFormatter } from './coco.ts';
import { createGroundedFormatter } from './grounded.ts';
import { hfImageFolderFormatter } from './hf-imagefolder.ts';
import { refcocoFormatter } from './refcoco.ts';
import { vqaFormatter } from './vqa.ts';

export { groundCaption, type GroundCaptionOptions } from './grounded-caption.ts';
export { groundPhrase, groundedStyles, type GroundedStyle } from './grounded-boxes.ts';
export { areaOf, bboxOf, segmentationOf, type Segmentation, type Xywh } from './geometry.ts';

/** The vision-language formatters by format id. */
export const visionFormatters = {
  coco: cocoFormatter,
  refcoco: refcocoFormatter,
  vqa: vqaFormatter,
  'grounded-qwen': createGroundedFormatter('qwen'),
  'grounded-florence2': createGroundedFormatter('florence2'),
  'grounded-kosmos2': createGroundedFormatter('kosmos2'),
  'grounded-shikra': createGroundedFormatter('shikra'),
  'hf-imagefolder': hfImageFolderFormatter,
} satisfies Record<string, Formatter>;
