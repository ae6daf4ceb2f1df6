import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { fixtureReport } from './fixtures.ts';
import { createQualityApi } from './quality-api.ts';

function recorder(respond: (url: string) => Response) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return respond(String(input));
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe('quality API client', () => {
  it('[R1] asks for the report with the window, and without it for the project’s own', async () => {
    const { calls, fetch } = recorder(() => Response.json(fixtureReport()));
    const api = createQualityApi({ token: () => 'tok', fetch });
    await api.report('prj_1', null);
    await api.report('prj_1', { from: '2030-01-01T00:00:00.000Z', to: '2030-01-31T00:00:00.000Z' });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/projects/prj_1/quality',
      '/api/v1/projects/prj_1/quality?from=2030-01-01T00%3A00%3A00.000Z&to=2030-01-31T00%3A00%3A00.000Z',
    ]);
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });

  it('[F4] [F5] lists flags by state and clears one with a note', async () => {
    const { calls, fetch } = recorder(() => Response.json({ items: [] }));
    const api = createQualityApi({ token: () => 'tok', fetch });
    await api.flags('prj_1', 'open');
    await api.clearFlag('prj_1', 'qfl_1', 'Retrained');
    expect(calls.map((c) => [c.init?.method, c.url])).toEqual([
      ['GET', '/api/v1/projects/prj_1/quality/flags?state=open'],
      ['POST', '/api/v1/projects/prj_1/quality/flags/qfl_1/clear'],
    ]);
    expect(calls[1]?.init?.body).toBe(JSON.stringify({ note: 'Retrained' }));
  });

  it('[R3] downloads an export with the token and names it after the server', async () => {
    const { calls, fetch } = recorder(() => new Response('slice,value\n', { headers: { 'content-disposition': 'attachment; filename="quality-slices.csv"' } }));
    const api = createQualityApi({ token: () => 'tok', fetch });
    const file = await api.exportFile({ projectId: 'prj_1', table: 'slices', format: 'csv', window: null });
    expect(calls[0]?.url).toBe('/api/v1/projects/prj_1/quality/export?format=csv&table=slices');
    expect((calls[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(file.fileName).toBe('quality-slices.csv');
    expect(await file.blob.text()).toBe('slice,value\n');
  });

  it('[R2] turns a refused export into an ApiError with the server’s message, and reports a 401', async () => {
    let signedOut = false;
    const { fetch } = recorder((url) =>
      url.includes('pairs')
        ? Response.json({ error: { code: 'unauthenticated', message: 'Sign in again.' } }, { status: 401 })
        : Response.json({ error: { code: 'not_found', message: 'Project not found.' } }, { status: 404 }),
    );
    const api = createQualityApi({ token: () => 'tok', fetch, onUnauthorized: () => (signedOut = true) });
    const refused = await api.exportFile({ projectId: 'prj_1', table: 'slices', format: 'json', window: null }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).isNotFound).toBe(true);
    expect((refused as ApiError).message).toBe('Project not found.');
    await api.exportFile({ projectId: 'prj_1', table: 'pairs', format: 'json', window: null }).catch(() => {});
    expect(signedOut).toBe(true);
  });
});
