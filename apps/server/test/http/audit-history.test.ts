import { sampleSeed } from '@concord/annotation-doc/testing';
import { assignments, disputes, documentClients, documents, documentUpdates, items } from '@concord/db';
import { newId, type HistoryEntry } from '@concord/protocol';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append.ts';
import type { AuditInput } from '../../src/audit/types.ts';
import { createItemService } from '../../src/items/item-service.ts';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from './harness.ts';

/**
 * Item history [A4] [A5], set up directly on the database (assignments, blind copies, update log and
 * audit rows), so it does not depend on the queue routes.
 */

let h: Harness;
const u: Record<'admin' | 'manager' | 'qaLead' | 'reviewer' | 'done' | 'working' | 'idle' | 'viewer' | 'trainer' | 'outsider', TestUser> = {} as never;
let projectId: string;
let itemId: string;
let itemDoc: string;
const copyDone = newId('document');
const copyWorking = newId('document');
const asgDone = newId('assignment');
const asgWorking = newId('assignment');
const secret = 'SECRET-LABEL-XYZ';

const at = (time: string) => new Date(`2026-01-01T${time}Z`);

async function addUpdates(documentId: string, rows: Array<{ at: Date; userId: string | null; origin: string }>): Promise<void> {
  const [last] = await h.db.db.select({ seq: sql<number>`coalesce(max(${documentUpdates.seq}), 0)::int` }).from(documentUpdates).where(eq(documentUpdates.documentId, documentId));
  await h.db.db.insert(documentUpdates).values(
    rows.map((r, i) => ({ documentId, seq: (last?.seq ?? 0) + i + 1, update: new TextEncoder().encode(`${secret}-${i}`), userId: r.userId, origin: r.origin, createdAt: r.at })),
  );
}

async function audit(input: Omit<AuditInput, 'projectId'>): Promise<void> {
  await h.db.db.transaction((tx) => appendAudit(tx, { projectId, ...input }));
}

beforeAll(async () => {
  h = await createHarness();
  u.admin = await h.makeUser({ isAdmin: true });
  u.manager = await h.makeUser({ canCreateProjects: true, name: 'Mona Manager' });
  for (const key of ['qaLead', 'reviewer', 'done', 'working', 'idle', 'viewer', 'trainer', 'outsider'] as const) u[key] = await h.makeUser({ name: `Person ${key}` });
  projectId = await makeProject(h, u.manager, 'History');
  const roles = { qaLead: 'qa_lead', reviewer: 'reviewer', done: 'annotator', working: 'annotator', idle: 'annotator', viewer: 'viewer', trainer: 'trainer' } as const;
  for (const [key, role] of Object.entries(roles)) await addMember(h, u.manager, projectId, u[key as keyof typeof roles].user.id, role);

  const created = await createItemService({ db: h.db.db }).create({ projectId, externalId: 'history-1', tags: [], seed: sampleSeed('alignment'), prelabel: null, createdBy: null });
  ({ itemId, documentId: itemDoc } = created);
  for (const [id, owner] of [[copyDone, u.done], [copyWorking, u.working]] as const) {
    await h.db.db.insert(documents).values({ id, projectId, name: 'copy', itemId, kind: 'copy', ownerId: owner.user.id });
  }
  await h.db.db.insert(assignments).values([
    { id: asgDone, projectId, itemId, userId: u.done.user.id, documentId: copyDone, state: 'submitted', submittedAt: new Date() },
    { id: asgWorking, projectId, itemId, userId: u.working.user.id, documentId: copyWorking, state: 'in_progress' },
  ]);
  await h.db.db.insert(documentClients).values({ documentId: itemDoc, clientId: 4242, kind: 'model', modelId: 'tagger-v2' });
  await addUpdates(itemDoc, [{ at: at('09:59:00'), userId: null, origin: 'model' }]);
  await addUpdates(copyDone, [
    { at: at('10:00:05'), userId: u.done.user.id, origin: 'client' },
    { at: at('10:00:40'), userId: u.done.user.id, origin: 'client' },
    { at: at('10:01:10'), userId: u.done.user.id, origin: 'client' },
  ]);
  await addUpdates(copyWorking, [{ at: at('10:00:20'), userId: u.working.user.id, origin: 'client' }]);

  await audit({ actorId: u.working.user.id, action: 'assignment.taken', subjectType: 'assignment', subjectId: asgWorking, itemId, after: { documentId: copyWorking } });
  await audit({ actorId: u.done.user.id, action: 'assignment.submitted', subjectType: 'assignment', subjectId: asgDone, itemId, after: { state: 'submitted' }, configVersion: 1 });
  await audit({ actorId: null, action: 'item.state', subjectType: 'item', subjectId: itemId, itemId, before: { state: 'in_progress' }, after: { state: 'submitted' }, configVersion: 1 });
  await audit({ actorId: u.manager.user.id, action: 'item.state', subjectType: 'item', subjectId: 'itm_other', itemId: 'itm_other' });
});
afterAll(async () => {
  await h.dispose();
});

