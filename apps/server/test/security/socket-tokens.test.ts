/**
 * Abuse case 1 on the two sockets: no token, a forged, tampered, JWT-shaped (alg none or HS256), oversized,
 * expired (session or API token) or disabled user's token is refused before anything opens: the Yjs
 * upgrade answers 401, socket.io fails the handshake with `unauthenticated`. Tokens are opaque random
 * secrets looked up by SHA-256, so there is no algorithm to confuse; the JWT shapes prove they are not
 * parsed. Revocation and sign-in throttling are tested in revocation.test.ts and auth-hardening.test.ts.
 */
import { createHmac } from 'node:crypto';
import { tokens } from '@concord/db';
import type { ClientToServerEvents, ServerToClientEvents } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/index.ts';
import type { Api } from '../helpers/api.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, opened, rawSocket } from '../helpers/yjs-client.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestServer;
let member: Api;
let documentId: string;
const sockets: AppSocket[] = [];

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function jwt(alg: string, sub: string): string {
  const head = `${base64url({ alg, typ: 'JWT' })}.${base64url({ sub, exp: 4_102_444_800 })}`;
  return alg === 'none' ? `${head}.` : `${head}.${createHmac('sha256', 'secret').update(head).digest('base64url')}`;
}

beforeAll(async () => {
  t = await startTestServer();
  const projectId = (await t.api.createProject('Tokens')).id;
  documentId = (await t.api.createDocument(projectId)).id;
  member = await t.api.createUser('Member');
  await t.api.addMember(projectId, member.userId, 'annotator');
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await t?.dispose();
});

/** What the socket.io handshake says for a token: 'connected' or the error message. */
async function socketIo(token: string | null): Promise<string> {
  const socket: AppSocket = io(t.url, { auth: token === null ? {} : { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
}

/** Marks a token row expired by its secret. */
async function expire(token: string): Promise<void> {
  await t.server.services.db.db.update(tokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(tokens.tokenHash, hashToken(token)));
}

describe('tokens on the sockets (abuse case 1)', () => {
  it('[Y5][P1] a member\'s own valid token opens both sockets (the refusals below are not a broken setup)', async () => {
    const ws = rawSocket(t.wsUrl, documentId, member.token);
    await opened(ws);
    ws.close();
    expect(await socketIo(member.token)).toBe('connected');
  });

  it('[Y5][P1] missing, empty, forged, tampered, JWT-shaped and oversized tokens are refused before anything opens', async () => {
    const last = member.token.at(-1) === 'A' ? 'B' : 'A';
    const bad: Array<string | null> = [
      null,
      '',
      'cs_forged',
      'cpat_forged',
      `${member.token.slice(0, -1)}${last}`,
      member.token.toUpperCase(),
      `Bearer ${member.token}`,
      jwt('none', member.userId),
      jwt('HS256', member.userId),
      'x'.repeat(10_000),
    ];
    for (const token of bad) {
      expect((await closeOf(rawSocket(t.wsUrl, documentId, token))).status, JSON.stringify(token?.slice(0, 40))).toBe(401);
      expect(await socketIo(token), JSON.stringify(token?.slice(0, 40))).toBe('unauthenticated');
    }
  });

  it('[A4][Y5][P1] an expired session and an expired API token are refused on both sockets', async () => {
    const session = await t.api.createUser('Expiring');
    const apiToken = (await session.call<{ token: string }>('POST', '/me/tokens', { name: 'ci' })).token;
    for (const token of [session.token, apiToken]) {
      const ws = rawSocket(t.wsUrl, documentId, token);
      const before = await closeOf(ws);
      // Not a member: the token itself was accepted and the document refused (4403), not the token.
      expect(before.code).toBe(4403);
      await expire(token);
      expect((await closeOf(rawSocket(t.wsUrl, documentId, token))).status).toBe(401);
      expect(await socketIo(token)).toBe('unauthenticated');
    }
  });

  it('[U4][Y5][P1] a disabled user\'s token is refused on both sockets', async () => {
    const user = await t.api.createUser('Disabled');
    expect(await socketIo(user.token)).toBe('connected');
    await t.api.call('PATCH', `/users/${user.userId}`, { disabled: true });
    expect((await closeOf(rawSocket(t.wsUrl, documentId, user.token))).status).toBe(401);
    expect(await socketIo(user.token)).toBe('unauthenticated');
  });
});
