import * as Y from 'yjs';
import { addRegion, adoptAll, provenanceOf, readDoc, setChoice, setInstructionStyle, setScore, type ItemSeed, type TaskType } from '@concord/annotation-doc';
import { auditLog, documents } from '@concord/db';
import type { WorkflowSettings } from '@concord/protocol';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentActors } from '../../src/items/document-view.ts';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import { createHarness, type Harness, type TestUser } from './harness.ts';
import { editAs, makeItem, statesOf, submit, takeItem, workflowProject } from './workflow-fixtures.ts';

let h: Harness;
let manager: TestUser;
let ana: TestUser;
let ben: TestUser;
let rev: TestUser;
let qa1: TestUser;
let qa2: TestUser;

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  ana = await h.makeUser({ name: 'Ana' });
  ben = await h.makeUser({ name: 'Ben' });
  rev = await h.makeUser({ name: 'Rita' });
  qa1 = await h.makeUser({ name: 'Quinn' });
  qa2 = await h.makeUser({ name: 'Quentin' });
});
afterAll(async () => {
  await h.dispose();
});

const api = (path: string) => `/api/v1${path}`;
const members: Array<[TestUser, string]> = [];
const pairwise = { preferenceMode: 'pairwise' as const, requireAllScores: false, minRationaleLength: 0 };
const preferenceSeed: ItemSeed = {
  taskType: 'preference',
  prompt: { text: 'Explain photosynthesis in one sentence.', media: [] },
  responses: [
    { modelId: 'model-a', text: 'Plants turn light, water and carbon dioxide into sugar and oxygen.' },
    { modelId: 'model-b', text: 'It is how plants eat sunlight.' },
  ],
};
const instructionSeed: ItemSeed = {
  taskType: 'instruction',
  media: [],
  turns: [
    { role: 'user', text: 'Name a fruit that is yellow.' },
    { role: 'assistant', text: 'A banana.' },
  ],
};

/** A blind project with two annotations per item, review off unless asked. */
async function blindProject(taskType: TaskType, workflow: Partial<WorkflowSettings> = {}) {
  if (members.length === 0) members.push([ana, 'annotator'], [ben, 'annotator'], [rev, 'reviewer'], [qa1, 'qa_lead'], [qa2, 'qa_lead']);
  return workflowProject(h, manager, {
    taskType,
    workflow: { labeling: 'blind', overlap: 2, review: false, ...workflow },
    ...(taskType === 'preference' ? { config: pairwise } : {}),
    members,
  });
}

type Edit = (doc: Y.Doc) => void;

/** An item both annotators label blind (Ana first), each in their own copy, then submit. */
async function blindPair(projectId: string, seed: ItemSeed, editAna: Edit, editBen: Edit, options: { submitBoth?: boolean } = {}) {
  const item = await makeItem(h, projectId, { seed });
  const a = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ana, blind: true });
  const b = await takeItem(h, { projectId, itemId: item.itemId, itemDocumentId: item.documentId, user: ben, blind: true });
  await editAs(h, a.documentId, ana, editAna);
  await editAs(h, b.documentId, ben, editBen);
  await submit(h, a.assignmentId);
  if (options.submitBoth ?? true) await submit(h, b.assignmentId);
  return { ...item, a, b };
}

const responseId = (doc: Y.Doc, index: number) => {
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error('not preference');
  return view.responses[index]!.id;
};
const choose = (index: number, score?: number): Edit => (doc) => {
  setChoice(doc, responseId(doc, index), 'better');
  if (score !== undefined) setScore(doc, responseId(doc, 0), 'accuracy', score);
};
const box = (x: number): Edit => (doc) => {
  addRegion(doc, { label: 'vehicle', shape: { kind: 'box', x, y: 10, w: 200, h: 100 } });
};
const style = (value: string): Edit => (doc) => setInstructionStyle(doc, value);

async function openDisputeOf(itemId: string) {
  const res = await h.call('GET', api(`/projects/${(await projectOf(itemId))}/disputes?state=open`), { token: rev.token });
  return res.body.items.find((d: { itemId: string }) => d.itemId === itemId);
}
async function projectOf(itemId: string): Promise<string> {
  const [doc] = await h.db.db.select({ projectId: documents.projectId }).from(documents).where(eq(documents.itemId, itemId));
  return doc!.projectId;
}

