import { assignments } from '@concord/db';
import { testDbKinds } from '@concord/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createHarness, type Harness, type TestUser } from './harness.ts';
import { makeItem, workflowProject } from './workflow-fixtures.ts';
import { itemWork, queueApi, sleep } from './workflow-queue-helpers.ts';

describe.each(testDbKinds())('queue races on %s', (kind) => {
  let h: Harness;
  let manager: TestUser;
  let crowd: TestUser[];

  beforeAll(async () => {
    h = await createHarness({}, { dbKind: kind });
    manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
    crowd = [];
    for (let i = 0; i < 30; i++) crowd.push(await h.makeUser({ name: `Annotator ${i}` }));
  });
  afterAll(async () => {
    await h.dispose();
  });

  async function crowdProject(workflow: Record<string, unknown>, people = crowd) {
    const projectId = await workflowProject(h, manager, { taskType: 'alignment', workflow });
    for (const user of people) await addMember(h, manager, projectId, user.user.id, 'annotator');
    return projectId;
  }

  it('[Q2] 30 people asking at once for 5 items with overlap 2 get exactly 10 slots, never 3 on an item nor one person twice', async () => {
    const projectId = await crowdProject({ labeling: 'blind', overlap: 2 });
    const itemIds: string[] = [];
    for (let i = 0; i < 5; i++) itemIds.push((await makeItem(h, projectId)).itemId);
    const answers = await Promise.all(crowd.map((user) => queueApi(h, user).next(projectId)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 204)).toHaveLength(20);
    const rows = await h.db.db.select().from(assignments).where(eq(assignments.projectId, projectId));
    expect(rows).toHaveLength(10);
    for (const itemId of itemIds) {
      const work = await itemWork(h, itemId);
      expect(work.assignments).toHaveLength(2);
      expect(new Set(work.assignments.map((a) => a.userId)).size).toBe(2);
      expect(new Set(work.assignments.map((a) => a.documentId)).size).toBe(2);
      expect(work.state).toBe('in_progress');
    }
    // Asking again, at once: everyone holding work resumes it with the same fence; nobody gets more.
    const again = await Promise.all(crowd.map((user) => queueApi(h, user).next(projectId)));
    const before = new Map(answers.filter((r) => r.status === 200).map((r) => [r.body.assignmentId, r.body.fence]));
    const resumed = again.filter((r) => r.status === 200);
    expect(resumed).toHaveLength(10);
    for (const r of resumed) expect(before.get(r.body.assignmentId)).toBe(r.body.fence);
    expect(await h.db.db.select().from(assignments).where(eq(assignments.projectId, projectId))).toHaveLength(10);
  });

  it('[Q2] [Q11] one person double-clicking next gets one task, not two', async () => {
    const [one] = crowd;
    const projectId = await crowdProject({}, [one!]);
    for (let i = 0; i < 3; i++) await makeItem(h, projectId);
    const answers = await Promise.all(Array.from({ length: 8 }, () => queueApi(h, one!).next(projectId)));
    expect(new Set(answers.map((r) => r.body.assignmentId)).size).toBe(1);
    expect(new Set(answers.map((r) => r.body.fence)).size).toBe(1);
  });

  it('[Q4] [Q5] 20 holders stall past a 3 s lease and 20 others take their slots: all 60 stale heartbeats, submits and releases are refused', async () => {
    const extra: TestUser[] = [];
    for (let i = 0; i < 10; i++) extra.push(await h.makeUser({ name: `Late ${i}` }));
    const holders = crowd.slice(0, 20);
    const takers = [...crowd.slice(20), ...extra];
    const projectId = await crowdProject({ leaseSeconds: 3, review: false }, [...holders, ...takers]);
    for (let i = 0; i < 20; i++) await makeItem(h, projectId);
    const stalled = (await Promise.all(holders.map((user) => queueApi(h, user).next(projectId)))).map((r) => r.body);
    expect(new Set(stalled.map((t) => t.itemId)).size).toBe(20);
    await sleep(3_300);
    // The takers' own leases must outlast the test (PGlite runs the twenty takes one after another).
    expect((await queueApi(h, manager).settings(projectId, { leaseSeconds: 600 })).status).toBe(200);
    const taken = await Promise.all(takers.map((user) => queueApi(h, user).next(projectId)));
    expect(taken.map((r) => r.status)).toEqual(takers.map(() => 200));
    expect(new Set(taken.map((r) => r.body.itemId))).toEqual(new Set(stalled.map((t) => t.itemId)));
    const outcomes: string[] = [];
    for (const [i, task] of stalled.entries()) {
      const holder = holders[i]!;
      for (const res of [
        await queueApi(h, holder).heartbeat(task.assignmentId, task.fence),
        await queueApi(h, holder).submit(task.assignmentId, task.fence),
        await queueApi(h, holder).release(task.assignmentId, task.fence),
      ]) {
        outcomes.push(`${res.status} ${res.body.error?.code} ${res.body.error?.details?.state}`);
      }
    }
    expect(outcomes).toEqual(stalled.flatMap(() => Array(3).fill('409 stale_lease expired')));
    for (const [i, task] of taken.entries()) {
      expect((await queueApi(h, takers[i]!).submit(task.body.assignmentId, task.body.fence)).status).toBe(200);
    }
  });

  it('[Q4] [Q9] lapsed work whose slot is still free resumes with a higher fence; the old fence is stale', async () => {
    const [one] = crowd;
    const projectId = await crowdProject({ leaseSeconds: 2 }, [one!]);
    await makeItem(h, projectId);
    const task = (await queueApi(h, one!).next(projectId)).body;
    await sleep(2_200);
    expect((await queueApi(h, one!).heartbeat(task.assignmentId, task.fence)).body.error).toMatchObject({ code: 'stale_lease', details: { state: 'in_progress' } });
    const back = (await queueApi(h, one!).next(projectId)).body;
    expect(back.assignmentId).toBe(task.assignmentId);
    expect(back.fence).toBeGreaterThan(task.fence);
    expect((await queueApi(h, one!).submit(task.assignmentId, task.fence)).body.error.code).toBe('stale_lease');
    expect((await queueApi(h, one!).submit(back.assignmentId, back.fence)).status).toBe(200);
  });

  it('[S2] [Q10] [Q12] after the overlap was lowered, lapsed work with no slot left expires when its owner asks for more; they get 204', async () => {
    const [a, b] = crowd;
    const projectId = await crowdProject({ labeling: 'blind', overlap: 2, leaseSeconds: 2 }, [a!, b!]);
    const item = await makeItem(h, projectId);
    const first = (await queueApi(h, a!).next(projectId)).body;
    const second = (await queueApi(h, b!).next(projectId)).body;
    expect((await queueApi(h, manager).settings(projectId, { overlap: 1 })).status).toBe(200);
    await sleep(1_200);
    expect((await queueApi(h, b!).heartbeat(second.assignmentId, second.fence)).status).toBe(200);
    await sleep(1_000);
    expect((await queueApi(h, a!).next(projectId)).status).toBe(204);
    expect(Object.fromEntries((await itemWork(h, item.itemId)).assignments.map((r) => [r.id, r.state]))).toEqual({
      [first.assignmentId]: 'expired',
      [second.assignmentId]: 'in_progress',
    });
    expect((await queueApi(h, a!).submit(first.assignmentId, first.fence)).body.error).toMatchObject({ code: 'stale_lease', details: { state: 'expired' } });
  });

  it('[Q4] [Q10] work that lost its slot stays expired: resuming it is 409 overlap_full while the new holder works', async () => {
    const [a, b] = crowd;
    const projectId = await crowdProject({ leaseSeconds: 2 }, [a!, b!]);
    const item = await makeItem(h, projectId);
    const lapsed = (await queueApi(h, a!).next(projectId)).body;
    await sleep(2_200);
    const taker = (await queueApi(h, b!).next(projectId)).body;
    expect(taker.itemId).toBe(item.itemId);
    const resumed = await queueApi(h, a!).resume(lapsed.assignmentId);
    expect(resumed.body.error).toMatchObject({ code: 'overlap_full' });
    expect(Object.fromEntries((await itemWork(h, item.itemId)).assignments.map((r) => [r.userId, r.state]))).toEqual({
      [a!.user.id]: 'expired',
      [b!.user.id]: 'in_progress',
    });
  });
});