const history = (user: TestUser | null, id = itemId) => h.call('GET', `/api/v1/items/${id}/history`, user ? { token: user.token } : {});
const summary = (entries: HistoryEntry[]) => entries.map((e) => `${e.kind} ${e.action} ${e.actor.kind}:${e.actor.name ?? '-'}${e.updates ? ` x${e.updates}` : ''}`);

describe('GET /items/{id}/history', () => {
  it('[A4] gives the item’s audit entries and its update log per author and minute, in time order, with names', async () => {
    const res = await history(u.qaLead);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ itemId, projectId, state: 'todo' });
    const entries = res.body.entries as HistoryEntry[];
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
    expect(summary(entries)).toEqual([
      'edits document.edited model:tagger-v2 x1',
      'edits document.edited user:Person done x2',
      'edits document.edited user:Person working x1',
      'edits document.edited user:Person done x1',
      // The item document's first update (its seed, stored when the item was made) and the audit entries are from now.
      'edits document.edited source:- x1',
      'audit assignment.taken user:Person working',
      'audit assignment.submitted user:Person done',
      'audit item.state system:-',
    ]);
    expect(entries[1]).toMatchObject({
      at: '2026-01-01T10:00:05.000Z',
      documentId: copyDone,
      updates: 2,
      actor: { id: u.done.user.id, kind: 'user' },
      detail: { origin: 'client', documentKind: 'copy', last: '2026-01-01T10:00:40.000Z' },
      configVersion: 1,
    });
    expect(entries.at(-1)).toMatchObject({ before: { state: 'in_progress' }, after: { state: 'submitted' }, configVersion: 1, actor: { id: null, kind: 'system' } });
  });

  it('[A4] never includes document content', async () => {
    const res = await history(u.manager);
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
    expect(res.text).not.toContain('A red bus passes a cyclist');
    expect(res.text).not.toMatch(/"(update|seed|content|submittedState)":/);
  });

  it('[A4] reviewers, QA leads, managers and site admins may read it; others get the 404 of a missing item', async () => {
    for (const who of ['qaLead', 'reviewer', 'manager', 'admin'] as const) expect((await history(u[who])).status, who).toBe(200);
    for (const who of ['working', 'idle', 'viewer', 'trainer', 'outsider'] as const) {
      const res = await history(u[who]);
      expect({ who, status: res.status, code: res.body.error?.code }).toEqual({ who, status: 404, code: 'not_found' });
    }
    expect((await history(u.qaLead, 'itm_doesnotexist')).status).toBe(404);
    expect((await history(u.qaLead, 'not an id')).status).toBe(404);
    expect((await history(null)).status).toBe(401);
  });

  it('[A5] an annotator sees it only while their work is submitted, in review or accepted (not returned)', async () => {
    for (const state of ['in_review', 'accepted', 'returned', 'released', 'submitted'] as const) {
      await h.db.db.update(assignments).set({ state }).where(eq(assignments.id, asgDone));
      const expected = state === 'returned' || state === 'released' ? 404 : 200;
      expect((await history(u.done)).status, state).toBe(expected);
    }
  });

  it('[A5] an annotator who submitted sees the item’s entries and their own work, nothing of others’ blind work', async () => {
    const res = await history(u.done);
    expect(summary(res.body.entries)).toEqual([
      'edits document.edited model:tagger-v2 x1',
      'edits document.edited user:Person done x2',
      'edits document.edited user:Person done x1',
      'edits document.edited source:- x1',
      'audit assignment.submitted user:Person done',
      'audit item.state system:-',
    ]);
    for (const hidden of [copyWorking, asgWorking, u.working.user.id, 'Person working']) expect(res.text).not.toContain(hidden);
  });

  it('[A5] while a dispute on the item is open, annotators who submitted see everyone’s work (B3)', async () => {
    const disputeId = newId('dispute');
    await h.db.db.insert(disputes).values({ id: disputeId, projectId, itemId, state: 'open' });
    expect(summary((await history(u.done)).body.entries)).toEqual(summary((await history(u.qaLead)).body.entries));
    expect((await history(u.working)).status).toBe(404);
    await h.db.db.update(disputes).set({ state: 'resolved' }).where(eq(disputes.id, disputeId));
    expect((await history(u.done)).text).not.toContain(copyWorking);
  });

  it('[A4] reports the item’s current state', async () => {
    await h.db.db.update(items).set({ state: 'in_review' }).where(eq(items.id, itemId));
    expect((await history(u.reviewer)).body.state).toBe('in_review');
  });
});
