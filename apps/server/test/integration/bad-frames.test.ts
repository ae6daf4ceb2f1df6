import { CloseCode } from '@concord/protocol';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, connectYjs, eventually, opened, rawSocket, synced, type YjsClient } from '../helpers/yjs-client.ts';

/** y-protocols sync frame: [0, syncType, varUint8Array payload]. */
function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: string }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, e.state);
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe(`bad frames close only their own connection (${backendName})`, () => {
  let t: TestServer;
  let documentId: string;
  let token: string;
  let bystander: YjsClient;

  beforeAll(async () => {
    t = await startTestServer({
      overrides: {
        ws: { maxFrameBytes: 64 * 1024, maxMessagesPerSecond: 100, maxBytesPerSecond: 1024 * 1024, maxBufferedBytes: 1024 * 1024, maxWorkMsPerSecond: 250, awarenessMaxBytes: 1024 },
      },
    });
    const project = await t.api.createProject('Abuse');
    documentId = (await t.api.createDocument(project.id)).id;
    const user = await t.api.createUser('Annie');
    await t.api.addMember(project.id, user.userId, 'annotator');
    token = user.token;
    bystander = connectYjs(t.wsUrl, documentId, token);
    await synced(bystander);
    bystander.text.insert(0, 'intact');
  });

  afterAll(async () => {
    bystander?.destroy();
    await t?.dispose();
  });

  /** Opens a raw socket, sends frames, and returns how it was closed. */
  async function send(frames: Array<Uint8Array | string>): Promise<{ code: number; reason: string }> {
    const ws: WebSocket = rawSocket(t.wsUrl, documentId, token);
    const closed = closeOf(ws);
    await opened(ws);
    for (const frame of frames) ws.send(frame);
    return closed;
  }

  async function bystanderStillWorks(): Promise<void> {
    const probe = connectYjs(t.wsUrl, documentId, token);
    try {
      await synced(probe);
      const marker = `-${Math.random().toString(36).slice(2, 6)}`;
      probe.text.insert(probe.text.length, marker);
      await eventually(() => bystander.text.toString().endsWith(marker), 5_000, 'bystander receives edits');
      expect(bystander.provider.wsconnected).toBe(true);
    } finally {
      probe.destroy();
    }
  }

  const cases: Array<[string, Array<Uint8Array | string>, number]> = [
    ['[B1] an empty frame', [new Uint8Array(0)], CloseCode.invalidPayload],
    ['[B2] garbage bytes', [new Uint8Array([0xff, 0xfe, 0xfd, 0x07, 0x99])], CloseCode.invalidPayload],
    ['[B3] an unknown message type', [new Uint8Array([9, 0, 0])], CloseCode.invalidPayload],
    ['[B4] an unknown sync sub-type', [new Uint8Array([0, 7, 0])], CloseCode.invalidPayload],
    ['[B5] a length prefix far beyond the frame', [new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2])], CloseCode.invalidPayload],
    ['[B6] a truncated update', [syncFrame(2, Y.encodeStateAsUpdate(docWith('truncated')).slice(0, 9))], CloseCode.invalidPayload],
    ['[B7] trailing bytes after a message', [new Uint8Array([...syncFrame(0, new Uint8Array([0])), 1, 2, 3])], CloseCode.invalidPayload],
    ['[B8] a malformed state vector', [syncFrame(0, new Uint8Array([5, 0xff]))], CloseCode.invalidPayload],
    ['[B9] a text frame', ['hello'], CloseCode.policyViolation],
    ['[B10] a frame over the size limit', [new Uint8Array(65 * 1024)], CloseCode.messageTooBig],
    ['[B11] a malformed awareness update', [new Uint8Array([1, 3, 1, 1])], CloseCode.invalidPayload],
    ['[B12] an awareness state over its cap', [awarenessFrame([{ clientId: 42, clock: 1, state: JSON.stringify({ pad: 'x'.repeat(2000) }) }])], CloseCode.messageTooBig],
    ['[B13] an awareness state that is not an object', [awarenessFrame([{ clientId: 43, clock: 1, state: '[1,2]' }])], CloseCode.invalidPayload],
    ['[B14] a flood of messages', Array.from({ length: 400 }, () => syncFrame(0, new Uint8Array([0]))), CloseCode.rateLimited],
  ];

  for (const [name, frames, code] of cases) {
    it(`${name} closes with ${code}; nothing is applied and others are unaffected`, async () => {
      const before = bystander.text.toString();
      const closed = await send(frames);
      expect(closed.code).toBe(code);
      expect(bystander.text.toString()).toBe(before);
      await bystanderStillWorks();
    });
  }

  it('[B15] sub-documents and over-deep nesting are refused before they reach the document', async () => {
    const sub = new Y.Doc();
    sub.getMap('root').set('child', new Y.Doc());
    expect((await send([syncFrame(2, Y.encodeStateAsUpdate(sub))])).code).toBe(CloseCode.policyViolation);

    const deep = new Y.Doc();
    let map = deep.getMap('nest');
    for (let i = 0; i < 40; i++) {
      const child = new Y.Map();
      map.set('c', child);
      map = child;
    }
    expect((await send([syncFrame(2, Y.encodeStateAsUpdate(deep))])).code).toBe(CloseCode.policyViolation);
    const doc = await t.api.call<{ content: Record<string, unknown> }>('GET', `/documents/${documentId}`);
    expect(Object.keys(doc.content)).toEqual(['caption']);
    await bystanderStillWorks();
  });

  it('[B16] an update with missing dependencies is held back, not stored or broadcast, until it can integrate', async () => {
    const author = new Y.Doc();
    Y.applyUpdate(author, Y.encodeStateAsUpdate(bystander.doc));
    const base = Y.encodeStateVector(author);
    author.getText('caption').insert(0, 'A');
    const first = Y.encodeStateAsUpdate(author, base);
    const mid = Y.encodeStateVector(author);
    author.getText('caption').insert(1, 'B');
    const second = Y.encodeStateAsUpdate(author, mid);
    const before = bystander.text.toString();
    const ws = rawSocket(t.wsUrl, documentId, token);
    await opened(ws);
    ws.send(syncFrame(2, second));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bystander.text.toString()).toBe(before);
    const stored = await t.server.services.store.load(documentId);
    const replay = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(replay, stored.snapshot);
    for (const u of stored.tail) Y.applyUpdate(replay, u.update);
    expect(replay.getText('caption').toString()).toBe(before);
    ws.send(syncFrame(2, first));
    await eventually(() => bystander.text.toString() === `AB${before}`, 5_000, 'both integrate');
    ws.close();
  });
});

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('caption').insert(0, text);
  return doc;
}
