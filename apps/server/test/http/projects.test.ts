import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let admin: TestUser;
let creator: TestUser;
let outsider: TestUser;
let projectId: string;
const roles: Record<string, TestUser> = {};

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true });
  creator = await h.makeUser({ canCreateProjects: true, name: 'Creator' });
  outsider = await h.makeUser({ canCreateProjects: true, name: 'Outsider' });
  projectId = await makeProject(h, creator, 'Captions');
  for (const role of ['viewer', 'annotator', 'reviewer', 'qa_lead', 'trainer', 'manager']) {
    roles[role] = await h.makeUser({ name: role });
    await addMember(h, creator, projectId, roles[role]!.user.id, role);
  }
});
afterAll(async () => {
  await h.dispose();
});

describe('projects', () => {
  it('[R4] users without canCreateProjects cannot create projects', async () => {
    const res = await h.call('POST', '/api/v1/projects', { token: roles.viewer!.token, json: { name: 'Nope' } });
    expect(res.status).toBe(403);
  });

  it('[R4] the creator becomes manager', async () => {
    const res = await h.call('POST', '/api/v1/projects', { token: creator.token, json: { name: 'Second', description: 'about it' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Second', description: 'about it', role: 'manager' });
    expect(res.body.id).toMatch(/^prj_[a-z2-7]{32}$/);
    const members = await h.call('GET', `/api/v1/projects/${res.body.id}/members`, { token: creator.token });
    expect(members.body.items).toEqual([expect.objectContaining({ userId: creator.user.id, role: 'manager' })]);
  });

  it('[R3] lists the caller\'s projects with their role; admins see all, as admin where not a member', async () => {
    const mine = await h.call('GET', '/api/v1/projects', { token: roles.annotator!.token });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: projectId, role: 'annotator' })]);
    const none = await h.call('GET', '/api/v1/projects', { token: outsider.token });
    expect(none.body.items).toEqual([]);
    const all = await h.call('GET', '/api/v1/projects', { token: admin.token });
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    expect(all.body.items.every((p: { role: string }) => p.role === 'admin')).toBe(true);
    const one = await h.call('GET', `/api/v1/projects/${projectId}`, { token: admin.token });
    expect(one.status).toBe(200);
  });

  it('[R1] only project.update roles may rename a project', async () => {
    const denied = await h.call('PATCH', `/api/v1/projects/${projectId}`, { token: roles.trainer!.token, json: { name: 'Hijack' } });
    expect(denied.status).toBe(403);
    const ok = await h.call('PATCH', `/api/v1/projects/${projectId}`, { token: roles.manager!.token, json: { description: 'Image captions' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Captions', description: 'Image captions', role: 'manager' });
  });

  it('[R2] an outsider, a missing project and a malformed id get the same 404', async () => {
    const paths = (id: string) => [
      ['GET', `/api/v1/projects/${id}`],
      ['GET', `/api/v1/projects/${id}/members`],
      ['GET', `/api/v1/projects/${id}/documents`],
    ];
    const bodies = new Set<string>();
    for (const id of [projectId, 'prj_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'prj_1', 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']) {
      for (const [method, path] of paths(id)) {
        const res = await h.call(method!, path!, { token: outsider.token });
        expect(res.status, `${method} ${path}`).toBe(404);
        bodies.add(res.text);
      }
      const patch = await h.call('PATCH', `/api/v1/projects/${id}`, { token: outsider.token, json: { name: 'x' } });
      expect(patch.status).toBe(404);
      bodies.add(patch.text);
      const doc = await h.call('POST', `/api/v1/projects/${id}/documents`, { token: outsider.token, json: {} });
      expect(doc.status).toBe(404);
      bodies.add(doc.text);
    }
    expect([...bodies]).toEqual([JSON.stringify({ error: { code: 'not_found', message: 'Project not found or no access.' } })]);
  });
});

describe('documents', () => {
  it('[R1][D1] roles with documents.create create documents with server ids; viewers and annotators cannot', async () => {
    for (const role of ['viewer', 'annotator', 'reviewer']) {
      const res = await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: roles[role]!.token, json: { name: 'x' } });
      expect(res.status, role).toBe(403);
    }
    for (const role of ['qa_lead', 'trainer', 'manager']) {
      const res = await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: roles[role]!.token, json: { name: `by ${role}` } });
      expect(res.status, role).toBe(201);
      expect(res.body.id).toMatch(/^doc_[a-z2-7]{32}$/);
      expect(res.body).toMatchObject({ projectId, name: `by ${role}` });
    }
    const unnamed = await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: admin.token });
    expect(unnamed.status).toBe(201);
    expect(unnamed.body.name).toBe('Untitled');
  });

  it('[V1][D1] a client cannot choose a document id', async () => {
    const res = await h.call('POST', `/api/v1/projects/${projectId}/documents`, {
      token: roles.manager!.token,
      json: { id: 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', name: 'mine' },
    });
    expect(res.status).toBe(400);
  });

  it('[D2] lists documents newest first, a page at a time', async () => {
    for (let i = 0; i < 5; i++) {
      await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: roles.manager!.token, json: { name: `page ${i}` } });
    }
    const all = await h.call('GET', `/api/v1/projects/${projectId}/documents?limit=200`, { token: roles.viewer!.token });
    expect(all.status).toBe(200);
    const ids = all.body.items.map((d: { id: string }) => d.id);
    const times = all.body.items.map((d: { createdAt: string }) => d.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const res = await h.call('GET', `/api/v1/projects/${projectId}/documents${query}`, { token: roles.viewer!.token });
      paged.push(...res.body.items.map((d: { id: string }) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
    for (const bad of ['limit=0', 'limit=201', 'limit=abc', 'cursor=prj_x', 'sort=name']) {
      const res = await h.call('GET', `/api/v1/projects/${projectId}/documents?${bad}`, { token: roles.viewer!.token });
      expect(res.status, bad).toBe(400);
    }
  });

  it('[D3][R2] a document is readable by members with its content; outsiders and bad ids get the same 404', async () => {
    const created = await h.call('POST', `/api/v1/projects/${projectId}/documents`, { token: roles.manager!.token, json: { name: 'Read me' } });
    const id = created.body.id as string;
    const res = await h.call('GET', `/api/v1/documents/${id}`, { token: roles.viewer!.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id,
      projectId,
      name: 'Read me',
      createdAt: created.body.createdAt,
      updatedAt: created.body.updatedAt,
      taskType: 'alignment',
      configVersion: 1,
      config: expect.objectContaining({ taskType: 'alignment' }),
      item: null,
      content: { kind: 'fixture', documentId: id, items: [1, 2, 3] },
      problems: [],
      provenance: {},
      actors: {},
      // A viewer only reads [B10].
      readOnly: true,
    });
    expect((await h.call('GET', `/api/v1/documents/${id}`, { token: roles.manager!.token })).body.readOnly).toBe(false);
    const bodies = new Set<string>();
    for (const [token, docId] of [
      [outsider.token, id],
      [roles.viewer!.token, 'doc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
      [roles.viewer!.token, projectId],
      [roles.viewer!.token, 'doc_%2e%2e'],
    ] as const) {
      const miss = await h.call('GET', `/api/v1/documents/${docId}`, { token });
      expect(miss.status).toBe(404);
      bodies.add(miss.text);
    }
    expect(bodies.size).toBe(1);
  });

  it('[R2] a document of another project is not reachable through this project\'s list cursor', async () => {
    const other = await makeProject(h, outsider, 'Elsewhere');
    const foreign = await h.call('POST', `/api/v1/projects/${other}/documents`, { token: outsider.token, json: { name: 'secret' } });
    const res = await h.call('GET', `/api/v1/projects/${projectId}/documents?cursor=${foreign.body.id}`, { token: roles.viewer!.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
