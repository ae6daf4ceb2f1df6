import { CloseCode } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, synced, type YjsClient } from '../helpers/yjs-client.ts';

interface DocumentResponse {
  taskType: string;
  configVersion: number;
  config: { taskType: string };
  item: { id: string; externalId: string; tags: string[] } | null;
  content: {
    caption: string;
    image: { mediaId: string; width: number; height: number } | null;
    regions: { id: string; label: string }[];
    links: { regionId: string; start: number; end: number; text: string }[];
  };
  problems: { path: string; message: string }[];
  provenance: Record<string, { kind: string; modelId?: string; editedBy?: string[]; humanShare?: number }>;
  actors: Record<string, { kind: string; userId?: string; modelId?: string; name?: string | null }>;
}

describe(`items, their documents and provenance (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let annotator: Api;
  let outsider: Api;
  let imageId: string;
  const clients: YjsClient[] = [];

  const item = () => ({
    externalId: 'street-001',
    tags: ['spatial', 'counting'],
    seed: { image: { mediaId: imageId, width: 1, height: 1 } },
    prelabel: {
      modelId: 'florence-2-large',
      promptVersion: 'v3',
      caption: 'A red bus next to a tree.',
      regions: [{ ref: 'bus', label: 'vehicle', shape: { kind: 'box', x: 4, y: 8, w: 30, h: 20 } }],
      links: [{ start: 2, end: 9, region: 'bus' }],
    },
  });

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Grounding', 'alignment')).id;
    annotator = await t.api.createUser('Ann');
    outsider = await t.api.createUser('Otto');
    await t.api.addMember(projectId, annotator.userId, 'annotator');
    const [image] = await t.api.uploadMedia(projectId, [{ name: 'street.png', bytes: makePng(64, 48) }]);
    imageId = image!.id;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await t?.dispose();
  });

  it('creates an item with its document once; the same externalId again is a no-op', async () => {
    const first = await t.api.createItem(projectId, item());
    expect(first.created).toBe(true);
    const again = await t.api.createItem(projectId, item());
    expect(again).toEqual({ ...first, created: false });
    const page = await t.api.call<{ items: { id: string; documentId: string; tags: string[]; hasPrelabel: boolean; title: string }[] }>('GET', `/projects/${projectId}/items`);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: first.id, documentId: first.documentId, tags: ['spatial', 'counting'], hasPrelabel: true });
    const tags = await annotator.call<{ items: { tag: string; count: number }[] }>('GET', `/projects/${projectId}/tags`);
    expect(tags.items).toEqual([
      { tag: 'counting', count: 1 },
      { tag: 'spatial', count: 1 },
    ]);
    const bySlice = await t.api.call<{ items: unknown[] }>('GET', `/projects/${projectId}/items?tag=ocr`);
    expect(bySlice.items).toHaveLength(0);
  });

  it('[A5] the document shows the pre-label as model-made, with the image size measured at upload', async () => {
    const { documentId } = await t.api.createItem(projectId, item());
    const doc = await annotator.call<DocumentResponse>('GET', `/documents/${documentId}`);
    expect(doc.taskType).toBe('alignment');
    expect(doc.item?.externalId).toBe('street-001');
    expect(doc.content.image).toEqual({ mediaId: imageId, width: 64, height: 48 });
    expect(doc.content.caption).toBe('A red bus next to a tree.');
    expect(doc.content.links).toEqual([expect.objectContaining({ text: 'red bus', regionId: doc.content.regions[0]!.id })]);
    expect(doc.provenance.caption).toMatchObject({ kind: 'model_generated', modelId: 'florence-2-large' });
    const kinds = Object.values(doc.actors).map((a) => a.kind).sort();
    expect(kinds).toEqual(['model', 'source']);
  });

  it('[A5][R9] a person editing the pre-label makes it model_then_human_edited; writing as the model is refused', async () => {
    const { documentId } = await t.api.createItem(projectId, item());
    const client = connectYjs(t.wsUrl, documentId, annotator.token);
    clients.push(client);
    await synced(client);
    client.doc.getText('caption').insert(client.doc.getText('caption').length - 1, ' on a sunny day');
    await eventually(async () => {
      const doc = await annotator.call<DocumentResponse>('GET', `/documents/${documentId}`);
      return doc.provenance.caption?.kind === 'model_then_human_edited';
    }, 10_000, 'caption provenance to change');
    const doc = await annotator.call<DocumentResponse>('GET', `/documents/${documentId}`);
    expect(doc.provenance.caption).toMatchObject({ kind: 'model_then_human_edited', modelId: 'florence-2-large', editedBy: [annotator.userId] });
    expect(Object.values(doc.actors)).toContainEqual({ kind: 'user', userId: annotator.userId, name: 'Ann' });

    // A second connection pretends to be the model: its client id is the model's.
    const modelClientId = Number(Object.entries(doc.actors).find(([, a]) => a.kind === 'model')![0]);
    const forger = connectYjs(t.wsUrl, documentId, annotator.token, { connect: false });
    clients.push(forger);
    forger.provider.connect();
    await synced(forger);
    const closed = new Promise<number>((resolve) => forger.provider.on('connection-close', (event) => resolve(event?.code ?? 0)));
    const ownClientId = forger.doc.clientID;
    forger.doc.clientID = modelClientId;
    forger.doc.getText('caption').insert(0, 'Certainly! ');
    // Back to its own id: the provider's awareness is keyed by it.
    forger.doc.clientID = ownClientId;
    expect(await closed).toBe(CloseCode.policyViolation);
    forger.provider.disconnect();
    const after = await annotator.call<DocumentResponse>('GET', `/documents/${documentId}`);
    expect(after.content.caption.startsWith('Certainly')).toBe(false);
  });

  it('refuses bad items with the field path, unknown media, and the wrong roles', async () => {
    const bad = await fetchJson('POST', `/projects/${projectId}/items`, t.api.token, { seed: { image: { mediaId: 'med_nope', width: 10, height: 10 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/med_nope/);
    const invalid = await fetchJson('POST', `/projects/${projectId}/items`, t.api.token, { seed: { image: 'street.png' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toContainEqual(expect.objectContaining({ path: 'seed.image' }));
    const wrongType = await fetchJson('POST', `/projects/${projectId}/items`, t.api.token, {
      seed: { prompt: { text: 'hi', media: [] }, responses: [{ modelId: 'a', text: 'x' }, { modelId: 'b', text: 'y' }] },
    });
    expect(wrongType.status).toBe(422);
    expect((await fetchJson('POST', `/projects/${projectId}/items`, annotator.token, item())).status).toBe(403);
    expect((await fetchJson('POST', `/projects/${projectId}/items`, outsider.token, item())).status).toBe(404);
    expect((await fetchJson('GET', `/projects/${projectId}/items`, outsider.token)).status).toBe(404);
    const page = await t.api.call<{ items: unknown[] }>('GET', `/projects/${projectId}/items`);
    expect(page.items).toHaveLength(1);
  });

  it('a new configuration version applies to new documents; old ones keep theirs', async () => {
    const current = await t.api.call<{ version: number; config: Record<string, unknown> }>('GET', `/projects/${projectId}/config`);
    expect(current.version).toBe(1);
    const labels = [{ id: 'vehicle', name: 'Vehicle', color: '#d62728' }];
    const saved = await t.api.call<{ version: number }>('PUT', `/projects/${projectId}/config`, { config: { ...current.config, labels } });
    expect(saved.version).toBe(2);
    const refused = await fetchJson('PUT', `/projects/${projectId}/config`, annotator.token, { config: current.config });
    expect(refused.status).toBe(403);
    const invalid = await fetchJson('PUT', `/projects/${projectId}/config`, t.api.token, { config: { ...current.config, taskType: 'preference' } });
    expect(invalid.status).toBe(422);
    const { documentId } = await t.api.createItem(projectId, { ...item(), externalId: 'street-002' });
    const doc = await annotator.call<DocumentResponse>('GET', `/documents/${documentId}`);
    expect(doc.configVersion).toBe(2);
    const versions = await annotator.call<{ items: { version: number }[] }>('GET', `/projects/${projectId}/config/versions`);
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
  });

  async function fetchJson(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error: { message: string; details?: unknown[] } } };
  }
});
