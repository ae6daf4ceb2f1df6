import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { createProjectApi } from './project-api.ts';
import { DetailedApiError, parseError, queryString } from './rest.ts';

function reply(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('parseError', () => {
  it('keeps zod-like details as field issues', () => {
    const error = parseError(
      400,
      JSON.stringify({
        error: { code: 'bad_request', message: 'config.labels.0.color: a colour like #1f77b4', details: [{ path: ['config', 'labels', 0, 'color'], message: 'a colour like #1f77b4' }] },
      }),
    );
    expect(error).toBeInstanceOf(DetailedApiError);
    expect((error as DetailedApiError).issues).toEqual([{ path: 'config.labels.0.color', message: 'a colour like #1f77b4' }]);
  });

  it('falls back to a generic message for a body that is not JSON', () => {
    const error = parseError(502, '<html>bad gateway</html>');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(DetailedApiError);
    expect(error.message).toBe('The server answered 502.');
    expect(parseError(413, '').message).toMatch(/too large/);
  });

  it('builds query strings from the defined values', () => {
    expect(queryString({ limit: 5, cursor: null, tag: 'a b' })).toBe('?limit=5&tag=a+b');
    expect(queryString({})).toBe('');
  });
});

describe('createProjectApi', () => {
  it('creates a project with its task type and reports a 401', async () => {
    const onUnauthorized = vi.fn();
    const fetch = vi.fn(async () => reply(201, { id: 'prj_1', taskType: 'preference' }));
    const api = createProjectApi({ token: () => 'cs_t', onUnauthorized, fetch });
    await api.createProject({ name: 'P', taskType: 'preference' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/projects');
    expect(JSON.parse(init.body as string)).toEqual({ name: 'P', taskType: 'preference' });
    expect(init.headers).toMatchObject({ authorization: 'Bearer cs_t', 'content-type': 'application/json' });

    const denied = createProjectApi({ token: () => 't', onUnauthorized, fetch: async () => reply(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }) });
    await expect(denied.listTags('prj_1')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('posts the data file as the raw body with its format and name in the query', async () => {
    const fetch = vi.fn(async () => reply(202, { id: 'imp_1', status: 'running' }));
    const api = createProjectApi({ token: () => 't', fetch });
    const file = new Blob(['{}\n']);
    await api.startImport('prj_1', { format: 'jsonl', file, fileName: 'my items.jsonl' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/projects/prj_1/imports?format=jsonl&fileName=my+items.jsonl');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
  });

  it('uploads media through the uploader and accepts both answer shapes', async () => {
    const upload = vi.fn(async () => ({ items: [{ id: 'med_1' }] }));
    const api = createProjectApi({ token: () => 't', upload: upload as never });
    const file = new File(['x'], 'a.png');
    await expect(api.uploadMedia('prj_1', file)).resolves.toEqual([{ id: 'med_1' }]);
    expect(upload).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/v1/projects/prj_1/media', token: 't', files: [file] }));
    upload.mockResolvedValueOnce([{ id: 'med_2' }] as never);
    await expect(api.uploadMedia('prj_1', file)).resolves.toEqual([{ id: 'med_2' }]);
  });

  it('lists items with the tag filter', async () => {
    const fetch = vi.fn(async () => reply(200, { items: [], nextCursor: null }));
    const api = createProjectApi({ token: () => 't', fetch });
    await api.listItems('prj_1', { limit: 50, tag: 'ocr', cursor: null });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('/api/v1/projects/prj_1/items?limit=50&tag=ocr');
  });
});
