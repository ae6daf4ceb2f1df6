import { readDoc } from '@concord/annotation-doc';
import { assignments, items } from '@concord/db';
import type { QueueCounts, Task, WorkflowOverview } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { auditActions, chooseIn, observationsOf, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

/** A gold item whose pre-label (a model's) picks response 1 while gold picks response 0. */
const goldItem = (n: number) => ({ ...preferenceItem(n, { gold: 0 }), prelabel: { modelId: 'model-x', choice: 1, strength: 'better' } });

describe(`gold checks: gold items served outside the item's slots (${backendName})`, () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const db = () => t.server.services.db.db;
  const next = (api: Api, projectId: string, status = 200) => api.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, status);

  /** The response index a document's judgement chooses (canonical order), or null. */
  async function choiceIn(documentId: string): Promise<number | null> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await readStoredState(db(), documentId));
    const view = readDoc(doc);
    doc.destroy();
    if (view.taskType !== 'preference') throw new Error('not a preference document');
    const index = view.responses.findIndex((r) => r.id === view.judgement.choice);
    return index < 0 ? null : index;
  }

  async function kindOf(assignmentId: string) {
    const [row] = await db().select({ kind: assignments.kind, state: assignments.state }).from(assignments).where(eq(assignments.id, assignmentId));
    return row;
  }

  async function itemState(itemId: string) {
    const [row] = await db().select({ state: items.state, finalDocumentId: items.finalDocumentId }).from(items).where(eq(items.id, itemId));
    return row;
  }

  it('[G2] [G6] [W19] [Q15] overlap 1: after the gold item is accepted, later annotators still get it as a gold check that looks like any task', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold checks, closed item',
      workflow: { labeling: 'blind', overlap: 1, review: true, qaSamplePercent: 0, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', cat: 'annotator', rita: 'reviewer', quinn: 'qa_lead' },
    });
    const gold = await t.api.createItem(projectId, goldItem(1));
    const plain = await t.api.createItem(projectId, preferenceItem(2));

    // Ann takes the gold item's only slot; she is reviewed and the item is accepted.
    const annTask = await next(people.ann, projectId);
    expect(annTask.itemId).toBe(gold.id);
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    const claim = await people.rita.call<{ fence: number }>('POST', `/assignments/${annTask.assignmentId}/review/claim`);
    await people.rita.call('POST', `/assignments/${annTask.assignmentId}/review`, { fence: claim.fence, decision: 'accept' }, 200);
    expect((await itemState(gold.id))!.state).toBe('accepted');
    const countsBefore = await people.quinn.call<QueueCounts>('GET', `/projects/${projectId}/queue/counts`);

    // Ben still gets it: a gold check, on its own copy built from the item as imported (the pre-label, never gold).
    const benTask = await next(people.ben, projectId);
    expect(benTask.itemId).toBe(gold.id);
    expect(await kindOf(benTask.assignmentId)).toEqual({ kind: 'gold_check', state: 'in_progress' });
    expect(Object.keys(benTask).sort()).toEqual(Object.keys(annTask).sort());
    expect({ ...benTask, assignmentId: '', documentId: '', fence: 0, leaseExpiresAt: '' }).toEqual({ ...annTask, assignmentId: '', documentId: '', fence: 0, leaseExpiresAt: '' });
    expect(benTask.fence).toEqual(expect.any(Number));
    expect(benTask.documentId).not.toBe(annTask.documentId);
    expect(await choiceIn(benTask.documentId)).toBe(1);
    const benDocument = await people.ben.call<Record<string, unknown>>('GET', `/documents/${benTask.documentId}`);
    const annDocument = await people.ann.call<Record<string, unknown>>('GET', `/documents/${annTask.documentId}`);
    expect(Object.keys(benDocument).sort()).toEqual(Object.keys(annDocument).sort());
    expect(benDocument).toMatchObject({ readOnly: false });
    for (const seen of [benTask, benDocument, await people.ben.call('GET', `/projects/${projectId}/tasks`)]) {
      expect(JSON.stringify(seen)).not.toMatch(/gold/i);
    }
    // The item API tells every annotator `hasGold: false` (G2), and never gives the answer.
    const itemSeen = await people.ben.call<Record<string, unknown>>('GET', `/items/${gold.id}`);
    expect(itemSeen).toMatchObject({ hasGold: false });
    expect(JSON.stringify(itemSeen)).not.toMatch(/"gold"/);

    // [B11] Nobody but Ben reads his copy while he works; reviewers never do.
    for (const api of [people.ann, people.cat, people.rita, people.quinn]) expect(await statusOf(t, api, 'GET', `/documents/${benTask.documentId}`)).toBe(404);

    // [W19] Submitting scores it against gold and leaves the item, counts, reviews and disputes alone.
    await chooseIn(t, benTask.documentId, people.ben.userId, 1);
    const submitted = await people.ben.call<Task>('POST', `/assignments/${benTask.assignmentId}/submit`, { fence: benTask.fence }, 200);
    expect(submitted.state).toBe('accepted');
    const observed = (await observationsOf(t, projectId)).find((r) => r.id === benTask.assignmentId);
    expect(observed).toMatchObject({ userId: people.ben.userId, itemId: gold.id, source: 'work' });
    expect(observed!.goldScore).toBeLessThan(0.5);
    expect(await itemState(gold.id)).toEqual({ state: 'accepted', finalDocumentId: annTask.documentId });
    expect(await people.quinn.call<QueueCounts>('GET', `/projects/${projectId}/queue/counts`)).toEqual(countsBefore);
    for (const api of [people.rita, people.quinn]) {
      expect((await api.call<{ items: unknown[] }>('GET', `/projects/${projectId}/reviews`)).items).toEqual([]);
      expect((await api.call<{ items: unknown[] }>('GET', `/projects/${projectId}/disputes?state=open`)).items).toEqual([]);
    }
    const overview = await people.quinn.call<WorkflowOverview>('GET', `/projects/${projectId}/workflow/overview`);
    expect(overview.perAnnotator.map((p) => p.userId)).toEqual([people.ann.userId]);
    const audited = (await auditActions(t, projectId, ['assignment.taken', 'assignment.submitted'])).filter((e) => e.subjectId === benTask.assignmentId);
    expect(audited.map((e) => [e.action, e.itemId, (e.detail as { goldCheckOf?: string } | null)?.goldCheckOf])).toEqual([
      ['assignment.taken', null, gold.id],
      ['assignment.submitted', null, gold.id],
    ]);
    const history = await people.quinn.call<{ entries: { kind: string; actor: { id: string | null } }[] }>('GET', `/items/${gold.id}/history`);
    const audits = history.entries.filter((e) => e.kind === 'audit');
    expect(audits.some((e) => e.actor.id === people.ann.userId)).toBe(true);
    expect(audits.filter((e) => e.actor.id === people.ben.userId)).toEqual([]);

    // [B11] After submitting: read-only to Ben and to roles with quality.read; never to reviewers or other annotators; no review claim.
    expect(await people.ben.call('GET', `/documents/${benTask.documentId}`)).toMatchObject({ readOnly: true });
    expect(await people.quinn.call('GET', `/documents/${benTask.documentId}`)).toMatchObject({ readOnly: true });
    for (const api of [people.ann, people.cat, people.rita]) expect(await statusOf(t, api, 'GET', `/documents/${benTask.documentId}`)).toBe(404);
    expect(await statusOf(t, people.rita, 'POST', `/assignments/${benTask.assignmentId}/review/claim`)).toBe(404);
    expect(await statusOf(t, people.quinn, 'POST', `/assignments/${benTask.assignmentId}/review/claim`)).toBe(409);

    // A third annotator gets it too; releasing and resuming a gold check works like work (no slot needed).
    const catTask = await next(people.cat, projectId);
    expect(catTask.itemId).toBe(gold.id);
    expect((await kindOf(catTask.assignmentId))!.kind).toBe('gold_check');
    const released = await people.cat.call<Task>('POST', `/assignments/${catTask.assignmentId}/release`, { fence: catTask.fence }, 200);
    expect(released.state).toBe('released');
    const resumed = await people.cat.call<Task>('POST', `/assignments/${catTask.assignmentId}/resume`, undefined, 200);
    expect(resumed.state).toBe('in_progress');
    expect(resumed.fence).toBeGreaterThan(catTask.fence!);
    await chooseIn(t, catTask.documentId, people.cat.userId, 0);
    await people.cat.call('POST', `/assignments/${catTask.assignmentId}/submit`, { fence: resumed.fence }, 200);
    expect((await observationsOf(t, projectId)).find((r) => r.id === catTask.assignmentId)!.goldScore).toBe(1);
    expect((await itemState(gold.id))!.state).toBe('accepted');

    // Nobody gets the same gold item twice: then the normal queue, then nothing.
    expect((await next(people.cat, projectId)).itemId).toBe(plain.id);
    expect(await statusOf(t, people.ben, 'POST', `/projects/${projectId}/queue/next`)).toBe(204);
    expect(await statusOf(t, people.ann, 'POST', `/projects/${projectId}/queue/next`)).toBe(204);
  });

  it('[G6] [W19] [B11] collaborative: a gold check gets its own copy from the item as imported, not the shared work; it ends like the project’s work', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold checks, collaborative',
      workflow: { labeling: 'collaborative', overlap: 1, review: false, qaSamplePercent: 0, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator' },
    });
    const gold = await t.api.createItem(projectId, goldItem(11));
    const annTask = await next(people.ann, projectId);
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    const annDone = await people.ann.call<Task>('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    expect((await itemState(gold.id))!.state).toBe('accepted');

    const benTask = await next(people.ben, projectId);
    expect(benTask.itemId).toBe(gold.id);
    expect(benTask.documentId).not.toBe(annTask.documentId);
    // The shared document says 0 (Ann's work, also gold's); Ben's copy starts from the pre-label (1).
    expect(await choiceIn(annTask.documentId)).toBe(0);
    expect(await choiceIn(benTask.documentId)).toBe(1);
    expect(await statusOf(t, people.ann, 'GET', `/documents/${benTask.documentId}`)).toBe(404);
    const benDone = await people.ben.call<Task>('POST', `/assignments/${benTask.assignmentId}/submit`, { fence: benTask.fence }, 200);
    // Review off: work ends submitted, and so does the gold check.
    expect([annDone.state, benDone.state]).toEqual(['submitted', 'submitted']);
    expect((await observationsOf(t, projectId)).find((r) => r.id === benTask.assignmentId)!.goldScore).toBeLessThan(0.5);
    expect((await itemState(gold.id))!.state).toBe('accepted');
    expect(await statusOf(t, people.ben, 'POST', `/projects/${projectId}/queue/next`)).toBe(204);
  });

  it('[W19] [D1] a full gold item: the gold check holds no slot, never completes the item, opens no dispute and is never the final annotation', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold checks, full item',
      workflow: { labeling: 'blind', overlap: 2, review: false, qaSamplePercent: 0, disputes: { auto: true }, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', cat: 'annotator', quinn: 'qa_lead' },
    });
    const gold = await t.api.createItem(projectId, goldItem(21));
    const annTask = await next(people.ann, projectId);
    const benTask = await next(people.ben, projectId);
    expect([annTask.itemId, benTask.itemId]).toEqual([gold.id, gold.id]);

    // Both slots are held: Cat is served a gold check, and disagrees with them.
    const catTask = await next(people.cat, projectId);
    expect(catTask.itemId).toBe(gold.id);
    expect((await kindOf(catTask.assignmentId))!.kind).toBe('gold_check');
    await chooseIn(t, catTask.documentId, people.cat.userId, 1);
    await people.cat.call('POST', `/assignments/${catTask.assignmentId}/submit`, { fence: catTask.fence }, 200);
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    // Two annotations submitted out of overlap 2 would complete the item if the gold check counted.
    expect((await itemState(gold.id))!.state).toBe('in_progress');
    expect((await people.quinn.call<QueueCounts>('GET', `/projects/${projectId}/queue/counts`)).awaitingReview).toBe(0);

    await chooseIn(t, benTask.documentId, people.ben.userId, 0);
    await people.ben.call('POST', `/assignments/${benTask.assignmentId}/submit`, { fence: benTask.fence }, 200);
    expect(await itemState(gold.id)).toEqual({ state: 'accepted', finalDocumentId: annTask.documentId });
    expect((await people.quinn.call<{ items: unknown[] }>('GET', `/projects/${projectId}/disputes`)).items).toEqual([]);
    expect(await statusOf(t, people.ann, 'GET', `/documents/${catTask.documentId}`)).toBe(404);
    const scores = new Map((await observationsOf(t, projectId)).map((r) => [r.userId, r.goldScore]));
    expect(scores.get(people.ann.userId)).toBe(1);
    expect(scores.get(people.cat.userId)).toBeLessThan(0.5);
  });
});
