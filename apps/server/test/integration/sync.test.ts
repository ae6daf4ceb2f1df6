import { CloseCode } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defaultCheckBudgetMs } from '../../src/rooms/update-guard.ts';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, connectYjs, eventually, opened, rawSocket, synced, type YjsClient } from '../helpers/yjs-client.ts';

describe(`live sync with the stock y-websocket client (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let annotator: Api;
  let reviewer: Api;
  let viewer: Api;
  let outsider: Api;
  const clients: YjsClient[] = [];
  const connect = (documentId: string, token: string) => {
    const client = connectYjs(t.wsUrl, documentId, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestServer({ overrides: { rooms: { unloadAfterMs: 200, snapshotEveryUpdates: 20, updateCheckBudgetMs: defaultCheckBudgetMs } } });
    projectId = (await t.api.createProject('Captions')).id;
    annotator = await t.api.createUser('Ann');
    reviewer = await t.api.createUser('Rev');
    viewer = await t.api.createUser('Vic');
    outsider = await t.api.createUser('Otto');
    await t.api.addMember(projectId, annotator.userId, 'annotator');
    await t.api.addMember(projectId, reviewer.userId, 'reviewer');
    await t.api.addMember(projectId, viewer.userId, 'viewer');
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await t?.dispose();
  });

  it('[Y1] two clients edit one document live and converge', async () => {
    const { id } = await t.api.createDocument(projectId);
    const a = connect(id, annotator.token);
    const b = connect(id, reviewer.token);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'A dog on a beach');
    await eventually(() => b.text.toString() === 'A dog on a beach', 5_000, 'b sees a');
    // Concurrent edits on both sides.
    a.text.insert(0, 'Photo: ');
    b.text.insert(b.text.length, ' at sunset');
    await eventually(() => a.text.toString() === b.text.toString() && a.text.length > 30, 5_000, 'convergence');
    expect(a.text.toString()).toBe('Photo: A dog on a beach at sunset');
  });

  it('[Y2] the REST API returns the document content as JSON', async () => {
    const { id } = await t.api.createDocument(projectId);
    const a = connect(id, annotator.token);
    await synced(a);
    a.text.insert(0, 'hello');
    a.doc.getMap('meta').set('done', true);
    await eventually(async () => {
      const res = await t.api.call<{ content: Record<string, unknown> }>('GET', `/documents/${id}`);
      return res.content.caption === 'hello' && (res.content.meta as { done?: boolean })?.done === true;
    });
  });

  it('[Y3] a viewer gets content and presence, but its edits are dropped', async () => {
    const { id } = await t.api.createDocument(projectId);
    const a = connect(id, annotator.token);
    await synced(a);
    a.text.insert(0, 'original');
    const v = connect(id, viewer.token);
    await synced(v);
    await eventually(() => v.text.toString() === 'original');
    v.text.insert(0, 'VANDAL ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(a.text.toString()).toBe('original');
    const doc = await t.api.call<{ content: Record<string, unknown> }>('GET', `/documents/${id}`);
    expect(doc.content.caption).toBe('original');
    // A newcomer loads what the server has: the viewer's edit is not there.
    const c = connect(id, reviewer.token);
    await synced(c);
    expect(c.text.toString()).toBe('original');
  });

  it('[Y4] awareness carries the identity from the token, not the one the client claims', async () => {
    const { id } = await t.api.createDocument(projectId);
    const a = connect(id, annotator.token);
    const b = connect(id, reviewer.token);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Mallory the Admin', id: t.api.userId, color: '#ff0000' });
    await eventually(() => {
      const state = b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string; id: string; color: string } } | undefined;
      return state?.user?.id === annotator.userId;
    });
    const state = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { name: string; id: string; color: string } };
    expect(state.user).toEqual({ id: annotator.userId, name: 'Ann', color: '#ff0000' });
  });

  it('[Y5] no token or a bad token is refused with 401 before the upgrade', async () => {
    const { id } = await t.api.createDocument(projectId);
    expect((await closeOf(rawSocket(t.wsUrl, id, null))).status).toBe(401);
    expect((await closeOf(rawSocket(t.wsUrl, id, 'cs_forged'))).status).toBe(401);
    expect((await closeOf(rawSocket(t.wsUrl, id, `${annotator.token}x`))).status).toBe(401);
  });

  it('[Y6] an outsider, an unknown document and a malformed id all close with 4403, alike', async () => {
    const { id } = await t.api.createDocument(projectId);
    const outsiderClose = await closeOf(rawSocket(t.wsUrl, id, outsider.token));
    const unknownClose = await closeOf(rawSocket(t.wsUrl, 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', annotator.token));
    const malformedClose = await closeOf(rawSocket(t.wsUrl, '..%2F..%2Fetc', annotator.token));
    expect(outsiderClose).toEqual({ code: CloseCode.forbidden, reason: 'not found or no access' });
    expect(unknownClose).toEqual(outsiderClose);
    expect(malformedClose).toEqual(outsiderClose);
  });

  /** A new annotator with an open document socket, and how that socket will close. */
  async function memberWithOpenSocket(name: string) {
    const member = await t.api.createUser(name);
    await t.api.addMember(projectId, member.userId, 'annotator');
    const { id } = await t.api.createDocument(projectId);
    const ws = rawSocket(t.wsUrl, id, member.token);
    const closed = closeOf(ws);
    await opened(ws);
    return { member, closed };
  }

  it('[Y7] removing a member closes their open document sockets within seconds', async () => {
    const { member, closed } = await memberWithOpenSocket('Temp');
    await t.api.call('DELETE', `/projects/${projectId}/members/${member.userId}`);
    expect((await closed).code).toBe(CloseCode.forbidden);
  });

  it('[Y8] signing out closes the sockets of that session with 4401', async () => {
    const { member, closed } = await memberWithOpenSocket('Leaving');
    await member.call('POST', '/auth/logout');
    expect((await closed).code).toBe(CloseCode.unauthenticated);
  });

  it('[Y9] an unused document is unloaded, compacted, and loads again intact', async () => {
    const { id } = await t.api.createDocument(projectId);
    const a = connect(id, annotator.token);
    await synced(a);
    for (let i = 0; i < 50; i++) a.text.insert(a.text.length, `${i} `);
    const expected = a.text.toString();
    await eventually(async () => {
      const res = await t.api.call<{ content: Record<string, unknown> }>('GET', `/documents/${id}`);
      return res.content.caption === expected;
    });
    a.destroy();
    const rooms = () => t.server.services.documents as unknown as { rooms(): Promise<Array<{ documentId: string }>> };
    await eventually(async () => !(await rooms().rooms()).some((r) => r.documentId === id), 5_000, 'unload');
    const loaded = await t.server.services.store.load(id);
    expect(loaded.snapshot).not.toBeNull();
    const b = connect(id, reviewer.token);
    await synced(b);
    expect(b.text.toString()).toBe(expected);
    const fresh = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(fresh, loaded.snapshot);
    for (const u of loaded.tail) Y.applyUpdate(fresh, u.update);
    expect(fresh.getText('caption').toString()).toBe(expected);
  });
});
