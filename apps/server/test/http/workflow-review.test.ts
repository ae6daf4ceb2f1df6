import { addRegion } from '@concord/annotation-doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, statesOf, submit, takeItem, workflowProject } from './workflow-fixtures.ts';

let h: Harness;
let manager: TestUser;
let ann: TestUser;
let ann2: TestUser;
let rev: TestUser;
let rev2: TestUser;
let projectId: string;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ann = await h.makeUser({ name: 'Ana' });
  ann2 = await h.makeUser({ name: 'Ben' });
  rev = await h.makeUser({ name: 'Rita' });
  rev2 = await h.makeUser({ name: 'Raul' });
  projectId = await workflowProject(h, manager, {
    taskType: 'alignment',
    workflow: { overlap: 1, labeling: 'collaborative', review: true },
    members: [[ann, 'annotator'], [ann2, 'reviewer'], [rev, 'reviewer'], [rev2, 'reviewer']],
  });
});
afterAll(async () => {
  await h.dispose();
});

const api = (path: string) => `/api/v1${path}`;

/** An alignment item annotated by `who` (one labelled box) and submitted. */
async function submitted(who: TestUser = ann) {
  const item = await makeItem(h, projectId, { taskType: 'alignment' });
  const task = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: who, blind: false });
  await editAs(h, task.documentId, who, (doc) => {
    addRegion(doc, { label: 'vehicle', shape: { kind: 'box', x: 10, y: 10, w: 200, h: 100 } });
  });
  await submit(h, task.assignmentId);
  return { ...item, ...task };
}

