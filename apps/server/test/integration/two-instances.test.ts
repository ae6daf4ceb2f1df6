import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { clientsOnBothInstances } from '../helpers/document-pair.ts';
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
    const { id, a, b } = await clientsOnBothInstances({ first, second, clients, name: 'Scale' });
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

  it('[R9] a client id bound on one instance cannot be used by someone else on the other; its owner can move', async () => {
    const project = await first.api.createProject('Authors');
    const ann = await first.api.createUser('Ann');
    const mallory = await first.api.createUser('Mallory');
    await first.api.addMember(project.id, ann.userId, 'annotator');
    await first.api.addMember(project.id, mallory.userId, 'annotator');
    const { id } = await first.api.createDocument(project.id);
    // Mallory's room on the second instance is loaded before Ann writes: it learns Ann's client id from the fan-out.
    const watcher = connectYjs(second.wsUrl, id, mallory.token);
    const writer = connectYjs(first.wsUrl, id, ann.token);
    clients.push(watcher, writer);
    await Promise.all([synced(watcher), synced(writer)]);
    writer.text.insert(0, 'by Ann');
    await eventually(() => watcher.text.toString() === 'by Ann', 10_000, 'fan-out to the second instance');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const closed = new Promise<number>((resolve) => watcher.provider.on('connection-close', (event) => resolve(event?.code ?? 0)));
    const ownId = watcher.doc.clientID;
    watcher.doc.clientID = writer.doc.clientID;
    watcher.text.insert(0, 'forged ');
    watcher.doc.clientID = ownId;
    expect(await closed).toBe(1008);
    watcher.provider.disconnect();

    // Ann's own document, reconnected to the second instance, goes on with the same client id.
    writer.provider.disconnect();
    const { Doc, applyUpdate, encodeStateAsUpdate } = await import('yjs');
    const annDoc = new Doc();
    applyUpdate(annDoc, encodeStateAsUpdate(writer.doc));
    // Set after applying (Yjs picks a new id when an update carries the doc's own), before the provider exists.
    annDoc.clientID = writer.doc.clientID;
    const moved = connectYjs(second.wsUrl, id, ann.token, { doc: annDoc });
    clients.push(moved);
    await synced(moved);
    moved.text.insert(moved.text.length, '!');
    const reader = connectYjs(first.wsUrl, id, first.api.token);
    clients.push(reader);
    await eventually(() => reader.text.toString() === 'by Ann!', 10_000, "Ann's edit through the second instance");
  });

  it('[I9] an instance shutting down disconnects only its own socket.io clients; a deployment under another Redis prefix shares no channel', async () => {
    const { io } = await import('socket.io-client');
    const otherBackend = await createBackend();
    const third = await startTestServer({ backend });
    const other = await startTestServer({ backend: otherBackend });
    const connect = (t: TestServer) => io(t.url, { auth: { token: t.api.token }, transports: ['websocket'], reconnection: false });
    const [onSecond, onThird, onOther] = [connect(second), connect(third), connect(other)];
    try {
      await Promise.all([onSecond, onThird, onOther].map((s) => new Promise<void>((resolve) => s.once('connect', () => resolve()))));
      const thirdClosed = new Promise<void>((resolve) => onThird.once('disconnect', () => resolve()));
      await third.dispose();
      await thirdClosed;
      // What the shutdown sent through Redis has arrived everywhere by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect({ second: onSecond.connected, other: onOther.connected }).toEqual({ second: true, other: true });
      const project = await second.api.createProject('Still here');
      expect((await onSecond.emitWithAck('presence:join', { projectId: project.id })).ok).toBe(true);

      const redis = createClient({ url: process.env.REDIS_URL });
      await redis.connect();
      try {
        const channels = await redis.sendCommand<string[]>(['PUBSUB', 'CHANNELS', '*socket.io*']);
        const ours = [backend, otherBackend].map((b) => `${b.redis!.prefix}:socket.io`);
        for (const prefix of ours) expect(channels.some((c) => c.startsWith(prefix))).toBe(true);
        // The adapter's default channels ("socket.io#/#") are not used by any Concord server.
        expect(channels.filter((c) => c.startsWith('socket.io'))).toEqual([]);
      } finally {
        await redis.quit();
      }
    } finally {
      for (const s of [onSecond, onThird, onOther]) s.disconnect();
      await other.dispose();
      await otherBackend.dispose();
    }
  });
});
