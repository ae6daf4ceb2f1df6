import { setInstructionStyle, type ItemSeed } from '@concord/annotation-doc';
import { assignments } from '@concord/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, submit, takeItem, workflowProject } from './workflow-fixtures.ts';

let h: Harness;
let manager: TestUser;
let ana: TestUser;
let ben: TestUser;
let busy: TestUser;
let free: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ana = await h.makeUser({ name: 'Ana' });
  ben = await h.makeUser({ name: 'Ben' });
  busy = await h.makeUser({ name: 'Busy reviewer' });
  free = await h.makeUser({ name: 'Free reviewer' });
});
afterAll(async () => {
  await h.dispose();
});

const api = (path: string) => `/api/v1${path}`;
const seed: ItemSeed = { taskType: 'instruction', media: [], turns: [{ role: 'user', text: 'Name a yellow fruit.' }, { role: 'assistant', text: 'A banana.' }] };
const ids = (res: { body: { items: Array<{ assignmentId?: string; disputeId?: string }> } }) => res.body.items.map((e) => e.assignmentId ?? e.disputeId);

/** A blind item Ana and Ben submitted, on which `busy` (a reviewer) has work of their own not submitted. */
async function setup(workflow: Record<string, unknown>, busyState: 'in_progress' | 'released') {
  const projectId = await workflowProject(h, manager, {
    taskType: 'instruction',
    workflow: { labeling: 'blind', ...workflow },
    members: [[ana, 'annotator'], [ben, 'annotator'], [busy, 'reviewer'], [free, 'reviewer']],
  });
  const item = await makeItem(h, projectId, { seed });
  const copies = [];
  for (const [user, style] of [[ana, 'question'], [ben, 'command']] as const) {
    const task = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user, blind: true });
    await editAs(h, task.documentId, user, (doc) => setInstructionStyle(doc, style));
    copies.push(task);
  }
  const mine = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: busy, blind: true });
  if (busyState === 'released') await h.db.db.update(assignments).set({ state: 'released', leaseExpiresAt: null }).where(eq(assignments.id, mine.assignmentId));
  for (const c of copies) await submit(h, c.assignmentId);
  return { projectId, ...item, copies };
}

describe('nothing of others\' work for someone with unsubmitted work on the item [R8]', () => {
  it('[R8] [B3] reviews: not listed, not claimable, no diff (404, like a missing id); another reviewer sees them', async () => {
    const s = await setup({ overlap: 3, review: true }, 'in_progress');
    const [first] = s.copies;
    expect(ids(await h.call('GET', api(`/projects/${s.projectId}/reviews`), { token: busy.token }))).toEqual([]);
    expect(ids(await h.call('GET', api(`/projects/${s.projectId}/reviews`), { token: free.token }))).toEqual(s.copies.map((c) => c.assignmentId));
    const claim = await h.call('POST', api(`/assignments/${first!.assignmentId}/review/claim`), { token: busy.token });
    expect(claim.status).toBe(404);
    expect((await h.call('GET', api(`/assignments/${first!.assignmentId}/diff`), { token: busy.token })).status).toBe(404);
    expect((await h.call('GET', api(`/assignments/${first!.assignmentId}/diff`), { token: free.token })).status).toBe(200);
  });

  it('[R8] [D4] disputes: not listed and 404 for someone whose work on the item is released; shown to others', async () => {
    const s = await setup({ overlap: 2, review: false }, 'released');
    const open = await h.call('GET', api(`/projects/${s.projectId}/disputes`), { token: free.token });
    expect(open.body.items).toHaveLength(1);
    const [dispute] = open.body.items;
    expect(ids(await h.call('GET', api(`/projects/${s.projectId}/disputes`), { token: busy.token }))).toEqual([]);
    expect((await h.call('GET', api(`/disputes/${dispute.disputeId}`), { token: busy.token })).status).toBe(404);
    const detail = await h.call('GET', api(`/disputes/${dispute.disputeId}`), { token: free.token });
    expect(detail.body.versions).toHaveLength(2);
  });
});
