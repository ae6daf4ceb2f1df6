import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../helpers/api.ts';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../helpers/child-server.ts';
import { adminEmail, adminPassword } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

describe(`durability across kill -9 (${backendName})`, () => {
  let backend: Backend;
  let port: number;
  let server: ChildServer | null = null;
  const clients: YjsClient[] = [];

  beforeAll(async () => {
    // Empty: the first start sets its database up (initdb on PGlite, the migrations) as `npm start` does.
    backend = await createBackend({ empty: true });
    port = await freePort();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
    await backend?.dispose();
  });

  it('[D1] every edit a client has seen survives kill -9; a client that joins after the restart sees them all', async () => {
    server = await startChildServer({ backend, port });
    const wsUrl = server.url.replace('http', 'ws');
    const admin = await createApi(server.url, adminEmail, adminPassword);
    const project = await admin.createProject('Durability');
    const annotator = await admin.createUser('Writer');
    const watcher = await admin.createUser('Watcher');
    await admin.addMember(project.id, annotator.userId, 'annotator');
    await admin.addMember(project.id, watcher.userId, 'reviewer');
    const { id } = await admin.createDocument(project.id);

    const writer = connectYjs(wsUrl, id, annotator.token);
    const observer = connectYjs(wsUrl, id, watcher.token);
    clients.push(writer, observer);
    await Promise.all([synced(writer), synced(observer)]);

    // Two-way edits, each confirmed by the other side.
    writer.text.insert(0, 'from writer. ');
    await eventually(() => observer.text.toString().includes('from writer.'));
    observer.text.insert(observer.text.length, 'from observer. ');
    await eventually(() => writer.text.toString().includes('from observer.'));

    // The writer types continuously; the server is killed mid-stream.
    let typed = 0;
    const typing = setInterval(() => {
      writer.text.insert(writer.text.length, `${typed++},`);
    }, 3);
    await eventually(() => observer.text.toString().split(',').length > 60, 10_000, 'observer sees typing');
    await server.kill9();
    clearInterval(typing);
    const seenByObserver = observer.text.toString();

    server = await startChildServer({ backend, port });
    const late = connectYjs(wsUrl, id, (await createApi(server.url, adminEmail, adminPassword)).token);
    clients.push(late);
    await synced(late, 20_000);
    // Everything the observer had seen was stored before it was broadcast.
    expect(late.text.toString().startsWith(seenByObserver)).toBe(true);
    // The writer reconnects by itself and sends what the server never acknowledged.
    await eventually(() => late.text.toString() === writer.text.toString(), 20_000, 'writer resynced');
    await eventually(() => observer.text.toString() === writer.text.toString(), 20_000, 'observer resynced');
    expect(late.text.toString()).toContain(`${typed - 1},`);
  });
});