describe('automatic disputes [D1]', () => {
  it('[D1] preference: different choices open a dispute with its comments document; the item goes in_qa', async () => {
    const projectId = await blindProject('preference');
    const pair = await blindPair(projectId, preferenceSeed, choose(0), choose(1));
    expect((await statesOf(h, pair.itemId)).item).toBe('in_qa');
    const dispute = await openDisputeOf(pair.itemId);
    expect(dispute).toMatchObject({ state: 'open', openedBy: null, adjudicator: null, reasons: [{ field: 'judgement.choice', kind: 'choice', versions: [pair.a.assignmentId, pair.b.assignmentId] }] });
    expect(h.events).toContainEqual({ to: 'project', target: projectId, event: 'dispute:opened', payload: { projectId, disputeId: dispute.disputeId, itemId: pair.itemId } });
    const detail = await h.call('GET', api(`/disputes/${dispute.disputeId}`), { token: rev.token });
    const [comments] = await h.db.db.select().from(documents).where(eq(documents.id, detail.body.commentsDocumentId));
    expect(comments).toMatchObject({ kind: 'comments', itemId: pair.itemId, updateSeq: 0 });
    const audit = await h.db.db.select().from(auditLog).where(eq(auditLog.subjectId, dispute.disputeId));
    expect(audit.map((e) => e.action)).toEqual(['dispute.opened']);
  });

  it('[D1] preference: the same choice but rubric scores further apart than rubricDelta disagree', async () => {
    const projectId = await blindProject('preference');
    const pair = await blindPair(projectId, preferenceSeed, choose(0, 2), choose(0, 6));
    expect((await openDisputeOf(pair.itemId)).reasons.map((r: { kind: string }) => r.kind)).toEqual(['score']);
  });

  it('[D1] alignment: boxes overlapping below IoU 0.5 disagree; identical boxes do not, and the item is accepted with the earliest copy as final [W14]', async () => {
    const projectId = await blindProject('alignment');
    const apart = await blindPair(projectId, { taskType: 'alignment', image: { mediaId: 'med_street', width: 640, height: 480 }, caption: 'A bus.' }, box(10), box(150));
    expect((await openDisputeOf(apart.itemId)).reasons.map((r: { kind: string }) => r.kind)).toEqual(['region-overlap']);
    const same = await blindPair(projectId, { taskType: 'alignment', image: { mediaId: 'med_street', width: 640, height: 480 }, caption: 'A bus.' }, box(10), box(10));
    expect(await statesOf(h, same.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: same.a.documentId });
  });

  it('[D1] instruction: a different instruction style disagrees', async () => {
    const projectId = await blindProject('instruction');
    const pair = await blindPair(projectId, instructionSeed, style('question'), style('command'));
    expect((await openDisputeOf(pair.itemId)).reasons).toEqual([expect.objectContaining({ field: 'instruction.style', kind: 'style' })]);
  });

  it('[D1] with disputes.auto off, disagreeing versions are not disputed', async () => {
    const projectId = await blindProject('instruction', { disputes: { auto: false, iou: 0.5, rubricDelta: 1, textSimilarity: 0.8 } });
    const pair = await blindPair(projectId, instructionSeed, style('question'), style('command'));
    expect((await statesOf(h, pair.itemId)).item).toBe('accepted');
  });

  it('[D1] [R4] with review on, the dispute opens when the second annotation is accepted', async () => {
    const projectId = await blindProject('instruction', { review: true });
    const pair = await blindPair(projectId, instructionSeed, style('question'), style('command'));
    for (const id of [pair.a.assignmentId, pair.b.assignmentId]) {
      expect((await statesOf(h, pair.itemId)).item).not.toBe('in_qa');
      const { body: lease } = await h.call('POST', api(`/assignments/${id}/review/claim`), { token: rev.token });
      expect((await h.call('POST', api(`/assignments/${id}/review`), { token: rev.token, json: { fence: lease.fence, decision: 'accept' } })).status).toBe(200);
    }
    expect((await statesOf(h, pair.itemId)).item).toBe('in_qa');
    expect(await openDisputeOf(pair.itemId)).toBeDefined();
  });
});

