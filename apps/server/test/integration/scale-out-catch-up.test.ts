import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PubSub } from '../../src/coordination/types.ts';
import { decodeFanout } from '../../src/rooms/fanout.ts';
import { type Backend, createBackend } from '../helpers/backends.ts';
import { createLossyPubSub, type LossyPubSub } from '../helpers/lossy-pubsub.ts';
import { scrapeMetrics } from '../helpers/metrics.ts';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { clientsOnBothInstances } from '../helpers/document-pair.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

const shared = process.env.REDIS_URL && process.env.DATABASE_URL;
const isUpdate = (_channel: string, message: Uint8Array) => decodeFanout(message)?.kind === 'update';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The document as stored (snapshot + tail), as text. */
async function storedText(server: TestServer, documentId: string): Promise<string> {
  const loaded = await server.server.services.store.load(documentId);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const stored of loaded.tail) Y.applyUpdate(doc, stored.update);
  return doc.getText('caption').toString();
}

describe.skipIf(!shared)('scale-out: lost fan-out messages are caught up from Postgres (skipped without DATABASE_URL and REDIS_URL)', () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  let lossy: LossyPubSub | null = null;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend });
    second = await startTestServer({ backend, wrapFanout: (pubsub: PubSub) => (lossy = createLossyPubSub(pubsub)) });
  });

  afterEach(() => {
    if (lossy) lossy.drop = () => false;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  const pair = (name: string) => clientsOnBothInstances({ first, second, clients, name });

  it('[I3] an update message lost on the way is filled from the store once the next one shows the hole', async () => {
    const { a, b } = await pair('Gap');
    a.text.insert(0, 'one ');
    await eventually(() => b.text.toString() === 'one ', 10_000, 'the first edit');
    const caughtUp = async () => (await scrapeMetrics(second.url, second.api.token)).get('concord_updates_caught_up_total') ?? 0;
    const caughtUpBefore = await caughtUp();
    const before = lossy!.dropped;
    lossy!.drop = isUpdate;
    a.text.insert(a.text.length, 'two ');
    await eventually(() => lossy!.dropped > before, 10_000, 'the drop');
    lossy!.drop = () => false;
    a.text.insert(a.text.length, 'three');
    await eventually(() => b.text.toString() === 'one two three', 10_000, 'the hole filled from the store');
    // Operators see it: the instance that missed the message counts what it read back.
    expect(await caughtUp()).toBeGreaterThan(caughtUpBefore);
  });

  it('[I4] a lost last message is caught up by the periodic reconcile', async () => {
    const { id, a, b } = await pair('Last');
    const before = lossy!.dropped;
    lossy!.drop = isUpdate;
    a.text.insert(0, 'nothing comes after me');
    await eventually(() => lossy!.dropped > before, 10_000, 'the drop');
    await eventually(() => b.text.toString() === 'nothing comes after me', 10_000, 'the reconcile');
    expect(await storedText(second, id)).toBe('nothing comes after me');
  });

  it('[I6] an instance that loads a document while another one is being typed into gets every acknowledged update', async () => {
    const project = await first.api.createProject('Late loader');
    const { id } = await first.api.createDocument(project.id);
    const a = connectYjs(first.wsUrl, id, first.api.token);
    clients.push(a);
    await synced(a);
    let typed = 0;
    const typing = setInterval(() => a.text.insert(a.text.length, `${typed++},`), 3);
    try {
      await eventually(() => typed > 30, 10_000, 'typing');
      // The second instance has not loaded the document yet: it loads mid-stream.
      const late = connectYjs(second.wsUrl, id, second.api.token);
      clients.push(late);
      await synced(late);
      await eventually(() => typed > 100, 10_000, 'more typing');
      clearInterval(typing);
      await eventually(async () => late.text.toString() === a.text.toString() && (await storedText(first, id)) === a.text.toString(), 15_000, 'convergence');
      expect(late.text.toString()).toContain(`${typed - 1},`);
    } finally {
      clearInterval(typing);
    }
  });
});

describe.skipIf(!shared)('scale-out: a Redis restart loses nothing (private redis-server; skipped without DATABASE_URL and REDIS_URL)', () => {
  let backend: Backend;
  let redis: PrivateRedis;
  let first: TestServer;
  let second: TestServer;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const fresh = await createBackend();
    backend = { ...fresh, redis: { url: redis.url, prefix: 'concord-i5' } };
    first = await startTestServer({ backend });
    second = await startTestServer({ backend });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
    await redis?.dispose();
  });

  it('[I5] edits through both instances while Redis is down and after it restarts converge, each stored once', async () => {
    const { id, a, b } = await clientsOnBothInstances({ first, second, clients, name: 'Redis restart' });
    a.text.insert(0, '[a0]');
    await eventually(() => b.text.toString() === '[a0]', 10_000, 'fan-out before the restart');

    await redis.stop();
    for (let i = 1; i <= 5; i++) {
      a.text.insert(a.text.length, `[a${i}]`);
      b.text.insert(0, `[b${i}]`);
      await pause(30);
    }
    // Both instances store while Redis is away: nothing crosses, nothing is lost.
    await eventually(async () => (await first.server.services.store.updatesAfter(id, 0)).length >= 11, 10_000, 'edits stored during the outage');
    expect(a.text.toString()).not.toContain('[b1]');

    await redis.start();
    a.text.insert(a.text.length, '[a6]');
    b.text.insert(0, '[b6]');
    const everything = ['[a0]', '[a1]', '[a5]', '[a6]', '[b1]', '[b5]', '[b6]'];
    await eventually(
      () => a.text.toString() === b.text.toString() && everything.every((part) => a.text.toString().includes(part)),
      30_000,
      'convergence after the restart',
    );
    await eventually(async () => (await storedText(first, id)) === a.text.toString(), 10_000, 'the stored log');
    const log = await first.server.services.store.updatesAfter(id, 0);
    // One row per client edit: the catch-up never stores what it applies.
    expect(log.length).toBeLessThanOrEqual(13);
    expect(log.map((u) => u.seq)).toEqual(log.map((_, i) => i + 1));
  });

  it('[I5] killing the subscriber connections (CLIENT KILL TYPE pubsub) loses nothing either', async () => {
    const { id, a, b } = await clientsOnBothInstances({ first, second, clients, name: 'Subscribers killed' });
    a.text.insert(0, '[a0]');
    await eventually(() => b.text.toString() === '[a0]', 10_000, 'fan-out before the kills');
    // node-redis reconnects within milliseconds, so kills race with the edits' publishes: some are lost.
    const kills = (async () => {
      for (let i = 0; i < 40; i++) await redis.killSubscribers();
    })();
    for (let i = 1; i <= 20; i++) {
      a.text.insert(a.text.length, `[a${i}]`);
      b.text.insert(0, `[b${i}]`);
      await pause(5);
    }
    await kills;
    const parts = Array.from({ length: 20 }, (_, i) => [`[a${i + 1}]`, `[b${i + 1}]`]).flat();
    await eventually(() => a.text.toString() === b.text.toString() && parts.every((part) => a.text.toString().includes(part)), 20_000, 'convergence');
    expect(await storedText(second, id)).toBe(a.text.toString());
  });
});
