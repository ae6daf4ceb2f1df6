import { createDb, type DbHandle } from '@concord/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDrizzleDocumentStore } from '../../src/persistence/drizzle-store.ts';
import type { DocumentStore } from '../../src/persistence/types.ts';
import { createApi, type Api } from '../helpers/api.ts';
import { type Backend, createBackend } from '../helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../helpers/child-server.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { adminEmail, adminPassword } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

const shared = process.env.REDIS_URL && process.env.DATABASE_URL;

describe.skipIf(!shared)('scale-out drills: one of two instances stops (child processes; skipped without DATABASE_URL and REDIS_URL)', () => {
  let backend: Backend;
  let dbHandle: DbHandle;
  let store: DocumentStore;
  const servers: ChildServer[] = [];
  const proxies: TcpProxy[] = [];
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    // Migrates the fresh database before any instance starts; the tests read the stored log through it.
    dbHandle = await createDb({ target: { kind: 'postgres', url: (backend.database as { url: string }).url } });
    store = createDrizzleDocumentStore({ db: dbHandle.db });
  }, 90_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const proxy of proxies) await proxy.close();
    for (const server of servers) await server.stop();
    await dbHandle?.close();
    await backend?.dispose();
  });

  /** Two instances on one database and Redis prefix, a proxy in front of the first, a document. */
  async function twoInstances(name: string): Promise<{ doomed: ChildServer; survivor: ChildServer; proxy: TcpProxy; api: Api; id: string }> {
    const doomed = await startChildServer({ backend, port: await freePort() });
    servers.push(doomed);
    const survivor = await startChildServer({ backend, port: await freePort() });
    servers.push(survivor);
    const proxy = await startTcpProxy({ target: Number(new URL(doomed.url).port) });
    proxies.push(proxy);
    const api = await createApi(doomed.url, adminEmail, adminPassword);
    const project = await api.createProject(name);
    const { id } = await api.createDocument(project.id);
    return { doomed, survivor, proxy, api, id };
  }

  async function storedText(documentId: string): Promise<string> {
    const loaded = await store.load(documentId);
    const doc = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const stored of loaded.tail) Y.applyUpdate(doc, stored.update);
    return doc.getText('caption').toString();
  }

  function closeCodes(client: YjsClient): number[] {
    const codes: number[] = [];
    client.provider.on('connection-close', (event) => codes.push(event?.code ?? 0));
    return codes;
  }

  it('[I7] SIGTERM of one instance: its clients get 1012, reconnect to the other, nothing acknowledged is lost', async () => {
    const { doomed, survivor, proxy, api, id } = await twoInstances('SIGTERM drill');
    const moving = connectYjs(proxy.wsUrl, id, api.token);
    const staying = connectYjs(survivor.url.replace('http', 'ws'), id, api.token);
    clients.push(moving, staying);
    await Promise.all([synced(moving), synced(staying)]);
    const codes = closeCodes(moving);
    staying.text.insert(0, 'staying. ');
    await eventually(() => moving.text.toString().includes('staying.'), 10_000, 'fan-out to the doomed instance');

    let typed = 0;
    const typing = setInterval(() => moving.text.insert(moving.text.length, `${typed++},`), 3);
    try {
      await eventually(() => staying.text.toString().split(',').length > 40, 10_000, 'typing seen across instances');
      proxy.setTarget(Number(new URL(survivor.url).port));
      await doomed.stop();
      await eventually(() => codes.length > 0, 10_000, 'the close');
      expect(codes[0]).toBe(1012);
      await eventually(() => moving.provider.wsconnected, 10_000, 'reconnected to the survivor');
      await eventually(() => typed > 200, 10_000, 'typing after the move');
    } finally {
      clearInterval(typing);
    }
    await eventually(() => staying.text.toString() === moving.text.toString(), 20_000, 'convergence');
    expect(staying.text.toString()).toContain(`${typed - 1},`);
    await eventually(async () => (await storedText(id)) === moving.text.toString(), 10_000, 'everything stored');
  });

  it('[I8] kill -9 of one instance: the other\'s clients get everything it stored; its clients resend the rest elsewhere', async () => {
    const { doomed, survivor, proxy, api, id } = await twoInstances('kill -9 drill');
    const moving = connectYjs(proxy.wsUrl, id, api.token);
    const staying = connectYjs(survivor.url.replace('http', 'ws'), id, api.token);
    clients.push(moving, staying);
    await Promise.all([synced(moving), synced(staying)]);

    let typed = 0;
    const typing = setInterval(() => moving.text.insert(moving.text.length, `${typed++},`), 3);
    let seenBeforeKill: string;
    try {
      await eventually(() => staying.text.toString().split(',').length > 60, 10_000, 'typing seen across instances');
      // Nowhere to reconnect yet: what reaches the survivor's clients now can only come from the store.
      proxy.setTarget(null);
      await doomed.kill9();
      seenBeforeKill = staying.text.toString();
    } finally {
      clearInterval(typing);
    }
    const stored = await storedText(id);
    expect(stored.startsWith(seenBeforeKill)).toBe(true);
    await eventually(() => staying.text.toString() === stored, 10_000, 'everything stored reaches the survivor\'s clients');
    expect(moving.text.toString().startsWith(stored)).toBe(true);

    proxy.setTarget(Number(new URL(survivor.url).port));
    await eventually(() => staying.text.toString() === moving.text.toString(), 20_000, 'the moved client resent what was never acknowledged');
    expect(staying.text.toString()).toContain(`${typed - 1},`);
    await eventually(async () => (await storedText(id)) === moving.text.toString(), 10_000, 'everything stored');
  });
});
