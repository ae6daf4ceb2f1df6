import { captionText, readDoc } from '@concord/annotation-doc';
import { assignments, documentClients, documentUpdates } from '@concord/db';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Principal } from '../../src/services.ts';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, workflowProject } from './workflow-fixtures.ts';
import { queueApi } from './workflow-queue-helpers.ts';

let h: Harness;
let manager: TestUser;
let ann: TestUser;
let ben: TestUser;
let rev: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  h = await createHarness();
  // GET /documents/{id} reads content through the reader: let it read what is stored.
  h.services.documents.readState = (documentId) => readStoredState(h.db.db, documentId);
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ann = await h.makeUser({ name: 'Ann' });
  ben = await h.makeUser({ name: 'Ben' });
  rev = await h.makeUser({ name: 'Rita' });
  viewer = await h.makeUser({ name: 'Vera' });
});
afterAll(async () => {
  await h.dispose();
});

function project(workflow: Record<string, unknown>) {
  return workflowProject(h, manager, {
    taskType: 'alignment',
    workflow,
    members: [[ann, 'annotator'], [ben, 'annotator'], [rev, 'reviewer'], [viewer, 'viewer']],
  });
}

const prelabel = { modelId: 'florence-2', promptVersion: 'v3', caption: 'A red bus.' };
const texts = (doc: Y.Doc) => readDoc(doc);

async function access(user: TestUser, documentId: string) {
  const principal = (await h.services.accounts.authenticate(user.token)) as Principal;
  const decided = await h.services.access.documentAccess(principal, documentId);
  return decided === null ? 'none' : decided.readOnly ? 'read' : 'write';
}

describe('blind copies', () => {
  it('[B2] a copy starts as the item document’s state with its client-id bindings, so the pre-label stays the model’s', async () => {
    const projectId = await project({ labeling: 'blind', overlap: 2 });
    const item = await makeItem(h, projectId, { seed: { taskType: 'alignment', image: { mediaId: 'med_street', width: 640, height: 480 } }, prelabel });
    const task = (await queueApi(h, ann).next(projectId)).body;
    const [first, ...rest] = await h.db.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, task.documentId)).orderBy(asc(documentUpdates.seq));
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ seq: 1, origin: 'server', userId: null });
    const copy = new Y.Doc();
    const original = new Y.Doc();
    Y.applyUpdate(copy, first!.update);
    Y.applyUpdate(original, await readStoredState(h.db.db, item.documentId));
    expect(texts(copy)).toEqual(texts(original));
    const bindings = async (documentId: string) =>
      (await h.db.db.select().from(documentClients).where(eq(documentClients.documentId, documentId))).map(({ clientId, kind, modelId, promptVersion }) => ({ clientId, kind, modelId, promptVersion }));
    expect(await bindings(task.documentId)).toEqual(await bindings(item.documentId));
    const doc = await queueApi(h, ann).document(task.documentId);
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ item: { id: item.itemId }, content: { caption: 'A red bus.' } });
    expect(doc.body.provenance.caption).toMatchObject({ kind: 'model_generated', modelId: 'florence-2' });
    // The annotator's edit is theirs, on their copy only.
    await editAs(h, task.documentId, ann, (d) => captionText(d).insert(10, ' in the rain'));
    expect((await queueApi(h, ann).document(task.documentId)).body.provenance.caption).toMatchObject({ kind: 'model_then_human_edited' });
    expect((await queueApi(h, rev).document(item.documentId)).body.content.caption).toBe('A red bus.');
  });

  it('[B3] [B8] lists: the document list holds only what the caller can open; the item list one row per item, with the item document', async () => {
    const projectId = await project({ labeling: 'blind', overlap: 2 });
    const item = await makeItem(h, projectId);
    const a = (await queueApi(h, ann).next(projectId)).body;
    const b = (await queueApi(h, ben).next(projectId)).body;
    const ids = async (user: TestUser) => ((await queueApi(h, user).documents(projectId)).body.items as { id: string }[]).map((d) => d.id).sort();
    expect(await ids(ann)).toEqual([a.documentId]);
    expect(await ids(ben)).toEqual([b.documentId]);
    expect(await ids(viewer)).toEqual([item.documentId]);
    expect(await ids(manager)).toEqual([item.documentId]);
    // Paging over hidden documents neither skips nor repeats visible ones.
    const firstPage = await h.call('GET', `/api/v1/projects/${projectId}/documents?limit=1`, { token: ann.token });
    expect(firstPage.body).toEqual({ items: [expect.objectContaining({ id: a.documentId })], nextCursor: null });
    const items = await h.call('GET', `/api/v1/projects/${projectId}/items`, { token: ann.token });
    expect(items.body.items).toEqual([expect.objectContaining({ id: item.itemId, documentId: item.documentId })]);
    expect((await h.call('GET', `/api/v1/items/${item.itemId}`, { token: ann.token })).body.documentId).toBe(item.documentId);
  });
});

