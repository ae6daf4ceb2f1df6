import type { ClientToServerEvents, HistoryEntry, ItemHistory, ServerToClientEvents, Task } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { chooseIn, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A gold item whose pre-label picks response 1 while gold picks response 0. */
const goldItem = (n: number) => ({ ...preferenceItem(n, { gold: 0 }), prelabel: { modelId: 'model-x', choice: 1, strength: 'better' } });

describe(`gold checks look like normal work: history, items, disputes, assignment, events (${backendName})`, () => {
  let t: TestServer;
  const sockets: AppSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.dispose();
  });

  const next = (api: Api, projectId: string) => api.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
  const history = (api: Api, itemId: string) => api.call<ItemHistory>('GET', `/items/${itemId}/history`, undefined, 200);
  const auditActions = (h: ItemHistory) => h.entries.filter((e) => e.kind === 'audit').map((e) => e.action);

  /** Everything but presence that reaches a member's socket once they joined the project room. */
  async function projectEvents(api: Api, projectId: string): Promise<{ event: string; payload: unknown }[]> {
    const socket: AppSocket = io(t.url, { auth: { token: api.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const seen: { event: string; payload: unknown }[] = [];
    socket.onAny((event: string, payload: unknown) => {
      if (!event.startsWith('presence:')) seen.push({ event, payload });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await socket.emitWithAck('presence:join', { projectId });
    expect(ack.ok).toBe(true);
    return seen;
  }

  /** A call's status and JSON body, whatever the status. */
  async function send(api: Api, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  /** A refusal's status and error body. */
  async function refusal(api: Api, method: string, path: string, body?: unknown) {
    const res = await send(api, method, path, body);
    return { status: res.status, error: (res.body as { error: { code: string; message: string } }).error };
  }

  it('[A9] [W20] [G2] an accepted gold item: its checker reads only their own work in history and items without state; reviewers never see the copy', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold check privacy',
      workflow: { labeling: 'blind', overlap: 1, review: true, qaSamplePercent: 0, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', rita: 'reviewer', quinn: 'qa_lead', vic: 'viewer' },
    });
    const gold = await t.api.createItem(projectId, goldItem(1));
    const plain = await t.api.createItem(projectId, preferenceItem(2));

    const annTask = await next(people.ann, projectId);
    expect(annTask.itemId).toBe(gold.id);
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    const claim = await people.rita.call<{ fence: number }>('POST', `/assignments/${annTask.assignmentId}/review/claim`);
    await people.rita.call('POST', `/assignments/${annTask.assignmentId}/review`, { fence: claim.fence, decision: 'accept' }, 200);

    // [W20] Annotators never see items' workflow state, so an accepted item served to them tells nothing.
    for (const api of [people.ann, people.ben]) {
      const listed = await api.call<{ items: Record<string, unknown>[] }>('GET', `/projects/${projectId}/items`);
      expect(listed.items.map((i) => i.id).sort()).toEqual([gold.id, plain.id].sort());
      for (const item of listed.items) expect(item).not.toHaveProperty('state');
      expect(await api.call<Record<string, unknown>>('GET', `/items/${gold.id}`)).not.toHaveProperty('state');
      const filtered = await refusal(api, 'GET', `/projects/${projectId}/items?state=accepted`);
      expect(filtered).toMatchObject({ status: 403, error: { code: 'forbidden' } });
    }
    for (const api of [people.rita, people.quinn, people.vic]) {
      expect(await api.call<Record<string, unknown>>('GET', `/items/${gold.id}`)).toMatchObject({ state: 'accepted' });
      const accepted = await api.call<{ items: { id: string }[] }>('GET', `/projects/${projectId}/items?state=accepted`);
      expect(accepted.items.map((i) => i.id)).toEqual([gold.id]);
    }

    // Ben's socket, joined to the project, hears nothing of his gold check.
    const benHears = await projectEvents(people.ben, projectId);
    const benTask = await next(people.ben, projectId);
    expect(benTask.itemId).toBe(gold.id);
    expect(await statusOf(t, people.ben, 'GET', `/items/${gold.id}/history`)).toBe(404);
    await people.ben.call('POST', `/assignments/${benTask.assignmentId}/release`, { fence: benTask.fence }, 200);
    const resumed = await people.ben.call<Task>('POST', `/assignments/${benTask.assignmentId}/resume`, undefined, 200);
    await chooseIn(t, benTask.documentId, people.ben.userId, 1);
    await people.ben.call('POST', `/assignments/${benTask.assignmentId}/submit`, { fence: resumed.fence }, 200);

    // [A9] Ben's history of the gold item: his gold check's entries and his copy's edits, nothing of Ann's or Rita's.
    const benSees = await history(people.ben, gold.id);
    expect(benSees.state).toBe('accepted');
    expect(auditActions(benSees)).toEqual(['assignment.taken', 'assignment.released', 'assignment.taken', 'assignment.submitted']);
    const actors = new Set(benSees.entries.map((e) => e.actor.id).filter((id) => id !== null));
    expect([...actors]).toEqual([people.ben.userId]);
    expect(new Set(benSees.entries.filter((e) => e.kind === 'edits').map((e) => e.documentId))).toEqual(new Set([benTask.documentId]));
    expect(JSON.stringify(benSees)).not.toMatch(/gold/i);
    expect(JSON.stringify(benSees)).not.toContain(people.ann.userId);
    expect(JSON.stringify(benSees)).not.toContain(annTask.documentId);

    // Nothing went to the project room about it (no item:state, work:counts or review:requested).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(benHears).toEqual([]);

    // The same annotator on a normal item they annotated alone: the gold history is a part of what that shows.
    const plainTask = await next(people.ben, projectId);
    expect(plainTask.itemId).toBe(plain.id);
    // The same socket does hear normal work: the silence above was the gold check's. As an annotator he
    // hears that the item moved, never its state [W20].
    await expect.poll(() => benHears.map((e) => e.event)).toContain('item:changed');
    expect(benHears.find((e) => e.event === 'item:changed')).toEqual({ event: 'item:changed', payload: { projectId, itemId: plain.id } });
    expect(benHears.map((e) => e.event)).not.toContain('item:state');
    await people.ben.call('POST', `/assignments/${plainTask.assignmentId}/release`, { fence: plainTask.fence }, 200);
    const plainResumed = await people.ben.call<Task>('POST', `/assignments/${plainTask.assignmentId}/resume`, undefined, 200);
    await chooseIn(t, plainTask.documentId, people.ben.userId, 0);
    await people.ben.call('POST', `/assignments/${plainTask.assignmentId}/submit`, { fence: plainResumed.fence }, 200);
    const plainClaim = await people.rita.call<{ fence: number }>('POST', `/assignments/${plainTask.assignmentId}/review/claim`);
    await people.rita.call('POST', `/assignments/${plainTask.assignmentId}/review`, { fence: plainClaim.fence, decision: 'accept' }, 200);
    const normal = await history(people.ben, plain.id);
    expect(normal.state).toBe(benSees.state);
    expect(auditActions(normal)).toEqual(expect.arrayContaining(auditActions(benSees)));
    const shape = (e: HistoryEntry) => Object.keys(e).sort().join(',');
    for (const entry of benSees.entries) expect(normal.entries.map(shape)).toContain(shape(entry));

    // [A9] Reviewers' full history leaves out the gold check's copy; roles with quality.read see its edits.
    const ritaSees = await history(people.rita, gold.id);
    expect(ritaSees.entries.some((e) => e.actor.id === people.ann.userId)).toBe(true);
    expect(ritaSees.entries.filter((e) => e.documentId === benTask.documentId || e.actor.id === people.ben.userId)).toEqual([]);
    const quinnSees = await history(people.quinn, gold.id);
    expect(quinnSees.entries.some((e) => e.kind === 'edits' && e.documentId === benTask.documentId && e.actor.id === people.ben.userId)).toBe(true);
  });

  it('[D12] [R8] [A9] a gold check makes no one a party to the item’s dispute: 404 like a stranger, history of their own work only', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold check and disputes',
      workflow: { labeling: 'blind', overlap: 2, review: false, qaSamplePercent: 0, disputes: { auto: true }, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', cat: 'annotator', dave: 'reviewer', rita: 'reviewer', quinn: 'qa_lead', sam: 'annotator' },
    });
    const gold = await t.api.createItem(projectId, goldItem(21));
    const annTask = await next(people.ann, projectId);
    const benTask = await next(people.ben, projectId);
    const catTask = await next(people.cat, projectId);
    const daveTask = await next(people.dave, projectId);
    expect([annTask.itemId, benTask.itemId, catTask.itemId, daveTask.itemId]).toEqual([gold.id, gold.id, gold.id, gold.id]);
    await chooseIn(t, catTask.documentId, people.cat.userId, 1);
    await people.cat.call('POST', `/assignments/${catTask.assignmentId}/submit`, { fence: catTask.fence }, 200);
    // Ann and Ben disagree: a dispute opens on the item.
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    await chooseIn(t, benTask.documentId, people.ben.userId, 1);
    await people.ben.call('POST', `/assignments/${benTask.assignmentId}/submit`, { fence: benTask.fence }, 200);
    const open = await people.quinn.call<{ items: { disputeId: string; itemId: string }[] }>('GET', `/projects/${projectId}/disputes?state=open`);
    expect(open.items.map((d) => d.itemId)).toEqual([gold.id]);
    const disputeId = open.items[0]!.disputeId;

    expect(await statusOf(t, people.ann, 'GET', `/disputes/${disputeId}`)).toBe(200);
    expect(await statusOf(t, people.rita, 'GET', `/disputes/${disputeId}`)).toBe(200);
    // Cat's submitted gold check: the 404 of Sam, who never had the item. Dave reviews, but his gold check is unsubmitted (R8).
    expect(await statusOf(t, people.sam, 'GET', `/disputes/${disputeId}`)).toBe(404);
    expect(await statusOf(t, people.cat, 'GET', `/disputes/${disputeId}`)).toBe(404);
    expect(await statusOf(t, people.dave, 'GET', `/disputes/${disputeId}`)).toBe(404);

    // An open dispute shows Ann the others' work (B3); Cat still reads only her own.
    const annSees = await history(people.ann, gold.id);
    expect(annSees.entries.some((e) => e.actor.id === people.ben.userId)).toBe(true);
    expect(annSees.entries.some((e) => e.documentId === catTask.documentId || e.actor.id === people.cat.userId)).toBe(false);
    const catSees = await history(people.cat, gold.id);
    expect(catSees.state).toBe('submitted');
    expect(auditActions(catSees)).toEqual(['assignment.taken', 'assignment.submitted']);
    expect(new Set(catSees.entries.map((e) => e.actor.id).filter((id) => id !== null))).toEqual(new Set([people.cat.userId]));
  });

  it('[Q16] [Q7] assigning an item to someone with a gold check on it is a clean 409', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Gold check and direct assignment',
      workflow: { labeling: 'blind', overlap: 1, review: true, qaSamplePercent: 0, quality: { goldRatePercent: 100 } },
      people: { ann: 'annotator', ben: 'annotator', rita: 'reviewer', mona: 'manager' },
    });
    const gold = await t.api.createItem(projectId, goldItem(31));
    const annTask = await next(people.ann, projectId);
    // The item is full: Ben is served a gold check; a manager assigning it to him is refused, not a 500.
    const benTask = await next(people.ben, projectId);
    expect(benTask.itemId).toBe(gold.id);
    const full = await refusal(people.mona, 'POST', `/projects/${projectId}/assignments`, { itemId: gold.id, userId: people.ben.userId });
    expect(full).toEqual({ status: 409, error: expect.objectContaining({ code: 'already_assigned', message: 'This person already has this item.' }) });

    // Closed: the same 409 as for anyone.
    await chooseIn(t, annTask.documentId, people.ann.userId, 0);
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    const claim = await people.rita.call<{ fence: number }>('POST', `/assignments/${annTask.assignmentId}/review/claim`);
    await people.rita.call('POST', `/assignments/${annTask.assignmentId}/review`, { fence: claim.fence, decision: 'accept' }, 200);
    const closed = await refusal(people.mona, 'POST', `/projects/${projectId}/assignments`, { itemId: gold.id, userId: people.ben.userId });
    expect(closed).toMatchObject({ status: 409, error: { code: 'item_closed' } });
    // Ben's gold check is untouched.
    const tasks = await people.ben.call<{ items: Task[] }>('GET', `/projects/${projectId}/tasks`);
    expect(tasks.items.map((task) => [task.assignmentId, task.state])).toEqual([[benTask.assignmentId, 'in_progress']]);
  });

  it('[Q16] a direct assignment and `next` for the same person and item at the same instant: one wins, the other answers cleanly', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Assignment races next',
      workflow: { labeling: 'blind', overlap: 5, review: false, qaSamplePercent: 0, quality: { goldRatePercent: 100 } },
      people: { a1: 'annotator', a2: 'annotator', a3: 'annotator', a4: 'annotator', mona: 'manager' },
    });
    const gold = await t.api.createItem(projectId, goldItem(41));
    for (const who of [people.a1, people.a2, people.a3, people.a4]) {
      const [assigned, served] = await Promise.all([
        send(people.mona, 'POST', `/projects/${projectId}/assignments`, { itemId: gold.id, userId: who.userId }),
        send(who, 'POST', `/projects/${projectId}/queue/next`),
      ]);
      // `next` serves the item (its own or claimed), or nothing when the assignment took it in between.
      expect([200, 204]).toContain(served.status);
      if (served.status === 200) expect(served.body).toMatchObject({ itemId: gold.id });
      if (assigned.status !== 201) expect(assigned).toMatchObject({ status: 409, body: { error: { code: 'already_assigned' } } });
      const tasks = await who.call<{ items: Task[] }>('GET', `/projects/${projectId}/tasks`);
      expect(tasks.items.map((task) => task.itemId)).toEqual([gold.id]);
    }
  });
});
