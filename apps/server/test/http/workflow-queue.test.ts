import { captionText } from '@concord/annotation-doc';
import { assignments, items } from '@concord/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, makeProject, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, workflowProject } from './workflow-fixtures.ts';
import { auditOf, chainOf, itemWork, queueApi } from './workflow-queue-helpers.ts';

let h: Harness;
let manager: TestUser;
let ann: TestUser;
let ben: TestUser;
let rev: TestUser;
let viewer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ann = await h.makeUser({ name: 'Ann' });
  ben = await h.makeUser({ name: 'Ben' });
  rev = await h.makeUser({ name: 'Rita' });
  viewer = await h.makeUser({ name: 'Vera' });
  outsider = await h.makeUser({ name: 'Otto' });
});
afterAll(async () => {
  await h.dispose();
});

/** A project with the cast as members. */
function project(workflow: Record<string, unknown>) {
  return workflowProject(h, manager, {
    taskType: 'alignment',
    workflow,
    members: [[ann, 'annotator'], [ben, 'annotator'], [rev, 'reviewer'], [viewer, 'viewer']],
  });
}

/** An alignment item with no caption: the default configuration requires one. */
const captionless = { taskType: 'alignment', image: { mediaId: 'med_street', width: 640, height: 480 } } as const;

describe('settings', () => {
  it('[S1] {} reads as every default; members read, outsiders get 404', async () => {
    const projectId = await makeProject(h, manager);
    const res = await queueApi(h, manager).settings(projectId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      overlap: 1,
      labeling: 'collaborative',
      review: true,
      qaSamplePercent: 0,
      managerAcceptance: false,
      leaseSeconds: 600,
      disputes: { auto: true, iou: 0.5, rubricDelta: 1, textSimilarity: 0.8 },
      quality: { agreementThreshold: 0.75, goldAccuracyThreshold: 0.8, goldRatePercent: 10, minUnits: 10, windowDays: 90, pauseFlagged: false, tooFastSeconds: 10 },
    });
    expect((await queueApi(h, outsider).settings(projectId)).status).toBe(404);
  });

  it('[S1] [S2] a change needs workflow.update, is validated as a whole and audited with before and after', async () => {
    const projectId = await project({});
    expect((await queueApi(h, ann).settings(projectId, { review: false })).status).toBe(403);
    const collaborativeOverlap = await queueApi(h, manager).settings(projectId, { overlap: 2 });
    expect(collaborativeOverlap.status).toBe(400);
    expect(collaborativeOverlap.body.error.details).toEqual([expect.objectContaining({ path: 'overlap' })]);
    expect((await queueApi(h, manager).settings(projectId, { leaseSeconds: 1 })).status).toBe(400);
    expect((await queueApi(h, manager).settings(projectId, { owner: 'me' })).status).toBe(400);
    const changed = await queueApi(h, manager).settings(projectId, { overlap: 2, labeling: 'blind', disputes: { iou: 0.7 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ overlap: 2, labeling: 'blind', disputes: { auto: true, iou: 0.7 } });
    expect((await queueApi(h, viewer).settings(projectId)).body).toEqual(changed.body);
    const entries = (await chainOf(h, projectId)).filter((e) => e.action === 'workflow.updated');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: manager.user.id, subjectType: 'workflow', before: { overlap: 1, labeling: 'collaborative' }, after: changed.body });
    // Nothing changed, nothing recorded.
    await queueApi(h, manager).settings(projectId, { overlap: 2 });
    expect((await chainOf(h, projectId)).filter((e) => e.action === 'workflow.updated')).toHaveLength(1);
  });

  it('[S2] the labeling mode is fixed once work exists; lowering the overlap takes no work from anyone', async () => {
    const projectId = await project({ labeling: 'blind', overlap: 2 });
    const item = await makeItem(h, projectId);
    const a = await queueApi(h, ann).next(projectId);
    const b = await queueApi(h, ben).next(projectId);
    expect([a.body.itemId, b.body.itemId]).toEqual([item.itemId, item.itemId]);
    const switched = await queueApi(h, manager).settings(projectId, { labeling: 'collaborative', overlap: 1 });
    expect(switched.status).toBe(409);
    expect(switched.body.error).toMatchObject({ code: 'labeling_locked', details: { labeling: 'blind' } });
    expect((await queueApi(h, manager).settings(projectId, { overlap: 1 })).status).toBe(200);
    expect((await itemWork(h, item.itemId)).assignments.map((r) => r.state)).toEqual(['in_progress', 'in_progress']);
    expect((await queueApi(h, ann).heartbeat(a.body.assignmentId, a.body.fence)).status).toBe(200);
    expect((await queueApi(h, rev).next(projectId)).status).toBe(204);
  });
});

