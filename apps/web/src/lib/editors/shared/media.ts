import { apiBasePath } from '@concord/protocol';
import type { LoadedMedia, MediaLoader } from './types.ts';

export interface MediaLoaderOptions {
  /** Reads the current bearer token (null when signed out). */
  token: () => string | null;
  /** Origin of the server; the page's own origin when omitted. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** For tests; default `URL.createObjectURL` / `URL.revokeObjectURL`. */
  createObjectURL?: (blob: Blob) => string;
  revokeObjectURL?: (url: string) => void;
}

/**
 * Creates the media loader of one document page: `GET /api/v1/media/{id}` with the bearer token (an
 * `<img src>` cannot send it), once per media id, as object URLs revoked by `destroy()`. A failed load
 * is forgotten, so asking again retries.
 *
 * @example
 *   const media = createMediaLoader({ token: () => session.token });
 *   img.src = await media.url('med_…');
 *   onDestroy(() => media.destroy());
 */
export function createMediaLoader(options: MediaLoaderOptions): MediaLoader {
  const base = `${(options.baseUrl ?? '').replace(/\/+$/, '')}${apiBasePath}/media/`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const createUrl = options.createObjectURL ?? ((blob: Blob) => URL.createObjectURL(blob));
  const revokeUrl = options.revokeObjectURL ?? ((url: string) => URL.revokeObjectURL(url));
  const abort = new AbortController();
  const loads = new Map<string, Promise<LoadedMedia>>();
  const made: string[] = [];
  let destroyed = false;

  async function fetchMedia(mediaId: string): Promise<LoadedMedia> {
    const headers: Record<string, string> = {};
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(base + encodeURIComponent(mediaId), { headers, signal: abort.signal });
    } catch {
      throw new Error(destroyed ? 'Media loading was stopped.' : 'Cannot reach the server to load this media.');
    }
    if (response.status === 404 || response.status === 403) throw new Error('This media file was not found.');
    if (!response.ok) throw new Error(`Could not load this media (the server answered ${response.status}).`);
    const blob = await response.blob();
    if (destroyed) throw new Error('Media loading was stopped.');
    const url = createUrl(blob);
    made.push(url);
    return { url, contentType: blob.type || (response.headers.get('content-type') ?? '') };
  }

  function load(mediaId: string): Promise<LoadedMedia> {
    if (destroyed) return Promise.reject(new Error('Media loading was stopped.'));
    let pending = loads.get(mediaId);
    if (pending === undefined) {
      const started = fetchMedia(mediaId);
      pending = started;
      loads.set(mediaId, started);
      started.catch(() => {
        if (loads.get(mediaId) === started) loads.delete(mediaId);
      });
    }
    return pending;
  }

  return {
    load,
    url: async (mediaId: string) => (await load(mediaId)).url,
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      abort.abort();
      loads.clear();
      for (const url of made.splice(0)) revokeUrl(url);
    },
  };
}
