import { displayOrder, readDoc, viewerSeed } from '@concord/annotation-doc';
import type { Task } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { annotateNext, chooseIn, observationsOf, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

describe(`observations on submit, gold in the queue (${backendName})`, () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('[O1] [O2] [O3] each blind submission is observed in the same transaction: choice, slices, seconds, the order the annotator saw', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Observed',
      workflow: { labeling: 'blind', overlap: 2, review: true, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(1, { tags: ['safety', 'coding'] }));
    const a = await annotateNext(t, people.ann, projectId, () => 0);
    const b = await annotateNext(t, people.ben, projectId, () => 1);
    const rows = await observationsOf(t, projectId);
    expect(rows.map((r) => [r.id, r.userId, r.itemId, r.source])).toEqual([
      [a.assignmentId, people.ann.userId, item.id, 'work'],
      [b.assignmentId, people.ben.userId, item.id, 'work'],
    ]);
    expect(rows[0]!.slices).toEqual(['safety', 'coding']);
    expect(rows[0]!.observations).toContainEqual({ field: 'judgement.choice', unit: '', kind: 'nominal', value: 'r1' });
    expect(rows[1]!.observations).toContainEqual({ field: 'judgement.choice', unit: '', kind: 'nominal', value: 'r2' });
    expect(rows[0]!.goldScore).toBeNull();
    for (const row of rows) {
      expect(row.seconds).toBeGreaterThanOrEqual(0);
      expect(row.seconds).toBeLessThan(60);
    }
    // [O3] the response shown first is the first of this annotator's display order on their own copy.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await readStoredState(t.server.services.db.db, a.documentId));
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('not preference');
    const ids = view.responses.map((r) => r.id);
    const first = displayOrder(ids, viewerSeed({ userId: people.ann.userId, documentId: a.documentId }))[0]!;
    expect(rows[0]!.signals).toMatchObject({ shownFirst: `r${ids.indexOf(first) + 1}`, chosen: 'r1', tie: false });
  });

  it('[O1] [O5] a resubmission after a return rewrites the observation; the review does not', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Resubmitted',
      workflow: { labeling: 'blind', overlap: 1, review: true, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', rita: 'reviewer' },
    });
    await t.api.createItem(projectId, preferenceItem(2));
    const a = await annotateNext(t, people.ann, projectId, () => 0);
    const [firstRow] = await observationsOf(t, projectId);
    const grant = await people.rita.call<{ fence: number }>('POST', `/assignments/${a.assignmentId}/review/claim`);
    // [O5] the reviewer's edit changes the copy but not what the annotator submitted.
    await chooseIn(t, a.documentId, people.rita.userId, 1);
    await people.rita.call('POST', `/assignments/${a.assignmentId}/review`, { fence: grant.fence, decision: 'return', reasonCode: 'incorrect_label', comment: 'Look again.' });
    expect((await observationsOf(t, projectId)).map((r) => r.observations)).toEqual([firstRow!.observations]);

    const again = await people.ann.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(again.assignmentId).toBe(a.assignmentId);
    await chooseIn(t, again.documentId, people.ann.userId, 1);
    await people.ann.call('POST', `/assignments/${again.assignmentId}/submit`, { fence: again.fence }, 200);
    const rows = await observationsOf(t, projectId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(a.assignmentId);
    expect(rows[0]!.observations).toContainEqual({ field: 'judgement.choice', unit: '', kind: 'nominal', value: 'r2' });
    expect(rows[0]!.submittedAt.getTime()).toBeGreaterThan(firstRow!.submittedAt.getTime());
  });

  it('[O1] a collaborative item document someone else wrote in is not observed; one written by its annotator alone is', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Collaborative',
      workflow: { labeling: 'collaborative', overlap: 1, review: false, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator' },
    });
    await t.api.createItem(projectId, preferenceItem(3));
    await t.api.createItem(projectId, preferenceItem(4));
    const shared = await people.ann.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    await chooseIn(t, shared.documentId, people.ben.userId, 1);
    await people.ann.call('POST', `/assignments/${shared.assignmentId}/submit`, { fence: shared.fence }, 200);
    expect(await observationsOf(t, projectId)).toEqual([]);
    const alone = await annotateNext(t, people.ann, projectId, () => 0);
    expect((await observationsOf(t, projectId)).map((r) => r.id)).toEqual([alone.assignmentId]);
  });

  it('[G2] [O4] at a 100 % gold rate the oldest gold item comes first, looks like any task, and is scored against gold', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead' },
    });
    const plain = await t.api.createItem(projectId, preferenceItem(5));
    const gold = await t.api.createItem(projectId, preferenceItem(6, { gold: 0 }));
    const plainTask = await people.ben.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    const goldTask = await annotateNext(t, people.ann, projectId, () => 1);
    // Ben had already been served gold (100 %); Ann gets it too, before the older plain item.
    expect(plainTask.itemId).toBe(gold.id);
    expect(goldTask.itemId).toBe(gold.id);
    const plainNext = await people.ann.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(plainNext.itemId).toBe(plain.id);
    expect(Object.keys(goldTask).sort()).toEqual(Object.keys(plainNext).sort());
    expect(JSON.stringify(goldTask)).not.toMatch(/gold/i);
    const document = await people.ann.call<Record<string, unknown>>('GET', `/documents/${goldTask.documentId}`);
    expect(JSON.stringify(document)).not.toMatch(/gold/i);
    const item = await people.ann.call<Record<string, unknown>>('GET', `/items/${gold.id}`);
    expect(item).toMatchObject({ hasGold: false });
    expect(JSON.stringify(item)).not.toMatch(/"gold"/);
    expect((await people.quinn.call<Record<string, unknown>>('GET', `/items/${gold.id}`)).hasGold).toBe(true);
    // [O4] Ann chose the other response: her choice scores 0 (the same strength still counts); Ben matches gold: 1.
    await chooseIn(t, plainTask.documentId, people.ben.userId, 0);
    await people.ben.call('POST', `/assignments/${plainTask.assignmentId}/submit`, { fence: plainTask.fence }, 200);
    const rows = await observationsOf(t, projectId);
    const annRow = rows.find((r) => r.id === goldTask.assignmentId)!;
    expect(annRow.goldFields).toMatchObject({ 'judgement.choice': 0, 'judgement.strength': 1 });
    expect(annRow.goldScore).toBeLessThan(0.5);
    expect(rows.find((r) => r.id === plainTask.assignmentId)!.goldScore).toBe(1);
  });

  it('[G1] PUT gold sets, rescoring what was observed, and clears; quality.manage only, annotators 404, bad answers 422, audited', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold setting',
      workflow: { labeling: 'blind', overlap: 1, review: false, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', quinn: 'qa_lead', rita: 'reviewer' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(7));
    const done = await annotateNext(t, people.ann, projectId, () => 1);
    const path = `/projects/${projectId}/items/${item.id}/gold`;
    expect(await statusOf(t, people.ann, 'PUT', path, { gold: { modelId: 'gold', choice: 1, strength: 'better' } })).toBe(404);
    expect(await statusOf(t, people.rita, 'PUT', path, { gold: { modelId: 'gold', choice: 1, strength: 'better' } })).toBe(404);
    expect(await statusOf(t, people.quinn, 'PUT', path, { gold: { modelId: 'gold', choice: 7, strength: 'better' } })).toBe(422);
    expect(await statusOf(t, people.quinn, 'PUT', path, { gold: { modelId: 'gold', choice: 1, strength: 'better' } })).toBe(204);
    const scored = (await observationsOf(t, projectId)).find((r) => r.id === done.assignmentId);
    expect(scored!.goldScore).toBe(1);
    expect((await people.quinn.call<{ hasGold: boolean }>('GET', `/items/${item.id}`)).hasGold).toBe(true);
    expect(await statusOf(t, people.quinn, 'PUT', path, { gold: null })).toBe(204);
    expect((await observationsOf(t, projectId)).find((r) => r.id === done.assignmentId)!.goldScore).toBeNull();
    const audit = await people.quinn.call<{ items: { action: string; subjectId: string }[] }>('GET', `/projects/${projectId}/audit?limit=200`);
    expect(audit.items.filter((e) => e.subjectId === item.id && e.action.startsWith('item.gold')).map((e) => e.action).sort()).toEqual(['item.gold_cleared', 'item.gold_set']);
  });
});