describe('collaborative item documents', () => {
  it('[B1] co-edited until submitted, then read-only except for the reviewer holding its review', async () => {
    const projectId = await project({ review: true });
    const item = await makeItem(h, projectId);
    expect([await access(ann, item.documentId), await access(ben, item.documentId), await access(viewer, item.documentId)]).toEqual(['write', 'write', 'read']);
    const task = (await queueApi(h, ann).next(projectId)).body;
    expect(task.documentId).toBe(item.documentId);
    expect(await access(ben, item.documentId)).toBe('write');
    await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect([await access(ann, item.documentId), await access(ben, item.documentId), await access(rev, item.documentId)]).toEqual(['read', 'read', 'read']);
    // The reviewer's claim (R2) is another route; its effect on the row is what access reads.
    await h.db.db.update(assignments).set({ state: 'in_review', reviewerId: rev.user.id, reviewLeaseExpiresAt: new Date(Date.now() + 60_000) }).where(eq(assignments.id, task.assignmentId));
    expect([await access(rev, item.documentId), await access(manager, item.documentId)]).toEqual(['write', 'read']);
  });

  it('[W18] items carry their workflow state and can be listed by it (the QA queue is ?state=in_qa)', async () => {
    const projectId = await project({ review: true });
    const first = await makeItem(h, projectId);
    await makeItem(h, projectId);
    const task = (await queueApi(h, ann).next(projectId)).body;
    expect(task.itemId).toBe(first.itemId);
    const list = async (query: string) => (await h.call('GET', `/api/v1/projects/${projectId}/items${query}`, { token: manager.token }));
    expect((await list('?state=in_progress')).body.items.map((i: { id: string; state: string }) => [i.id, i.state])).toEqual([[first.itemId, 'in_progress']]);
    expect((await list('?state=todo')).body.items).toHaveLength(1);
    expect((await list('?state=accepted')).body.items).toEqual([]);
    expect((await list('?state=drop%20table')).status).toBe(400);
  });

  it('[B10] GET /documents/{id} says whether the caller may write it now', async () => {
    const projectId = await project({ review: true });
    const item = await makeItem(h, projectId);
    const readOnly = async (user: TestUser) => (await h.call('GET', `/api/v1/documents/${item.documentId}`, { token: user.token })).body.readOnly as boolean;
    expect([await readOnly(ann), await readOnly(viewer)]).toEqual([false, true]);
    const task = (await queueApi(h, ann).next(projectId)).body;
    await queueApi(h, ann).submit(task.assignmentId, task.fence);
    expect([await readOnly(ann), await readOnly(rev)]).toEqual([true, true]);
  });
});

describe('overview', () => {
  it('[S3] [N2] overview: counts, 30 UTC days of submissions and acceptances, and each annotator’s work (work.assign)', async () => {
    const projectId = await project({ review: false });
    await makeItem(h, projectId);
    await makeItem(h, projectId);
    await makeItem(h, projectId);
    const a = (await queueApi(h, ann).next(projectId)).body;
    await queueApi(h, ann).submit(a.assignmentId, a.fence);
    await queueApi(h, ben).next(projectId);
    expect((await queueApi(h, ann).overview(projectId)).status).toBe(403);
    const res = await queueApi(h, manager).overview(projectId);
    expect(res.status).toBe(200);
    expect(res.body.counts).toMatchObject({ projectId, byState: { accepted: 1, in_progress: 1, todo: 1 }, awaitingReview: 0, openDisputes: 0 });
    expect(res.body.throughput).toHaveLength(30);
    expect(res.body.throughput.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), submitted: 1, accepted: 1 });
    expect(res.body.throughput.slice(0, -1).every((d: { submitted: number; accepted: number }) => d.submitted === 0 && d.accepted === 0)).toBe(true);
    expect(res.body.perAnnotator).toEqual([
      { userId: ann.user.id, name: 'Ann', inProgress: 0, submitted: 1, accepted: 0, returned: 0 },
      { userId: ben.user.id, name: 'Ben', inProgress: 1, submitted: 0, accepted: 0, returned: 0 },
    ]);
    expect((await queueApi(h, viewer).counts(projectId)).body).toEqual(res.body.counts);
  });
});