describe('manual disputes and the side-by-side view', () => {
  it('[D2] a reviewer opens one by hand once every annotation is submitted; one open dispute per item', async () => {
    const projectId = await blindProject('instruction', { disputes: { auto: false, iou: 0.5, rubricDelta: 1, textSimilarity: 0.8 }, qaSamplePercent: 100 });
    const early = await blindPair(projectId, instructionSeed, style('question'), style('question'), { submitBoth: false });
    const tooEarly = await h.call('POST', api(`/items/${early.itemId}/disputes`), { token: rev.token, json: { comment: 'Look at this.' } });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.details).toEqual({ state: 'in_progress' });
    const pair = await blindPair(projectId, instructionSeed, style('question'), style('question'));
    expect((await statesOf(h, pair.itemId)).item).toBe('in_qa');
    expect((await h.call('POST', api(`/items/${pair.itemId}/disputes`), { token: ana.token, json: { comment: 'x' } })).status).toBe(403);
    expect((await h.call('POST', api(`/items/${pair.itemId}/disputes`), { token: rev.token, json: { comment: '' } })).status).toBe(400);
    const res = await h.call('POST', api(`/items/${pair.itemId}/disputes`), { token: rev.token, json: { comment: 'Both chose question; I read a command.' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ openedBy: { id: rev.user.id, name: 'Rita' }, reasons: [{ kind: 'manual', message: 'Both chose question; I read a command.' }] });
    const twice = await h.call('POST', api(`/items/${pair.itemId}/disputes`), { token: rev.token, json: { comment: 'again' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'dispute_open', details: { disputeId: res.body.disputeId } });
  });

  it('[D4] the detail shows every version side by side with typed content; annotators who submitted may read it, others not', async () => {
    const projectId = await blindProject('instruction');
    const pair = await blindPair(projectId, instructionSeed, style('question'), style('command'));
    const { disputeId } = await openDisputeOf(pair.itemId);
    const res = await h.call('GET', api(`/disputes/${disputeId}`), { token: qa1.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ taskType: 'instruction', finalDocumentId: pair.documentId, configVersion: 1, resolution: null, adjudicator: null });
    expect(res.body.versions.map((v: { assignmentId: string; annotator: { name: string }; documentId: string; content: { instruction: { style: string } } }) => [v.assignmentId, v.annotator.name, v.documentId, v.content.instruction.style])).toEqual([
      [pair.a.assignmentId, 'Ana', pair.a.documentId, 'question'],
      [pair.b.assignmentId, 'Ben', pair.b.documentId, 'command'],
    ]);
    expect((await h.call('GET', api(`/disputes/${disputeId}`), { token: ana.token })).status).toBe(200);
    const stranger = await h.makeUser();
    await h.call('POST', api(`/projects/${projectId}/members`), { token: manager.token, json: { userId: stranger.user.id, role: 'annotator' } });
    expect((await h.call('GET', api(`/disputes/${disputeId}`), { token: stranger.token })).status).toBe(404);
    expect((await h.call('GET', api('/disputes/dsp_unknown'), { token: qa1.token })).status).toBe(404);
    const listed = await h.call('GET', api(`/projects/${projectId}/disputes?state=resolved`), { token: rev.token });
    expect(listed.body.items).toEqual([]);
    expect((await h.call('GET', api(`/projects/${projectId}/disputes`), { token: ana.token })).status).toBe(403);
  });
});

describe('adjudication [D5] and resolution [D6]', () => {
  async function disputed(workflow: Partial<WorkflowSettings> = {}) {
    const projectId = await blindProject('preference', workflow);
    const pair = await blindPair(projectId, preferenceSeed, choose(0), choose(1));
    const { disputeId } = await openDisputeOf(pair.itemId);
    return { projectId, disputeId, ...pair };
  }
  const adjudicate = (disputeId: string, who: TestUser) => h.call('POST', api(`/disputes/${disputeId}/adjudicate`), { token: who.token });
  const resolve = (disputeId: string, who: TestUser, json: unknown) => h.call('POST', api(`/disputes/${disputeId}/resolve`), { token: who.token, json });

  it('[D5] one QA lead at a time: the second gets 409 with who holds it; the holder keeps the fence; reviewers cannot adjudicate', async () => {
    const d = await disputed();
    const first = await adjudicate(d.disputeId, qa1);
    expect(first.status).toBe(200);
    const second = await adjudicate(d.disputeId, qa2);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'lease_held', details: { adjudicator: { id: qa1.user.id, name: 'Quinn' } } });
    expect((await adjudicate(d.disputeId, qa1)).body.fence).toBe(first.body.fence);
    expect((await adjudicate(d.disputeId, rev)).status).toBe(403);
    expect((await h.call('GET', api(`/disputes/${d.disputeId}`), { token: qa2.token })).body.adjudicator).toEqual({ id: qa1.user.id, name: 'Quinn' });
    const beat = await h.call('POST', api(`/disputes/${d.disputeId}/heartbeat`), { token: qa1.token, json: { fence: first.body.fence } });
    expect(beat.status).toBe(200);
    expect((await h.call('POST', api(`/disputes/${d.disputeId}/heartbeat`), { token: qa2.token, json: { fence: first.body.fence } })).body.error.code).toBe('stale_lease');
    expect((await h.call('POST', api(`/disputes/${d.disputeId}/release`), { token: qa1.token, json: { fence: first.body.fence } })).status).toBe(204);
    const taken = await adjudicate(d.disputeId, qa2);
    expect(taken.status).toBe(200);
    expect(taken.body.fence).toBeGreaterThan(first.body.fence);
    const stale = await resolve(d.disputeId, qa1, { fence: first.body.fence, method: 'pick', assignmentId: d.a.assignmentId, comment: '' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_lease');
  });

  it('[D5] a stale fence is refused after the lease lapsed and another QA lead took over', async () => {
    const d = await disputed({ leaseSeconds: 2 });
    const first = await adjudicate(d.disputeId, qa1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const second = await adjudicate(d.disputeId, qa2);
    expect(second.status).toBe(200);
    const late = await resolve(d.disputeId, qa1, { fence: first.body.fence, method: 'pick', assignmentId: d.a.assignmentId, comment: 'Ana is right.' });
    expect(late.body.error.code).toBe('stale_lease');
    expect((await statesOf(h, d.itemId)).item).toBe('in_qa');
  });

  it('[D6] pick: the chosen copy becomes the final annotation; resolved, audited, announced; the item is accepted', async () => {
    const d = await disputed();
    const { body: lease } = await adjudicate(d.disputeId, qa1);
    expect((await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'pick', comment: 'x' })).status).toBe(400);
    const unknown = await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'pick', assignmentId: 'asg_nope', comment: '' });
    expect(unknown.status).toBe(422);
    const res = await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'pick', assignmentId: d.b.assignmentId, comment: 'Ben read the prompt right.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'resolved', resolution: { method: 'pick', assignmentId: d.b.assignmentId, comment: 'Ben read the prompt right.' }, resolvedAt: expect.any(String) });
    expect(await statesOf(h, d.itemId)).toMatchObject({ item: 'accepted', finalDocumentId: d.b.documentId });
    const audit = await h.db.db.select().from(auditLog).where(eq(auditLog.subjectId, d.disputeId)).orderBy(asc(auditLog.seq));
    expect(audit.at(-1)).toMatchObject({ action: 'dispute.resolved', actorId: qa1.user.id, detail: expect.objectContaining({ method: 'pick', assignmentId: d.b.assignmentId, finalDocumentId: d.b.documentId }) });
    expect(h.events).toContainEqual({ to: 'project', target: d.projectId, event: 'dispute:resolved', payload: { projectId: d.projectId, disputeId: d.disputeId, itemId: d.itemId } });
    expect((await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'merge', comment: '' })).status).toBe(409);
  });

  it('[D6] merge: an invalid item document is refused (422 with the problems); after adopting a version live it resolves, the fields written by the adjudicator', async () => {
    const d = await disputed({ managerAcceptance: true });
    const { body: lease } = await adjudicate(d.disputeId, qa1);
    const invalid = await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'merge', comment: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'judgement.choice' })]));
    expect((await statesOf(h, d.itemId)).item).toBe('in_qa');
    const ana = new Y.Doc();
    Y.applyUpdate(ana, await readStoredState(h.db.db, d.a.documentId));
    await editAs(h, d.documentId, qa1, (doc) => adoptAll(doc, readDoc(ana)));
    const res = await resolve(d.disputeId, qa1, { fence: lease.fence, method: 'merge', comment: 'Ana, with care.' });
    expect(res.status).toBe(200);
    expect(res.body.resolution).toEqual({ method: 'merge', comment: 'Ana, with care.' });
    expect(await statesOf(h, d.itemId)).toMatchObject({ item: 'validated', finalDocumentId: d.documentId });
    const final = new Y.Doc();
    Y.applyUpdate(final, await readStoredState(h.db.db, d.documentId));
    const actors = await documentActors(h.db.db, d.documentId);
    const provenance = provenanceOf(final, (client) => {
      const actor = actors.get(client);
      return actor?.kind === 'user' ? { kind: 'user', userId: actor.userId } : actor ? { kind: 'source' } : undefined;
    });
    expect(provenance.judgement?.authors).toEqual([qa1.user.id]);
  });
});
