import { disputes } from '@concord/db';
import { readDoc, turnText } from '@concord/annotation-doc';
import { itemStates, newId, type ClientToServerEvents, type ExportJob, type ServerToClientEvents, type Task } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';
import { download, runExport } from './exports-fixtures.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Role = 'annotatorA' | 'annotatorB' | 'reviewer' | 'viewer' | 'manager';
/** What a role gets on one channel: the document (`open`) or the same answer as a missing id (`hidden`). */
type Seen = 'open' | 'hidden';

/** An instruction item whose pre-label already passes validation, so it can be submitted as is. */
const validItem = {
  seed: { media: [], turns: [{ role: 'user', text: 'Name a blue fruit.' }] },
  prelabel: { modelId: 'model-x', style: 'question', turns: [{ role: 'assistant', text: 'A blueberry.' }] },
};

describe(`blind isolation across REST, document lists, the Yjs socket and socket.io presence (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Record<Role, Api>;
  let itemDocumentId: string;
  let taskA: Task;
  let taskB: Task;
  const clients: YjsClient[] = [];
  const sockets: AppSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Blind', 'instruction')).id;
    await t.api.call('PUT', `/projects/${projectId}/workflow`, { labeling: 'blind', overlap: 2, review: true, disputes: { auto: false } });
    people = {
      annotatorA: await t.api.createUser('Ann'),
      annotatorB: await t.api.createUser('Ben'),
      reviewer: await t.api.createUser('Rita'),
      viewer: await t.api.createUser('Vera'),
      manager: await t.api.createUser('Mona'),
    };
    const roles: Record<Role, string> = { annotatorA: 'annotator', annotatorB: 'annotator', reviewer: 'reviewer', viewer: 'viewer', manager: 'manager' };
    for (const [who, api] of Object.entries(people)) await t.api.addMember(projectId, api.userId, roles[who as Role]);
    itemDocumentId = (await t.api.createItem(projectId, validItem)).documentId;
    taskA = await people.annotatorA.call<Task>('POST', `/projects/${projectId}/queue/next`);
    taskB = await people.annotatorB.call<Task>('POST', `/projects/${projectId}/queue/next`);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const socket of sockets) socket.disconnect();
    await t?.dispose();
  });

  async function rest(api: Api, documentId: string): Promise<Seen> {
    const res = await fetch(`${t.url}/api/v1/documents/${documentId}`, { headers: { authorization: `Bearer ${api.token}` } });
    await res.arrayBuffer();
    return res.status === 200 ? 'open' : res.status === 404 ? 'hidden' : (`status ${res.status}` as Seen);
  }

  async function listed(api: Api, documentId: string): Promise<Seen> {
    const page = await api.call<{ items: { id: string }[] }>('GET', `/projects/${projectId}/documents?limit=200`);
    return page.items.some((d) => d.id === documentId) ? 'open' : 'hidden';
  }

  /** The stock y-websocket client: synced, or closed with 4403 (the answer for a missing id too). */
  async function yjs(api: Api, documentId: string): Promise<Seen> {
    const client = connectYjs(t.wsUrl, documentId, api.token);
    try {
      const outcome = await new Promise<'sync' | number>((resolve) => {
        client.provider.on('sync', (isSynced: boolean) => isSynced && resolve('sync'));
        client.provider.on('connection-close', (event) => resolve(event?.code ?? 0));
      });
      return outcome === 'sync' ? 'open' : outcome === 4403 ? 'hidden' : (`close ${outcome}` as Seen);
    } finally {
      client.destroy();
    }
  }

  async function presence(api: Api, documentId: string): Promise<Seen> {
    const socket: AppSocket = io(t.url, { auth: { token: api.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const ack = await socket.emitWithAck('presence:join', { projectId, documentId });
    socket.disconnect();
    if (ack.ok) return 'open';
    return ack.error.code === 'not_found' ? 'hidden' : (`error ${ack.error.code}` as Seen);
  }

  /** Every role on every channel; a missing id must look exactly like a hidden document. */
  async function matrix(documentId: string): Promise<Record<Role, Seen[]>> {
    const out = {} as Record<Role, Seen[]>;
    for (const [who, api] of Object.entries(people) as [Role, Api][]) {
      out[who] = [await rest(api, documentId), await listed(api, documentId), await yjs(api, documentId), await presence(api, documentId)];
    }
    return out;
  }
  const open: Seen[] = ['open', 'open', 'open', 'open'];
  const hidden: Seen[] = ['hidden', 'hidden', 'hidden', 'hidden'];

  it('[B2] each annotator works on their own copy of the item document', () => {
    expect(new Set([taskA.documentId, taskB.documentId, itemDocumentId]).size).toBe(3);
  });

  it('[B3] [B4] before A submits: only A sees their copy; annotators do not see the item document', async () => {
    expect(await matrix(taskA.documentId)).toEqual({ annotatorA: open, annotatorB: hidden, reviewer: hidden, viewer: hidden, manager: hidden });
    expect(await matrix(itemDocumentId)).toEqual({ annotatorA: hidden, annotatorB: hidden, reviewer: open, viewer: open, manager: open });
    const missing = `doc_${'a'.repeat(32)}`;
    expect(await matrix(missing)).toEqual({ annotatorA: hidden, annotatorB: hidden, reviewer: hidden, viewer: hidden, manager: hidden });
  });

  it('[B5] A’s live socket on their copy turns read-only as soon as A submits', async () => {
    const a = connectYjs(t.wsUrl, taskA.documentId, people.annotatorA.token);
    clients.push(a);
    await synced(a);
    a.text.insert(0, 'before submit');
    await eventually(async () => (await t.server.services.documents.readJson(taskA.documentId)).caption === 'before submit', 5_000, 'the edit to land');
    await people.annotatorA.call('POST', `/assignments/${taskA.assignmentId}/submit`, { fence: taskA.fence });
    // This instance's sockets follow before the submit answers: an edit right after it is dropped.
    a.text.insert(0, 'after submit: ');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await t.server.services.documents.readJson(taskA.documentId)).caption).toBe('before submit');
    expect(a.provider.wsconnected).toBe(true);
  });

  it('[B3] [B4] after A submits: A and work.review roles read A’s copy; B and the viewer still get 404; A reads the item document', async () => {
    expect(await matrix(taskA.documentId)).toEqual({ annotatorA: open, annotatorB: hidden, reviewer: open, viewer: hidden, manager: open });
    expect(await matrix(itemDocumentId)).toEqual({ annotatorA: open, annotatorB: hidden, reviewer: open, viewer: open, manager: open });
    expect(await matrix(taskB.documentId)).toEqual({ annotatorA: hidden, annotatorB: open, reviewer: hidden, viewer: hidden, manager: hidden });
  });

  it('[B3] a reviewer without the review lease only reads A’s copy: their edits are dropped (abuse case 6)', async () => {
    const r = connectYjs(t.wsUrl, taskA.documentId, people.reviewer.token);
    clients.push(r);
    await synced(r);
    expect(r.text.toString()).toBe('before submit');
    r.text.insert(0, 'reviewer was here: ');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await t.server.services.documents.readJson(taskA.documentId)).caption).toBe('before submit');
    r.destroy();
  });

  it('[B3] [X16] export column: B’s unsubmitted typing in their copy is in no exported file, whatever the state filter', async () => {
    const secret = 'UNSUBMITTED-B-SECRET';
    const b = connectYjs(t.wsUrl, taskB.documentId, people.annotatorB.token);
    clients.push(b);
    await synced(b);
    const view = readDoc(b.doc);
    if (view.taskType !== 'instruction') throw new Error('not an instruction document');
    turnText(b.doc, view.turns.at(-1)!.id)!.insert(0, `${secret} `);
    await eventually(async () => JSON.stringify(await t.server.services.documents.readJson(taskB.documentId)).includes(secret), 5_000, 'B’s edit to be stored');
    b.destroy();
    const filters = [...itemStates.map((state) => [state]), [...itemStates]];
    let exported = 0;
    for (const states of filters) {
      const job: ExportJob = await runExport(people.manager, projectId, { format: 'trl-sft', filters: { states }, provenance: true });
      expect(job.status).toBe('done');
      exported += job.rows;
      for (const file of job.files) {
        const text = (await download(t, people.manager, job.id, file.path)).bytes.toString('utf8');
        expect(text, `${states.join(',')}: ${file.path}`).not.toContain(secret);
        if (file.path.endsWith('data.jsonl')) expect(text).toContain('A blueberry.');
      }
    }
    // The item was exported (from its shared document) at least under its own state and under all states.
    expect(exported).toBeGreaterThanOrEqual(2);
  });

  it('[B3] once both submitted, each other’s copy opens to them only while a dispute is open (the adjudication room)', async () => {
    await people.annotatorB.call('POST', `/assignments/${taskB.assignmentId}/submit`, { fence: taskB.fence });
    expect(await rest(people.annotatorB, taskA.documentId)).toBe('hidden');
    expect(await rest(people.annotatorA, taskB.documentId)).toBe('hidden');
    // Opening disputes is another route (D2); its row is what access depends on.
    await t.server.services.db.db.insert(disputes).values({ id: newId('dispute'), projectId, itemId: taskA.itemId, state: 'open' });
    expect(await matrix(taskA.documentId)).toEqual({ annotatorA: open, annotatorB: open, reviewer: open, viewer: hidden, manager: open });
    expect(await rest(people.annotatorA, taskB.documentId)).toBe('open');
  });
});
