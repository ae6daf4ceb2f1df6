import { tokens } from '@concord/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBodyBytes } from '../../src/http/middleware.ts';
import { addMember, createHarness, defaultPassword, makeProject, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let admin: TestUser;
let manager: TestUser;
let viewer: TestUser;
let projectId: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true });
  manager = await h.makeUser({ canCreateProjects: true });
  viewer = await h.makeUser();
  projectId = await makeProject(h, manager);
  await addMember(h, manager, projectId, viewer.user.id, 'viewer');
});
afterAll(async () => {
  await h.dispose();
});

describe('health', () => {
  it('[H1] healthz answers without touching dependencies', async () => {
    h.state.dbDown = true;
    h.state.coordinationDown = true;
    try {
      const res = await h.call('GET', '/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    } finally {
      h.state.dbDown = false;
      h.state.coordinationDown = false;
    }
  });

  it('[H2] readyz is 200 when both answer and 503 naming the one that failed', async () => {
    expect((await h.call('GET', '/readyz')).body).toEqual({ status: 'ok', checks: { database: 'ok', coordination: 'ok' } });
    h.state.dbDown = true;
    const db = await h.call('GET', '/readyz');
    h.state.dbDown = false;
    h.state.coordinationDown = true;
    const coordination = await h.call('GET', '/readyz');
    h.state.coordinationDown = false;
    expect(db.status).toBe(503);
    expect(db.body.checks).toEqual({ database: 'failed', coordination: 'ok' });
    expect(coordination.status).toBe(503);
    expect(coordination.body.checks).toEqual({ database: 'ok', coordination: 'failed' });
  });
});

describe('request handling', () => {
  it('[V6] sets nosniff and no-store on successes and errors alike', async () => {
    const answers = [
      await h.call('GET', '/healthz'),
      await h.call('GET', '/api/v1/me', { token: viewer.token }),
      await h.call('GET', '/api/v1/me'),
      await h.call('GET', '/api/v1/nothing-here', { token: viewer.token }),
      await h.call('POST', '/api/v1/projects', { token: manager.token, json: { nope: 1 } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404, 400]);
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('[V1] unknown keys are 400 everywhere: projects, members, me, query strings', async () => {
    const attempts = [
      await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name: 'p', createdBy: admin.user.id } }),
      await h.call('PATCH', `/api/v1/projects/${projectId}/members/${viewer.user.id}`, {
        token: manager.token,
        json: { role: 'annotator', projectId: 'prj_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      }),
      await h.call('PATCH', '/api/v1/me', { token: viewer.token, json: { canCreateProjects: true } }),
      await h.call('GET', '/api/v1/projects?owner=me', { token: viewer.token }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.details.some((d: { code: string }) => d.code === 'unrecognized_keys')).toBe(true);
    }
    const me = await h.call('GET', '/api/v1/me', { token: viewer.token });
    expect(me.body.canCreateProjects).toBe(false);
    const members = await h.call('GET', `/api/v1/projects/${projectId}/members`, { token: viewer.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === viewer.user.id).role).toBe('viewer');
  });

  it('[V2] a wrong type names the field and the expectation', async () => {
    const res = await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid request body: name: must be a string.');
    expect(res.body.error.details).toEqual([{ path: 'name', code: 'invalid_type', message: 'must be a string' }]);
  });

  it('[V3] malformed JSON is 400, non-JSON 415, bodies over 1 MiB 413', async () => {
    const malformed = await h.call('POST', '/api/v1/projects', {
      token: manager.token,
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('bad_request');
    const text = await h.call('POST', '/api/v1/projects', { token: manager.token, body: '{"name":"x"}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const big = JSON.stringify({ name: 'x', description: 'y'.repeat(maxBodyBytes) });
    const tooLarge = await h.call('POST', '/api/v1/projects', { token: manager.token, body: big, headers: { 'content-type': 'application/json' } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
  });

  it('[V3] a streamed body without content-length is cut off at the limit too', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > maxBodyBytes + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await h.app.request('/api/v1/projects', {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('[V4] an unexpected error is a bare 500, logged but not leaked', async () => {
    const created = await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: manager.token, json: { name: 'boom' } });
    h.state.readerFails = true;
    const res = await h.call('GET', `/api/v1/documents/${created.body.id}`, { token: viewer.token });
    h.state.readerFails = false;
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } });
    expect(res.text).not.toMatch(/exploded|secret|\bat\b/);
    expect(h.logLines.some((line) => line.includes('reader exploded'))).toBe(true);
  });

  it('[A1] unknown routes under /api/v1 need a token first, then answer a JSON 404', async () => {
    expect((await h.call('GET', '/api/v1/nothing-here')).status).toBe(401);
    const res = await h.call('GET', '/api/v1/nothing-here', { token: viewer.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('openapi.json', () => {
  it('[O1] lists every route of the app, the bearer scheme and the error schema, without a token', async () => {
    const res = await h.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error).toBeDefined();
    const routes = h.app.routes.filter((r) => r.method !== 'ALL');
    expect(routes.length).toBeGreaterThanOrEqual(23);
    for (const route of routes) {
      const path = route.path.replace(/:([^/]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
    const expected = [
      'get /healthz', 'get /readyz', 'post /api/v1/auth/login', 'post /api/v1/auth/logout', 'get /api/v1/me', 'patch /api/v1/me',
      'get /api/v1/me/tokens', 'post /api/v1/me/tokens', 'delete /api/v1/me/tokens/{id}', 'get /api/v1/users', 'post /api/v1/users',
      'patch /api/v1/users/{id}', 'get /api/v1/projects', 'post /api/v1/projects', 'get /api/v1/projects/{id}',
      'patch /api/v1/projects/{id}', 'get /api/v1/projects/{id}/members', 'post /api/v1/projects/{id}/members',
      'patch /api/v1/projects/{id}/members/{userId}', 'delete /api/v1/projects/{id}/members/{userId}',
      'get /api/v1/projects/{id}/documents', 'post /api/v1/projects/{id}/documents', 'get /api/v1/documents/{id}',
      'get /api/v1/openapi.json', 'get /metrics',
    ];
    for (const entry of expected) {
      const [method, path] = entry.split(' ') as [string, string];
      expect(doc.paths[path]?.[method], entry).toBeDefined();
    }
    const me = doc.paths['/api/v1/me'].get;
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(me.responses['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(doc.paths['/api/v1/auth/login'].post.security).toBeUndefined();
    expect(doc.components.schemas.CreateUserRequest.additionalProperties).toBe(false);
  });
});

describe('secrets', () => {
  it('[V5] no response ever contained a password hash, a token hash or a hash field', async () => {
    const login = await h.call('POST', '/api/v1/auth/login', { json: { email: admin.user.email, password: defaultPassword } });
    await h.call('POST', '/api/v1/me/tokens', { token: login.body.token, json: { name: 'sweep' } });
    await h.call('POST', '/api/v1/users', { token: admin.token, json: { email: 'sweep@example.test', name: 'S', password: 'twelve chars or more' } });
    for (const path of ['/api/v1/me', '/api/v1/me/tokens', '/api/v1/users?limit=200', '/api/v1/projects', `/api/v1/projects/${projectId}/members`]) {
      expect((await h.call('GET', path, { token: admin.token })).status).toBe(200);
    }
    const hashes = (await h.db.db.select({ hash: tokens.tokenHash }).from(tokens)).map((r) => r.hash);
    expect(hashes.length).toBeGreaterThan(3);
    const all = h.responses.join('\n');
    expect(all).not.toMatch(/scrypt\$|passwordHash|password_hash|tokenHash|token_hash/);
    for (const hash of hashes) expect(all).not.toContain(hash);
  });
});
