import { auditLog } from '@concord/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAll } from '../../src/audit/verify.ts';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let admin: TestUser;
let manager: TestUser;
let qaLead: TestUser;
let annotator: TestUser;
let reviewer: TestUser;
let outsider: TestUser;
let projectId: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true, name: 'Ada Admin' });
  manager = await h.makeUser({ canCreateProjects: true, name: 'Mona Manager' });
  qaLead = await h.makeUser({ name: 'Quinn QA' });
  annotator = await h.makeUser({ name: 'Ann Notator' });
  reviewer = await h.makeUser({ name: 'Rev Iewer' });
  outsider = await h.makeUser();
  projectId = await makeProject(h, manager, 'Audited');
  await addMember(h, manager, projectId, qaLead.user.id, 'qa_lead');
  await addMember(h, manager, projectId, annotator.user.id, 'annotator');
  await addMember(h, manager, projectId, reviewer.user.id, 'reviewer');
});
afterAll(async () => {
  await h.dispose();
});

const audit = (token: string, query = '', project = projectId) => h.call('GET', `/api/v1/projects/${project}/audit${query}`, { token });
const rows = (chain: string) => h.db.db.select().from(auditLog).where(eq(auditLog.chain, chain)).orderBy(asc(auditLog.seq));

describe('audit hooks [A1]', () => {
  it('[A1] creating a project and adding members are audited on its chain, by whom, with the role', async () => {
    const entries = await rows(projectId);
    expect(entries[0]).toMatchObject({ seq: 1, action: 'member.added', actorId: manager.user.id, subjectId: manager.user.id, after: { role: 'manager' } });
    const added = entries.filter((e) => e.action === 'member.added').map((e) => [e.subjectId, e.after, e.actorId]);
    expect(added).toEqual(expect.arrayContaining([[qaLead.user.id, { role: 'qa_lead' }, manager.user.id], [annotator.user.id, { role: 'annotator' }, manager.user.id]]));
  });

  it('[A1] changing a role and removing a member record before and after; a refused change records nothing', async () => {
    const temp = await h.makeUser();
    await addMember(h, manager, projectId, temp.user.id, 'viewer');
    expect((await h.call('PATCH', `/api/v1/projects/${projectId}/members/${temp.user.id}`, { token: manager.token, json: { role: 'reviewer' } })).status).toBe(200);
    expect((await h.call('DELETE', `/api/v1/projects/${projectId}/members/${temp.user.id}`, { token: manager.token })).status).toBe(204);
    const before = (await rows(projectId)).length;
    expect((await h.call('POST', `/api/v1/projects/${projectId}/members`, { token: manager.token, json: { userId: annotator.user.id, role: 'viewer' } })).status).toBe(409);
    expect((await rows(projectId)).length).toBe(before);
    const mine = (await rows(projectId)).filter((e) => e.subjectId === temp.user.id).map((e) => ({ action: e.action, before: e.before, after: e.after, subjectType: e.subjectType }));
    expect(mine).toEqual([
      { action: 'member.added', before: null, after: { role: 'viewer' }, subjectType: 'member' },
      { action: 'member.role_changed', before: { role: 'viewer' }, after: { role: 'reviewer' }, subjectType: 'member' },
      { action: 'member.removed', before: { role: 'reviewer' }, after: null, subjectType: 'member' },
    ]);
  });

  it('[A1] a new configuration version is audited with its number and a hash of its content', async () => {
    const current = await h.call('GET', `/api/v1/projects/${projectId}/config`, { token: manager.token });
    const saved = await h.call('PUT', `/api/v1/projects/${projectId}/config`, { token: manager.token, json: { config: { ...current.body.config, minRationaleLength: 7 } } });
    expect(saved.status).toBe(200);
    const entry = (await rows(projectId)).find((e) => e.action === 'config.updated');
    expect(entry).toMatchObject({ actorId: manager.user.id, subjectType: 'config', before: { version: 1 }, after: { version: 2 }, configVersion: 2 });
    expect((entry!.detail as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('[A1] an import is audited when it starts and when it finishes, with its counts; a broken file as failed', async () => {
    const lines = [
      { prompt: { text: 'Which is better?' }, responses: [{ model: 'a', text: 'One' }, { model: 'b', text: 'Two' }] },
      { prompt: { text: 'And this?' }, responses: [{ model: 'a', text: 'Three' }, { model: 'b', text: 'Four' }] },
      { prompt: { text: 'Too few' }, responses: [{ model: 'a', text: 'only one' }] },
    ];
    const created = await h.call('POST', '/api/v1/projects', { token: manager.token, json: { name: 'Prefs', taskType: 'preference' } });
    const prefs = created.body.id as string;
    const post = (body: string, format: string) =>
      h.call('POST', `/api/v1/projects/${prefs}/imports?format=${format}&fileName=batch.jsonl`, { token: manager.token, body, headers: { 'content-type': 'application/x-ndjson' } });
    const res = await post(lines.map((l) => JSON.stringify(l)).join('\n'), 'jsonl');
    expect(res.status).toBe(202);
    await h.services.imports.idle();
    const mine = (await rows(prefs)).filter((e) => e.subjectId === res.body.id);
    expect(mine.map((e) => e.action)).toEqual(['import.started', 'import.finished']);
    expect(mine[0]).toMatchObject({ actorId: manager.user.id, subjectType: 'import', detail: { format: 'jsonl', fileName: 'batch.jsonl' } });
    expect(mine[1]).toMatchObject({ after: { status: 'done', linesDone: 3, created: 2, skipped: 0, failed: 1 } });

    const broken = await h.call('POST', `/api/v1/projects/${projectId}/imports?format=label-studio`, { token: manager.token, body: '[{"data": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(202);
    await h.services.imports.idle();
    const failed = (await rows(projectId)).filter((e) => e.subjectId === broken.body.id);
    expect(failed.map((e) => e.action)).toEqual(['import.started', 'import.failed']);
    expect(failed[1]).toMatchObject({ after: { status: 'failed' }, detail: { failure: expect.any(String) } });
  });

  it('[A1][A6] site-wide user changes go to the `site` chain, never with a password, e-mail or name', async () => {
    const res = await h.call('POST', '/api/v1/users', { token: admin.token, json: { email: 'New.Person@Example.test', name: 'Newt Person', password: 'a very long password 123' } });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect((await h.call('PATCH', `/api/v1/users/${id}`, { token: admin.token, json: { name: 'Newt Renamed', canCreateProjects: true } })).status).toBe(200);
    expect((await h.call('PATCH', `/api/v1/users/${id}`, { token: admin.token, json: { disabled: true } })).status).toBe(200);
    expect((await h.call('PATCH', `/api/v1/users/${id}`, { token: admin.token, json: { disabled: true } })).status).toBe(200);
    const site = (await rows('site')).filter((e) => e.subjectId === id);
    expect(site.map((e) => ({ action: e.action, actorId: e.actorId, projectId: e.projectId, detail: e.detail }))).toEqual([
      { action: 'user.created', actorId: admin.user.id, projectId: null, detail: null },
      { action: 'user.updated', actorId: admin.user.id, projectId: null, detail: { fields: ['name', 'canCreateProjects'] } },
      { action: 'user.disabled', actorId: admin.user.id, projectId: null, detail: { fields: ['disabled'] } },
    ]);
    expect(site[2]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    const text = JSON.stringify(site.map((e) => [e.before, e.after, e.detail, e.subjectId])).toLowerCase();
    for (const secret of ['password', 'very long', 'new.person', 'newt', 'token', 'scrypt']) expect(text).not.toContain(secret);
  });

  it('[A2] every chain the hooks wrote verifies', async () => {
    const results = await verifyAll(h.db.db);
    expect(results.map((r) => r.chain)).toEqual(expect.arrayContaining([projectId, 'site']));
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});

describe('GET /projects/{id}/audit [A3]', () => {
  it('[A3] needs audit.read: annotators and reviewers 403, outsiders and unknown projects 404, QA leads and managers 200', async () => {
    expect((await audit(annotator.token)).status).toBe(403);
    expect((await audit(reviewer.token)).status).toBe(403);
    expect((await audit(outsider.token)).status).toBe(404);
    expect((await audit(qaLead.token, '', 'prj_doesnotexist')).status).toBe(404);
    expect((await audit(qaLead.token)).status).toBe(200);
    expect((await audit(manager.token)).status).toBe(200);
    expect((await h.call('GET', `/api/v1/projects/${projectId}/audit`)).status).toBe(401);
  });

  it('[A3] lists newest first with actor names and hashes, page by page to the end without repeats', async () => {
    const total = (await rows(projectId)).length;
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await audit(qaLead.token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((e: { seq: number }) => e.seq));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
    const last = (await audit(qaLead.token, '?limit=200')).body.items.at(-1);
    expect(last).toMatchObject({
      seq: 1,
      action: 'member.added',
      actor: { id: manager.user.id, name: 'Mona Manager', kind: 'user' },
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('[A3] allow-lists the cursor (a positive integer) and limit (1..200)', async () => {
    for (const bad of ['abc', '0', '-1', '01', '1e3', '1.5', '9999999999999999999', "1' or '1'='1"]) {
      const res = await audit(qaLead.token, `?cursor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
    }
    expect((await audit(qaLead.token, '?limit=201')).status).toBe(400);
    expect((await audit(qaLead.token, '?limit=0')).status).toBe(400);
    expect((await audit(qaLead.token, '?cursor=1')).body).toEqual({ items: [], nextCursor: null });
  });
});

describe('GET /projects/{id}/audit/verify [A3]', () => {
  it('[A3] reports ok with the count; after tampering, the seq and hash_mismatch; annotators 403', async () => {
    const own = await makeProject(h, manager, 'To tamper');
    await addMember(h, manager, own, qaLead.user.id, 'qa_lead');
    await addMember(h, manager, own, annotator.user.id, 'annotator');
    const verify = (token: string) => h.call('GET', `/api/v1/projects/${own}/audit/verify`, { token });
    expect((await verify(annotator.token)).status).toBe(403);
    expect((await verify(outsider.token)).status).toBe(404);
    expect((await verify(qaLead.token)).body).toEqual({ chain: own, ok: true, entries: 3, firstBad: null });
    await h.db.db.transaction(async (tx) => {
      await tx.execute(sql`alter table "audit_log" disable trigger "audit_log_no_update"`);
      await tx.update(auditLog).set({ after: { role: 'manager' } }).where(and(eq(auditLog.chain, own), eq(auditLog.seq, 3)));
      await tx.execute(sql`alter table "audit_log" enable trigger "audit_log_no_update"`);
    });
    expect((await verify(manager.token)).body).toEqual({ chain: own, ok: false, entries: 2, firstBad: { seq: 3, reason: 'hash_mismatch' } });
  });
});
