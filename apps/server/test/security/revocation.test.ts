import { CloseCode, type ClientToServerEvents, type ServerToClientEvents } from '@concord/protocol';
import { tokens } from '@concord/db';
import { eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Api } from '../helpers/api.ts';
import { backendName, createBackend, type Backend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, opened, rawSocket } from '../helpers/yjs-client.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sockets: Array<AppSocket | WebSocket> = [];

function connectIo(url: string, token: string): AppSocket {
  const socket: AppSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return socket;
}

/** Resolves once connected; rejects with the server's refusal ('unauthenticated'). */
function ioConnected(socket: AppSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** Settles with `work`, or rejects when it has not settled `withinMs` after this call. */
function within<T>(work: Promise<T>, withinMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still open after ${withinMs} ms`)), withinMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Watches both sockets from now on (the server may drop them before the revoking request even answers)
 * and returns a function that waits at most `withinMs` for both to be dropped.
 */
function watchDrops(ws: WebSocket, socket: AppSocket) {
  const yjs = closeOf(ws);
  const io = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  return async (withinMs: number) => {
    const [closed, reason] = await Promise.all([within(yjs, withinMs, 'Yjs socket'), within(io, withinMs, 'socket.io connection')]);
    return { yjsCode: closed.code, ioReason: reason };
  };
}

function openYjs(wsUrl: string, documentId: string, token: string): WebSocket {
  const ws = rawSocket(wsUrl, documentId, token);
  sockets.push(ws);
  return ws;
}

async function status(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

/** A fresh annotator on the project with a session (`member.token`) and a personal API token. */
async function annotator(t: TestServer, projectId: string, name: string): Promise<{ member: Api; apiToken: { id: string; token: string } }> {
  const member = await t.api.createUser(name);
  await t.api.addMember(projectId, member.userId, 'annotator');
  const apiToken = await member.call<{ id: string; token: string }>('POST', '/me/tokens', { name: 'ci' });
  expect(apiToken.token).toMatch(/^cpat_/);
  return { member, apiToken };
}

/** Refused at once everywhere a new request or connection could present the token. */
async function expectRefusedEverywhere(t: TestServer, documentId: string, token: string): Promise<void> {
  expect(await status(t.url, token)).toBe(401);
  expect((await closeOf(openYjs(t.wsUrl, documentId, token))).status).toBe(401);
  await expect(ioConnected(connectIo(t.url, token))).rejects.toThrow('unauthenticated');
}

afterAll(() => {
  for (const socket of sockets) {
    if (socket instanceof WebSocket) socket.terminate();
    else socket.disconnect();
  }
});

describe(`revoked tokens (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let documentId: string;

  beforeAll(async () => {
    // A periodic re-check far beyond the test's patience: sockets must close on the revocation itself.
    t = await startTestServer({ overrides: { accessRecheckMs: 600_000 } });
    projectId = (await t.api.createProject('Revocation')).id;
    documentId = (await t.api.createDocument(projectId)).id;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('[A15] a revoked API token is refused at once on REST, new Yjs and socket.io connections, and its open sockets close', async () => {
    const { member, apiToken } = await annotator(t, projectId, 'Tokened');
    const ws = openYjs(t.wsUrl, documentId, apiToken.token);
    await opened(ws);
    const live = connectIo(t.url, apiToken.token);
    await ioConnected(live);
    expect((await live.emitWithAck('presence:join', { projectId })).ok).toBe(true);
    const sessionWs = openYjs(t.wsUrl, documentId, member.token);
    await opened(sessionWs);

    const dropped = watchDrops(ws, live);
    await member.call('DELETE', `/me/tokens/${apiToken.id}`, undefined, 204);
    expect(await dropped(3000)).toEqual({ yjsCode: CloseCode.unauthenticated, ioReason: 'io server disconnect' });
    await expectRefusedEverywhere(t, documentId, apiToken.token);
    // The owner's session and its socket are untouched.
    expect(sessionWs.readyState).toBe(sessionWs.OPEN);
    expect(await status(t.url, member.token)).toBe(200);
  });

  it('[A15] a logged-out session is refused at once everywhere and its open sockets close', async () => {
    const { member, apiToken } = await annotator(t, projectId, 'Leaving');
    const ws = openYjs(t.wsUrl, documentId, member.token);
    await opened(ws);
    const live = connectIo(t.url, member.token);
    await ioConnected(live);

    const dropped = watchDrops(ws, live);
    await member.call('POST', '/auth/logout', undefined, 204);
    expect(await dropped(3000)).toEqual({ yjsCode: CloseCode.unauthenticated, ioReason: 'io server disconnect' });
    await expectRefusedEverywhere(t, documentId, member.token);
    // Logout ends the session used, not the user's API tokens.
    expect(await status(t.url, apiToken.token)).toBe(200);
  });

  it('[A6][A15] a password change ends the other sessions and closes their sockets', async () => {
    const { member } = await annotator(t, projectId, 'Changer');
    const email = (await member.call<{ email: string }>('GET', '/me')).email;
    const other = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'password-of-Changer-123' }),
    }).then((res) => res.json() as Promise<{ token: string }>);
    const ws = openYjs(t.wsUrl, documentId, other.token);
    await opened(ws);
    const live = connectIo(t.url, other.token);
    await ioConnected(live);
    const dropped = watchDrops(ws, live);
    await member.call('PATCH', '/me', { currentPassword: 'password-of-Changer-123', password: 'a brand new password 456' });
    expect(await dropped(3000)).toEqual({ yjsCode: CloseCode.unauthenticated, ioReason: 'io server disconnect' });
    await expectRefusedEverywhere(t, documentId, other.token);
    expect(await status(t.url, member.token)).toBe(200);
  });
});

