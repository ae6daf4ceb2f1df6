import type { ItemSeed } from '@concord/annotation-doc';
import { media, type Db } from '@concord/db';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../errors.ts';

/** Every media id a seed refers to. */
export function mediaIdsOf(seed: ItemSeed): string[] {
  if (seed.taskType === 'alignment') return [seed.image.mediaId];
  if (seed.taskType === 'preference') return seed.prompt.media;
  return [...seed.media.map((m) => m.mediaId), ...seed.turns.flatMap((t) => t.media ?? [])];
}

/**
 * Checks that the media of a seed belong to the project and takes their kind and pixel size from the
 * stored records (what the upload measured), not from the caller. Throws 422 naming the bad ids.
 */
export async function bindSeedMedia(db: Db, projectId: string, seed: ItemSeed): Promise<ItemSeed> {
  const ids = [...new Set(mediaIdsOf(seed))];
  if (ids.length === 0) return seed;
  const rows = await db
    .select({ id: media.id, kind: media.kind, width: media.width, height: media.height })
    .from(media)
    .where(and(eq(media.projectId, projectId), inArray(media.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new AppError(422, 'unknown_media', `Media not found in this project: ${missing.join(', ')}. Upload them first.`, {
      missing,
    });
  }
  if (seed.taskType === 'alignment') {
    const image = byId.get(seed.image.mediaId)!;
    if (image.kind !== 'image' || !image.width || !image.height) {
      throw new AppError(422, 'not_an_image', `${seed.image.mediaId} is not an image.`, [{ path: 'seed.image', message: 'must be an image' }]);
    }
    return { ...seed, image: { mediaId: image.id, width: image.width, height: image.height } };
  }
  if (seed.taskType === 'instruction') {
    return {
      ...seed,
      media: seed.media.map((m) => {
        const row = byId.get(m.mediaId)!;
        return row.kind === 'image' && row.width && row.height
          ? { kind: 'image' as const, mediaId: row.id, width: row.width, height: row.height }
          : { kind: row.kind, mediaId: row.id };
      }),
    };
  }
  return seed;
}
