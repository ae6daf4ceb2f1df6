/**
 * Abuse case 2: a valid user probing ids of a project they are not a member of learns nothing. For every
 * id-taking REST route, a real id of another project, a well-formed id that does not exist and a malformed
 * id answer the same status with byte-identical bodies; the Yjs socket closes 4403 alike and socket.io
 * acks alike. The prober is a manager of their own project, so a role check cannot hide a missing one.
 */
import { CloseCode, type ClientToServerEvents, type ServerToClientEvents } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, rawSocket } from '../helpers/yjs-client.ts';
import { preferenceItem } from '../integration/calibration-fixtures.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestServer;
let prober: Api;
let own: string;
/** Real ids in the victim project, by kind. */
const real = { project: '', item: '', document: '', media: '', import: '', export: '' };
const sockets: AppSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  real.project = (await t.api.createProject('Victim', 'preference')).id;
  const item = await t.api.createItem(real.project, preferenceItem(1));
  real.item = item.id;
  real.document = item.documentId;
  real.media = (await t.api.uploadMedia(real.project, [{ name: 'secret.png', bytes: makePng(4, 4) }]))[0]!.id;
  const started = await fetch(`${t.url}/api/v1/projects/${real.project}/imports?format=jsonl`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.api.token}`, 'content-type': 'application/x-ndjson' },
    body: JSON.stringify({ id: 'probe', ...preferenceItem(2).seed }),
  });
  real.import = ((await started.json()) as { id: string }).id;
  real.export = (await t.api.call<{ id: string }>('POST', `/projects/${real.project}/exports`, { format: 'trl-dpo' })).id;
  prober = await t.api.createUser('Prober', { canCreateProjects: true });
  own = (await prober.call<{ id: string }>('POST', '/projects', { name: 'Own', taskType: 'preference' })).id;
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t?.dispose();
});

/** The same id shape with other characters: well-formed, but nothing has it. */
const missing = (id: string) => `${id.slice(0, 4)}${'a'.repeat(id.length - 4)}`;
const malformed = ['x', encodeURIComponent("' OR '1'='1"), '..%2F..%2Fetc%2Fpasswd', 'prj_%00', 'a'.repeat(120)];

/** Every REST route that takes an id, as [method, path for an id, body]. */
const routes: Array<[kind: keyof typeof real, method: string, path: (id: string) => string, body?: unknown]> = [
  ['project', 'GET', (id) => `/projects/${id}`],
  ['project', 'PATCH', (id) => `/projects/${id}`, { name: 'Mine now' }],
  ['project', 'GET', (id) => `/projects/${id}/members`],
  ['project', 'POST', (id) => `/projects/${id}/members`, { userId: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', role: 'manager' }],
  ['project', 'GET', (id) => `/projects/${id}/items`],
  ['project', 'GET', (id) => `/projects/${id}/tags`],
  ['project', 'GET', (id) => `/projects/${id}/documents`],
  ['project', 'GET', (id) => `/projects/${id}/media`],
  ['project', 'GET', (id) => `/projects/${id}/imports`],
  ['project', 'GET', (id) => `/projects/${id}/exports`],
  ['project', 'POST', (id) => `/projects/${id}/exports`, { format: 'trl-dpo' }],
  ['project', 'GET', (id) => `/projects/${id}/audit`],
  ['project', 'GET', (id) => `/projects/${id}/config`],
  ['project', 'GET', (id) => `/projects/${id}/workflow`],
  ['project', 'GET', (id) => `/projects/${id}/quality`],
  ['project', 'GET', (id) => `/projects/${id}/calibrations`],
  ['project', 'GET', (id) => `/projects/${id}/disputes`],
  ['project', 'GET', (id) => `/projects/${id}/reviews`],
  ['project', 'GET', (id) => `/projects/${id}/tasks`],
  ['project', 'POST', (id) => `/projects/${id}/queue/next`],
  ['item', 'GET', (id) => `/items/${id}`],
  ['item', 'GET', (id) => `/items/${id}/history`],
  ['document', 'GET', (id) => `/documents/${id}`],
  ['media', 'GET', (id) => `/media/${id}`],
  ['media', 'GET', (id) => `/media/${id}/meta`],
  ['import', 'GET', (id) => `/imports/${id}`],
  ['export', 'GET', (id) => `/exports/${id}`],
  ['export', 'GET', (id) => `/exports/${id}/archive`],
  ['export', 'GET', (id) => `/exports/${id}/files/data.jsonl`],
];

async function answer(method: string, path: string, body: unknown): Promise<string> {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${prober.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return `${res.status} ${res.headers.get('content-type')} ${await res.text()}`;
}

describe('id probing (abuse case 2)', () => {
  it('[R2][R5][M15] REST: another project\'s id, a missing id and a malformed id answer one identical 404 on every route', async () => {
    const differences: string[] = [];
    for (const [kind, method, path, body] of routes) {
      const expected = await answer(method, path(real[kind]), body);
      if (!expected.startsWith('404 application/json')) differences.push(`${method} ${path(real[kind])}: ${expected}`);
      for (const id of [missing(real[kind]), ...malformed]) {
        const got = await answer(method, path(id), body);
        if (got !== expected) differences.push(`${method} ${path(id)}: ${got} ≠ ${expected}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('[R2] REST: nothing the prober tried changed the victim project', async () => {
    const project = await t.api.call<{ name: string }>('GET', `/projects/${real.project}`);
    expect(project.name).toBe('Victim');
    const members = await t.api.call<{ items: { userId: string }[] }>('GET', `/projects/${real.project}/members`);
    expect(members.items.map((m) => m.userId)).toEqual([t.api.userId]);
    const exports = await t.api.call<{ items: unknown[] }>('GET', `/projects/${real.project}/exports`);
    expect(exports.items).toHaveLength(1);
  });

  it('[Y6] Yjs: another project\'s document, a missing and a malformed id close 4403 with one reason', async () => {
    const expected = await closeOf(rawSocket(t.wsUrl, real.document, prober.token));
    expect(expected).toEqual({ code: CloseCode.forbidden, reason: 'not found or no access' });
    for (const id of [missing(real.document), ...malformed]) {
      expect(await closeOf(rawSocket(t.wsUrl, id, prober.token)), id).toEqual(expected);
    }
  });

  it('[P3] socket.io: presence on another project, or on another project\'s document under one\'s own, acks alike', async () => {
    const socket: AppSocket = io(t.url, { auth: { token: prober.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const expected = await socket.emitWithAck('presence:join', { projectId: real.project });
    expect(expected).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const projectId of [missing(real.project), ...malformed.map(decodeURIComponent)]) {
      expect(await socket.emitWithAck('presence:join', { projectId }), projectId).toEqual(expected);
    }
    const smuggled = await socket.emitWithAck('presence:join', { projectId: own, documentId: real.document });
    expect(smuggled.ok).toBe(false);
    for (const documentId of [missing(real.document), ...malformed.map(decodeURIComponent)]) {
      expect(await socket.emitWithAck('presence:join', { projectId: own, documentId }), documentId).toEqual(smuggled);
    }
  });
});
