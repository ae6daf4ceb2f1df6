import { addRegion, readDoc, updateRegion } from '@concord/annotation-doc';
import { auditLog, reviews } from '@concord/db';
import { asc, eq } from 'drizzle-orm';
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
    const decision = await h.call('POST', api(`/assignments/${task.assignmentId}/review`), { token: rev.token, json: { fence: first.body.fence, decision: 'accept' } });
    expect(decision.body.error.code).toBe('stale_lease');
  });

  it('[R4] a reviewer who stalled past the lease cannot decide, even when nobody took it over', async () => {
    const fast = await workflowProject(h, manager, { taskType: 'alignment', workflow: { leaseSeconds: 2 }, members: [[ann, 'annotator'], [rev, 'reviewer']] });
    const item = await makeItem(h, fast, { taskType: 'alignment' });
    const task = await takeItem(h, { projectId: fast, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
    await submit(h, task.assignmentId);
    const { body: lease } = await h.call('POST', api(`/assignments/${task.assignmentId}/review/claim`), { token: rev.token });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const res = await h.call('POST', api(`/assignments/${task.assignmentId}/review`), { token: rev.token, json: { fence: lease.fence, decision: 'accept' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('stale_lease');
    expect((await statesOf(h, item.itemId)).assignments[task.assignmentId]).toBe('in_review');
  });
});

/** Claims a submitted annotation as `who`; returns the fence. */
async function claim(assignmentId: string, who: TestUser = rev): Promise<number> {
  const res = await h.call('POST', api(`/assignments/${assignmentId}/review/claim`), { token: who.token });
  if (res.status !== 200) throw new Error(`claim: ${res.status} ${res.text}`);
  return res.body.fence as number;
}

function regionIdOf(doc: Parameters<typeof readDoc>[0]): string {
  const view = readDoc(doc);
  if (view.taskType !== 'alignment') throw new Error('not alignment');
  return view.regions[0]!.id;
}

const decide = (assignmentId: string, json: unknown, who: TestUser = rev) => h.call('POST', api(`/assignments/${assignmentId}/review`), { token: who.token, json });
const reviewRows = (assignmentId: string) => h.db.db.select().from(reviews).where(eq(reviews.assignmentId, assignmentId));
const auditOf = (subjectId: string) => h.db.db.select().from(auditLog).where(eq(auditLog.subjectId, subjectId)).orderBy(asc(auditLog.seq));

describe('review decisions', () => {
  it('[R3] the diff shows the reviewer\'s edits against the submitted version, with who changed each field', async () => {
    const work = await submitted();
    await claim(work.assignmentId);
    let regionId = '';
    await editAs(h, work.documentId, rev, (doc) => {
      regionId = regionIdOf(doc);
      updateRegion(doc, regionId, { label: 'person' });
    });
    const res = await h.call('GET', api(`/assignments/${work.assignmentId}/diff`), { token: rev.token });
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual([{ path: `regions.${regionId}.label`, kind: 'changed', before: 'vehicle', after: 'person', changedBy: 'Rita' }]);
    const own = await h.call('GET', api(`/assignments/${work.assignmentId}/diff`), { token: ann.token });
    expect(own.status).toBe(200);
    expect(own.body.changes).toHaveLength(1);
  });

  it('[R3] an annotator sees no diff of someone else\'s work (404), nor of their own before submitting (403)', async () => {
    const work = await submitted(ann2);
    expect((await h.call('GET', api(`/assignments/${work.assignmentId}/diff`), { token: ann.token })).status).toBe(404);
    const item = await makeItem(h, projectId, { taskType: 'alignment' });
    const task = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
    expect((await h.call('GET', api(`/assignments/${task.assignmentId}/diff`), { token: ann.token })).status).toBe(403);
    const reviewer = await h.call('GET', api(`/assignments/${task.assignmentId}/diff`), { token: rev.token });
    expect(reviewer.status).toBe(409);
    expect(reviewer.body.error.details).toEqual({ state: 'in_progress' });
  });

  it('[R4] [W14] accept after editing: assignment accepted, review row (edited, config version), audit, and the item completes to accepted', async () => {
    const work = await submitted();
    const fence = await claim(work.assignmentId);
    await editAs(h, work.documentId, rev, (doc) => updateRegion(doc, regionIdOf(doc), { label: 'person' }));
    const res = await decide(work.assignmentId, { fence, decision: 'accept' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assignmentId: work.assignmentId, state: 'accepted', reviewer: null });
    expect(await reviewRows(work.assignmentId)).toEqual([
      expect.objectContaining({ stage: 'review', decision: 'accepted', edited: true, configVersion: 1, reviewerId: rev.user.id, reasonCode: null }),
    ]);
    expect((await auditOf(work.assignmentId)).map((e) => e.action)).toEqual(['review.claimed', 'review.accepted']);
    expect(await statesOf(h, work.itemId)).toEqual({ item: 'accepted', finalDocumentId: work.documentId, assignments: { [work.assignmentId]: 'accepted' } });
    const states = h.events.filter((e) => e.event === 'item:state' && (e.payload as { itemId: string }).itemId === work.itemId).map((e) => (e.payload as { state: string }).state);
    expect(states).toEqual(['in_progress', 'submitted', 'in_review', 'validated', 'accepted']);
  });

  it('[R4] accepting untouched work records edited: false; the lease is gone afterwards', async () => {
    const work = await submitted();
    const fence = await claim(work.assignmentId);
    expect((await decide(work.assignmentId, { fence, decision: 'accept' })).status).toBe(200);
    expect((await reviewRows(work.assignmentId))[0]?.edited).toBe(false);
    const again = await decide(work.assignmentId, { fence, decision: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'stale_lease', details: { state: 'accepted' } });
  });

  it('[R4] return needs a reason code and a comment (400), then goes back to the annotator, notified, their document re-checked', async () => {
    const work = await submitted();
    const fence = await claim(work.assignmentId);
    const noComment = await decide(work.assignmentId, { fence, decision: 'return', reasonCode: 'incomplete' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details.map((d: { path: string }) => d.path)).toEqual(['comment']);
    expect((await decide(work.assignmentId, { fence, decision: 'return', comment: 'Box the cyclist too.' })).status).toBe(400);
    expect((await decide(work.assignmentId, { fence, decision: 'return', reasonCode: 'nope', comment: 'x' })).status).toBe(400);
    const notifiedBefore = h.notified.length;
    const res = await decide(work.assignmentId, { fence, decision: 'return', reasonCode: 'incomplete', comment: 'Box the cyclist too.' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('returned');
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'in_progress', assignments: { [work.assignmentId]: 'returned' } });
    expect(h.events).toContainEqual({
      to: 'user',
      target: ann.user.id,
      event: 'work:returned',
      payload: { projectId, assignmentId: work.assignmentId, itemId: work.itemId, documentId: work.documentId, reasonCode: 'incomplete', comment: 'Box the cyclist too.' },
    });
    expect(h.notified.slice(notifiedBefore)).toContainEqual({ kind: 'document', documentId: work.documentId });
    expect(await reviewRows(work.assignmentId)).toEqual([expect.objectContaining({ decision: 'returned', reasonCode: 'incomplete', comment: 'Box the cyclist too.' })]);
    expect((await auditOf(work.assignmentId)).at(-1)).toMatchObject({ action: 'review.returned', actorId: rev.user.id, detail: expect.objectContaining({ reasonCode: 'incomplete' }) });
  });

  it('[R4] [W15] reject needs a reason; the item is rejected for good and leaves the review list', async () => {
    const work = await submitted();
    const fence = await claim(work.assignmentId);
    expect((await decide(work.assignmentId, { fence, decision: 'reject' })).status).toBe(400);
    const res = await decide(work.assignmentId, { fence, decision: 'reject', reasonCode: 'bad_item' });
    expect(res.status).toBe(200);
    expect((await statesOf(h, work.itemId)).item).toBe('rejected');
    expect(await reviewRows(work.assignmentId)).toEqual([expect.objectContaining({ decision: 'rejected', reasonCode: 'bad_item' })]);
    const listed = await h.call('GET', api(`/projects/${projectId}/reviews`), { token: rev.token });
    expect(listed.body.items.map((e: { assignmentId: string }) => e.assignmentId)).not.toContain(work.assignmentId);
    const reclaim = await h.call('POST', api(`/assignments/${work.assignmentId}/review/claim`), { token: rev2.token });
    expect(reclaim.status).toBe(409);
    expect(reclaim.body.error.details).toMatchObject({ state: 'rejected' });
  });

  it('[R4] [W12] a decision without the lease is 409 stale_lease and changes nothing: not the claimer, a released claim, a wrong fence', async () => {
    const work = await submitted();
    const fence = await claim(work.assignmentId);
    expect((await decide(work.assignmentId, { fence, decision: 'accept' }, rev2)).body.error.code).toBe('stale_lease');
    expect((await decide(work.assignmentId, { fence: fence + 5, decision: 'accept' })).body.error.code).toBe('stale_lease');
    await h.call('POST', api(`/assignments/${work.assignmentId}/review/release`), { token: rev.token, json: { fence } });
    const late = await decide(work.assignmentId, { fence, decision: 'accept' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'stale_lease' });
    expect(await reviewRows(work.assignmentId)).toEqual([]);
    expect((await statesOf(h, work.itemId)).assignments[work.assignmentId]).toBe('submitted');
  });
});
