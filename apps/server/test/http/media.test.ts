import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { media } from '@concord/db';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { makeGif, makeJpeg, makePng, makeWav, htmlFile, svgFile } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from './harness.ts';

const maxBytes = 64 * 1024;
const limits = { maxBytes, maxPixels: 4_000_000, fetchTimeoutMs: 3_000 };

let h: Harness;
let manager: TestUser;
let outsider: TestUser;
let projectId: string;
let otherProjectId: string;
const roles: Record<string, TestUser> = {};

/** A local "internet": the one address and port the test fetch policy allows. */
let origin: Server;
let originPort: number;
/** Another local port the policy does not allow. */
let forbidden: Server;
let forbiddenPort: number;
const originHits: string[] = [];
const originPng = makePng(12, 8, { seed: 4242 });

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  origin = createServer((req, res) => {
    originHits.push(req.url ?? '');
    if (req.url?.startsWith('/images/')) return res.writeHead(200, { 'content-type': 'text/html' }).end(originPng);
    if (req.url === '/other.png') return res.end(makePng(3, 3, { seed: 77 }));
    if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'image/png' }).end(htmlFile);
    if (req.url === '/to-forbidden-port') return res.writeHead(302, { location: `http://127.0.0.1:${forbiddenPort}/x.png` }).end();
    if (req.url === '/to-metadata') return res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    return res.writeHead(404).end('internal details nobody should see');
  });
  originPort = await listen(origin);
  forbidden = createServer((_req, res) => res.end(originPng));
  forbiddenPort = await listen(forbidden);

  h = await createHarness({ media: limits }, { fetchPolicy: (address, port) => address === '127.0.0.1' && port === originPort });
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  outsider = await h.makeUser({ canCreateProjects: true, name: 'Outsider' });
  projectId = await makeProject(h, manager, 'Pictures');
  otherProjectId = await makeProject(h, outsider, 'Elsewhere');
  for (const role of ['viewer', 'annotator', 'reviewer', 'qa_lead', 'trainer']) {
    roles[role] = await h.makeUser({ name: role });
    await addMember(h, manager, projectId, roles[role]!.user.id, role);
  }
});

afterAll(async () => {
  await h.dispose();
  origin.closeAllConnections();
  forbidden.closeAllConnections();
  await Promise.all([new Promise((r) => origin.close(r)), new Promise((r) => forbidden.close(r))]);
});

interface Part {
  name?: string;
  fileName: string;
  bytes: Buffer;
  type?: string;
}

