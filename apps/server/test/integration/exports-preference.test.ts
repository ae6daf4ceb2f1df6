import { createHash } from 'node:crypto';
import type { ClientToServerEvents, ExportJob, ExportProgress, ServerToClientEvents } from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/exports/zip-reader.testing.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { allRows, download, runExport } from './exports-fixtures.ts';
import { annotateNext, auditActions, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

/** Items 0-5 accepted through the queue (0-2 safety, 3-5 coding); 6-7 gold, left todo. Choice: response n % 2. */
describe(`exports of a preference project (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Awaited<ReturnType<typeof setup>>['people'];
  const itemIds: string[] = [];
  const externalIds: string[] = [];
  let job: ExportJob;

  async function setup() {
    return qualityProject(t, {
      name: 'Export',
      workflow: { labeling: 'blind', overlap: 1, review: false, qaSamplePercent: 0, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead', max: 'manager', rita: 'reviewer' },
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people } = await setup());
    for (let n = 0; n < 6; n++) {
      const item = preferenceItem(n, { tags: n < 3 ? ['safety'] : ['coding'] });
      itemIds.push((await t.api.createItem(projectId, item)).id);
      externalIds.push(item.externalId);
    }
    for (let n = 0; n < 6; n++) await annotateNext(t, n % 2 === 0 ? people.ann : people.ben, projectId, (task) => (itemIds.indexOf(task.itemId) % 2) as 0 | 1);
    for (let n = 6; n < 8; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(n, { gold: 0 }))).id);
    job = await runExport(people.quinn, projectId, { format: 'trl-dpo' });
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X3][X5][X6][X14] trl-dpo rows carry the annotations and pseudonymous provenance', async () => {
    expect(job).toMatchObject({ status: 'done', format: 'trl-dpo', itemsTotal: 6, itemsDone: 6, rows: 6, skipped: [], failure: null, createdBy: people.quinn.userId });
    const rows = await allRows(t, people.quinn, job);
    expect(rows).toHaveLength(6);
    const userIds = [people.ann.userId, people.ben.userId];
    for (const row of rows) {
      const concord = row.concord as { item_id: string; external_id: string; annotators: string[]; review_outcome: string; config_version: number };
      const n = itemIds.indexOf(concord.item_id);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(row.prompt).toBe(`Prompt ${n}: which answer is better?`);
      const [careful, short] = [`A careful answer to prompt ${n}, with the reasons spelled out.`, `A short answer ${n}.`];
      expect([row.chosen, row.rejected]).toEqual(n % 2 === 0 ? [careful, short] : [short, careful]);
      // Overlap 1: one submission per item, so no agreement was measured [X14].
      expect(concord).toMatchObject({ external_id: externalIds[n], review_outcome: 'accepted', agreement: null });
      expect(concord.annotators).toHaveLength(1);
      expect(concord.annotators[0]).toMatch(/^ann_[0-9a-f]{16}$/);
      const text = JSON.stringify(row);
      for (const id of userIds) expect(text).not.toContain(id);
    }
    // The same annotator has one pseudonym: ann did items 0, 2, 4 or the queue's order — two pseudonyms in all.
    expect(new Set(rows.map((r) => (r.concord as { annotators: string[] }).annotators[0])).size).toBe(2);
  });

  it('[X6] the same user has the same pseudonym in a later export of the project', async () => {
    const again = await runExport(people.max, projectId, { format: 'trl-dpo' });
    const byItem = (rows: Record<string, unknown>[]) =>
      Object.fromEntries(rows.map((r) => [(r.concord as { item_id: string }).item_id, (r.concord as { annotators: string[] }).annotators]));
    expect(byItem(await allRows(t, people.max, again))).toEqual(byItem(await allRows(t, people.quinn, job)));
  });

  it('[X8][X9] file hashes match the downloaded bytes; downloads are attachments with a content type', async () => {
    expect(job.files.length).toBeGreaterThan(0);
    for (const file of job.files) {
      const got = await download(t, people.quinn, job.id, file.path);
      expect(got.status).toBe(200);
      expect(got.bytes.byteLength).toBe(file.bytes);
      expect(got.sha256).toBe(file.sha256);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      if (file.path.endsWith('.jsonl')) expect(got.headers.get('content-type')).toMatch(/^application\/jsonl/);
    }
  });

  it('[X12] the archive is a zip of every file, byte for byte', async () => {
    const res = await fetch(`${t.url}/api/v1/exports/${job.id}/archive`, { headers: { authorization: `Bearer ${people.quinn.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${job.id}.zip"`);
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.byteLength).toBe(Number(res.headers.get('content-length')));
    const entries = readZip(zip);
    expect(entries.map((e) => e.path)).toEqual(job.files.map((f) => f.path));
    for (const [i, entry] of entries.entries()) {
      expect(createHash('sha256').update(entry.bytes).digest('hex')).toBe(job.files[i]!.sha256);
    }
    expect(await statusOf(t, people.ann, 'GET', `/exports/${job.id}/archive`)).toBe(404);
  });

  it('[X2] export:progress goes to the user who started the export, ending with done', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.url, { auth: { token: people.max.token }, transports: ['websocket'], reconnection: false });
    const events: ExportProgress[] = [];
    socket.on('export:progress', (event) => events.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    try {
      const done = await runExport(people.max, projectId, { format: 'hh-rlhf' });
      for (let i = 0; i < 100 && !events.some((e) => e.exportId === done.id && e.status === 'done'); i++) await new Promise((r) => setTimeout(r, 20));
      const mine = events.filter((e) => e.exportId === done.id);
      expect(mine.at(-1)).toEqual({ exportId: done.id, projectId, status: 'done', itemsTotal: 6, itemsDone: 6 });
      expect(mine.some((e) => e.status === 'running')).toBe(true);
    } finally {
      socket.disconnect();
    }
  });

  it('[X8] export.created is on the project audit chain with the format, filters and file hashes', async () => {
    const entries = await auditActions(t, projectId, ['export.created']);
    const entry = entries.find((e) => e.subjectId === job.id)!;
    expect(entry).toMatchObject({ actorId: people.quinn.userId, subjectType: 'export' });
    expect(entry.detail).toMatchObject({ format: 'trl-dpo', filters: { states: ['accepted'], gold: 'include' }, files: job.files });
  });

  it('[X1] filters: states, slices, gold only / exclude', async () => {
    const total = async (filters: Record<string, unknown>) => (await runExport(people.quinn, projectId, { format: 'trl-dpo', filters })).itemsTotal;
    expect(await total({ states: ['todo'] })).toBe(2);
    expect(await total({ slices: ['safety'] })).toBe(3);
    expect(await total({ slices: ['safety', 'coding'] })).toBe(6);
    expect(await total({ slices: ['nothing'] })).toBe(0);
    expect(await total({ states: ['accepted', 'todo'], gold: 'only' })).toBe(2);
    expect(await total({ states: ['accepted', 'todo'], gold: 'exclude' })).toBe(6);
    expect(await total({ annotators: [people.ann.userId] })).toBe(3);
    expect(await total({ from: '2000-01-01T00:00:00Z', to: '2000-02-01T00:00:00Z' })).toBe(0);
    const slice = await runExport(people.quinn, projectId, { format: 'trl-dpo', filters: { slices: ['coding'] } });
    const rows = await allRows(t, people.quinn, slice);
    expect(rows.map((r) => itemIds.indexOf((r.concord as { item_id: string }).item_id)).sort()).toEqual([3, 4, 5]);
  });

  it('[X10] a format of another task type is a 422; a bad request is a 400', async () => {
    expect(await statusOf(t, people.quinn, 'POST', `/projects/${projectId}/exports`, { format: 'coco' })).toBe(422);
    expect(await statusOf(t, people.quinn, 'POST', `/projects/${projectId}/exports`, { format: 'trl-sft' })).toBe(422);
    expect(await statusOf(t, people.quinn, 'POST', `/projects/${projectId}/exports`, { format: 'nope' })).toBe(400);
    expect(await statusOf(t, people.quinn, 'POST', `/projects/${projectId}/exports`, { format: 'trl-dpo', splits: { train: 0.5, validation: 0, test: 0 } })).toBe(400);
  });

  it('[X11] annotators, reviewers and strangers get 404 on every export route; the list is newest first', async () => {
    const stranger = await t.api.createUser('Stranger');
    for (const who of [people.ann, people.rita, stranger]) {
      expect(await statusOf(t, who, 'POST', `/projects/${projectId}/exports`, { format: 'trl-dpo' })).toBe(404);
      expect(await statusOf(t, who, 'GET', `/projects/${projectId}/exports`)).toBe(404);
      expect(await statusOf(t, who, 'GET', `/exports/${job.id}`)).toBe(404);
      expect((await download(t, who, job.id, job.files[0]!.path)).status).toBe(404);
    }
    const list = await people.max.call<{ items: ExportJob[] }>('GET', `/projects/${projectId}/exports`);
    expect(list.items.at(-1)!.id).toBe(job.id);
    const times = list.items.map((j) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('[X9] a download path that is not in the job files is refused (traversal, encoded or not)', async () => {
    const first = job.files[0]!.path;
    for (const path of ['../../../etc/passwd', `${first.split('/')[0]}/../../../package.json`, '/etc/passwd', 'train/nothing.jsonl', `${first}\0`, `./${first}`]) {
      expect((await download(t, people.quinn, job.id, path)).status).toBe(404);
    }
    for (const raw of ['..%2F..%2F..%2Fetc%2Fpasswd', '../../package.json', `${first}/..`, '%2e%2e%2fpackage.json']) {
      expect((await download(t, people.quinn, job.id, raw, { raw: true })).status).toBe(404);
    }
    expect((await download(t, people.quinn, job.id, first)).status).toBe(200);
  });
});
