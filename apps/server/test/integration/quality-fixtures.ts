import { readDoc, setChoice, type ItemSeed } from '@concord/annotation-doc';
import { annotationObservations, auditLog } from '@concord/db';
import type { ClientToServerEvents, QualityFlagEvent, ServerToClientEvents, Task } from '@concord/protocol';
import { asc, eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { readStoredState } from '../../src/workflow/stored-state.ts';
import type { Api } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Pairwise judgements without rubric scores or rationale: a choice alone is a valid annotation. */
export const pairwiseConfig = { preferenceMode: 'pairwise', requireAllScores: false, minRationaleLength: 0 };

/** A pairwise preference item with two responses, tagged with its slices; `gold` picks the response gold prefers. */
export function preferenceItem(n: number, options: { tags?: string[]; gold?: 0 | 1 } = {}) {
  const seed: ItemSeed = {
    taskType: 'preference',
    prompt: { text: `Prompt ${n}: which answer is better?`, media: [] },
    responses: [
      { modelId: 'model-a', text: `A careful answer to prompt ${n}, with the reasons spelled out.` },
      { modelId: 'model-b', text: `A short answer ${n}.` },
    ],
  };
  return {
    externalId: `quality-${n}`,
    tags: options.tags ?? [],
    seed,
    ...(options.gold === undefined ? {} : { gold: { modelId: 'gold', choice: options.gold, strength: 'better' } }),
  };
}

/** A blind preference project (pairwise) with its workflow and quality settings, and people in roles. */
export async function qualityProject<R extends string>(
  t: TestServer,
  options: { name: string; workflow: Record<string, unknown>; people: Record<R, string> },
): Promise<{ projectId: string; people: Record<R, Api & { email: string }> }> {
  const projectId = (await t.api.createProject(options.name, 'preference')).id;
  await t.api.updateConfig(projectId, pairwiseConfig);
  await t.api.call('PUT', `/projects/${projectId}/workflow`, options.workflow);
  const people = {} as Record<R, Api & { email: string }>;
  for (const [who, role] of Object.entries(options.people) as [R, string][]) {
    people[who] = await t.api.createUser(who);
    await t.api.addMember(projectId, people[who].userId, role);
  }
  return { projectId, people };
}

/** Writes the annotator's choice of response `index` into a document as their editor would (one client update, stored). */
export async function chooseIn(t: TestServer, documentId: string, userId: string, index: number): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await readStoredState(t.server.services.db.db, documentId));
  const before = Y.encodeStateVector(doc);
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error('not a preference document');
  setChoice(doc, view.responses[index]!.id, 'better');
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  await t.server.services.store.append(documentId, [{ update, userId, origin: 'client' }]);
}

/** The response index (canonical order) an annotator's choice maps to, by item: `choices[itemId]`. */
export type Choices = Record<string, 0 | 1>;

/** Takes the next task, chooses for its item (by `choose(task)`), submits; returns the submitted task. */
export async function annotateNext(t: TestServer, api: Api, projectId: string, choose: (task: Task) => 0 | 1): Promise<Task> {
  const task = await api.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
  await chooseIn(t, task.documentId, api.userId, choose(task));
  return api.call<Task>('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence }, 200);
}

/** The observation rows of a project (queue work), oldest first. */
export function observationsOf(t: TestServer, projectId: string) {
  return t.server.services.db.db.select().from(annotationObservations).where(eq(annotationObservations.projectId, projectId)).orderBy(asc(annotationObservations.submittedAt));
}

/** The project's audit entries of some actions, in chain order. */
export async function auditActions(t: TestServer, projectId: string, actions: string[]) {
  const rows = await t.server.services.db.db.select().from(auditLog).where(eq(auditLog.chain, projectId)).orderBy(asc(auditLog.seq));
  return rows.filter((r) => actions.includes(r.action));
}

/** A socket.io connection that keeps every `quality:flag` it receives. */
export async function listenFlags(t: TestServer, api: Api): Promise<{ socket: AppSocket; events: QualityFlagEvent[] }> {
  const socket: AppSocket = io(t.url, { auth: { token: api.token }, transports: ['websocket'], reconnection: false });
  const events: QualityFlagEvent[] = [];
  socket.on('quality:flag', (event) => events.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** Status of a call that may be refused. */
export async function statusOf(t: TestServer, api: Api, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${t.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}