/** A multipart upload through the app; `parts` are `file` parts unless named otherwise. */
async function upload(token: string, parts: Part[], project = projectId) {
  const form = new FormData();
  for (const p of parts) form.append(p.name ?? 'file', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'application/octet-stream' }), p.fileName);
  const res = await h.app.request(`/api/v1/projects/${project}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

async function getBytes(token: string, id: string, headers: Record<string, string> = {}) {
  const res = await h.app.request(`/api/v1/media/${id}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Media files on disk (temporary ones included) and rows in the table. */
async function stored(): Promise<{ files: number; rows: number }> {
  let files = 0;
  try {
    files = readdirSync(h.config.mediaDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    files = 0;
  }
  const [row] = await h.db.db.select({ n: count() }).from(media);
  return { files, rows: Number(row!.n) };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('uploads', () => {
  it('[M3][M5] stores PNG, JPEG and WAV with their sniffed types, sizes and dimensions', async () => {
    const png = makePng(40, 30);
    const jpeg = makeJpeg(640, 480);
    const wav = makeWav();
    const res = await upload(roles.trainer!.token, [
      { fileName: 'cat.png', bytes: png },
      { fileName: 'dog.jpeg', bytes: jpeg },
      { fileName: 'bark.wav', bytes: wav },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.items).toEqual([
      expect.objectContaining({ kind: 'image', contentType: 'image/png', width: 40, height: 30, bytes: png.length, originalName: 'cat.png', projectId }),
      expect.objectContaining({ kind: 'image', contentType: 'image/jpeg', width: 640, height: 480, originalName: 'dog.jpeg' }),
      expect.objectContaining({ kind: 'audio', contentType: 'audio/wav', width: null, height: null, bytes: wav.length }),
    ]);
    const first = res.body.items[0];
    expect(first.id).toMatch(/^med_[a-z2-7]{32}$/);
    expect(first.url).toBe(`/api/v1/media/${first.id}`);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await getBytes(manager.token, first.id)).bytes).toEqual(png);
  });

  it('[M3] a PNG named .jpg and declared image/jpeg is stored and served as image/png', async () => {
    const res = await upload(manager.token, [{ fileName: 'photo.jpg', bytes: makePng(5, 5, { seed: 9 }), type: 'image/jpeg' }]);
    expect(res.status).toBe(201);
    expect(res.body.items[0]).toMatchObject({ contentType: 'image/png', originalName: 'photo.jpg' });
    expect((await getBytes(manager.token, res.body.items[0].id)).headers.get('content-type')).toBe('image/png');
  });

  it('[M3][M2] HTML or SVG named x.png is refused with 415 and nothing is stored', async () => {
    const before = await stored();
    for (const bytes of [htmlFile, svgFile]) {
      const res = await upload(manager.token, [{ fileName: 'x.png', bytes, type: 'image/png' }]);
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
      expect(res.body.error.message).toMatch(/PNG, JPEG/);
    }
    expect(await stored()).toEqual(before);
  });

  it('[M4][M2] a file over the byte limit is 413 and leaves no row and no file', async () => {
    const before = await stored();
    const res = await upload(manager.token, [{ fileName: 'long.wav', bytes: makeWav({ samples: maxBytes }) }]);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain(String(maxBytes));
    expect(await stored()).toEqual(before);
  });

  it('[M5] a PNG whose header claims 100000×100000 pixels is 422 and not stored', async () => {
    const before = await stored();
    const res = await upload(manager.token, [{ fileName: 'bomb.png', bytes: makePng(2, 2, { claim: { width: 100_000, height: 100_000 } }) }]);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'image_too_large' });
    expect(await stored()).toEqual(before);
  });

  it('[M6] the same bytes in the same project are one media; another project gets its own', async () => {
    const gif = makeGif(9, 4);
    const a = await upload(manager.token, [{ fileName: 'a.gif', bytes: gif }]);
    const files = (await stored()).files;
    const b = await upload(roles.qa_lead!.token, [{ fileName: 'b.gif', bytes: gif }]);
    expect(b.body.items[0].id).toBe(a.body.items[0].id);
    expect(b.body.items[0].originalName).toBe('a.gif');
    expect((await stored()).files).toBe(files);
    const c = await upload(outsider.token, [{ fileName: 'a.gif', bytes: gif }], otherProjectId);
    expect(c.body.items[0].id).not.toBe(a.body.items[0].id);
  });

  it('[M6] concurrent uploads of the same new bytes still make one media', async () => {
    const png = makePng(6, 6, { seed: 31337 });
    const results = await Promise.all([1, 2, 3].map(() => upload(manager.token, [{ fileName: 'same.png', bytes: png }])));
    expect(new Set(results.map((r) => r.body.items[0].id)).size).toBe(1);
    const [row] = await h.db.db.select({ n: count() }).from(media).where(eq(media.sha256, results[0]!.body.items[0].sha256));
    expect(Number(row!.n)).toBe(1);
  });

  it('[M7] when one file of a request is refused, none of the request is kept', async () => {
    const before = await stored();
    const res = await upload(manager.token, [
      { fileName: 'fine.png', bytes: makePng(7, 7, { seed: 555 }) },
      { fileName: 'evil.png', bytes: svgFile },
    ]);
    expect(res.status).toBe(415);
    expect(await stored()).toEqual(before);
  });

  it('[M1] a file name with a path and control characters is display text, not a path', async () => {
    const res = await upload(manager.token, [{ fileName: '../../../etc/pa\u202esswd.png', bytes: makePng(3, 2, { seed: 8 }) }]);
    expect(res.status).toBe(201);
    expect(res.body.items[0].originalName).toBe('passwd.png');
    const files = readdirSync(h.config.mediaDir, { recursive: true }).map(String);
    expect(files.some((f) => f.includes('passwd'))).toBe(false);
    for (const f of files.filter((name) => name.includes('/') || name.includes('\\'))) {
      expect(f.replaceAll('\\', '/')).toMatch(/^(prj_[a-z2-7]{32}\/[0-9a-f]{40}|\.tmp\/.*)$/);
    }
  });

  it('[M18] uploading needs items.create: viewer, annotator and reviewer get 403, outsiders 404', async () => {
    for (const role of ['viewer', 'annotator', 'reviewer']) {
      expect((await upload(roles[role]!.token, [{ fileName: 'a.png', bytes: makePng(2, 2) }])).status).toBe(403);
    }
    expect((await upload(outsider.token, [{ fileName: 'a.png', bytes: makePng(2, 2) }])).status).toBe(404);
  });

  it('refuses bodies that are not multipart, form fields, other part names and empty forms', async () => {
    const json = await h.call('POST', `/api/v1/projects/${projectId}/media`, { token: manager.token, json: { file: 'x' } });
    expect(json.status).toBe(415);
    const other = await upload(manager.token, [{ name: 'image', fileName: 'a.png', bytes: makePng(2, 2) }]);
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain('"file"');
    const field = new FormData();
    field.append('caption', 'hello');
    const res = await h.app.request(`/api/v1/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${manager.token}` }, body: field });
    expect(res.status).toBe(400);
    const empty = await h.app.request(`/api/v1/projects/${projectId}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz--\r\n',
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/No files/);
  });

  it('lists a project\'s media newest first, in pages', async () => {
    const page1 = await h.call('GET', `/api/v1/projects/${projectId}/media?limit=2`, { token: roles.viewer!.token });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toBe(page1.body.items[1].id);
    const page2 = await h.call('GET', `/api/v1/projects/${projectId}/media?limit=200&cursor=${page1.body.nextCursor}`, { token: roles.viewer!.token });
    const ids = [...page1.body.items, ...page2.body.items].map((m: { id: string }) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(page2.body.nextCursor).toBeNull();
    expect((await h.call('GET', `/api/v1/projects/${projectId}/media`, { token: outsider.token })).status).toBe(404);
    expect((await h.call('GET', `/api/v1/projects/${projectId}/media?sort=bytes`, { token: manager.token })).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('lists the media routes, the upload as multipart without a buffering validator', async () => {
    const res = await h.call('GET', '/api/v1/openapi.json');
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['/api/v1/projects/{id}/media', '/api/v1/projects/{id}/media/fetch', '/api/v1/media/{id}', '/api/v1/media/{id}/meta']),
    );
    expect(Object.keys(paths['/api/v1/projects/{id}/media']!.post!.requestBody!.content)).toEqual(['multipart/form-data']);
  });
});

describe('serving', () => {
  let png: Buffer;
  let id: string;
  beforeAll(async () => {
    png = makePng(20, 10, { seed: 1234 });
    const res = await upload(manager.token, [{ fileName: "serve me ü (1)'s.png", bytes: png }]);
    id = res.body.items[0].id;
  });

  it('[M15] a viewer gets the bytes and the metadata', async () => {
    const res = await getBytes(roles.viewer!.token, id);
    expect(res.status).toBe(200);
    expect(res.bytes).toEqual(png);
    const meta = await h.call('GET', `/api/v1/media/${id}/meta`, { token: roles.viewer!.token });
    expect(meta.body).toMatchObject({ id, projectId, contentType: 'image/png', width: 20, height: 10 });
  });

  it('[M15] outsiders, missing and malformed ids all get one identical 404', async () => {
    const bodies = new Set<string>();
    for (const target of [id, 'med_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'med_1', '..%2F..%2Fetc%2Fpasswd', projectId]) {
      for (const path of [`/api/v1/media/${target}`, `/api/v1/media/${target}/meta`]) {
        const res = await h.call('GET', path, { token: target === id ? outsider.token : manager.token });
        expect(res.status, path).toBe(404);
        bodies.add(res.text);
      }
    }
    expect(bodies.size).toBe(1);
    expect((await h.call('GET', `/api/v1/media/${id}`)).status).toBe(401);
  });

  it('[M16] serves with the sniffed type, inline, nosniff, a sandboxing CSP, private caching and the hash as ETag', async () => {
    const res = await getBytes(roles.annotator!.token, id);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''serve%20me%20%C3%BC%20%281%29%27s.png`);
    expect(res.headers.get('cache-control')).toMatch(/^private\b/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const meta = await h.call('GET', `/api/v1/media/${id}/meta`, { token: manager.token });
    expect(res.headers.get('etag')).toBe(`"${meta.body.sha256}"`);
    expect(res.headers.get('content-length')).toBe(String(png.length));
  });

  it('[M17] answers byte ranges, refuses ranges past the end, and revalidates by ETag', async () => {
    const part = await getBytes(manager.token, id, { range: 'bytes=8-15' });
    expect(part.status).toBe(206);
    expect(part.bytes).toEqual(png.subarray(8, 16));
    expect(part.headers.get('content-range')).toBe(`bytes 8-15/${png.length}`);
    const tail = await getBytes(manager.token, id, { range: 'bytes=-4' });
    expect(tail.bytes).toEqual(png.subarray(png.length - 4));
    const open = await getBytes(manager.token, id, { range: `bytes=${png.length - 2}-` });
    expect(open.bytes).toEqual(png.subarray(png.length - 2));
    const past = await getBytes(manager.token, id, { range: `bytes=${png.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${png.length}`);
    const etag = part.headers.get('etag')!;
    const cached = await getBytes(manager.token, id, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    const stale = await getBytes(manager.token, id, { range: 'bytes=0-3', 'if-range': '"something-else"' });
    expect(stale.status).toBe(200);
    expect(stale.bytes).toEqual(png);
  });
});

describe('fetching by URL', () => {
  const fetchUrl = (url: string, token = manager.token) =>
    h.call('POST', `/api/v1/projects/${projectId}/media/fetch`, { token, json: { url } });

  it('[M8][M3] fetches from the allowed test origin, sniffing the type whatever the server declares', async () => {
    const res = await fetchUrl(`http://127.0.0.1:${originPort}/images/kitten.png?size=large`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      contentType: 'image/png',
      width: 12,
      height: 8,
      originalName: 'kitten.png',
      sourceUrl: `http://127.0.0.1:${originPort}/images/kitten.png?size=large`,
    });
  });

  it('[M11] refuses a redirect to a port the policy does not allow, or to the metadata address', async () => {
    for (const path of ['/to-forbidden-port', '/to-metadata']) {
      const res = await fetchUrl(`http://127.0.0.1:${originPort}${path}`);
      expect(res.status, path).toBe(422);
      expect(res.body.error.code).toBe('fetch_refused');
    }
  });

  it('[M9] refuses loopback, private and odd-notation hosts the policy does not allow, and other schemes', async () => {
    for (const url of [
      `http://127.0.0.1:${forbiddenPort}/x.png`,
      `http://localhost:${forbiddenPort}/x.png`,
      'http://[::1]/',
      'http://10.0.0.1/',
      'http://0x7f.1/',
      'file:///etc/passwd',
      'gopher://127.0.0.1:70/',
    ]) {
      const res = await fetchUrl(url);
      expect(res.status, url).toBe(422);
      expect(res.body.error.code, url).toBe('fetch_refused');
    }
  });

  it('[M12][M3] upstream errors name the host and status only; non-media answers are 415', async () => {
    const missing = await fetchUrl(`http://127.0.0.1:${originPort}/nothing-here`);
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toBe(`The server at 127.0.0.1:${originPort} answered 404.`);
    expect(missing.text).not.toContain('internal details');
    const html = await fetchUrl(`http://127.0.0.1:${originPort}/page.html`);
    expect(html.status).toBe(415);
  });

  it('[M18] fetching needs items.create', async () => {
    expect((await fetchUrl(`http://127.0.0.1:${originPort}/images/a.png`, roles.annotator!.token)).status).toBe(403);
    expect((await fetchUrl(`http://127.0.0.1:${originPort}/images/a.png`, outsider.token)).status).toBe(404);
    const extra = await h.call('POST', `/api/v1/projects/${projectId}/media/fetch`, { token: manager.token, json: { url: 'http://x/', projectId } });
    expect(extra.status).toBe(400);
  });
});

