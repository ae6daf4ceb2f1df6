/**
 * Abuse case 17 (Redis part): coordination keys and channels are built only from validated ids. Hostile
 * ids sent over REST, the Yjs socket and socket.io are refused before any presence scope, lock or channel
 * is named after them; every name the coordination layer sees is made of server-made ids. With REDIS_URL
 * this runs against Redis (and also lists the keys Redis holds); without it, against the memory layer.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '@concord/protocol';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_PATTERN } from '../../src/coordination/keys.ts';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, eventually, opened, rawSocket } from '../helpers/yjs-client.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Glob, separator, prefix escape, CRLF command smuggling, hash tags, traversal, size, NUL. */
const hostile = ['*', 'prj_*', 'doc:*', 'a b', 'x\r\nFLUSHALL', '{tag}', 'concord:other', '../..', 'A'.repeat(300), '\u0000', '?', '[a-z]'];
/** Parts a name may only have when it came from the wire. */
// eslint-disable-next-line no-control-regex -- a NUL is one of the hostile parts
const markers = /[*?[\]{} \r\n\u0000]|FLUSHALL|other|\.\.|AAAA/;

let t: TestServer;
let member: Api;
let projectId: string;
let documentId: string;
/** Every scope, lock and channel name the coordination layer was asked about, after start. */
const names: string[] = [];
const sockets: AppSocket[] = [];

/** Records the name argument of every call on a coordination part (strings, or a lease's `name`). */
function record(part: object): void {
  const target = part as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    const original = target[key];
    if (typeof original !== 'function') continue;
    target[key] = (...args: unknown[]) => {
      const first = args[0];
      if (typeof first === 'string') names.push(first);
      else if (first && typeof first === 'object' && typeof (first as { name?: unknown }).name === 'string') names.push((first as { name: string }).name);
      return (original as (...a: unknown[]) => unknown).apply(part, args);
    };
  }
}

beforeAll(async () => {
  t = await startTestServer({
    wrapFanout: (pubsub) => {
      record(pubsub);
      return pubsub;
    },
  });
  const coordination = t.server.services.coordination;
  for (const part of [coordination.presence, coordination.locks, coordination.pubsub]) record(part);
  projectId = (await t.api.createProject('Keys')).id;
  documentId = (await t.api.createDocument(projectId)).id;
  member = await t.api.createUser('Member');
  await t.api.addMember(projectId, member.userId, 'annotator');
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t?.dispose();
});

async function connect(token: string): Promise<AppSocket> {
  const socket: AppSocket = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

describe(`Redis key injection (${backendName})`, () => {
  it('[K1] socket.io: presence with hostile project or document ids is refused and names nothing', async () => {
    const socket = await connect(member.token);
    const before = names.length;
    for (const id of hostile) {
      expect((await socket.emitWithAck('presence:join', { projectId: id })).ok, JSON.stringify(id)).toBe(false);
      expect((await socket.emitWithAck('presence:join', { projectId, documentId: id })).ok, JSON.stringify(id)).toBe(false);
      await socket.emitWithAck('presence:leave', { projectId: id });
    }
    expect(names.slice(before).filter((n) => markers.test(n))).toEqual([]);
  });

  it('[K1] Yjs: hostile document ids close before a room, channel or lock is named', async () => {
    const before = names.length;
    for (const id of hostile) {
      const closed = await closeOf(rawSocket(t.wsUrl, encodeURIComponent(id), member.token));
      expect(closed.code === 4403 || closed.status === 404 || closed.status === 400, `${JSON.stringify(id)}: ${JSON.stringify(closed)}`).toBe(true);
    }
    expect(names.slice(before).filter((n) => markers.test(n))).toEqual([]);
  });

  it('[K1] REST: hostile ids in lease-taking routes are 404 and name no lock', async () => {
    const before = names.length;
    for (const id of hostile) {
      const path = encodeURIComponent(id);
      for (const [method, route, body] of [
        ['POST', `/projects/${path}/queue/next`, undefined],
        ['POST', `/assignments/${path}/submit`, { fence: 1 }],
        ['POST', `/assignments/${path}/release`, { fence: 1 }],
        ['POST', `/assignments/${path}/review/claim`, undefined],
        ['GET', `/exports/${path}`, undefined],
        ['GET', `/imports/${path}`, undefined],
      ] as const) {
        const res = await fetch(`${t.url}/api/v1${route}`, {
          method,
          headers: { authorization: `Bearer ${member.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        expect([404, 400], `${method} ${route} → ${res.status}`).toContain(res.status);
      }
    }
    expect(names.slice(before).filter((n) => markers.test(n))).toEqual([]);
  });

  it('[K1] the names real traffic produces are seen, valid segments, and built from server-made ids only', async () => {
    const socket = await connect(member.token);
    expect((await socket.emitWithAck('presence:join', { projectId, documentId })).ok).toBe(true);
    const ws = rawSocket(t.wsUrl, documentId, member.token);
    await opened(ws);
    await eventually(() => names.some((n) => n.includes(projectId)), 5_000, 'presence scope recorded');
    ws.close();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(SEGMENT_PATTERN.test(name), name).toBe(true);
      for (const part of name.split(':')) expect(part, name).toMatch(/^([a-z][a-z-]*|[a-z]{2,4}_[a-z2-7]{32}|\d+|[0-9a-f-]{36})$/);
    }
  });

  it.skipIf(!process.env.REDIS_URL)('[K1] Redis holds no key under the prefix with a hostile part', async () => {
    const client = createClient({ url: process.env.REDIS_URL });
    await client.connect();
    try {
      const prefix = t.server.services.config.redis!.prefix;
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...(Array.isArray(batch) ? batch : [batch]));
      expect(keys.filter((k) => markers.test(k.slice(prefix.length + 1)))).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});
