import { addRegion } from '@concord/annotation-doc';
import { auditLog, items, reviews } from '@concord/db';
import type { WorkflowSettings } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, statesOf, submit, takeItem, workflowProject } from './workflow-fixtures.ts';

let h: Harness;
let manager: TestUser;
let ann: TestUser;
let rev: TestUser;
let qa: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ann = await h.makeUser({ name: 'Ana' });
  rev = await h.makeUser({ name: 'Rita' });
  qa = await h.makeUser({ name: 'Quinn' });
});
afterAll(async () => {
  await h.dispose();
});

const api = (path: string) => `/api/v1${path}`;

/** A collaborative alignment project without review, and one item annotated (validly unless told) and submitted. */
async function submittedItem(workflow: Partial<WorkflowSettings>, label = 'vehicle') {
  const projectId = await workflowProject(h, manager, {
    taskType: 'alignment',
    workflow: { review: false, ...workflow },
    members: [[ann, 'annotator'], [rev, 'reviewer'], [qa, 'qa_lead']],
  });
  const item = await makeItem(h, projectId, { taskType: 'alignment' });
  const task = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ann, blind: false });
  await editAs(h, task.documentId, ann, (doc) => {
    addRegion(doc, { label, shape: { kind: 'box', x: 10, y: 10, w: 100, h: 100 } });
  });
  await submit(h, task.assignmentId);
  return { projectId, ...item, ...task };
}

const qaDecide = (itemId: string, json: unknown, who: TestUser = qa) => h.call('POST', api(`/items/${itemId}/qa`), { token: who.token, json });
const sampled = async (itemId: string) => (await h.db.db.select({ qaSampled: items.qaSampled }).from(items).where(eq(items.id, itemId)))[0]?.qaSampled;

describe('QA sampling [W14]', () => {
  it('[W14] sample 0%: a complete valid item is validated and accepted at once, never drawn', async () => {
    const work = await submittedItem({ qaSamplePercent: 0 });
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: work.documentId });
    expect(await sampled(work.itemId)).toBe(false);
  });

  it('[W14] sample 100%: every complete item goes to QA, drawn once', async () => {
    const work = await submittedItem({ qaSamplePercent: 100 });
    expect((await statesOf(h, work.itemId)).item).toBe('in_qa');
    expect(await sampled(work.itemId)).toBe(true);
  });

  it('[W14] a final annotation that fails validation goes to QA with its problems', async () => {
    const work = await submittedItem({ qaSamplePercent: 0 }, 'unicorn');
    expect((await statesOf(h, work.itemId)).item).toBe('in_qa');
    const [entry] = (await h.db.db.select().from(auditLog).where(eq(auditLog.itemId, work.itemId))).filter((e) => (e.after as { state?: string } | null)?.state === 'in_qa');
    expect(entry?.detail).toMatchObject({ why: 'validation_failed', problems: [expect.objectContaining({ path: expect.stringMatching(/\.label$/) })] });
  });
});

