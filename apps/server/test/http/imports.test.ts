import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentClients, documents, imports, items } from '@concord/db';
import type { ClientToServerEvents, ImportProgress, ServerToClientEvents } from '@concord/protocol';
import { and, count, eq } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { eventually } from '../helpers/yjs-client.ts';
import { addMember, createHarness, type Harness, type TestUser } from './harness.ts';

const examplesDir = fileURLToPath(new URL('../../../../examples', import.meta.url));

let h: Harness;
let manager: TestUser;
let annotator: TestUser;
let outsider: TestUser;
const projects: Record<'instruction' | 'preference' | 'alignment', string> = { instruction: '', preference: '', alignment: '' };

async function newProject(taskType: string, name = taskType): Promise<string> {
  const res = await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name, taskType } });
  if (res.status !== 201) throw new Error(`project: ${res.status} ${res.text}`);
  return res.body.id as string;
}

async function upload(projectId: string, fileName: string, bytes: Uint8Array) {
  return h.services.media.upload({
    projectId,
    userId: manager.user.id,
    fileName,
    body: (async function* () {
      yield bytes;
    })(),
  });
}

async function uploadExamples(projectId: string) {
  for (const name of readdirSync(join(examplesDir, 'media'))) await upload(projectId, name, readFileSync(join(examplesDir, 'media', name)));
}

const jsonl = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');

/** Posts a file, expects 202, waits for the import to finish and returns it as `GET /imports/{id}` shows it. */
async function importFile(
  projectId: string,
  text: string,
  options: { format?: string; token?: string; contentType?: string; fileName?: string } = {},
) {
  const query = new URLSearchParams({ format: options.format ?? 'jsonl', ...(options.fileName ? { fileName: options.fileName } : {}) });
  const res = await h.call('POST', `/api/v1/projects/${projectId}/imports?${query}`, {
    token: options.token ?? manager.token,
    body: text,
    headers: { 'content-type': options.contentType ?? 'application/x-ndjson' },
  });
  if (res.status !== 202) throw new Error(`import: ${res.status} ${res.text}`);
  expect(res.body).toMatchObject({ id: expect.stringMatching(/^imp_/), projectId, status: 'running' });
  await h.services.imports.idle();
  const done = await h.call('GET', `/api/v1/imports/${res.body.id}`, { token: manager.token });
  expect(done.status).toBe(200);
  return done.body;
}

async function itemCount(projectId: string): Promise<number> {
  const [row] = await h.db.db.select({ n: count() }).from(items).where(eq(items.projectId, projectId));
  return row!.n;
}

async function itemByExternalId(projectId: string, externalId: string) {
  const [row] = await h.db.db.select().from(items).where(and(eq(items.projectId, projectId), eq(items.externalId, externalId)));
  return row!;
}

beforeAll(async () => {
  h = await createHarness();
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  annotator = await h.makeUser({ name: 'Annotator' });
  outsider = await h.makeUser({ canCreateProjects: true, name: 'Outsider' });
  for (const taskType of ['instruction', 'preference', 'alignment'] as const) {
    projects[taskType] = await newProject(taskType);
    await addMember(h, manager, projects[taskType], annotator.user.id, 'annotator');
    await uploadExamples(projects[taskType]);
  }
});
afterAll(async () => {
  await h?.dispose();
});

