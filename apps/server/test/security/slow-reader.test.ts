/**
 * Abuse case 11 (slow readers): a client that stops reading while others edit does not make the server
 * buffer without bound. Once more than `config.ws.maxBufferedBytes` waits for it, the server closes it
 * (1013, then drops the connection if the close frame cannot get through either); the writer and a
 * normal reader on the same document keep going and get every edit. Floods are bad-frames.test.ts [B14].
 */
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

let t: TestServer;
let member: Api;
let documentId: string;
const clients: YjsClient[] = [];

beforeAll(async () => {
  t = await startTestServer({
    overrides: {
      // The writer pumps far more than anyone edits: the per-user work budget (rooms R18) is not what this tests.
      ws: { maxFrameBytes: 256 * 1024, maxMessagesPerSecond: 2_000, maxBytesPerSecond: 256 * 1024 * 1024, maxBufferedBytes: 256 * 1024, maxWorkMsPerSecond: 1_000_000, awarenessMaxBytes: 4096 },
    },
  });
  const projectId = (await t.api.createProject('Slow')).id;
  documentId = (await t.api.createDocument(projectId)).id;
  member = await t.api.createUser('Member');
  await t.api.addMember(projectId, member.userId, 'annotator');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await t?.dispose();
});

async function client(): Promise<YjsClient> {
  const c = connectYjs(t.wsUrl, documentId, member.token);
  clients.push(c);
  await synced(c);
  return c;
}

describe('slow readers (abuse case 11)', () => {
  it('[B17] a client that stops reading is closed once its buffer passes the cap; the writer and other readers are unaffected', async () => {
    const slow = await client();
    const reader = await client();
    const writer = await client();
    const slowSocket = slow.provider.ws as unknown as WebSocket;
    const closed = new Promise<number>((resolve) => slowSocket.once('close', (code) => resolve(code)));
    // Stop reading: the kernel buffers fill, then the server's own buffer for this socket grows.
    (slowSocket as unknown as { _socket: Socket })._socket.pause();

    const chunk = 'x'.repeat(32 * 1024);
    const chunks = 400; // 12.5 MiB: more than loopback's socket buffers can hide
    for (let i = 0; i < chunks; i++) {
      writer.text.insert(writer.text.length, chunk);
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await eventually(() => reader.text.length === chunks * chunk.length, 60_000, 'the normal reader gets every edit');
    expect(writer.provider.wsconnected).toBe(true);
    expect(reader.provider.wsconnected).toBe(true);

    // Reading again, the slow client finds its connection closed by the server.
    (slowSocket as unknown as { _socket: Socket })._socket.resume();
    const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000))]);
    expect([1013, 1006]).toContain(code);
    expect(slow.text.length).toBeLessThan(chunks * chunk.length);
  }, 120_000);
});