describe('queue', () => {
  it('[Q1] [Q3] [Q6] next gives the oldest open item with a lease; asking again resumes it with the same fence; 204 at the end', async () => {
    const projectId = await project({ review: false });
    const first = await makeItem(h, projectId);
    const second = await makeItem(h, projectId);
    const task = await queueApi(h, ann).next(projectId);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ itemId: first.itemId, documentId: first.documentId, state: 'in_progress', projectId, tags: ['fixture'], returnReason: null });
    expect(task.body.fence).toBeGreaterThan(0);
    expect(Date.parse(task.body.leaseExpiresAt)).toBeGreaterThan(Date.now() + 590_000);
    const again = await queueApi(h, ann).next(projectId);
    expect(again.body).toMatchObject({ assignmentId: task.body.assignmentId, fence: task.body.fence });
    const tab = await queueApi(h, ann).resume(task.body.assignmentId);
    expect(tab.body.fence).toBe(task.body.fence);
    expect((await itemWork(h, first.itemId)).state).toBe('in_progress');
    expect((await auditOf(h, task.body.assignmentId)).map((e) => e.action)).toEqual(['assignment.taken']);

    expect((await queueApi(h, ann).submit(task.body.assignmentId, task.body.fence)).status).toBe(200);
    expect((await queueApi(h, ann).next(projectId)).body.itemId).toBe(second.itemId);
    expect((await queueApi(h, ben).next(projectId)).status).toBe(204);
    expect((await queueApi(h, viewer).next(projectId)).status).toBe(403);
    expect((await queueApi(h, outsider).next(projectId)).status).toBe(404);
  });

  it('[Q1] returned work comes back before new items', async () => {
    const projectId = await project({});
    await makeItem(h, projectId);
    await makeItem(h, projectId);
    const task = await queueApi(h, ann).next(projectId);
    await queueApi(h, ann).submit(task.body.assignmentId, task.body.fence);
    // The reviewer's return (R4) is another route; here its effect is written directly.
    await h.db.db.update(assignments).set({ state: 'returned', returnReason: 'incomplete', returnComment: 'Add the cyclist.' }).where(eq(assignments.id, task.body.assignmentId));
    const back = await queueApi(h, ann).next(projectId);
    expect(back.body).toMatchObject({ assignmentId: task.body.assignmentId, state: 'returned', returnReason: 'incomplete', returnComment: 'Add the cyclist.' });
    expect(back.body.fence).toBeGreaterThan(task.body.fence);
    const own = await queueApi(h, ann).tasks(projectId, 'returned');
    expect(own.body.items.map((t: { assignmentId: string }) => t.assignmentId)).toEqual([task.body.assignmentId]);
    expect((await queueApi(h, ann).tasks(projectId, 'bogus')).status).toBe(400);
    expect((await queueApi(h, ben).tasks(projectId)).body.items).toEqual([]);
  });

  it('[Q7] a manager assigns directly: in progress without a lease, overlap and duplicates refused; the next call leases it', async () => {
    const projectId = await project({ labeling: 'blind', overlap: 2 });
    const item = await makeItem(h, projectId);
    const assigned = await queueApi(h, manager).assign(projectId, item.itemId, ann.user.id);
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ itemId: item.itemId, state: 'in_progress', fence: null, leaseExpiresAt: null });
    expect(assigned.body.documentId).not.toBe(item.documentId);
    expect((await auditOf(h, assigned.body.assignmentId)).map((e) => [e.action, e.actorId])).toEqual([['assignment.assigned', manager.user.id]]);
    const twice = await queueApi(h, manager).assign(projectId, item.itemId, ann.user.id);
    expect(twice.body.error).toMatchObject({ code: 'already_assigned', details: { state: 'in_progress' } });
    expect((await queueApi(h, manager).assign(projectId, item.itemId, viewer.user.id)).status).toBe(422);
    expect((await queueApi(h, manager).assign(projectId, item.itemId, outsider.user.id)).status).toBe(422);
    expect((await queueApi(h, ann).assign(projectId, item.itemId, ben.user.id)).status).toBe(403);
    expect((await queueApi(h, manager).assign(projectId, item.itemId, ben.user.id)).status).toBe(201);
    const full = await queueApi(h, manager).assign(projectId, item.itemId, rev.user.id);
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'overlap_full', details: { state: 'in_progress' } });
    // Assigned work holds its slot until opened: the queue has nothing for the reviewer.
    expect((await queueApi(h, rev).next(projectId)).status).toBe(204);
    const opened = await queueApi(h, ann).next(projectId);
    expect(opened.body).toMatchObject({ assignmentId: assigned.body.assignmentId });
    expect(opened.body.fence).toBeGreaterThan(0);
  });
});

