import { CloseCode } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { testConfig } from '../../src/config.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, connectYjs, eventually, opened, rawSocket, synced, type YjsClient } from '../helpers/yjs-client.ts';
import { syncFrame } from './protocol-fuzz-frames.ts';

/** A client's document after `n` insertions at the front of 'list', one struct each (they never merge). */
function frontInserter(clientId: number, n: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  for (let i = 0; i < n; i++) doc.getArray('list').insert(0, [i]);
  return doc;
}

/** `promise`, or a failure naming `what` after `ms` (a socket the server never closes fails here, not at the test timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The attacked list and the one-struct insertions sent against it in the first test. */
const listLength = 1_500;
const craftedCount = 2_000;

describe(`per-user work budget on document sockets (${backendName})`, () => {
  let t: TestServer;
  let documentId: string;
  let attacker: { token: string };
  let builder: { token: string };
  let refusedOften: { token: string };
  let bystander: YjsClient;

  beforeAll(async () => {
    const base = testConfig({ dataDir: '/unused' }).ws;
    // 20 ms/s, 80 ms at once: small enough for a quick test, far above what editing costs (~0.05 ms per edit).
    // The message-rate limit (also 4429) is lifted, so only the work budget can close the attacker.
    t = await startTestServer({ overrides: { ws: { ...base, maxWorkMsPerSecond: 20, maxMessagesPerSecond: 100_000 } } });
    const project = await t.api.createProject('Work budget');
    documentId = (await t.api.createDocument(project.id)).id;
    const mallory = await t.api.createUser('Mallory');
    const ann = await t.api.createUser('Ann');
    const eve = await t.api.createUser('Eve');
    const bob = await t.api.createUser('Bob');
    await t.api.addMember(project.id, bob.userId, 'annotator');
    builder = bob;
    await t.api.addMember(project.id, eve.userId, 'annotator');
    refusedOften = eve;
    await t.api.addMember(project.id, mallory.userId, 'annotator');
    await t.api.addMember(project.id, ann.userId, 'annotator');
    attacker = mallory;
    bystander = connectYjs(t.wsUrl, documentId, ann.token);
    await synced(bystander);
  });

  afterAll(async () => {
    bystander?.destroy();
    await t?.dispose();
  });

  it('[R18] many cheap-looking updates that each integrate slowly close the sender with 4429, across reconnects; others edit on', async () => {
    // Another user writes a list of 1,500 front insertions (one ordinary update, inside R17's per-update
    // budget even on a loaded machine; 3,000 in one update were refused with 1008 there). Its cost is
    // charged to that user, so what closes the attacker below is the attacker's own stream.
    const build = rawSocket(t.wsUrl, documentId, builder.token);
    const built = new Promise((resolve) => build.once('message', resolve));
    await opened(build);
    await built;
    build.send(syncFrame(2, Y.encodeStateAsUpdate(frontInserter(101, listLength))));
    await eventually(() => bystander.doc.getArray('list').length >= listLength, 10_000, 'the base list at the bystander');
    build.close();

    const ws = rawSocket(t.wsUrl, documentId, attacker.token);
    const closed = closeOf(ws);
    // The server's sync step 1 says the socket joined the room (until then frames queue, at most 256).
    const joined = new Promise((resolve) => ws.once('message', resolve));
    await opened(ws);
    await joined;
    // One-struct front insertions from a client that never saw the list: each scans the 1,500 (checked and
    // applied: 0.2-0.6 ms once the JIT is warm, 1-10 ms before or on a loaded machine, where 7-53 of them got
    // through), 0.4 s or more in all against an 80 ms burst and 20 ms/s. (400 of them against a 240 ms burst,
    // as this test first had it, took ~250 ms on a fast run and stayed inside it.)
    const crafted = frontInserter(102, 0);
    for (let i = 0; i < craftedCount; i++) {
      const before = Y.encodeStateVector(crafted);
      crafted.getArray('list').insert(0, [`x${i}`]);
      ws.send(syncFrame(2, Y.encodeStateAsUpdate(crafted, before)));
    }
    expect((await within(closed, 15_000, 'the attacker closed')).code).toBe(CloseCode.rateLimited);

    // Reconnecting does not reset it: for the next 4 s (a burst's refill) nothing of this user is handled.
    const again = rawSocket(t.wsUrl, documentId, attacker.token);
    const closedAgain = closeOf(again);
    const joinedAgain = new Promise((resolve) => again.once('message', resolve));
    await opened(again);
    await joinedAgain;
    const before = Y.encodeStateVector(crafted);
    crafted.getArray('list').insert(0, ['after reconnect']);
    again.send(syncFrame(2, Y.encodeStateAsUpdate(crafted, before)));
    expect((await within(closedAgain, 15_000, 'the attacker closed again')).code).toBe(CloseCode.rateLimited);

    // The rest of the stream was never handled: the document holds the base and at most half of it, not the last one.
    const list = bystander.doc.getArray('list').toArray();
    expect(list.length - listLength).toBeLessThan(craftedCount / 2);
    expect(list).not.toContain('after reconnect');

    // Another user on the same document is not affected.
    bystander.doc.getText('caption').insert(0, 'still editing');
    const reader = connectYjs(t.wsUrl, documentId, t.api.token);
    try {
      await synced(reader);
      await eventually(() => reader.doc.getText('caption').toString() === 'still editing', 10_000, 'the bystander edit');
    } finally {
      reader.destroy();
    }
  });

  it('[R18] updates refused by R17 are charged too: reconnecting to send one after another ends in 4429', async () => {
    // Against the list of the test above, 3,000 unaware front insertions run past R17's 30 ms budget each time.
    const crafted = Y.encodeStateAsUpdate(frontInserter(103, 3_000));
    const codes: number[] = [];
    for (let i = 0; i < 20 && !codes.includes(CloseCode.rateLimited); i++) {
      const ws = rawSocket(t.wsUrl, documentId, refusedOften.token);
      const closed = closeOf(ws);
      const joined = new Promise((resolve) => ws.once('message', resolve));
      await opened(ws);
      await joined;
      ws.send(syncFrame(2, crafted));
      codes.push((await closed).code);
    }
    // Each refusal cost ~37 ms of an 80 ms burst: two or three 1008s, then the lockout.
    expect(codes.at(-1)).toBe(CloseCode.rateLimited);
    expect(codes.filter((code) => code === CloseCode.policyViolation).length).toBeGreaterThanOrEqual(1);
    expect(codes.slice(0, -1).every((code) => code === CloseCode.policyViolation)).toBe(true);
  });
});