describe('resolve() for imports', () => {
  const resolve = (ref: string, project = projectId) => h.services.media.resolve({ projectId: project, userId: manager.user.id, ref });

  it('[M13] by med_ id of this project, and not of another', async () => {
    const res = await upload(manager.token, [{ fileName: 'by-id.png', bytes: makePng(4, 4, { seed: 99 }) }]);
    const record = await resolve(res.body.items[0].id);
    expect(record.id).toBe(res.body.items[0].id);
    const err = await refusal(resolve(res.body.items[0].id, otherProjectId));
    expect(err).toMatchObject({ status: 422 });
    expect(err.message).toContain('no media');
  });

  it('[M13] by file name: the newest upload of that name, also when the reference has folders', async () => {
    await upload(manager.token, [{ fileName: 'scene.png', bytes: makePng(4, 4, { seed: 1 }) }]);
    const newer = await upload(manager.token, [{ fileName: 'scene.png', bytes: makePng(4, 4, { seed: 2 }) }]);
    expect((await resolve('scene.png')).id).toBe(newer.body.items[0].id);
    expect((await resolve('shoot/day1/scene.png')).id).toBe(newer.body.items[0].id);
    const err = await refusal(resolve('never-uploaded.png'));
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/upload it first/);
  });

  it('[M13] by data: URI, sniffed and deduplicated like an upload', async () => {
    const wav = makeWav({ seed: 77 });
    const record = await resolve(`data:text/html;base64,${wav.toString('base64')}`);
    expect(record).toMatchObject({ kind: 'audio', contentType: 'audio/wav', bytes: wav.length, originalName: null });
    expect((await resolve(`data:audio/wav;base64,${wav.toString('base64')}`)).id).toBe(record.id);
    expect(await refusal(resolve('data:image/png,plain'))).toMatchObject({ status: 422 });
    expect(await refusal(resolve(`data:image/svg+xml;base64,${svgFile.toString('base64')}`))).toMatchObject({ status: 422, code: 'unsupported_media_type' });
  });

  it('[M13][M14] by URL: fetched once per project, even when asked concurrently', async () => {
    const url = `http://127.0.0.1:${originPort}/other.png`;
    const hits = () => originHits.filter((u) => u === '/other.png').length;
    const before = hits();
    const [a, b] = await Promise.all([resolve(url), resolve(url)]);
    expect(a.id).toBe(b.id);
    expect(a.sourceUrl).toBe(url);
    expect((await resolve(url)).id).toBe(a.id);
    expect(hits() - before).toBe(1);
    const elsewhere = await resolve(url, otherProjectId);
    expect(elsewhere.id).not.toBe(a.id);
    expect(hits() - before).toBe(2);
  });

  it('[M13] refuses other schemes, refused addresses and empty references with 422', async () => {
    for (const ref of ['file:///etc/passwd', 'ftp://example.org/a.png', 'javascript:alert(1)', '   ', 'http://169.254.169.254/']) {
      const err = await refusal(resolve(ref));
      expect(err.status, ref).toBe(422);
    }
  });
});

