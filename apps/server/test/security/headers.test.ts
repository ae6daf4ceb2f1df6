import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { apiContentSecurityPolicy } from '../../src/http/middleware.ts';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const hstsSeconds = 31_536_000;
let t: TestServer;
let webDir: string;
let mediaId: string;
let documentId: string;

interface Seen {
  name: string;
  status: number;
  headers: Headers;
}

beforeAll(async () => {
  // A stand-in for the built web client: a page, a hashed asset and a plain file.
  webDir = mkdtempSync(join(tmpdir(), 'concord-web-'));
  mkdirSync(join(webDir, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Concord</title><div id="app"></div>');
  writeFileSync(join(webDir, '_app', 'immutable', 'start.abc123.js'), 'console.log("hi");');
  writeFileSync(join(webDir, 'robots.txt'), 'User-agent: *\n');
  t = await startTestServer({
    overrides: { webDir, hstsMaxAgeSeconds: hstsSeconds, login: { maxFailuresPerAccount: 1, maxFailuresPerIp: 100, windowMs: 60_000 } },
  });
  const project = await t.api.createProject('Headers');
  documentId = (await t.api.createDocument(project.id)).id;
  const [uploaded] = await t.api.uploadMedia(project.id, [{ name: 'dot.png', bytes: makePng(2, 2), type: 'image/png' }]);
  mediaId = uploaded!.id;
});
afterAll(async () => {
  await t?.dispose();
  rmSync(webDir, { recursive: true, force: true });
});

async function over(name: string, path: string, init: RequestInit & { token?: boolean } = {}): Promise<Seen> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${t.api.token}`);
  const res = await fetch(`${t.url}${path}`, { ...init, headers });
  await res.arrayBuffer();
  return { name, status: res.status, headers: res.headers };
}

/** Every header V8 promises, on one response. */
function expectHardened(seen: Seen): void {
  const where = `${seen.name} (${seen.status})`;
  const header = (name: string) => seen.headers.get(name);
  expect(header('x-content-type-options'), where).toBe('nosniff');
  expect(header('x-frame-options'), where).toBe('DENY');
  expect(header('referrer-policy'), where).toBe('same-origin');
  expect(header('cross-origin-resource-policy'), where).toBe('same-origin');
  expect(header('strict-transport-security'), where).toBe(`max-age=${hstsSeconds}`);
  expect(header('cache-control'), where).toBeTruthy();
  const policy = header('content-security-policy');
  expect(policy, where).toBeTruthy();
  if (!/sandbox/.test(policy!)) expect(policy, where).toMatch(/frame-ancestors 'none'/);
}

describe(`security headers on every response (${backendName})`, () => {
  it('[V8] API JSON of every status, OpenAPI and health probes carry the deny-all policy and no-store', async () => {
    const wrongLogin = (password: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'locked@example.test', password }) });
    const seen = [
      await over('healthz', '/healthz'),
      await over('readyz', '/readyz'),
      await over('openapi', '/api/v1/openapi.json'),
      await over('me', '/api/v1/me', { token: true }),
      await over('no token', '/api/v1/me'),
      await over('forbidden or missing project', '/api/v1/projects/prj_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { token: true }),
      await over('unknown API route', '/api/v1/nothing-here', { token: true }),
      await over('bad body', '/api/v1/projects', { method: 'POST', token: true, headers: { 'content-type': 'application/json' }, body: '{"nope":1}' }),
      await over('not JSON', '/api/v1/projects', { method: 'POST', token: true, headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await over('failed login', '/api/v1/auth/login', wrongLogin('guess one')),
      await over('throttled login', '/api/v1/auth/login', wrongLogin('guess two')),
      await over('logout without token', '/api/v1/auth/logout', { method: 'POST' }),
    ];
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 401, 404, 404, 400, 415, 401, 429, 401]);
    for (const s of seen) {
      expectHardened(s);
      expect(s.headers.get('content-security-policy'), s.name).toBe(apiContentSecurityPolicy);
      expect(s.headers.get('cache-control'), s.name).toBe('no-store');
    }
  });

  it('[V8] a 413, a 500 and a 503 from the app carry them too', async () => {
    // The same services, but a document reader that fails: the one onError path every 500 takes.
    const failing = createHttpApp(
      {
        ...t.server.services,
        documents: {
          readJson: () => Promise.reject(new Error('boom')),
          readState: () => Promise.reject(new Error('boom')),
        },
      },
      { webDir: mkdtempSync(join(tmpdir(), 'concord-unbuilt-')) },
    );
    const request = async (name: string, path: string, init: { token?: boolean; body?: string } = {}): Promise<Seen> => {
      const headers: Record<string, string> = init.token ? { authorization: `Bearer ${t.api.token}` } : {};
      if (init.body) headers['content-type'] = 'application/json';
      const res = await failing.request(path, { method: init.body ? 'POST' : 'GET', headers, body: init.body });
      return { name, status: res.status, headers: res.headers };
    };
    // Over a real socket the server answers 413 before the body is sent and closes, so fetch sees no answer.
    const tooBig = await request('too big', '/api/v1/projects', { token: true, body: `{"name":"${'x'.repeat(1_100_000)}"}` });
    const serverError = await request('document read fails', `/api/v1/documents/${documentId}`, { token: true });
    const notBuilt = await request('web client not built', '/');
    expect([tooBig.status, serverError.status, notBuilt.status]).toEqual([413, 500, 503]);
    for (const s of [tooBig, serverError, notBuilt]) expectHardened(s);
    expect(serverError.headers.get('content-security-policy')).toBe(apiContentSecurityPolicy);
  });

  it('[V8] media keeps its sandbox policy and caching, range and revalidation answers included', async () => {
    const full = await over('media', `/api/v1/media/${mediaId}`, { token: true });
    const etag = full.headers.get('etag')!;
    const seen = [
      full,
      await over('media range', `/api/v1/media/${mediaId}`, { token: true, headers: { range: 'bytes=0-3' } }),
      await over('media not modified', `/api/v1/media/${mediaId}`, { token: true, headers: { 'if-none-match': etag } }),
      await over('media bad range', `/api/v1/media/${mediaId}`, { token: true, headers: { range: 'bytes=999999-' } }),
      await over('media unknown', '/api/v1/media/med_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { token: true }),
    ];
    expect(seen.map((s) => s.status)).toEqual([200, 206, 304, 416, 404]);
    for (const s of seen) expectHardened(s);
    expect(full.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(full.headers.get('cache-control')).toBe('private, max-age=86400');
  });

  it('[V8] web pages, client routes, assets and missing files carry them', async () => {
    const seen = [
      await over('page', '/'),
      await over('client route', '/projects/prj_x/items'),
      await over('hashed asset', '/_app/immutable/start.abc123.js'),
      await over('plain file', '/robots.txt'),
      await over('missing asset', '/_app/immutable/missing.js'),
      await over('page HEAD', '/', { method: 'HEAD' }),
    ];
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200, 404, 200]);
    for (const s of seen) expectHardened(s);
    expect(seen[0]!.headers.get('content-type')).toMatch(/^text\/html/);
    expect(seen[0]!.headers.get('content-security-policy')).toMatch(/object-src 'none'/);
    expect(seen[2]!.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('[V8] no HSTS unless configured', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(`${plain.url}/healthz`);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await plain.dispose();
    }
  });
});

/** An HTTP upgrade to `path` that the server refuses: its status and headers (a 101 would be a failure). */
function refusedUpgrade(name: string, path: string): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${t.url}${path}`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error(`${name}: the upgrade was accepted`));
    });
    req.on('response', (res) => {
      res.resume();
      const headers = new Headers();
      for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(key, value);
      res.on('end', () => resolve({ name, status: res.statusCode ?? 0, headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`security headers outside the HTTP app: engine.io answers and refused upgrades (${backendName})`, () => {
  it('[V8] socket.io polling (handshake, a poll, an unknown session, a bad transport) carries the deny-all policy and no-store', async () => {
    const handshake = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`);
    const open = await handshake.text();
    const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
    const seen: Seen[] = [
      { name: 'handshake', status: handshake.status, headers: handshake.headers },
      await over('poll', `/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '1' }),
      await over('unknown session', '/socket.io/?EIO=4&transport=polling&sid=nope'),
      await over('bad transport', '/socket.io/?EIO=4&transport=carrier-pigeon'),
    ];
    expect(seen.map((s) => s.status)).toEqual([200, 200, 400, 400]);
    for (const s of seen) {
      expectHardened(s);
      expect(s.headers.get('content-security-policy'), s.name).toBe(apiContentSecurityPolicy);
      expect(s.headers.get('cache-control'), s.name).toBe('no-store');
    }
  });

  it('[V8] a refused Yjs or unknown WebSocket upgrade (401, 404) carries them too', async () => {
    const seen = [
      await refusedUpgrade('yjs without token', `/yjs/${documentId}`),
      await refusedUpgrade('yjs with a bad token', `/yjs/${documentId}?token=not-a-token`),
      await refusedUpgrade('no endpoint', '/elsewhere'),
    ];
    expect(seen.map((s) => s.status)).toEqual([401, 401, 404]);
    for (const s of seen) {
      expectHardened(s);
      expect(s.headers.get('content-security-policy'), s.name).toBe(apiContentSecurityPolicy);
      expect(s.headers.get('content-type'), s.name).toBe('application/json');
    }
  });
});
