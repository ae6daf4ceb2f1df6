import * as Y from 'yjs';
import { addRegion, adoptField, readDoc, setInstructionStyle, updateRegion } from '@concord/annotation-doc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.ts';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, statesOf } from './workflow-fixtures.ts';

let h: Harness;
let manager: TestUser;
let ana: TestUser;
let ben: TestUser;
let rev: TestUser;
let qa: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ana = await h.makeUser({ name: 'Ana' });
  ben = await h.makeUser({ name: 'Ben' });
  rev = await h.makeUser({ name: 'Rita' });
  qa = await h.makeUser({ name: 'Quinn' });
});
afterAll(async () => {
  await h.dispose();
});

const as = (user: TestUser) => (method: string, path: string, json?: unknown) => h.call(method, `/api/v1${path}`, { token: user.token, json });

/** A project through the API: task type, members, workflow settings. */
async function project(taskType: 'alignment' | 'instruction', workflow: Record<string, unknown>): Promise<string> {
  const created = await as(manager)('POST', '/projects', { name: 'E2E', taskType });
  const projectId = created.body.id as string;
  for (const [user, role] of [[ana, 'annotator'], [ben, 'annotator'], [rev, 'reviewer'], [qa, 'qa_lead']] as const) {
    await as(manager)('POST', `/projects/${projectId}/members`, { userId: user.user.id, role });
  }
  const settings = await as(manager)('PUT', `/projects/${projectId}/workflow`, workflow);
  if (settings.status !== 200) throw new Error(`settings: ${settings.status} ${settings.text}`);
  return projectId;
}

describe('the state machine end to end through the queue, review and dispute routes', () => {
  it('[Q1] [W13] [R2] [R4] [W14] [A1] collaborative: take, submit, returned, resubmit, accept → accepted', async () => {
    const projectId = await project('alignment', { labeling: 'collaborative', overlap: 1, review: true });
    const item = await makeItem(h, projectId, { taskType: 'alignment' });
    const { body: task } = await as(ana)('POST', `/projects/${projectId}/queue/next`);
    expect(task).toMatchObject({ itemId: item.itemId, documentId: item.documentId, state: 'in_progress' });
    await editAs(h, task.documentId, ana, (doc) => {
      addRegion(doc, { label: 'vehicle', shape: { kind: 'box', x: 10, y: 10, w: 100, h: 50 } });
    });
    expect((await as(ana)('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence })).status).toBe(200);
    expect((await as(rev)('GET', `/projects/${projectId}/reviews`)).body.items.map((e: { assignmentId: string }) => e.assignmentId)).toEqual([task.assignmentId]);

    const first = await as(rev)('POST', `/assignments/${task.assignmentId}/review/claim`);
    const returned = await as(rev)('POST', `/assignments/${task.assignmentId}/review`, { fence: first.body.fence, decision: 'return', reasonCode: 'wrong_region', comment: 'Wider box.' });
    expect(returned.body.state).toBe('returned');

    const { body: again } = await as(ana)('POST', `/projects/${projectId}/queue/next`);
    expect(again).toMatchObject({ assignmentId: task.assignmentId, state: 'returned', returnReason: 'wrong_region', returnComment: 'Wider box.' });
    await editAs(h, task.documentId, ana, (doc) => {
      const view = readDoc(doc);
      if (view.taskType === 'alignment') updateRegion(doc, view.regions[0]!.id, { shape: { kind: 'box', x: 10, y: 10, w: 300, h: 50 } });
    });
    expect((await as(ana)('POST', `/assignments/${task.assignmentId}/submit`, { fence: again.fence })).status).toBe(200);

    const second = await as(rev)('POST', `/assignments/${task.assignmentId}/review/claim`);
    expect(second.body.fence).toBeGreaterThan(first.body.fence);
    const diff = await as(rev)('GET', `/assignments/${task.assignmentId}/diff`);
    expect(diff.body.changes).toEqual([]);
    expect((await as(rev)('POST', `/assignments/${task.assignmentId}/review`, { fence: second.body.fence, decision: 'accept' })).status).toBe(200);
    expect(await statesOf(h, item.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: item.documentId });
    expect(await verifyChain(h.db.db, projectId)).toMatchObject({ ok: true, firstBad: null });
  });

  it('[Q1] [B2] [D1] [D4] [D5] [D6] blind overlap 2: two copies disagree, a dispute opens, the QA lead merges field by field and resolves → accepted', async () => {
    const projectId = await project('instruction', { labeling: 'blind', overlap: 2, review: false });
    const item = await makeItem(h, projectId, {
      seed: { taskType: 'instruction', media: [], turns: [{ role: 'user', text: 'Name a yellow fruit.' }, { role: 'assistant', text: 'A banana.' }] },
    });
    const tasks = [];
    for (const [user, style] of [[ana, 'question'], [ben, 'command']] as const) {
      const { body: task } = await as(user)('POST', `/projects/${projectId}/queue/next`);
      expect(task.documentId).not.toBe(item.documentId);
      await editAs(h, task.documentId, user, (doc) => setInstructionStyle(doc, style));
      expect((await as(user)('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence })).status).toBe(200);
      tasks.push(task);
    }
    expect((await statesOf(h, item.itemId)).item).toBe('in_qa');
    const [dispute] = (await as(qa)('GET', `/projects/${projectId}/disputes?state=open`)).body.items;
    expect(dispute).toMatchObject({ itemId: item.itemId, reasons: [{ kind: 'style', versions: tasks.map((t) => t.assignmentId) }] });
    const detail = await as(ana)('GET', `/disputes/${dispute.disputeId}`);
    expect(detail.body.versions.map((v: { content: { instruction: { style: string } } }) => v.content.instruction.style)).toEqual(['question', 'command']);

    const { body: lease } = await as(qa)('POST', `/disputes/${dispute.disputeId}/adjudicate`);
    const bens = new Y.Doc();
    Y.applyUpdate(bens, await readStoredState(h.db.db, tasks[1].documentId));
    await editAs(h, detail.body.finalDocumentId, qa, (doc) => adoptField(doc, readDoc(bens), 'instruction.style'));
    const resolved = await as(qa)('POST', `/disputes/${dispute.disputeId}/resolve`, { fence: lease.fence, method: 'merge', comment: 'A command.' });
    expect(resolved.status).toBe(200);
    expect(await statesOf(h, item.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: item.documentId });
  });
});
