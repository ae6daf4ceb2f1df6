import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { annotationObservations, assignments, auditLog, documents, documentSnapshots, documentUpdates, exportItems, items, media, tokens, users } from '@concord/db';
import { itemStates, type ExportJob, type ItemErasureResult, type PersonErasureResult, type QualityReport } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.ts';
import { login } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { closeOf, opened, rawSocket } from '../helpers/yjs-client.ts';
import { runExport } from './exports-fixtures.ts';
import { annotateNext, preferenceItem, qualityProject, statusOf } from './quality-fixtures.ts';

const secretText = 'Maria Example lives at 12 Secret Lane';

describe(`erasure propagation (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let mediaId: string;
  let erasedItem: { id: string; documentId: string };
  let keptItem: { id: string; documentId: string };

  const db = () => t.server.services.db.db;

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Erasure', 'instruction')).id;
    mediaId = (await t.api.uploadMedia(projectId, [{ name: 'maria.png', bytes: makePng(8, 6) }]))[0]!.id;
    const seed = (text: string, withMedia: boolean) => ({
      taskType: 'instruction',
      media: withMedia ? [{ kind: 'image', mediaId, width: 8, height: 6 }] : [],
      turns: [
        { role: 'user', text },
        { role: 'assistant', text: 'Noted.' },
      ],
    });
    erasedItem = await t.api.createItem(projectId, { externalId: 'subject-17', seed: seed(secretText, true) });
    keptItem = await t.api.createItem(projectId, { externalId: 'other-1', seed: seed('Nothing personal here.', false) });
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[GD1][GD3][GD4][GD5][GD6][GD7][GD8] erasing an exported item tombstones it, removes its documents and media, closes its room and lists the export', async () => {
    const before = await runExport(t.api, projectId, { format: 'openai-chat', filters: { states: ['todo'] }, media: 'url' });
    expect(before).toMatchObject({ status: 'done', rows: 2, erasedItems: 0 });
    const [stored] = await db().select({ storageKey: media.storageKey }).from(media).where(eq(media.id, mediaId));
    const mediaPath = resolve(t.server.services.config.mediaDir, stored!.storageKey);
    expect(existsSync(mediaPath)).toBe(true);

    const socket = rawSocket(t.wsUrl, erasedItem.documentId, t.api.token);
    const closed = closeOf(socket);
    await opened(socket);

    const result = await t.api.call<ItemErasureResult>('DELETE', `/projects/${projectId}/items/${erasedItem.id}?reason=data_subject_request&reference=DSR-2026-0042`, undefined, 200);
    expect(result).toMatchObject({ itemId: erasedItem.id, alreadyErased: false, exports: [{ id: before.id, format: 'openai-chat' }] });
    expect(result.erased).toMatchObject({ documents: 1, media: 1 });
    expect(result.erased.documentUpdates).toBeGreaterThan(0);

    // [GD8] the live socket on its document is closed for good (a 44xx code: the client stops retrying).
    expect((await closed).code).toBe(4403);

    // [GD1][GD2] a tombstone: no content, a hashed external id.
    const [row] = await db().select().from(items).where(eq(items.id, erasedItem.id));
    expect(row!.erasedAt).toBeInstanceOf(Date);
    expect(row!.externalId).toMatch(/^erased:sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('Secret Lane');
    // [GD3] documents and every stored update and snapshot are gone.
    expect(await db().select().from(documents).where(eq(documents.itemId, erasedItem.id))).toEqual([]);
    expect(await db().select().from(documentUpdates).where(eq(documentUpdates.documentId, erasedItem.documentId))).toEqual([]);
    expect(await db().select().from(documentSnapshots).where(eq(documentSnapshots.documentId, erasedItem.documentId))).toEqual([]);
    // [GD4] the media row and its file are gone.
    expect(await db().select().from(media).where(eq(media.id, mediaId))).toEqual([]);
    expect(existsSync(mediaPath)).toBe(false);

    // [GD6] the chain verifies and the entry holds ids and counts, never content.
    expect(await verifyChain(db(), projectId)).toMatchObject({ ok: true });
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.chain, projectId), eq(auditLog.action, 'item.erased')));
    const written = JSON.stringify(entry);
    for (const content of ['Secret Lane', 'Maria', 'subject-17', 'maria.png', 'Noted.']) expect(written).not.toContain(content);
    expect(entry!.detail).toMatchObject({ reason: 'data_subject_request', reference: 'DSR-2026-0042', exportIds: [before.id], mediaIds: [mediaId] });

    // [GD7] the past export says one of its items was erased; a new export no longer holds it.
    expect(await t.api.call<ExportJob>('GET', `/exports/${before.id}`)).toMatchObject({ erasedItems: 1 });
    const after = await runExport(t.api, projectId, { format: 'openai-chat', filters: { states: ['todo'] }, media: 'url' });
    expect(after).toMatchObject({ status: 'done', rows: 1, erasedItems: 0 });
    const exported = await db().select({ itemId: exportItems.itemId }).from(exportItems).where(eq(exportItems.exportId, after.id));
    expect(exported.map((e) => e.itemId)).toEqual([keptItem.id]);
  });

  it('[GD1] an erased item leaves lists and tags, and reading it is 410 Gone', async () => {
    const page = await t.api.call<{ items: { id: string }[] }>('GET', `/projects/${projectId}/items`);
    expect(page.items.map((i) => i.id)).toEqual([keptItem.id]);
    const res = await fetch(`${t.url}/api/v1/items/${erasedItem.id}`, { headers: { authorization: `Bearer ${t.api.token}` } });
    expect(res.status).toBe(410);
    const gone = ((await res.json()) as { error: { code: string; message: string; details: { erasedAt: string } } }).error;
    expect(gone).toMatchObject({ code: 'erased' });
    expect(Date.parse(gone.details.erasedAt)).not.toBeNaN();
    // The document route treats the deleted document like any unknown one.
    expect(await statusOf(t, t.api, 'GET', `/documents/${erasedItem.documentId}`)).toBe(404);
  });

  it('[GD9] erasing twice changes nothing and says so', async () => {
    const seqBefore = (await verifyChain(db(), projectId)).entries;
    const again = await t.api.call<ItemErasureResult>('DELETE', `/projects/${projectId}/items/${erasedItem.id}?reason=data_subject_request`, undefined, 200);
    expect(again.alreadyErased).toBe(true);
    expect(Object.values(again.erased).every((n) => n === 0)).toBe(true);
    expect(again.exports.length).toBeGreaterThan(0);
    expect((await verifyChain(db(), projectId)).entries).toBe(seqBefore);
  });

  it('[GD13] bad input is a 400 and changes nothing; strangers and unknown items 404; members without data.erase 403', async () => {
    const path = `/projects/${projectId}/items/${keptItem.id}`;
    expect(await statusOf(t, t.api, 'DELETE', path)).toBe(400);
    expect(await statusOf(t, t.api, 'DELETE', `${path}?reason=because`)).toBe(400);
    expect(await statusOf(t, t.api, 'DELETE', `${path}?reason=other&reference=${encodeURIComponent('John Smith asked')}`)).toBe(400);
    const stranger = await t.api.createUser('Stranger');
    expect(await statusOf(t, stranger, 'DELETE', `${path}?reason=other`)).toBe(404);
    const lead = await t.api.createUser('Lead');
    await t.api.addMember(projectId, lead.userId, 'qa_lead');
    expect(await statusOf(t, lead, 'DELETE', `${path}?reason=other`)).toBe(403);
    expect(await statusOf(t, t.api, 'DELETE', `/projects/${projectId}/items/itm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?reason=other`)).toBe(404);
    expect(await statusOf(t, t.api, 'DELETE', `/projects/${projectId}/items/nonsense?reason=other`)).toBe(404);
    const [kept] = await db().select({ erasedAt: items.erasedAt }).from(items).where(eq(items.id, keptItem.id));
    expect(kept!.erasedAt).toBeNull();
  });
});

describe(`erasing a person (${backendName})`, () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[GD10][GD11][GD12] an erased person cannot sign in, loses tokens and memberships, and their name leaves reports; the chains verify', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'People',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, minUnits: 1 } },
      people: { 'Erin Example': 'annotator', 'Quinn Lead': 'qa_lead', 'Omar Other': 'annotator' },
    });
    const erin = people['Erin Example'];
    for (const n of [1, 2]) await t.api.createItem(projectId, preferenceItem(n));
    for (const who of [erin, people['Omar Other']]) for (let i = 0; i < 2; i++) await annotateNext(t, who, projectId, () => 0);
    const exported = await runExport(t.api, projectId, { format: 'hh-rlhf', filters: { states: [...itemStates] } });
    expect(exported.status).toBe('done');
    const reportBefore = await people['Quinn Lead'].call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(JSON.stringify(reportBefore)).toContain('Erin Example');

    // Only site admins.
    expect(await statusOf(t, people['Quinn Lead'], 'POST', `/users/${erin.userId}/erase`, { reason: 'data_subject_request' })).toBe(403);
    expect(await statusOf(t, t.api, 'POST', `/users/${erin.userId}/erase`, { reason: 'nope' })).toBe(400);
    expect(await statusOf(t, t.api, 'POST', '/users/usr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/erase', { reason: 'other' })).toBe(404);

    const result = await t.api.call<PersonErasureResult>('POST', `/users/${erin.userId}/erase`, { reason: 'data_subject_request', reference: 'DSR-7' }, 200);
    expect(result).toMatchObject({ userId: erin.userId, alreadyErased: false, erased: { memberships: 1 }, contributedItems: 2, exports: [{ id: exported.id }] });
    expect(result.erased.tokens).toBeGreaterThan(0);

    await expect(login(t.url, erin.email, `password-of-Erin Example-123`)).rejects.toThrow(/401/);
    expect(await statusOf(t, erin, 'GET', '/me')).toBe(401);
    expect(await db(t).select().from(tokens).where(eq(tokens.userId, erin.userId))).toEqual([]);
    const [row] = await db(t).select().from(users).where(eq(users.id, erin.userId));
    expect(row).toMatchObject({ name: `Erased user ${erin.userId.slice(-6)}`, isAdmin: false });
    expect(row!.email).not.toContain('example.test');
    expect(row!.erasedAt).toBeInstanceOf(Date);

    // [GD11] contributions stay under the pseudonymous id; the name is gone from the report and lists.
    expect((await db(t).select().from(assignments).where(eq(assignments.userId, erin.userId))).length).toBe(2);
    const reportAfter = await people['Quinn Lead'].call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(JSON.stringify(reportAfter)).not.toContain('Erin Example');
    const members = await t.api.call<unknown>('GET', `/projects/${projectId}/members`);
    expect(JSON.stringify(members)).not.toContain('Erin');
    const userPage = await t.api.call<{ items: { id: string; erasedAt: string | null }[] }>('GET', '/users?limit=200');
    expect(JSON.stringify(userPage)).not.toContain('Erin Example');
    expect(userPage.items.find((u) => u.id === erin.userId)?.erasedAt).toBe(row!.erasedAt!.toISOString());
    expect(userPage.items.filter((u) => u.id !== erin.userId).every((u) => u.erasedAt === null)).toBe(true);

    // [GD12] audit: ids only, and every chain still verifies.
    const entries = await db(t).select().from(auditLog).where(inArray(auditLog.action, ['user.erased', 'member.erased']));
    expect(entries.map((e) => e.action).sort()).toEqual(['member.erased', 'user.erased']);
    expect(JSON.stringify(entries)).not.toContain('Erin');
    expect(JSON.stringify(entries)).not.toContain(erin.email);
    for (const chain of ['site', projectId]) expect(await verifyChain(db(t), chain)).toMatchObject({ ok: true });

    const again = await t.api.call<PersonErasureResult>('POST', `/users/${erin.userId}/erase`, { reason: 'data_subject_request' }, 200);
    expect(again).toMatchObject({ alreadyErased: true, erased: { tokens: 0, memberships: 0 } });
  });

  it('[GD3][GD6] erasing an annotated blind item removes its copies, assignments and observations; the report no longer counts it', async () => {
    const { projectId, people } = await qualityProject(t, {
      name: 'Blind',
      workflow: { labeling: 'blind', overlap: 2, review: false, disputes: { auto: false }, quality: { goldRatePercent: 0, minUnits: 1 } },
      people: { Ann: 'annotator', Bob: 'annotator', Quinn: 'qa_lead' },
    });
    const item = await t.api.createItem(projectId, preferenceItem(9));
    for (const who of [people.Ann, people.Bob]) await annotateNext(t, who, projectId, () => 1);
    const copies = await db(t).select({ id: documents.id }).from(documents).where(eq(documents.itemId, item.id));
    expect(copies.length).toBe(3);
    const before = await people.Quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(JSON.stringify(before)).toContain('Ann');

    const result = await t.api.call<ItemErasureResult>('DELETE', `/projects/${projectId}/items/${item.id}?reason=consent_withdrawn`, undefined, 200);
    expect(result.erased).toMatchObject({ documents: 3, assignments: 2, observations: 2, media: 0 });
    expect(await db(t).select().from(documents).where(inArray(documents.id, copies.map((c) => c.id)))).toEqual([]);
    expect(await db(t).select().from(assignments).where(eq(assignments.itemId, item.id))).toEqual([]);
    expect(await db(t).select().from(annotationObservations).where(eq(annotationObservations.itemId, item.id))).toEqual([]);
    const after = await people.Quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
    expect(before.annotators.reduce((n, a) => n + a.annotations, 0)).toBe(2);
    expect(after.annotators.reduce((n, a) => n + a.annotations, 0)).toBe(0);
    expect(await verifyChain(db(t), projectId)).toMatchObject({ ok: true });
    // The queue serves nothing: the only item is erased.
    expect(await statusOf(t, people.Ann, 'POST', `/projects/${projectId}/queue/next`)).not.toBe(200);
  });

  it('[GD10] the last active site admin cannot be erased', async () => {
    expect(await statusOf(t, t.api, 'POST', `/users/${t.api.userId}/erase`, { reason: 'other' })).toBe(409);
  });
});

function db(t: TestServer) {
  return t.server.services.db.db;
}
