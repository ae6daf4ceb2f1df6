import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { MediaRecord, MediaService } from '../media/types.ts';
import type { MediaNeed } from './draft.ts';

export type Resolved = { record: MediaRecord } | { message: string };

/** Runs `fn` over `inputs` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(inputs: readonly T[], limit: number, fn: (input: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await fn(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/**
 * Media references → stored media for one import. Each distinct reference is resolved once (a file
 * that names `bus.png` on every line looks it up once); fallback names are tried when the reference
 * itself is not found. A reference that cannot be resolved is a message for the line, not a failure.
 */
export function createMediaResolver(options: { media: MediaService; projectId: string; userId: string | null; log: Logger; maxCached?: number }) {
  const { media, projectId, userId, log } = options;
  const maxCached = options.maxCached ?? 20_000;
  const cache = new Map<string, Promise<Resolved>>();

  async function lookUp(ref: string): Promise<Resolved> {
    try {
      return { record: await media.resolve({ projectId, userId, ref }) };
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return { message: error.message };
      log.error({ err: error, projectId }, 'import: resolving a media reference failed');
      return { message: 'could not be stored (a server error; see the server log)' };
    }
  }
  function cached(ref: string): Promise<Resolved> {
    let hit = cache.get(ref);
    if (!hit) {
      if (cache.size >= maxCached) cache.clear();
      hit = lookUp(ref);
      cache.set(ref, hit);
    }
    return hit;
  }

  /** The stored media of one need, checked against the kind it must be. */
  async function resolve(need: MediaNeed): Promise<Resolved> {
    let result = await cached(need.ref);
    for (const name of need.fallbacks ?? []) {
      if ('record' in result) break;
      const other = await cached(name);
      if ('record' in other) result = other;
    }
    if ('record' in result && need.kind !== 'any' && result.record.kind !== need.kind) {
      return { message: `"${need.ref}" is ${result.record.kind === 'audio' ? 'an audio file' : 'an image'}, but ${need.kind === 'audio' ? 'an audio file' : 'an image'} is needed here` };
    }
    return result;
  }

  return { resolve };
}

export type MediaResolver = ReturnType<typeof createMediaResolver>;
