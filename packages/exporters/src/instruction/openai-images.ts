import type { ExportMedium } from '../types.ts';

/** Image types OpenAI fine-tuning accepts [I9]. */
export const openAiImageTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Most images OpenAI accepts in one example [I9]. */
export const openAiMaxImages = 10;

/** An OpenAI `image_url` content part. */
export interface OpenAiImagePart {
  type: 'image_url';
  image_url: { url: string };
}

/** [I9] Checks the images of one example against OpenAI's limits: the reason to skip, or null. */
export function openAiImageProblem(images: readonly ExportMedium[]): string | null {
  if (images.length > openAiMaxImages) return `${images.length} images (OpenAI takes at most ${openAiMaxImages})`;
  for (const image of images) {
    if (!(openAiImageTypes as readonly string[]).includes(image.contentType.toLowerCase())) return `image ${image.mediaId} is ${image.contentType} (OpenAI takes JPEG, PNG, WEBP)`;
    if (image.url === null) return `image ${image.mediaId} has no URL`;
  }
  return null;
}

/** The `image_url` part of an image checked by {@link openAiImageProblem}. */
export function openAiImagePart(image: ExportMedium): OpenAiImagePart {
  return { type: 'image_url', image_url: { url: image.url ?? '' } };
}
