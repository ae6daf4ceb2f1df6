import type { QualityReport } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../helpers/api.ts';
import { type Backend, backendName, createBackend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';
import { annotateNext, listenFlags, preferenceItem, qualityProject } from './quality-fixtures.ts';

const shared = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
if (!shared) console.log('quality-two-instances: skipped, it needs REDIS_URL and DATABASE_URL (two instances on one Postgres and Redis)');

describe.skipIf(!shared)(`quality across two instances (${backendName})`, () => {
  let backend: Backend;
  let first: TestServer;
  let second: TestServer;
  const sockets: { disconnect(): void }[] = [];

  beforeAll(async () => {
    backend = await createBackend();
    first = await startTestServer({ backend });
    second = await startTestServer({ backend });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await first?.dispose();
    await second?.dispose();
    await backend?.dispose();
  });

  it('[R1] [F2] a report cached on one instance follows work submitted on the other; its flags reach a QA lead connected there', async () => {
    const { projectId, people } = await qualityProject(first, {
      name: 'Two instances',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, minUnits: 2 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead' },
    });
    const quinnThere = await createApi(second.url, people.quinn.email, 'password-of-quinn-123');
    const listener = await listenFlags(second, quinnThere);
    sockets.push(listener.socket);
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push((await first.api.createItem(projectId, preferenceItem(500 + n))).id);
    const ann = [0, 1, 0];
    const ben = [1, 0, 0];
    const round = async () => {
      await annotateNext(first, people.ann, projectId, (task) => ann[ids.indexOf(task.itemId)] as 0 | 1);
      await annotateNext(first, people.ben, projectId, (task) => ben[ids.indexOf(task.itemId)] as 0 | 1);
    };
    await round();
    const before = await quinnThere.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(before.overall.annotations).toBe(2);
    expect((await quinnThere.call<QualityReport>('GET', `/projects/${projectId}/quality`)).generatedAt).toBe(before.generatedAt);
    await round();
    const after = await quinnThere.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(after.overall.annotations).toBe(4);
    // Two compared units, kappa below 0.75: Ben is flagged, and the QA lead on the other instance hears it.
    await eventually(() => listener.events.length >= 1, 5_000, 'quality:flag on the second instance');
    expect(listener.events[0]!.flag).toMatchObject({ userId: people.ben.userId, state: 'open' });
    const flagged = await quinnThere.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(flagged.flags.map((f) => f.userId)).toContain(people.ben.userId);
  });
});
