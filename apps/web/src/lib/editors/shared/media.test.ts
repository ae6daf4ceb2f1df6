import { describe, expect, it } from 'vitest';
import { createMediaLoader } from './media.ts';

function fakeFetch(answers: Record<string, () => Response | Promise<Response>>) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ url, authorization: headers.get('authorization') });
    const answer = Object.entries(answers).find(([suffix]) => url.endsWith(suffix))?.[1];
    return Promise.resolve(answer ? answer() : new Response('{}', { status: 404 }));
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function urls() {
  let n = 0;
  const revoked: string[] = [];
  const blobs: Blob[] = [];
  return {
    revoked,
    blobs,
    createObjectURL: (blob: Blob) => {
      blobs.push(blob);
      return `blob:test/${++n}`;
    },
    revokeObjectURL: (url: string) => revoked.push(url),
  };
}

describe('createMediaLoader', () => {
  it('fetches media with the bearer token, once per id, as object URLs', async () => {
    const { fetch, calls } = fakeFetch({ '/api/v1/media/med_1': () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } }) });
    const objects = urls();
    const media = createMediaLoader({ token: () => 'cs_token', baseUrl: 'http://host/', fetch, ...objects });
    const [first, second] = await Promise.all([media.url('med_1'), media.url('med_1')]);
    expect(first).toBe('blob:test/1');
    expect(second).toBe(first);
    expect(calls).toEqual([{ url: 'http://host/api/v1/media/med_1', authorization: 'Bearer cs_token' }]);
    expect(objects.blobs[0]?.size).toBe(3);
    expect(objects.blobs[0]?.type).toBe('image/png');
    await expect(media.load('med_1')).resolves.toEqual({ url: 'blob:test/1', contentType: 'image/png' });
    expect(calls).toHaveLength(1);
  });

  it('rejects with a readable message, and retries on the next call', async () => {
    let status = 404;
    const { fetch, calls } = fakeFetch({ med_2: () => new Response(status === 200 ? 'ok' : '{}', { status }) });
    const media = createMediaLoader({ token: () => null, fetch, ...urls() });
    await expect(media.url('med_2')).rejects.toThrow('This media file was not found.');
    expect(calls[0]?.authorization).toBeNull();
    status = 500;
    await expect(media.url('med_2')).rejects.toThrow('the server answered 500');
    status = 200;
    await expect(media.url('med_2')).resolves.toBe('blob:test/1');
    expect(calls).toHaveLength(3);
  });

  it('says when the server cannot be reached', async () => {
    const media = createMediaLoader({ token: () => null, fetch: () => Promise.reject(new TypeError('failed')), ...urls() });
    await expect(media.url('med_3')).rejects.toThrow('Cannot reach the server');
  });

  it('revokes every URL on destroy and refuses new loads', async () => {
    const { fetch } = fakeFetch({ med_a: () => new Response('a'), med_b: () => new Response('b') });
    const objects = urls();
    const media = createMediaLoader({ token: () => null, fetch, ...objects });
    await media.url('med_a');
    await media.url('med_b');
    media.destroy();
    expect(objects.revoked).toEqual(['blob:test/1', 'blob:test/2']);
    await expect(media.url('med_a')).rejects.toThrow('stopped');
  });

  it('escapes the media id into the path', async () => {
    const { fetch, calls } = fakeFetch({});
    const media = createMediaLoader({ token: () => null, fetch, ...urls() });
    await expect(media.url('../users')).rejects.toThrow();
    expect(calls[0]?.url).toBe('/api/v1/media/..%2Fusers');
  });
});
