import type { ClientToServerEvents, ServerToClientEvents, Task } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { preferenceItem, qualityProject } from './quality-fixtures.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe(`item state events reach only roles that see item states (${backendName})`, () => {
  let t: TestServer;
  const sockets: AppSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.dispose();
  });

  /** The item events a member's socket hears once present in the project. */
  async function itemEvents(api: Api, projectId: string): Promise<string[]> {
    const socket: AppSocket = io(t.url, { auth: { token: api.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const heard: string[] = [];
    socket.on('item:state', (change) => heard.push(`state:${change.itemId}:${change.state}`));
    socket.on('item:changed', (change) => heard.push(`changed:${change.itemId}`));
    socket.on('membership:added', (change) => heard.push(`role:${change.role}`));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect((await socket.emitWithAck('presence:join', { projectId })).ok).toBe(true);
    return heard;
  }

  const take = (api: Api, projectId: string) => api.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
  const release = (api: Api, task: Task) => api.call('POST', `/assignments/${task.assignmentId}/release`, { fence: task.fence }, 200);

  it('[N1] [W20] a QA lead hears the state, an annotator only that the item moved; a role change moves the socket between the two', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Item state events',
      workflow: { labeling: 'blind', overlap: 1, review: true, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator', cat: 'annotator', quinn: 'qa_lead' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(1));
    const quinnHears = await itemEvents(people.quinn, projectId);
    const benHears = await itemEvents(people.ben, projectId);

    const task = await take(people.ann, projectId);
    await expect.poll(() => quinnHears).toEqual([`state:${item.id}:in_progress`, `changed:${item.id}`]);
    await expect.poll(() => benHears).toEqual([`changed:${item.id}`]);

    // Ben becomes a reviewer while connected: from now on his socket hears states too.
    await t.api.call('PATCH', `/projects/${projectId}/members/${people.ben.userId}`, { role: 'reviewer' });
    await expect.poll(() => benHears.at(-1)).toBe('role:reviewer');
    await release(people.ann, task);
    await expect.poll(() => benHears.slice(2)).toEqual([`state:${item.id}:todo`, `changed:${item.id}`]);

    // And back to annotator: the state stops again.
    await t.api.call('PATCH', `/projects/${projectId}/members/${people.ben.userId}`, { role: 'annotator' });
    await expect.poll(() => benHears.at(-1)).toBe('role:annotator');
    await take(people.cat, projectId);
    await expect.poll(() => quinnHears.length).toBe(6);
    await expect.poll(() => benHears.slice(5)).toEqual([`changed:${item.id}`]);
  });
});