describe('review queue and lease', () => {
  it('[R1] lists submitted annotations oldest first with annotator, title and tags; never in-progress work', async () => {
    const first = await submitted();
    const item = await makeItem(h, projectId, { taskType: 'alignment' });
    const working = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
    const res = await h.call('GET', api(`/projects/${projectId}/reviews?state=submitted`), { token: rev.token });
    expect(res.status).toBe(200);
    const entry = res.body.items.find((e: { assignmentId: string }) => e.assignmentId === first.assignmentId);
    expect(entry).toMatchObject({ itemId: first.itemId, documentId: first.documentId, annotator: { id: ann.user.id, name: 'Ana' }, state: 'submitted', tags: ['fixture'], reviewer: null });
    expect(entry.title).toContain('red bus');
    expect(res.body.items.map((e: { assignmentId: string }) => e.assignmentId)).not.toContain(working.assignmentId);
    const times = res.body.items.map((e: { submittedAt: string }) => e.submittedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('[R1] needs work.review: an annotator gets 403, an outsider 404; unknown states are 400', async () => {
    const outsider = await h.makeUser();
    expect((await h.call('GET', api(`/projects/${projectId}/reviews`), { token: ann.token })).status).toBe(403);
    expect((await h.call('GET', api(`/projects/${projectId}/reviews`), { token: outsider.token })).status).toBe(404);
    expect((await h.call('GET', api(`/projects/${projectId}/reviews?state=accepted`), { token: rev.token })).status).toBe(400);
  });

  it('[R5] a reviewer cannot review their own annotation (403), and nothing changes', async () => {
    const own = await submitted(ann2);
    const res = await h.call('POST', api(`/assignments/${own.assignmentId}/review/claim`), { token: ann2.token });
    expect(res.status).toBe(403);
    expect((await statesOf(h, own.itemId)).assignments[own.assignmentId]).toBe('submitted');
  });

  it('[R2] claiming takes a fenced lease: assignment and item in_review, the copy re-checked; another reviewer gets 409 naming the holder', async () => {
    const work = await submitted();
    const before = h.notified.length;
    const claim = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev.token });
    expect(claim.status).toBe(200);
    expect(claim.body).toEqual({ fence: expect.any(Number), leaseExpiresAt: expect.any(String) });
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'in_review', assignments: { [work.assignmentId]: 'in_review' } });
    expect(h.notified.slice(before)).toContainEqual({ kind: 'document', documentId: work.documentId });
    expect(h.events.some((e) => e.event === 'item:state' && (e.payload as { itemId: string }).itemId === work.itemId)).toBe(true);

    const other = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev2.token });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'lease_held', details: { reviewer: { id: rev.user.id, name: 'Rita' } } });

    const again = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev.token });
    expect(again.status).toBe(200);
    expect(again.body.fence).toBe(claim.body.fence);

    const listed = await h.call('GET', api(`/projects/${projectId}/reviews?state=in_review`), { token: rev2.token });
    expect(listed.body.items.find((e: { assignmentId: string }) => e.assignmentId === work.assignmentId)?.reviewer).toEqual({ id: rev.user.id, name: 'Rita' });
  });

  it('[R2] heartbeat renews with the right fence; a wrong fence or another user is 409 stale_lease', async () => {
    const work = await submitted();
    const { body: lease } = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev.token });
    const ok = await h.call('POST', api(`/assignments/${work.assignmentId}/review/heartbeat`), { token: rev.token, json: { fence: lease.fence } });
    expect(ok.status).toBe(200);
    expect(ok.body.fence).toBe(lease.fence);
    const wrong = await h.call('POST', api(`/assignments/${work.assignmentId}/review/heartbeat`), { token: rev.token, json: { fence: lease.fence + 1 } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('stale_lease');
    const stranger = await h.call('POST', api(`/assignments/${work.assignmentId}/review/heartbeat`), { token: rev2.token, json: { fence: lease.fence } });
    expect(stranger.body.error.code).toBe('stale_lease');
    expect((await h.call('POST', api(`/assignments/${work.assignmentId}/review/heartbeat`), { token: rev.token, json: {} })).status).toBe(400);
  });

  it('[R2] release gives the annotation back: submitted again for any reviewer, item submitted; a second release is stale', async () => {
    const work = await submitted();
    const { body: lease } = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev.token });
    const released = await h.call('POST', api(`/assignments/${work.assignmentId}/review/release`), { token: rev.token, json: { fence: lease.fence } });
    expect(released.status).toBe(204);
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'submitted', assignments: { [work.assignmentId]: 'submitted' } });
    const twice = await h.call('POST', api(`/assignments/${work.assignmentId}/review/release`), { token: rev.token, json: { fence: lease.fence } });
    expect(twice.status).toBe(409);
    const other = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev2.token });
    expect(other.status).toBe(200);
    expect(other.body.fence).toBeGreaterThan(lease.fence);
  });

  it('[R2] in-progress work and unknown ids cannot be claimed (409 with the state, 404)', async () => {
    const item = await makeItem(h, projectId, { taskType: 'alignment' });
    const task = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
    const res = await h.call('POST', api(`/assignments/${task.assignmentId}/review/claim`), { token: rev.token });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ state: 'in_progress' });
    expect((await h.call('POST', api('/assignments/asg_nope/review/claim'), { token: rev.token })).status).toBe(404);
    expect((await h.call('POST', api(`/assignments/${task.assignmentId}/review/claim`), { token: ann.token })).status).toBe(403);
  });
});

describe('lapsed review leases', () => {
  it('[R6] a lapsed claim is taken over by another reviewer with a higher fence; the first holder is stale', async () => {
    const fast = await workflowProject(h, manager, {
      taskType: 'alignment',
      workflow: { leaseSeconds: 2 },
      members: [[ann, 'annotator'], [rev, 'reviewer'], [rev2, 'reviewer']],
    });
    const item = await makeItem(h, fast, { taskType: 'alignment' });
    const task = await takeItem(h, { projectId: fast, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
    await submit(h, task.assignmentId);
    const first = await h.call('POST', api(`/assignments/${task.assignmentId}/review/claim`), { token: rev.token });
    expect(first.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const listed = await h.call('GET', api(`/projects/${fast}/reviews`), { token: rev2.token });
    expect(listed.body.items[0]).toMatchObject({ state: 'in_review', reviewer: null });
    const second = await h.call('POST', api(`/assignments/${task.assignmentId}/review/claim`), { token: rev2.token });
    expect(second.status).toBe(200);
    expect(second.body.fence).toBeGreaterThan(first.body.fence);
    const stale = await h.call('POST', api(`/assignments/${task.assignmentId}/review/heartbeat`), { token: rev.token, json: { fence: first.body.fence } });
    expect(stale.body.error.code).toBe('stale_lease');
  });
});