describe(`imports (${backendName})`, () => {
  it('imports every example file with the expected counts and no errors', async () => {
    const cases = [
      ['instruction.jsonl', 'jsonl', 'instruction', 4],
      ['preference.jsonl', 'jsonl', 'preference', 3],
      ['alignment.jsonl', 'jsonl', 'alignment', 3],
    ] as const;
    for (const [file, format, taskType, expected] of cases) {
      const result = await importFile(projects[taskType], readFileSync(join(examplesDir, file), 'utf8'), { format, fileName: file });
      expect(result, file).toMatchObject({ status: 'done', fileName: file, linesDone: expected, created: expected, skipped: 0, failed: 0, errors: [], failure: null });
      expect(result.finishedAt).not.toBeNull();
    }
    // Label Studio into its own alignment project, so its items are counted alone.
    const ls = await newProject('alignment', 'Label Studio');
    await uploadExamples(ls);
    const result = await importFile(ls, readFileSync(join(examplesDir, 'label-studio.json'), 'utf8'), { format: 'label-studio', contentType: 'application/json' });
    expect(result).toMatchObject({ status: 'done', created: 3, failed: 0, errors: [] });
    expect(await itemCount(ls)).toBe(3);
  });

  it('stores each type as the package seed: media ids and sizes, responses with their models, pre-labels', async () => {
    const audio = await itemByExternalId(projects.instruction, 'instr-beeps');
    expect(audio.seed).toMatchObject({ taskType: 'instruction', media: [{ kind: 'audio', mediaId: expect.stringMatching(/^med_/) }], turns: [{ role: 'user' }] });
    expect(audio.prelabel).toMatchObject({ modelId: 'audio-captioner-demo', promptVersion: 'v1', transcript: expect.any(Array) });
    const pref = await itemByExternalId(projects.preference, 'pref-shapes-count');
    expect(pref.seed).toMatchObject({ prompt: { media: [expect.stringMatching(/^med_/)] }, responses: [{ modelId: 'model-a' }, { modelId: 'model-b' }] });
    expect(pref.prelabel).toMatchObject({ modelId: 'judge-demo', choice: 0, strength: 'better' });
    const bus = await itemByExternalId(projects.alignment, 'align-bus');
    expect(bus.seed).toMatchObject({ image: { width: 640, height: 480 }, caption: 'A red bus drives past a tree on a sunny day.' });
    expect(bus.tags).toEqual(['vehicles']);
    // The pre-label is written by the model's own client id, bound in document_clients.
    const [doc] = await h.db.db.select({ id: documents.id }).from(documents).where(eq(documents.itemId, bus.id));
    const clients = await h.db.db.select().from(documentClients).where(eq(documentClients.documentId, doc!.id));
    expect(clients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'source' }),
        expect.objectContaining({ kind: 'model', modelId: 'grounder-demo', promptVersion: '2026-01' }),
      ]),
    );
  });

  it('[I4] importing the same file again creates nothing new', async () => {
    const before = await itemCount(projects.alignment);
    const again = await importFile(projects.alignment, readFileSync(join(examplesDir, 'alignment.jsonl'), 'utf8'));
    expect(again).toMatchObject({ status: 'done', linesDone: 3, created: 0, skipped: 3, failed: 0 });
    expect(await itemCount(projects.alignment)).toBe(before);
  });

  it('[I2] reports bad lines with their numbers and fields while the good ones land', async () => {
    const good = (id: string) => ({ id, prompt: { text: 'Which is better?' }, responses: [{ model: 'a', text: 'One' }, { model: 'b', text: 'Two' }] });
    const projectId = await newProject('preference', 'bad lines');
    const result = await importFile(
      projectId,
      jsonl(
        good('g1'),
        { ...good('b1'), responses: [{ model: 'a', text: 'alone' }] },
        '{"id": "b2", "prompt": {"text": "oops"},',
        '',
        { ...good('b3'), prompt: { text: 'look', media: ['no-such-picture.png'] } },
        good('g2'),
        { ...good('b4'), prelabel: { model: 'judge', choice: 7 } },
      ),
    );
    expect(result).toMatchObject({ status: 'done', linesDone: 6, created: 2, skipped: 0, failed: 4 });
    expect(result.errors).toEqual([
      { line: 2, message: 'responses: at least 2 responses are needed' },
      { line: 3, message: expect.stringMatching(/^invalid JSON: /) },
      { line: 5, message: expect.stringMatching(/^prompt\.media\.0: .*no-such-picture\.png/) },
      { line: 7, message: expect.stringMatching(/^prelabel: .*response 7/) },
    ]);
    expect((await h.db.db.select({ id: items.externalId }).from(items).where(eq(items.projectId, projectId))).map((r) => r.id).sort()).toEqual(['g1', 'g2']);
  });

  it('media URLs to loopback, private, link-local/metadata or non-http targets fail their lines and are never requested', async () => {
    const { createServer } = await import('node:http');
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'image/png' }).end(makePng(8, 8));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const targets = [
        `http://127.0.0.1:${port}/a.png`,
        `http://localhost:${port}/a.png`,
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.1/a.png',
        `http://[::1]:${port}/a.png`,
        'file:///etc/passwd',
        'gopher://127.0.0.1:70/_x',
      ];
      const lines = targets.map((image, i) => ({ id: `ssrf-${i}`, image }));
      const project = await newProject('alignment', 'SSRF');
      await upload(project, 'bus.png', readFileSync(join(examplesDir, 'media', 'bus.png')));
      const result = await importFile(project, jsonl(...lines, { id: 'ok', image: 'bus.png' }));
      expect(result).toMatchObject({ status: 'done', created: 1, failed: targets.length });
      expect((result.errors as { line: number }[]).map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(hits).toBe(0);
      expect(await itemCount(project)).toBe(1);
    } finally {
      server.close();
    }
  });

  it('[I8] Label Studio percent boxes become exact pixels, predictions the pre-label, ground truth the gold', async () => {
    const projectId = await newProject('alignment', 'LS pixels');
    await upload(projectId, 'street.png', makePng(640, 480, { seed: 11 }));
    const task = {
      id: 17,
      data: { image: '/data/upload/4/0badf00d-street.png' },
      predictions: [
        {
          model_version: 'yolo-demo',
          result: [
            { id: 'r1', type: 'rectanglelabels', original_width: 640, original_height: 480, value: { x: 10, y: 20, width: 50, height: 25, rotation: 0, rectanglelabels: ['Vehicle'] } },
            { id: 'r2', type: 'polygonlabels', original_width: 640, original_height: 480, value: { points: [[0, 0], [50, 0], [50, 50]], polygonlabels: ['person'] } },
          ],
        },
      ],
      annotations: [{ id: 1, ground_truth: true, result: [{ id: 'g', type: 'rectanglelabels', value: { x: 0, y: 0, width: 100, height: 100, rectanglelabels: ['Other'] } }] }],
    };
    const result = await importFile(projectId, JSON.stringify([task]), { format: 'label-studio', contentType: 'application/json' });
    expect(result).toMatchObject({ status: 'done', created: 1, failed: 0 });
    const item = await itemByExternalId(projectId, 'ls-17');
    expect(item.prelabel).toEqual({
      modelId: 'yolo-demo',
      regions: [
        { ref: 'r1', label: 'vehicle', shape: { kind: 'box', x: 64, y: 96, w: 320, h: 120 } },
        { ref: 'r2', label: 'person', shape: { kind: 'polygon', points: [[0, 0], [320, 0], [320, 240]] } },
      ],
    });
    expect(item.gold).toEqual({ modelId: 'gold', regions: [{ ref: 'g', label: 'other', shape: { kind: 'box', x: 0, y: 0, w: 640, h: 480 } }] });
  });

  it('[I9] Label Studio files are refused by other task types before the body is read', async () => {
    const res = await h.call('POST', `/api/v1/projects/${projects.preference}/imports?format=label-studio`, {
      token: manager.token,
      body: '[]',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/only be imported into alignment projects; this is a preference project/);
  });

  it('[I3] a broken Label Studio array fails the import, keeping the tasks before the break', async () => {
    const projectId = await newProject('alignment', 'broken');
    await uploadExamples(projectId);
    const result = await importFile(projectId, '[{"id": 1, "data": {"image": "bus.png"}}, {"id": 2, "data": {"image": "park.png"}', {
      format: 'label-studio',
      contentType: 'application/json',
    });
    expect(result).toMatchObject({ status: 'failed', created: 1, failure: expect.stringMatching(/ends before the array is closed/) });
    const notArray = await importFile(projectId, 'image,caption\nbus.png,hello', { format: 'label-studio' });
    expect(notArray).toMatchObject({ status: 'failed', linesDone: 0, failure: expect.stringMatching(/Not a Label Studio export/) });
  });

  it('[I6] lists a project’s imports newest first, without their error lists; progress events were sent', async () => {
    const res = await h.call('GET', `/api/v1/projects/${projects.alignment}/imports?limit=1`, { token: manager.token });
    expect(res.status).toBe(200);
    const [newest] = res.body.items;
    expect(newest).toMatchObject({ status: 'done', skipped: 3 }); // the re-import
    expect(newest.errors).toBeUndefined();
    const next = await h.call('GET', `/api/v1/projects/${projects.alignment}/imports?limit=1&cursor=${res.body.nextCursor}`, { token: manager.token });
    expect(next.body.items).toEqual([expect.objectContaining({ created: 3, fileName: 'alignment.jsonl' })]);
    expect(Date.parse(next.body.items[0].createdAt)).toBeLessThanOrEqual(Date.parse(newest.createdAt));
    const events = h.importProgress.filter((p) => p.importId === newest.id);
    expect(events.at(0)).toMatchObject({ status: 'running', linesDone: 0 });
    expect(events.at(-1)).toEqual({ importId: newest.id, projectId: projects.alignment, status: 'done', linesDone: 3, created: 0, skipped: 3, failed: 0 });
  });

  it('[R1][R2] an outsider gets 404, an annotator 403, on every import route', async () => {
    const [anImport] = await h.db.db.select({ id: imports.id }).from(imports).where(eq(imports.projectId, projects.alignment)).limit(1);
    const calls = (token: string) => [
      h.call('POST', `/api/v1/projects/${projects.alignment}/imports`, { token, body: '{}', headers: { 'content-type': 'application/x-ndjson' } }),
      h.call('GET', `/api/v1/projects/${projects.alignment}/imports`, { token }),
      h.call('GET', `/api/v1/imports/${anImport!.id}`, { token }),
    ];
    expect((await Promise.all(calls(outsider.token))).map((r) => r.status)).toEqual([404, 404, 404]);
    expect((await Promise.all(calls(annotator.token))).map((r) => r.status)).toEqual([403, 403, 403]);
    const missing = await h.call('GET', '/api/v1/imports/imp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { token: manager.token });
    expect(missing.status).toBe(404);
  });

  it('refuses bodies that are not a file (415)', async () => {
    const res = await h.call('POST', `/api/v1/projects/${projects.alignment}/imports`, {
      token: manager.token,
      body: 'file=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  it('[I4][I11] 10,000 preference lines (a few bad) import in batches; importing them again skips all', async () => {
    const projectId = await newProject('preference', 'ten thousand');
    const bad = new Set([17, 4242, 9999]);
    const lines: string[] = [];
    for (let i = 1; i <= 10_000; i += 1) {
      if (bad.has(i)) lines.push(JSON.stringify({ id: `p${i}`, prompt: { text: `Prompt ${i}` }, responses: [{ model: 'a', text: 'only one' }] }));
      else lines.push(JSON.stringify({ prompt: { text: `Prompt ${i}: which answer is better?` }, responses: [{ model: 'model-a', text: `Answer A to ${i}` }, { model: 'model-b', text: `Answer B to ${i}` }] }));
    }
    const text = `${lines.join('\n')}\n`;
    const started = performance.now();
    const first = await importFile(projectId, text, { fileName: 'ten-thousand.jsonl' });
    const firstMs = performance.now() - started;
    expect(first).toMatchObject({ status: 'done', linesDone: 10_000, created: 9_997, skipped: 0, failed: 3 });
    expect(first.errors.map((e: { line: number }) => e.line)).toEqual([17, 4242, 9999]);
    expect(await itemCount(projectId)).toBe(9_997);
    const batches = h.importProgress.filter((p) => p.importId === first.id && p.status === 'running').length;
    expect(batches).toBeGreaterThanOrEqual(50);

    const again = performance.now();
    const second = await importFile(projectId, text);
    const secondMs = performance.now() - again;
    expect(second).toMatchObject({ status: 'done', linesDone: 10_000, created: 0, skipped: 9_997, failed: 3 });
    expect(await itemCount(projectId)).toBe(9_997);
    console.info(`10,000-line import on ${backendName}: first ${Math.round(firstMs)} ms, again ${Math.round(secondMs)} ms`);
  }, 180_000);
});

describe(`import size limit (${backendName})`, () => {
  let small: Harness;
  let owner: TestUser;
  let projectId: string;
  beforeAll(async () => {
    small = await createHarness({ importMaxBytes: 1000 });
    owner = await small.makeUser({ canCreateProjects: true });
    const res = await small.call('POST', '/api/v1/projects', { token: owner.token, json: { name: 'small', taskType: 'alignment' } });
    projectId = res.body.id;
  });
  afterAll(async () => {
    await small?.dispose();
  });

  it('[I5] a body over the limit is a 413, declared or streamed, and leaves no import and no item', async () => {
    const line = JSON.stringify({ image: 'https://example.com/x.png', caption: 'x'.repeat(100) });
    const body = Array.from({ length: 20 }, () => line).join('\n');
    const declared = await small.call('POST', `/api/v1/projects/${projectId}/imports`, {
      token: owner.token,
      body,
      headers: { 'content-type': 'application/x-ndjson', 'content-length': String(Buffer.byteLength(body)) },
    });
    expect(declared.status).toBe(413);
    // No Content-Length: the limit is enforced while the body streams in.
    const res = await small.app.request(`/api/v1/projects/${projectId}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/x-ndjson' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i += 1) controller.enqueue(new TextEncoder().encode(`${line}\n`));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than the import limit of 1000 bytes/);
    const [importRows] = await small.db.db.select({ n: count() }).from(imports);
    const [itemRows] = await small.db.db.select({ n: count() }).from(items);
    expect([importRows!.n, itemRows!.n]).toEqual([0, 0]);
  });
});

describe(`imports on a running server (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.call<{ id: string }>('POST', '/projects', { name: 'Live import', taskType: 'alignment' })).id;
    const form = new FormData();
    for (const name of ['bus.png', 'shapes.png', 'park.png']) form.append('file', new Blob([readFileSync(join(examplesDir, 'media', name))]), name);
    const uploaded = await fetch(`${t.url}/api/v1/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${t.api.token}` }, body: form });
    expect(uploaded.status).toBe(201);
  });
  afterAll(async () => {
    socket?.disconnect();
    await t?.dispose();
  });

  it('[I6] streams the file over HTTP, pushes import:progress to the project room, and predictions read back as model-generated', async () => {
    socket = io(t.url, { auth: { token: t.api.token }, transports: ['websocket'], reconnection: false });
    const events: ImportProgress[] = [];
    socket.on('import:progress', (progress) => events.push(progress));
    expect((await socket.emitWithAck('presence:join', { projectId })).ok).toBe(true);

    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/imports?format=label-studio&fileName=label-studio.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.api.token}`, 'content-type': 'application/json' },
      body: readFileSync(join(examplesDir, 'label-studio.json')),
    });
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string };
    await eventually(() => events.some((e) => e.importId === started.id && e.status === 'done'), 20_000, 'the final import:progress');
    expect(events.at(-1)).toEqual({ importId: started.id, projectId, status: 'done', linesDone: 3, created: 3, skipped: 0, failed: 0 });

    const list = await t.api.call<{ items: Array<{ externalId: string; documentId: string; hasPrelabel: boolean }> }>('GET', `/projects/${projectId}/items`);
    const bus = list.items.find((i) => i.externalId === 'ls-101')!;
    expect(bus.hasPrelabel).toBe(true);
    const doc = await t.api.call<{ content: { regions: Array<{ id: string; label: string; shape: unknown }> }; provenance: Record<string, { kind: string; modelId?: string }> }>(
      'GET',
      `/documents/${bus.documentId}`,
    );
    expect(doc.content.regions.map((r) => [r.label, r.shape])).toEqual([
      ['vehicle', { kind: 'box', x: 120, y: 200, w: 320, h: 158 }],
      ['other', { kind: 'box', x: 455, y: 117, w: 116, h: 213 }],
    ]);
    const regionProvenance = doc.content.regions.map((r) => Object.entries(doc.provenance).find(([path]) => path.includes(r.id))?.[1]);
    expect(regionProvenance).toEqual([
      expect.objectContaining({ kind: 'model_generated', modelId: 'detector-demo-1.0' }),
      expect.objectContaining({ kind: 'model_generated', modelId: 'detector-demo-1.0' }),
    ]);
    expect(doc.provenance.caption).toMatchObject({ kind: 'model_generated', modelId: 'detector-demo-1.0' });
  });
});
