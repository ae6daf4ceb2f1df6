import type { CalibrationSessionView } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';
import { calibrationProject, choose, listen, type AppSocket } from './calibration-fixtures.ts';

const shared = process.env.REDIS_URL && process.env.DATABASE_URL;

/** The same signed-in user's requests, sent to another instance (sessions live in the shared database). */
function onInstance(server: TestServer, token: string) {
  return {
    async call<T>(method: string, path: string): Promise<T> {
      const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

describe.skipIf(!shared)(`calibration events across two instances (${backendName})`, () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  const sockets: AppSocket[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend });
    second = await startTestServer({ backend });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  it('[C6] the trainer on one instance, a participant on the other: every change reaches them, and an answer reaches the trainer', async () => {
    const { projectId, people, itemIds } = await calibrationProject(first, 1);
    const created = await people.trainer.call<CalibrationSessionView>('POST', `/projects/${projectId}/calibrations`, {
      title: 'Across instances',
      itemIds,
      participantIds: [people.ann.userId, people.ben.userId],
    });
    // Ann is connected to the second instance only; the trainer to the first.
    const annOnSecond = onInstance(second, people.ann.token);
    const annSocket = await listen(second.url, people.ann);
    const trainerSocket = await listen(first.url, people.trainer);
    sockets.push(annSocket.socket, trainerSocket.socket);

    await people.trainer.call('POST', `/calibrations/${created.id}/start`);
    await eventually(() => annSocket.events.some((e) => e.sessionId === created.id && e.state === 'live'), 5_000, 'the start on the other instance');

    const mine = await annOnSecond.call<CalibrationSessionView>('GET', `/calibrations/${created.id}`);
    await choose(second, people.ann, mine.myDocumentId!, 0);
    await annOnSecond.call('POST', `/calibrations/${created.id}/answer`);
    await eventually(() => trainerSocket.events.some((e) => e.answered.includes(people.ann.userId)), 5_000, 'the answered tick on the trainer’s instance');

    await people.trainer.call('POST', `/calibrations/${created.id}/reveal`);
    await eventually(() => annSocket.events.some((e) => e.revealed), 5_000, 'the reveal on the other instance');
    await people.trainer.call('POST', `/calibrations/${created.id}/end`);
    await eventually(() => annSocket.events.some((e) => e.state === 'ended'), 5_000, 'the end on the other instance');
    expect(annSocket.events.every((e) => e.projectId === projectId)).toBe(true);
  });
});