describe(`revocation the sockets were not told about (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let documentId: string;

  beforeAll(async () => {
    t = await startTestServer({ overrides: { accessRecheckMs: 300 } });
    projectId = (await t.api.createProject('Recheck')).id;
    documentId = (await t.api.createDocument(projectId)).id;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('[A15] a token revoked behind the server\'s back (a lost access message) still closes its sockets on the periodic re-check', async () => {
    const { apiToken } = await annotator(t, projectId, 'Silent');
    const ws = openYjs(t.wsUrl, documentId, apiToken.token);
    await opened(ws);
    const live = connectIo(t.url, apiToken.token);
    await ioConnected(live);
    const dropped = watchDrops(ws, live);
    await t.server.services.db.db.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.id, apiToken.id));
    expect(await dropped(3000)).toEqual({ yjsCode: CloseCode.unauthenticated, ioReason: 'io server disconnect' });
  });
});

describe.skipIf(!process.env.REDIS_URL || !process.env.DATABASE_URL)(`revocation across two instances (${backendName})`, () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  let projectId: string;
  let documentId: string;

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend, overrides: { accessRecheckMs: 600_000 } });
    second = await startTestServer({ backend, overrides: { accessRecheckMs: 600_000 } });
    projectId = (await first.api.createProject('Two')).id;
    documentId = (await first.api.createDocument(projectId)).id;
  });
  afterAll(async () => {
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  it('[A15] revoking on one instance closes the sockets on the other within seconds and refuses it there', async () => {
    const { member, apiToken } = await annotator(first, projectId, 'Roaming');
    const ws = openYjs(second.wsUrl, documentId, apiToken.token);
    await opened(ws);
    const live = connectIo(second.url, apiToken.token);
    await ioConnected(live);
    const dropped = watchDrops(ws, live);
    await member.call('DELETE', `/me/tokens/${apiToken.id}`, undefined, 204);
    expect(await dropped(5000)).toEqual({ yjsCode: CloseCode.unauthenticated, ioReason: 'io server disconnect' });
    await expectRefusedEverywhere(second, documentId, apiToken.token);
  });
});
