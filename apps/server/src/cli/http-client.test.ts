import { describe, expect, it } from 'vitest';
import { createHttpClient, errorOf } from './http-client.ts';

const errorBody = (status: number, message: string) => new Response(JSON.stringify({ error: { code: 'x', message } }), { status });

describe('errorOf', () => {
  it('[C4] 401 says the token was refused; other 4xx carry the server message and exit 2; 5xx exit 1', async () => {
    expect(await errorOf(errorBody(401, 'Sign in first'))).toMatchObject({ exitCode: 2, message: expect.stringMatching(/^the token was refused \(401\)/) });
    expect(await errorOf(errorBody(422, 'The coco format takes alignment projects; this is a preference project.'))).toMatchObject({
      exitCode: 2,
      message: 'The coco format takes alignment projects; this is a preference project. (422)',
    });
    expect(await errorOf(errorBody(500, 'Something went wrong on the server.'))).toMatchObject({ exitCode: 1, message: 'Something went wrong on the server. (500)' });
    expect(await errorOf(new Response('<html>Bad gateway</html>', { status: 502 }))).toMatchObject({ exitCode: 1, message: '<html>Bad gateway</html> (502)' });
  });
});

describe('createHttpClient', () => {
  it('[C1] sends the bearer token to <apiUrl><path> and parses JSON', async () => {
    const seen: { url: string; auth: string | null; type: string | null; body: unknown }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      seen.push({ url, auth: headers.get('authorization'), type: headers.get('content-type'), body: init.body });
      return new Response(JSON.stringify({ ok: true }), { status: 202 });
    }) as unknown as typeof fetch;
    const http = createHttpClient({ apiUrl: 'http://h/api/v1', token: 'cpat_t', fetch: fake });
    expect(await http.json('POST', '/projects/p/exports', { format: 'trl-dpo' })).toEqual({ ok: true });
    expect(seen).toEqual([{ url: 'http://h/api/v1/projects/p/exports', auth: 'Bearer cpat_t', type: 'application/json', body: '{"format":"trl-dpo"}' }]);
  });

  it('[C4] an unreachable server is a usage error naming the URL', async () => {
    const fake = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    }) as unknown as typeof fetch;
    const http = createHttpClient({ apiUrl: 'http://127.0.0.1:9/api/v1', token: 't', fetch: fake });
    await expect(http.json('GET', '/users')).rejects.toMatchObject({ exitCode: 2, message: 'could not reach the server at http://127.0.0.1:9/api/v1: connect ECONNREFUSED 127.0.0.1:9' });
  });
});
