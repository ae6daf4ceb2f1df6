import type { ClientToServerEvents, ProjectPresence, ServerToClientEvents } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe(`socket.io project presence (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let documentId: string;
  let ann: Api;
  let bob: Api;
  let outsider: Api;
  const sockets: AppSocket[] = [];

  const connect = (token: string | null): AppSocket => {
    const socket: AppSocket = io(t.url, { auth: token === null ? {} : { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  };
  const connected = (socket: AppSocket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Presence')).id;
    documentId = (await t.api.createDocument(projectId)).id;
    ann = await t.api.createUser('Ann');
    bob = await t.api.createUser('Bob');
    outsider = await t.api.createUser('Otto');
    await t.api.addMember(projectId, ann.userId, 'annotator');
    await t.api.addMember(projectId, bob.userId, 'viewer');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.dispose();
  });

  it('[P1] a socket without a valid token is refused', async () => {
    await expect(connected(connect(null))).rejects.toThrow('unauthenticated');
    await expect(connected(connect('cs_nope'))).rejects.toThrow('unauthenticated');
  });

  it('[P2] members see who is online in a project and on which document, live', async () => {
    const a = connect(ann.token);
    const b = connect(bob.token);
    await Promise.all([connected(a), connected(b)]);
    const updates: ProjectPresence[] = [];
    b.on('presence:update', (p) => updates.push(p));
    const joinedB = await b.emitWithAck('presence:join', { projectId });
    expect(joinedB.ok).toBe(true);
    const joinedA = await a.emitWithAck('presence:join', { projectId, documentId });
    expect(joinedA.ok && joinedA.data.online.map((e) => e.name).sort()).toEqual(['Ann', 'Bob']);
    await eventually(() => updates.some((u) => u.online.some((e) => e.userId === ann.userId && e.documentId === documentId)));
    a.disconnect();
    await eventually(() => updates.at(-1)?.online.every((e) => e.userId !== ann.userId) ?? false, 5_000, 'ann leaves');
  });

  it('[P3] an outsider cannot join or probe a project; bad ids answer the same', async () => {
    const o = connect(outsider.token);
    await connected(o);
    const denied = await o.emitWithAck('presence:join', { projectId });
    const unknown = await o.emitWithAck('presence:join', { projectId: 'prj_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    const garbage = await o.emitWithAck('presence:join', { projectId: { $ne: null } as unknown as string });
    expect(denied).toEqual({ ok: false, error: { code: 'not_found', message: 'Project not found or no access.' } });
    expect(unknown).toEqual(denied);
    expect(garbage).toEqual(denied);
    // A document of the project cannot be smuggled under another project either.
    const a = connect(ann.token);
    await connected(a);
    const otherProject = (await t.api.createProject('Other')).id;
    await t.api.addMember(otherProject, ann.userId, 'annotator');
    expect((await a.emitWithAck('presence:join', { projectId: otherProject, documentId })).ok).toBe(false);
  });

  it('[P4] being added to or removed from a project is pushed to the user', async () => {
    const carol = await t.api.createUser('Carol');
    const c = connect(carol.token);
    await connected(c);
    const added = new Promise((resolve) => c.once('membership:added', resolve));
    await t.api.addMember(projectId, carol.userId, 'reviewer');
    expect(await added).toEqual({ projectId, role: 'reviewer' });
    expect((await c.emitWithAck('presence:join', { projectId })).ok).toBe(true);
    const removed = new Promise((resolve) => c.once('membership:removed', resolve));
    await t.api.call('DELETE', `/projects/${projectId}/members/${carol.userId}`);
    expect(await removed).toEqual({ projectId });
    const watcher = connect(ann.token);
    await connected(watcher);
    const now = await watcher.emitWithAck('presence:join', { projectId });
    expect(now.ok && now.data.online.some((e) => e.userId === carol.userId)).toBe(false);
  });
});
