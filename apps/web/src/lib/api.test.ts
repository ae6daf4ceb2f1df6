import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApi } from './api.ts';

function reply(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('createApi', () => {
  it('sends the bearer token and parses JSON', async () => {
    const fetch = vi.fn(async () => reply(200, { items: [], nextCursor: null }));
    const api = createApi({ token: () => 'cs_t', fetch });
    await expect(api.listProjects({ limit: 5 })).resolves.toEqual({ items: [], nextCursor: null });
    expect(fetch).toHaveBeenCalledWith('/api/v1/projects?limit=5', expect.objectContaining({ method: 'GET' }));
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.headers).toMatchObject({ authorization: 'Bearer cs_t' });
  });

  it("turns an error body into an ApiError with the server's message", async () => {
    const api = createApi({ token: () => 't', fetch: async () => reply(409, { error: { code: 'conflict', message: 'Already a member.' } }) });
    const error = await api.addMember('prj_x', { email: 'a@b', role: 'viewer' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'Already a member.' });
  });

  it('reports a 401 as the end of the session, except for a failed sign-in', async () => {
    const onUnauthorized = vi.fn();
    const api = createApi({ token: () => 't', onUnauthorized, fetch: async () => reply(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }) });
    await expect(api.login({ email: 'a@b', password: 'x' })).rejects.toMatchObject({ status: 401, message: 'Sign in.' });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('maps a network failure to status 0 and a 204 to undefined', async () => {
    const down = createApi({ token: () => 't', fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    await expect(down.me()).rejects.toMatchObject({ status: 0, code: 'network' });
    const ok = createApi({ token: () => 't', fetch: async () => reply(204) });
    await expect(ok.logout()).resolves.toBeUndefined();
  });
});