describe('leases and submission', () => {
  it('[Q3] [Q5] [Q8] heartbeat, submit and release carry the fence; a wrong one is 409 stale_lease, someone else 409 not_yours', async () => {
    const projectId = await project({});
    await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    const beat = await queueApi(h, ann).heartbeat(task.assignmentId, task.fence);
    expect(beat.status).toBe(200);
    expect(beat.body.fence).toBe(task.fence);
    expect(Date.parse(beat.body.leaseExpiresAt)).toBeGreaterThanOrEqual(Date.parse(task.leaseExpiresAt));
    for (const res of [
      await queueApi(h, ann).heartbeat(task.assignmentId, task.fence + 1),
      await queueApi(h, ann).submit(task.assignmentId, task.fence - 1),
      await queueApi(h, ann).release(task.assignmentId, task.fence + 7),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'stale_lease', details: { state: 'in_progress' } });
    }
    const foreign = await queueApi(h, ben).submit(task.assignmentId, task.fence);
    expect(foreign.body.error).toMatchObject({ code: 'not_yours' });
    expect((await queueApi(h, outsider).heartbeat(task.assignmentId, task.fence)).status).toBe(404);
    expect((await queueApi(h, ann).heartbeat('asg_nope', 1)).status).toBe(404);
    expect((await queueApi(h, ann).heartbeat(task.assignmentId, 'one' as unknown as number)).status).toBe(400);

    const released = await queueApi(h, ann).release(task.assignmentId, task.fence);
    expect(released.body).toMatchObject({ state: 'released', fence: null });
    expect((await itemWork(h, task.itemId)).state).toBe('todo');
    expect((await queueApi(h, ann).submit(task.assignmentId, task.fence)).body.error).toMatchObject({ code: 'stale_lease', details: { state: 'released' } });
    // Released work is never offered to its annotator again; someone else takes the slot.
    expect((await queueApi(h, ann).next(projectId)).status).toBe(204);
    expect((await queueApi(h, ben).next(projectId)).body.itemId).toBe(task.itemId);
    expect((await auditOf(h, task.assignmentId)).map((e) => e.action)).toEqual(['assignment.taken', 'assignment.released']);
  });

  it('[W13] [W17] a submission with problems is 422 with the problems and changes nothing; fixed, it goes through', async () => {
    const projectId = await project({});
    const item = await makeItem(h, projectId, { seed: captionless });
    const task = (await queueApi(h, ann).next(projectId)).body;
    const refused = await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_annotation');
    expect(refused.body.error.details.problems).toEqual([expect.objectContaining({ path: 'caption' })]);
    expect((await itemWork(h, item.itemId)).assignments[0]!.state).toBe('in_progress');
    expect((await auditOf(h, task.assignmentId)).map((e) => e.action)).toEqual(['assignment.taken']);
    await editAs(h, task.documentId, ann, (doc) => captionText(doc).insert(0, 'A bus in the rain.'));
    const done = await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'submitted', fence: null });
    const [row] = await h.db.db.select().from(assignments).where(eq(assignments.id, task.assignmentId));
    expect(row!.submittedAt).not.toBeNull();
    expect(row!.submittedState!.length).toBeGreaterThan(10);
  });

  it('[W11] [W13] [N1] [B5] review on: the item waits as submitted, review:requested and counts go out, the document re-checks', async () => {
    const projectId = await project({ review: true });
    const item = await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    const since = h.events.length;
    const notifiedSince = h.notified.length;
    await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect((await itemWork(h, item.itemId)).state).toBe('submitted');
    const sent = h.events.slice(since).map((e) => `${e.to}:${e.event}`);
    // [W20] the state only to those who see states; every member learns that the item moved.
    expect(sent).toEqual(['states:item:state', 'project:item:changed', 'project:review:requested', 'project:work:counts']);
    expect(h.events.slice(since)[1]!.payload).toEqual({ projectId, itemId: item.itemId });
    expect(h.events.slice(since)[2]!.payload).toEqual({ projectId, itemId: item.itemId, assignmentId: task.assignmentId });
    expect(h.notified.slice(notifiedSince)).toEqual([{ kind: 'document', documentId: task.documentId }]);
    const counts = await queueApi(h, viewer).counts(projectId);
    expect(counts.body).toMatchObject({ projectId, awaitingReview: 1, byState: { submitted: 1 } });
  });

  it('[W11] [W14] review off: a collaborative item is accepted on submit with the item document as final', async () => {
    const projectId = await project({ review: false });
    const item = await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    const since = h.events.length;
    await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect(await itemWork(h, item.itemId)).toMatchObject({ state: 'accepted', finalDocumentId: item.documentId });
    expect(h.events.slice(since).map((e) => e.event)).not.toContain('review:requested');
  });

  it('[W11] [W14] blind, overlap 2, review off: in progress after the first submit, accepted after the second with the earliest copy', async () => {
    const projectId = await project({ labeling: 'blind', overlap: 2, review: false, disputes: { auto: false } });
    const item = await makeItem(h, projectId);
    const a = (await queueApi(h, ann).next(projectId)).body;
    const b = (await queueApi(h, ben).next(projectId)).body;
    expect(new Set([a.documentId, b.documentId, item.documentId]).size).toBe(3);
    await queueApi(h, ann).submit(a.assignmentId, a.fence);
    expect((await itemWork(h, item.itemId)).state).toBe('in_progress');
    await queueApi(h, ben).submit(b.assignmentId, b.fence);
    expect(await itemWork(h, item.itemId)).toMatchObject({ state: 'accepted', finalDocumentId: a.documentId });
  });

  it('[W12] [Q13] refused transitions are 409 with the current state and change nothing', async () => {
    const projectId = await project({});
    await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    await queueApi(h, ann).submit(task.assignmentId, task.fence);
    const before = (await chainOf(h, projectId)).length;
    const attempts = [
      await queueApi(h, ann).resume(task.assignmentId),
      await queueApi(h, ann).submit(task.assignmentId, task.fence),
      await queueApi(h, ann).release(task.assignmentId, task.fence),
      await queueApi(h, ann).heartbeat(task.assignmentId, task.fence),
      await queueApi(h, ben).resume(task.assignmentId),
      await queueApi(h, manager).assign(projectId, task.itemId, ben.user.id),
    ];
    expect(attempts.map((r) => [r.status, r.body.error.code, r.body.error.details.state])).toEqual([
      [409, 'invalid_state', 'submitted'],
      [409, 'stale_lease', 'submitted'],
      [409, 'stale_lease', 'submitted'],
      [409, 'stale_lease', 'submitted'],
      [409, 'not_yours', 'submitted'],
      [409, 'item_closed', 'submitted'],
    ]);
    expect((await chainOf(h, projectId)).length).toBe(before);
  });

  it('[W12] [W15] work still open on an item that was decided meanwhile (rejected) cannot be submitted', async () => {
    const projectId = await project({});
    const item = await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    // The rejection itself is the reviewers' route (R4); its effect on the item is what counts here.
    await h.db.db.update(items).set({ state: 'rejected' }).where(eq(items.id, item.itemId));
    const refused = await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'item_closed', details: { state: 'rejected' } });
    expect((await queueApi(h, ann).release(task.assignmentId, task.fence)).body.state).toBe('released');
    expect((await itemWork(h, item.itemId)).state).toBe('rejected');
  });
});