describe('the real server (default fetch policy, streamed bodies over a socket)', () => {
  let server: TestServer;
  let project: string;
  beforeAll(async () => {
    server = await startTestServer({ overrides: { media: limits } });
    project = (await server.api.createProject('Real')).id;
  });
  afterAll(async () => {
    await server.dispose();
  });

  const post = (path: string, init: RequestInit) =>
    fetch(`${server.url}/api/v1${path}`, { ...init, method: 'POST', headers: { authorization: `Bearer ${server.api.token}`, ...init.headers } });

  it('[M9] the production policy refuses the server\'s own loopback address and localhost', async () => {
    for (const url of [`${server.url}/healthz`, `http://localhost:${server.server.port}/healthz`, `http://127.0.0.1:${originPort}/images/a.png`]) {
      const res = await post(`/projects/${project}/media/fetch`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
      expect(res.status, url).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('fetch_refused');
    }
  });

  it('[M4][M2] a streamed upload far over the limit is cut off with 413 and leaves nothing', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(makeWav({ samples: 2 * 1024 * 1024 }))]), 'huge.wav');
    const res = await post(`/projects/${project}/media`, { body: form });
    expect(res.status).toBe(413);
    const dir = server.server.services.config.mediaDir;
    const files = (() => {
      try {
        return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      } catch {
        return [];
      }
    })();
    expect(files).toEqual([]);
    const list = await server.api.call<{ items: unknown[] }>('GET', `/projects/${project}/media`);
    expect(list.items).toEqual([]);
  });

  it('[M3] an upload over a real socket is stored and served back', async () => {
    const png = makePng(16, 16, { seed: 2026 });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)]), 'real.png');
    const res = await post(`/projects/${project}/media`, { body: form });
    expect(res.status).toBe(201);
    const { items } = (await res.json()) as { items: Array<{ id: string }> };
    const bytes = await fetch(`${server.url}/api/v1/media/${items[0]!.id}`, { headers: { authorization: `Bearer ${server.api.token}` } });
    expect(bytes.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(png);
    expect(readdirSync(join(server.server.services.config.mediaDir, project))).toHaveLength(1);
  });
});
