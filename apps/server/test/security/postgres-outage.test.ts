/**
 * Abuse case 19 (Postgres part): the database goes away under live editing and comes back. The server
 * (a child process, so a crash would show) reaches Postgres through a TCP proxy the test can cut: every
 * open database connection is reset and new ones are refused. Edits made meanwhile stay with their
 * clients and in the room, are not broadcast before they are stored (rooms R1), and are stored and
 * delivered once the database is back; after a kill -9 and restart nothing is missing. Needs
 * DATABASE_URL (embedded PGlite has no connection to cut); the Redis half is scale-out-catch-up [I5].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../helpers/api.ts';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../helpers/child-server.ts';
import { adminEmail, adminPassword } from '../helpers/test-server.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

describe.skipIf(!process.env.DATABASE_URL)(`Postgres outage under live editing (${backendName}; skipped without DATABASE_URL)`, () => {
  let backend: Backend;
  let proxied: Backend;
  let proxy: TcpProxy;
  let port: number;
  let server: ChildServer | null = null;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    if (backend.database.kind !== 'postgres') throw new Error('needs Postgres');
    const url = new URL(backend.database.url);
    proxy = await startTcpProxy({ host: url.hostname, target: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    proxied = { ...backend, database: { kind: 'postgres', url: url.toString() } };
    port = await freePort();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await proxy?.close();
    await backend?.dispose();
  });

  it('[R1][D1] edits made while Postgres is down stay with their clients, are stored and delivered when it is back, and survive kill -9', async () => {
    server = await startChildServer({ backend: proxied, port });
    const wsUrl = server.url.replace('http', 'ws');
    const admin = await createApi(server.url, adminEmail, adminPassword);
    const project = await admin.createProject('Outage');
    const annotator = await admin.createUser('Writer');
    await admin.addMember(project.id, annotator.userId, 'annotator');
    const { id } = await admin.createDocument(project.id);

    const writer = connectYjs(wsUrl, id, annotator.token);
    const observer = connectYjs(wsUrl, id, admin.token);
    clients.push(writer, observer);
    await Promise.all([synced(writer), synced(observer)]);
    writer.text.insert(0, 'before. ');
    await eventually(() => observer.text.toString() === 'before. ');

    proxy.cut();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.database).not.toBe('ok');
    for (let i = 0; i < 20; i++) writer.text.insert(writer.text.length, `offline-${i} `);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Not stored, so not broadcast; the writer keeps its text and both sockets stay open.
    expect(observer.text.toString()).toBe('before. ');
    expect(writer.text.toString()).toContain('offline-19 ');
    expect(writer.provider.wsconnected && observer.provider.wsconnected).toBe(true);

    proxy.restore();
    const expected = writer.text.toString();
    await eventually(() => observer.text.toString() === expected, 30_000, 'the held edits are stored and delivered');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await server.kill9();
    server = await startChildServer({ backend: proxied, port });
    const late = connectYjs(wsUrl, id, (await createApi(server.url, adminEmail, adminPassword)).token);
    clients.push(late);
    await synced(late, 20_000);
    expect(late.text.toString()).toBe(expected);
  }, 120_000);
});
