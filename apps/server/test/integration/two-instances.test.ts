import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

const shared = process.env.REDIS_URL && process.env.DATABASE_URL;

describe.skipIf(!shared)(`two instances on one Postgres + Redis (${backendName})`, () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend });
    second = await startTestServer({ backend });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  it('[I1] concurrent edits through two instances converge, each stored once', async () => {
    const project = await first.api.createProject('Scale');
    const { id } = await first.api.createDocument(project.id);
    const a = connectYjs(first.wsUrl, id, first.api.token);
    const b = connectYjs(second.wsUrl, id, second.api.token);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 20; i++) {
      a.text.insert(0, 'a');
      b.text.insert(b.text.length, 'b');
    }
    await eventually(() => a.text.length === 40 && b.text.length === 40, 10_000, 'fan-out');
    expect(a.text.toString()).toBe(b.text.toString());
    const stored = await first.server.services.store.load(id);
    const count = stored.tail.length;
    // Each instance stores only its own clients' updates: never the ones fanned out to it.
    expect(count).toBeLessThanOrEqual(40);
    const awarenessSeen = new Promise<void>((resolve) => {
      b.provider.awareness.on('change', () => {
        if (b.provider.awareness.getStates().has(a.doc.clientID)) resolve();
      });
    });
    a.provider.awareness.setLocalStateField('cursor', { index: 3 });
    await awarenessSeen;
  });

  it('[I2] presence is shared between instances', async () => {
    const { io } = await import('socket.io-client');
    const project = await first.api.createProject('Shared presence');
    const s1 = io(first.url, { auth: { token: first.api.token }, transports: ['websocket'], reconnection: false });
    const s2 = io(second.url, { auth: { token: second.api.token }, transports: ['websocket'], reconnection: false });
    try {
      const one = await s1.emitWithAck('presence:join', { projectId: project.id });
      expect(one.ok).toBe(true);
      const seen = new Promise<number>((resolve) => s1.on('presence:update', (p: { online: unknown[] }) => resolve(p.online.length)));
      const two = await s2.emitWithAck('presence:join', { projectId: project.id });
      expect(two.ok && two.data.online.length).toBe(2);
      expect(await seen).toBe(2);
    } finally {
      s1.disconnect();
      s2.disconnect();
    }
  });
});
