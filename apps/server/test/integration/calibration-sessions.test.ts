import { annotationObservations, qualityFlags } from '@concord/db';
import type { CalibrationResult, CalibrationReveal, CalibrationSessionView } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';
import { calibrationProject, choose, listen, openAs, openFlag, type AppSocket } from './calibration-fixtures.ts';

type People = Awaited<ReturnType<typeof calibrationProject>>['people'];
type ListEntry = CalibrationSessionView & { results: CalibrationResult[] };

describe(`calibration sessions (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let itemIds: string[];
  let people: People;
  let session: CalibrationSessionView;
  let annFlag: string;
  let benFlag: string;
  const sockets: AppSocket[] = [];
  /** Ann's and Ben's answer documents of item 0. */
  const first: Record<'ann' | 'ben', string> = { ann: '', ben: '' };

  const view = (api: Api) => api.call<CalibrationSessionView>('GET', `/calibrations/${session.id}`);
  const status = async (api: Api, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { error?: Record<string, unknown> } | null;
    // Errors come as `{ error: { code, message, details } }`.
    return { status: res.status, body: json?.error ?? (json as Record<string, unknown> | null) };
  };

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people, itemIds } = await calibrationProject(t));
    annFlag = await openFlag(t, { projectId, userId: people.ann.userId });
    benFlag = await openFlag(t, { projectId, userId: people.ben.userId });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t?.dispose();
  });

  it('[C1] only calibration.run creates; items and participants are checked, each problem named', async () => {
    const create = { title: 'Tides', itemIds, participantIds: [people.ann.userId, people.ben.userId] };
    expect((await status(people.ann, 'POST', `/projects/${projectId}/calibrations`, create)).status).toBe(403);
    const bad = await status(people.trainer, 'POST', `/projects/${projectId}/calibrations`, {
      ...create,
      itemIds: [itemIds[0], 'itm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
      participantIds: [people.ann.userId, people.vera.userId, people.trainer.userId],
    });
    expect(bad.status).toBe(422);
    expect((bad.body!['details'] as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(['itemIds.1', 'participantIds.1', 'participantIds.2']);
    session = await people.trainer.call<CalibrationSessionView>('POST', `/projects/${projectId}/calibrations`, create, 201);
    expect(session).toMatchObject({ state: 'draft', currentItemId: null, passThreshold: 0.8, itemIds });
    expect(session.participants.map((p) => p.name)).toEqual(['Ann', 'Ben']);
  });

  it('[C3] the session is for its trainer and participants: anyone else gets 404', async () => {
    expect((await status(people.olga, 'GET', `/calibrations/${session.id}`)).status).toBe(404);
    expect((await status(people.vera, 'GET', `/calibrations/${session.id}`)).status).toBe(404);
    expect((await status(people.ann, 'GET', '/calibrations/cal_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await view(people.ann)).state).toBe('draft');
  });

  it('[C2] the trainer starts it (a participant gets 403): each participant has their own answer document', async () => {
    expect((await status(people.ann, 'POST', `/calibrations/${session.id}/start`)).status).toBe(403);
    const annSocket = await listen(t.url, people.ann);
    sockets.push(annSocket.socket);
    const live = await people.trainer.call<CalibrationSessionView>('POST', `/calibrations/${session.id}/start`);
    expect(live).toMatchObject({ state: 'live', currentIndex: 0, currentItemId: itemIds[0], revealed: false, myDocumentId: null });
    expect(live.notesDocumentId).not.toBeNull();
    first.ann = (await view(people.ann)).myDocumentId!;
    first.ben = (await view(people.ben)).myDocumentId!;
    expect(first.ann).toMatch(/^doc_/);
    expect(first.ben).not.toBe(first.ann);
    expect((await status(people.trainer, 'POST', `/calibrations/${session.id}/start`)).status).toBe(409);
    await eventually(() => annSocket.events.some((e) => e.state === 'live'), 5_000, 'Ann to hear the start');
  });

  it('[C3] blind: before reveal only the owner opens an answer (REST 404, Yjs 4403 for everyone else); notes are the trainer’s', async () => {
    expect(await openAs(t, people.ann, first.ann)).toEqual({ rest: 'write', yjs: 'open' });
    for (const other of [people.ben, people.trainer, people.olga, people.vera]) expect(await openAs(t, other, first.ann)).toEqual({ rest: 'hidden', yjs: 'hidden' });
    const notes = (await view(people.trainer)).notesDocumentId!;
    expect((await openAs(t, people.trainer, notes)).rest).toBe('write');
    expect((await openAs(t, people.ann, notes)).rest).toBe('hidden');
    expect((await view(people.ann)).notesDocumentId).toBeNull();
    const listed = await people.ben.call<{ items: { id: string }[] }>('GET', `/projects/${projectId}/documents?limit=200`);
    expect(listed.items.map((d) => d.id)).not.toContain(first.ann);
  });

  it('[C4] an answer is validated like a submission: 422 with the problems, nothing stored', async () => {
    const res = await status(people.ann, 'POST', `/calibrations/${session.id}/answer`);
    expect(res.status).toBe(422);
    expect((res.body!['details'] as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
    expect((await view(people.trainer)).participants.every((p) => !p.answered)).toBe(true);
    expect((await status(people.trainer, 'POST', `/calibrations/${session.id}/answer`)).status).toBe(403);
    expect((await status(people.olga, 'POST', `/calibrations/${session.id}/answer`)).status).toBe(404);
  });

  it('[C4] answers are observed (source calibration) and scored against gold; the trainer sees who answered, never what', async () => {
    await choose(t, people.ann, first.ann, 0);
    await choose(t, people.ben, first.ben, 1);
    await people.ann.call('POST', `/calibrations/${session.id}/answer`);
    const seen = await view(people.trainer);
    expect(seen.participants.map((p) => [p.name, p.answered])).toEqual([['Ann', true], ['Ben', false]]);
    expect((await openAs(t, people.ann, first.ann)).rest).toBe('read');
    expect((await status(people.ann, 'POST', `/calibrations/${session.id}/answer`)).status).toBe(409);
    await people.ben.call('POST', `/calibrations/${session.id}/answer`);
    const rows = await t.server.services.db.db.select().from(annotationObservations).where(eq(annotationObservations.calibrationId, session.id));
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(people.ann.userId)).toMatchObject({ id: `${session.id}:${itemIds[0]}:${people.ann.userId}`, source: 'calibration', itemId: itemIds[0] });
    expect(byUser.get(people.ann.userId)!.goldScore).toBeGreaterThan(byUser.get(people.ben.userId)!.goldScore!);
    // Still blind: answering opens nothing of the other's.
    expect((await openAs(t, people.ann, first.ben)).rest).toBe('hidden');
    // Calibration answers never count in the project's agreement.
    const report = await t.api.call<{ overall: { annotations: number } }>('GET', `/projects/${projectId}/quality`);
    expect(report.overall.annotations).toBe(0);
  });

  it('[C5] reveal (the trainer): every answer of the item, the gold and the notes open read-only to the session, with disagreements and the live agreement', async () => {
    expect((await status(people.ann, 'GET', `/calibrations/${session.id}/reveal`)).status).toBe(409);
    expect((await status(people.ann, 'POST', `/calibrations/${session.id}/reveal`)).status).toBe(403);
    await people.trainer.call('POST', `/calibrations/${session.id}/reveal`);
    expect(await openAs(t, people.ann, first.ben)).toEqual({ rest: 'read', yjs: 'open' });
    expect(await openAs(t, people.trainer, first.ann)).toEqual({ rest: 'read', yjs: 'open' });
    for (const other of [people.olga, people.vera]) expect((await openAs(t, other, first.ben)).rest).toBe('hidden');
    const reveal = await people.ben.call<CalibrationReveal>('GET', `/calibrations/${session.id}/reveal`);
    expect(reveal.answers.map((a) => a.name)).toEqual(['Ann', 'Ben']);
    expect(reveal.goldDocumentId).not.toBeNull();
    expect((await openAs(t, people.ann, reveal.goldDocumentId!)).rest).toBe('read');
    const choice = reveal.disagreements.find((d) => d.path === 'judgement.choice');
    // Ann and the gold chose the first response, Ben the second: all three are in a differing pair.
    expect(choice?.values.map((v) => v.userId).sort()).toEqual([people.ann.userId, people.ben.userId, 'gold'].sort());
    expect(reveal.agreement).toMatchObject({ metric: 'percent_agreement', raters: 2 });
    expect(reveal.agreement!.value).toBeLessThan(1);
    const notes = (await view(people.ann)).notesDocumentId!;
    expect((await openAs(t, people.ann, notes)).rest).toBe('write');
  });

  it('[C6] next: the new item is blind again; revealing before anyone answered is allowed, and closes answering', async () => {
    const annSocket = await listen(t.url, people.ann);
    sockets.push(annSocket.socket);
    const moved = await people.trainer.call<CalibrationSessionView>('POST', `/calibrations/${session.id}/next`);
    expect(moved).toMatchObject({ currentIndex: 1, currentItemId: itemIds[1], revealed: false });
    await eventually(() => annSocket.events.some((e) => e.currentIndex === 1 && !e.revealed), 5_000, 'Ann to hear the move');
    const second = { ann: (await view(people.ann)).myDocumentId!, ben: (await view(people.ben)).myDocumentId! };
    expect((await openAs(t, people.ann, second.ben)).rest).toBe('hidden');
    // The item left behind stays readable to the session.
    expect((await openAs(t, people.ann, first.ben)).rest).toBe('read');
    await choose(t, people.ann, second.ann, 0);
    await people.ann.call('POST', `/calibrations/${session.id}/answer`);
    await eventually(() => annSocket.events.some((e) => e.currentIndex === 1 && e.answered.includes(people.ann.userId)), 5_000, 'the answered tick');
    await people.trainer.call('POST', `/calibrations/${session.id}/reveal`);
    expect((await status(people.ben, 'POST', `/calibrations/${session.id}/answer`)).status).toBe(409);
    expect((await people.ann.call<CalibrationReveal>('GET', `/calibrations/${session.id}/reveal`)).answers.map((a) => a.name)).toEqual(['Ann']);
    expect((await status(people.trainer, 'POST', `/calibrations/${session.id}/next`)).status).toBe(409);
  });

  it('[C7] end: results are stored; a pass clears the participant’s open flags, a fail does not', async () => {
    const ended = await people.trainer.call<CalibrationSessionView>('POST', `/calibrations/${session.id}/end`);
    expect(ended.state).toBe('ended');
    const list = await people.trainer.call<{ items: ListEntry[] }>('GET', `/projects/${projectId}/calibrations`);
    const results = new Map(list.items[0]!.results.map((r) => [r.name, r]));
    expect(results.get('Ann')).toMatchObject({ items: 2, passed: true, clearedFlags: [annFlag] });
    expect(results.get('Ann')!.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(results.get('Ben')).toMatchObject({ items: 1, passed: false, clearedFlags: [] });
    const flags = await t.server.services.db.db.select().from(qualityFlags).where(eq(qualityFlags.projectId, projectId));
    const state = new Map(flags.map((f) => [f.id, f]));
    expect(state.get(annFlag)).toMatchObject({ state: 'cleared', clearedBySession: session.id });
    expect(state.get(benFlag)).toMatchObject({ state: 'open', clearedBySession: null });
    expect((await openAs(t, people.ann, first.ann)).rest).toBe('read');
    expect((await status(people.trainer, 'POST', `/calibrations/${session.id}/end`)).status).toBe(409);
  });

  it('[C8] the list: quality.read sees every result; an annotator their own sessions and only their own result', async () => {
    const own = await people.ben.call<{ items: ListEntry[] }>('GET', `/projects/${projectId}/calibrations`);
    expect(own.items.map((s) => s.id)).toEqual([session.id]);
    expect(own.items[0]!.results.map((r) => r.name)).toEqual(['Ben']);
    expect((await people.olga.call<{ items: ListEntry[] }>('GET', `/projects/${projectId}/calibrations`)).items).toEqual([]);
    const outsider = await t.api.createUser('Stranger');
    expect((await status(outsider, 'GET', `/projects/${projectId}/calibrations`)).status).toBe(404);
  });
});