describe('QA decisions [D7]', () => {
  it('[D7] accept: validated and accepted; a QA review row and audit entry record it', async () => {
    const work = await submittedItem({ qaSamplePercent: 100 });
    const res = await qaDecide(work.itemId, { decision: 'accept' });
    expect(res.status).toBe(204);
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: work.documentId });
    expect(await h.db.db.select().from(reviews).where(eq(reviews.itemId, work.itemId))).toEqual([
      expect.objectContaining({ stage: 'qa', decision: 'accepted', assignmentId: null, reviewerId: qa.user.id, configVersion: 1 }),
    ]);
    const actions = (await h.db.db.select().from(auditLog).where(eq(auditLog.itemId, work.itemId))).map((e) => e.action);
    expect(actions).toContain('qa.accepted');
  });

  it('[D7] accept refuses a final annotation that fails validation (422) and changes nothing', async () => {
    const work = await submittedItem({ qaSamplePercent: 0 }, 'unicorn');
    const res = await qaDecide(work.itemId, { decision: 'accept' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.problems).toHaveLength(1);
    expect((await statesOf(h, work.itemId)).item).toBe('in_qa');
  });

  it('[D7] return (reason and comment): the annotation goes back to its annotator, notified; the item is in progress; resubmitted, it is QA\'d again', async () => {
    const work = await submittedItem({ qaSamplePercent: 100 });
    expect((await qaDecide(work.itemId, { decision: 'return', reasonCode: 'wrong_region' })).status).toBe(400);
    const res = await qaDecide(work.itemId, { decision: 'return', reasonCode: 'wrong_region', comment: 'The box misses the bus.' });
    expect(res.status).toBe(204);
    expect(await statesOf(h, work.itemId)).toMatchObject({ item: 'in_progress', assignments: { [work.assignmentId]: 'returned' } });
    expect(h.events).toContainEqual({
      to: 'user',
      target: ann.user.id,
      event: 'work:returned',
      payload: { projectId: work.projectId, assignmentId: work.assignmentId, itemId: work.itemId, documentId: work.documentId, reasonCode: 'wrong_region', comment: 'The box misses the bus.' },
    });
    expect(h.notified).toContainEqual({ kind: 'document', documentId: work.documentId });
    await submit(h, work.assignmentId);
    expect((await statesOf(h, work.itemId)).item).toBe('in_qa');
  });

  it('[D7] [W15] reject needs a reason; a rejected item is final', async () => {
    const work = await submittedItem({ qaSamplePercent: 100 });
    expect((await qaDecide(work.itemId, { decision: 'reject' })).status).toBe(400);
    expect((await qaDecide(work.itemId, { decision: 'reject', reasonCode: 'unsafe_content' })).status).toBe(204);
    expect((await statesOf(h, work.itemId)).item).toBe('rejected');
    const again = await qaDecide(work.itemId, { decision: 'accept' });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ state: 'rejected' });
  });

  it('[D7] refused: an item not in QA (409), an item with an open dispute (409), roles without work.adjudicate (403)', async () => {
    const done = await submittedItem({ qaSamplePercent: 0 });
    expect((await qaDecide(done.itemId, { decision: 'accept' })).body.error.details).toEqual({ state: 'accepted' });
    const work = await submittedItem({ qaSamplePercent: 100 });
    expect((await qaDecide(work.itemId, { decision: 'accept' }, rev)).status).toBe(403);
    expect((await qaDecide(work.itemId, { decision: 'accept' }, ann)).status).toBe(403);
    expect((await h.call('POST', api(`/items/${work.itemId}/disputes`), { token: rev.token, json: { comment: 'Not a bus.' } })).status).toBe(201);
    const disputed = await qaDecide(work.itemId, { decision: 'accept' });
    expect(disputed.status).toBe(409);
    expect(disputed.body.error.code).toBe('dispute_open');
    expect((await qaDecide('itm_unknown', { decision: 'accept' })).status).toBe(404);
  });
});

describe('manager acceptance [D8]', () => {
  it('[D8] with managerAcceptance a validated item waits; a manager accepts it; others cannot; twice is 409', async () => {
    const work = await submittedItem({ managerAcceptance: true });
    expect((await statesOf(h, work.itemId)).item).toBe('validated');
    expect((await h.call('POST', api(`/items/${work.itemId}/accept`), { token: rev.token })).status).toBe(403);
    expect((await h.call('POST', api(`/items/${work.itemId}/accept`), { token: manager.token })).status).toBe(204);
    expect((await statesOf(h, work.itemId)).item).toBe('accepted');
    const twice = await h.call('POST', api(`/items/${work.itemId}/accept`), { token: manager.token });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual({ state: 'accepted' });
  });

  it('[D8] without managerAcceptance there is nothing to accept (409)', async () => {
    const work = await submittedItem({ qaSamplePercent: 100 });
    const res = await h.call('POST', api(`/items/${work.itemId}/accept`), { token: manager.token });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ state: 'in_qa' });
  });
});
