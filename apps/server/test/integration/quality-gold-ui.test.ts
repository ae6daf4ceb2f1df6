import { items } from '@concord/db';
import type { CalibrationSessionView, Task } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { calibrationProject, choose } from './calibration-fixtures.ts';
import { annotateNext, auditActions, observationsOf, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

describe(`gold answers made from an annotation (${backendName})`, () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  /** Status and error code of a refused PUT gold from a document. */
  async function refusal(api: Api, path: string, fromDocumentId: string): Promise<{ status: number; code: unknown }> {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fromDocumentId }),
    });
    const body = (await res.json()) as { error?: { code?: unknown } };
    return { status: res.status, code: body.error?.code };
  }

  async function itemRow(itemId: string) {
    const [row] = await t.server.services.db.db.select({ gold: items.gold, state: items.state, finalDocumentId: items.finalDocumentId }).from(items).where(eq(items.id, itemId));
    return row!;
  }

  it('[G1] a trainer makes an accepted item\'s final annotation its gold answer; audited with the document; annotators get 404', async () => {
    // Collaborative: the final annotation is the item document, which a trainer may read (blind copies
    // are for reviewers, B3).
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold from a document',
      workflow: { labeling: 'collaborative', overlap: 1, review: false, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', tess: 'trainer', rita: 'reviewer' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(1));
    const done = await annotateNext(t, people.ann, projectId, () => 1);
    const accepted = await itemRow(item.id);
    expect(accepted.state).toBe('accepted');
    expect(accepted.finalDocumentId).toBe(done.documentId);
    const path = `/projects/${projectId}/items/${item.id}/gold`;
    const body = { fromDocumentId: accepted.finalDocumentId };

    expect(await statusOf(t, people.ann, 'PUT', path, body)).toBe(404);
    expect(await statusOf(t, people.rita, 'PUT', path, body)).toBe(404);
    expect((await itemRow(item.id)).gold).toBeNull();

    expect(await statusOf(t, people.tess, 'PUT', path, body)).toBe(204);
    // The annotation chose the second response (canonical index 1) as better.
    expect((await itemRow(item.id)).gold).toMatchObject({ modelId: 'gold', choice: 1, strength: 'better' });
    // [G5] what was observed is scored against the new answer: the annotation agrees with itself.
    expect((await observationsOf(t, projectId)).find((r) => r.id === done.assignmentId)!.goldScore).toBe(1);
    const [entry] = await auditActions(t, projectId, ['item.gold_set']);
    expect(entry).toMatchObject({ actorId: people.tess.userId, subjectId: item.id, itemId: null });
    expect(entry!.detail).toMatchObject({ fromDocumentId: done.documentId, rescored: 1 });

    expect(await statusOf(t, people.tess, 'PUT', path, { gold: null })).toBe(204);
    expect((await itemRow(item.id)).gold).toBeNull();
  });

  it('[G1] a document of another item is refused (422) and nothing changes; unknown and foreign documents are 404', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold from the wrong document',
      workflow: { labeling: 'collaborative', overlap: 1, review: false, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', tess: 'trainer' },
    });
    const first = await t.api.createItem(projectId, preferenceItem(2, { gold: 0 }));
    const second = await t.api.createItem(projectId, preferenceItem(3));
    const a = await annotateNext(t, people.ann, projectId, () => 1);
    const b = await annotateNext(t, people.ann, projectId, () => 1);
    const other = a.itemId === second.id ? a : b;
    const path = `/projects/${projectId}/items/${first.id}/gold`;
    const before = (await itemRow(first.id)).gold;
    expect(before).toEqual({ modelId: 'gold', choice: 0, strength: 'better' });

    expect(await refusal(people.tess, path, other.documentId)).toEqual({ status: 422, code: 'document_of_other_item' });
    expect((await itemRow(first.id)).gold).toEqual(before);
    expect(await auditActions(t, projectId, ['item.gold_set', 'item.gold_cleared'])).toEqual([]);

    // An id that does not exist, and a document of another project, read as the same 404.
    expect(await statusOf(t, people.tess, 'PUT', path, { fromDocumentId: 'doc_abcdefghijklmnopqrstuvwxyz234567' })).toBe(404);
    const elsewhere = await t.api.createProject('Another project', 'preference');
    const foreign = await t.api.createDocument(elsewhere.id, 'Not this project');
    expect(await statusOf(t, people.tess, 'PUT', path, { fromDocumentId: foreign.id })).toBe(404);
    // Both at once is not a request.
    expect(await statusOf(t, people.tess, 'PUT', path, { gold: null, fromDocumentId: other.documentId })).toBe(400);

  });

  it('[G1] [B12] QA leads and trainers make a blind item\'s accepted copy its gold answer; an annotator cannot read that copy (404); an own copy not submitted is no answer (422)', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold from a blind copy',
      workflow: { labeling: 'blind', overlap: 1, review: false, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ann2: 'annotator', quinn: 'qa_lead', tess: 'trainer' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(5));
    const done = await annotateNext(t, people.ann, projectId, () => 0);
    expect((await itemRow(item.id)).finalDocumentId).toBe(done.documentId);
    const path = `/projects/${projectId}/items/${item.id}/gold`;
    expect(await statusOf(t, people.ann2, 'PUT', path, { fromDocumentId: done.documentId })).toBe(404);
    expect(await statusOf(t, people.quinn, 'PUT', path, { fromDocumentId: done.documentId })).toBe(204);
    expect((await itemRow(item.id)).gold).toMatchObject({ modelId: 'gold', choice: 0, strength: 'better' });
    expect(await statusOf(t, people.tess, 'PUT', path, { gold: null })).toBe(204);
    expect(await statusOf(t, people.tess, 'PUT', path, { fromDocumentId: done.documentId })).toBe(204);
    expect((await itemRow(item.id)).gold).toMatchObject({ modelId: 'gold', choice: 0, strength: 'better' });

    // A trainer also annotates: their own copy in progress is readable to them, but not an answer yet.
    const next = await t.api.createItem(projectId, preferenceItem(6));
    const own = await people.tess.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    expect(own.itemId).toBe(next.id);
    expect(await refusal(people.tess, `/projects/${projectId}/items/${next.id}/gold`, own.documentId)).toEqual({ status: 422, code: 'invalid_gold_source' });
    expect((await itemRow(next.id)).gold).toBeNull();
  });

  it('[G1] a trainer makes a revealed calibration answer the gold answer of its item, not of another item', async () => {
    const { projectId, people, itemIds } = await calibrationProject(t);
    const [first, second] = itemIds as [string, string];
    const session = await people.trainer.call<CalibrationSessionView>('POST', `/projects/${projectId}/calibrations`, {
      title: 'Tides',
      itemIds: [first],
      participantIds: [people.ann.userId, people.ben.userId],
    }, 201);
    await people.trainer.call('POST', `/calibrations/${session.id}/start`);
    const answer = (await people.ann.call<CalibrationSessionView>('GET', `/calibrations/${session.id}`)).myDocumentId!;
    await choose(t, people.ann, answer, 1);
    await people.ann.call('POST', `/calibrations/${session.id}/answer`);
    // Blind until revealed (C3): the trainer cannot read the answer yet.
    expect(await statusOf(t, people.trainer, 'PUT', `/projects/${projectId}/items/${first}/gold`, { fromDocumentId: answer })).toBe(404);
    await people.trainer.call('POST', `/calibrations/${session.id}/reveal`);
    expect(await refusal(people.trainer, `/projects/${projectId}/items/${second}/gold`, answer)).toEqual({ status: 422, code: 'document_of_other_item' });
    expect(await statusOf(t, people.trainer, 'PUT', `/projects/${projectId}/items/${first}/gold`, { fromDocumentId: answer })).toBe(204);
    // The item's imported gold preferred response 0; the answer prefers response 1.
    expect((await itemRow(first)).gold).toMatchObject({ modelId: 'gold', choice: 1, strength: 'better' });
    expect((await itemRow(second)).gold).toMatchObject({ choice: 0 });
  });
});
