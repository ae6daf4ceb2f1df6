import { readDoc, setChoice, type ItemSeed } from '@concord/annotation-doc';
import type { CalibrationEvent, ClientToServerEvents, ServerToClientEvents } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import type { Api } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced } from '../helpers/yjs-client.ts';
import { raiseFlag } from '../../src/quality/flags.ts';
import { Outbox } from '../../src/workflow/outbox.ts';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A pairwise preference item whose gold answer prefers the first response. */
export function preferenceItem(n: number) {
  const seed: ItemSeed = {
    taskType: 'preference',
    prompt: { text: `Calibration prompt ${n}: explain tides in one sentence.`, media: [] },
    responses: [
      { modelId: 'model-a', text: 'The moon’s gravity pulls the oceans, raising and lowering the water.' },
      { modelId: 'model-b', text: 'Wind pushes the sea.' },
    ],
  };
  return { seed, gold: { modelId: 'gold', choice: 0, strength: 'better' }, externalId: `cal-${n}` };
}

/** Pairwise judgements without rubric scores or rationale, so a choice alone is a valid answer. */
export const pairwiseConfig = { preferenceMode: 'pairwise', requireAllScores: false, minRationaleLength: 0 };

/** A project with a trainer, two annotators in the session, an annotator outside it and a viewer. */
export async function calibrationProject(t: TestServer, items = 2) {
  const projectId = (await t.api.createProject('Calibration', 'preference')).id;
  await t.api.updateConfig(projectId, pairwiseConfig);
  const people = {
    trainer: await t.api.createUser('Tess'),
    ann: await t.api.createUser('Ann'),
    ben: await t.api.createUser('Ben'),
    olga: await t.api.createUser('Olga'),
    vera: await t.api.createUser('Vera'),
  };
  const roles = { trainer: 'trainer', ann: 'annotator', ben: 'annotator', olga: 'annotator', vera: 'viewer' };
  for (const [who, api] of Object.entries(people)) await t.api.addMember(projectId, api.userId, roles[who as keyof typeof roles]);
  const itemIds: string[] = [];
  for (let n = 1; n <= items; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(n))).id);
  return { projectId, people, itemIds };
}

/** Picks response `index` (pairwise, `better`) in a participant's answer document over the Yjs socket and waits until it is stored. */
export async function choose(t: TestServer, api: Api, documentId: string, index: number): Promise<void> {
  const client = connectYjs(t.wsUrl, documentId, api.token);
  try {
    await synced(client);
    const doc: Y.Doc = client.doc;
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('not a preference document');
    const responseId = view.responses[index]!.id;
    setChoice(doc, responseId, 'better');
    await eventually(
      async () => {
        const stored = await api.call<{ content: { judgement?: { choice?: string | null } } }>('GET', `/documents/${documentId}`);
        return stored.content.judgement?.choice === responseId;
      },
      5_000,
      'the choice to be stored',
    );
  } finally {
    client.destroy();
  }
}

/** What a caller gets for a document over REST and over the Yjs socket: open (readOnly or not) or hidden (404 / 4403). */
export async function openAs(t: TestServer, api: Api, documentId: string): Promise<{ rest: 'hidden' | 'read' | 'write'; yjs: 'hidden' | 'open' }> {
  const res = await fetch(`${t.url}/api/v1/documents/${documentId}`, { headers: { authorization: `Bearer ${api.token}` } });
  const body = (await res.json()) as { readOnly?: boolean };
  const rest = res.status === 404 ? 'hidden' : res.status === 200 ? (body.readOnly ? 'read' : 'write') : (`status ${res.status}` as 'hidden');
  const client = connectYjs(t.wsUrl, documentId, api.token);
  try {
    const outcome = await new Promise<'sync' | number>((resolve) => {
      client.provider.on('sync', (isSynced: boolean) => isSynced && resolve('sync'));
      client.provider.on('connection-close', (event) => resolve(event?.code ?? 0));
    });
    return { rest, yjs: outcome === 'sync' ? 'open' : outcome === 4403 ? 'hidden' : (`close ${outcome}` as 'hidden') };
  } finally {
    client.destroy();
  }
}

/** A socket.io connection that keeps every `calibration:changed` it receives. */
export async function listen(url: string, api: Api): Promise<{ socket: AppSocket; events: CalibrationEvent[] }> {
  const socket: AppSocket = io(url, { auth: { token: api.token }, transports: ['websocket'], reconnection: false });
  const events: CalibrationEvent[] = [];
  socket.on('calibration:changed', (event) => events.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

/** An open gold-accuracy flag on a user, raised through the quality engineer's raiseFlag. */
export async function openFlag(t: TestServer, input: { projectId: string; userId: string }): Promise<string> {
  const outbox = new Outbox();
  const flag = await t.server.services.db.db.transaction((tx) =>
    raiseFlag(tx, { ...input, slice: '*', reason: 'gold_accuracy', metric: 'gold_accuracy', value: 0.4, threshold: 0.8, units: 12 }, outbox),
  );
  if (!flag) throw new Error('no flag raised');
  return flag.id;
}
