import type { QualityFlag, Task } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseFlag } from '../../src/quality/flags.ts';
import type { Outbox } from '../../src/workflow/outbox.ts';
import { transact } from '../../src/workflow/transact.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';
import { annotateNext, auditActions, listenFlags, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

/** Ann and Ben on the same items (responses r1/r2): they agree on half, with balanced labels, so kappa is 0. */
const ann = [0, 1, 0, 1, 0] as const;
const ben = [1, 0, 0, 1, 1] as const;

describe(`flags (${backendName})`, () => {
  let t: TestServer;
  const sockets: { disconnect(): void }[] = [];

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.dispose();
  });

  it('[F1] [F2] [F4] [F5] crossing below the threshold on minUnits raises one audited flag per slice, sent to QA leads only; cleared by hand', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Flags',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, minUnits: 4, agreementThreshold: 0.75 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead', rita: 'reviewer' },
    });
    const quinn = await listenFlags(t, people.quinn);
    const annSocket = await listenFlags(t, people.ann);
    const benSocket = await listenFlags(t, people.ben);
    sockets.push(quinn.socket, annSocket.socket, benSocket.socket);
    const itemIds: string[] = [];
    for (let n = 0; n < 5; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(300 + n, { tags: ['safety'] }))).id);
    const round = async (n: number) => {
      await annotateNext(t, people.ann, projectId, (task) => ann[itemIds.indexOf(task.itemId)]!);
      await annotateNext(t, people.ben, projectId, (task) => ben[itemIds.indexOf(task.itemId)]!);
      return n;
    };
    const flags = (state?: string) => people.quinn.call<{ items: QualityFlag[] }>('GET', `/projects/${projectId}/quality/flags${state ? `?state=${state}` : ''}`);

    for (let n = 0; n < 3; n++) await round(n);
    // Three compared units: below minUnits, nobody is flagged however low the number.
    expect((await flags()).items).toEqual([]);

    await round(3);
    // Ben's fourth submission completes the fourth unit: his kappa is 0 on 4 units, on `*` and on `safety`.
    // Ann submitted the fourth item before Ben, so hers still stood on 3 units.
    const open = (await flags('open')).items;
    expect(open.map((f) => [f.userId, f.slice, f.reason, f.metric, f.units, f.threshold]).sort()).toEqual([
      [people.ben.userId, '*', 'agreement', 'cohen_kappa', 4, 0.75],
      [people.ben.userId, 'safety', 'agreement', 'cohen_kappa', 4, 0.75],
    ]);
    expect(open[0]!.value).toBeCloseTo(0, 10);
    expect(open[0]!.userName).toBe('ben');
    const raised = await auditActions(t, projectId, ['quality.flag_raised']);
    expect(raised).toHaveLength(2);
    expect(raised[0]).toMatchObject({ subjectType: 'flag', actorId: null, after: { userId: people.ben.userId, reason: 'agreement', metric: 'cohen_kappa', threshold: 0.75, units: 4 } });
    await eventually(() => quinn.events.length === 2, 5_000, 'two quality:flag events for the QA lead');
    expect(quinn.events.map((e) => [e.projectId, e.flag.slice, e.flag.state]).sort()).toEqual([
      [projectId, '*', 'open'],
      [projectId, 'safety', 'open'],
    ]);

    // [F4] by hand, with a note: quality.manage; annotators 404, reviewers 404 (no quality.read).
    const safety = open.find((f) => f.slice === 'safety')!;
    const clearPath = `/projects/${projectId}/quality/flags/${safety.id}/clear`;
    expect(await statusOf(t, people.ann, 'POST', clearPath, { note: 'me' })).toBe(404);
    expect(await statusOf(t, people.rita, 'POST', clearPath, { note: 'me' })).toBe(404);
    expect(await statusOf(t, people.quinn, 'POST', clearPath, {})).toBe(400);
    const cleared = await people.quinn.call<QualityFlag>('POST', clearPath, { note: 'Talked it through with Ben.' });
    expect(cleared).toMatchObject({ id: safety.id, state: 'cleared', clearedBy: people.quinn.userId, clearedBySession: null, clearNote: 'Talked it through with Ben.' });
    expect(await statusOf(t, people.quinn, 'POST', clearPath, { note: 'again' })).toBe(409);
    expect(await auditActions(t, projectId, ['quality.flag_cleared'])).toEqual([
      expect.objectContaining({ subjectId: safety.id, actorId: people.quinn.userId, after: expect.objectContaining({ state: 'cleared' }) }),
    ]);
    await eventually(() => quinn.events.length === 3, 5_000, 'the cleared flag event');
    expect(quinn.events[2]!.flag).toMatchObject({ id: safety.id, state: 'cleared' });

    // [F1] one open flag per (user, slice, reason): still below, Ben's next submission raises `safety` again but not `*`.
    await round(4);
    const after = (await flags('open')).items;
    expect(after.filter((f) => f.userId === people.ben.userId).map((f) => f.slice).sort()).toEqual(['*', 'safety']);
    expect(after.find((f) => f.slice === 'safety' && f.userId === people.ben.userId)!.id).not.toBe(safety.id);
    expect((await flags('cleared')).items.map((f) => f.id)).toEqual([safety.id]);
    // Annotators never hear of flags, not even their own.
    expect(annSocket.events).toEqual([]);
    expect(benSocket.events).toEqual([]);
  });

  it('[F3] with pauseFlagged a flagged annotator gets no item of the flagged slice; a * flag leaves only gold items', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Paused',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, pauseFlagged: true } },
      people: { cleo: 'annotator', dan: 'annotator' },
    });
    const safety = await t.api.createItem(projectId, preferenceItem(400, { tags: ['safety'] }));
    await t.api.createItem(projectId, preferenceItem(401, { tags: ['safety'] }));
    const coding = await t.api.createItem(projectId, preferenceItem(402, { tags: ['coding'] }));
    const flag = (userId: string, slice: string) =>
      transact(t.server.services, (tx, _deps, outbox: Outbox) =>
        raiseFlag(tx, { projectId, userId, slice, reason: 'agreement', metric: 'cohen_kappa', value: 0.2, threshold: 0.75, units: 10 }, outbox),
      );
    const taken = await people.cleo.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(taken.itemId).toBe(safety.id);
    await flag(people.cleo.userId, 'safety');
    // Work already taken stays hers.
    expect((await people.cleo.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200)).assignmentId).toBe(taken.assignmentId);
    await people.cleo.call('POST', `/assignments/${taken.assignmentId}/release`, { fence: taken.fence });
    // The second safety item is older, but she gets the coding one.
    const cleo = await people.cleo.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(cleo.itemId).toBe(coding.id);
    await people.cleo.call('POST', `/assignments/${cleo.assignmentId}/release`, { fence: cleo.fence });

    await flag(people.dan.userId, '*');
    expect(await statusOf(t, people.dan, 'POST', `/projects/${projectId}/queue/next`)).toBe(204);
    const gold = await t.api.createItem(projectId, preferenceItem(403, { tags: ['safety'], gold: 0 }));
    const dan = await people.dan.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(dan.itemId).toBe(gold.id);

    // Without the pause, the oldest item comes first again.
    await t.api.call('PUT', `/projects/${projectId}/workflow`, { quality: { pauseFlagged: false } });
    expect((await annotateNext(t, people.dan, projectId, () => 0)).itemId).toBe(gold.id);
    expect((await people.dan.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200)).itemId).toBe(safety.id);
  });
});
