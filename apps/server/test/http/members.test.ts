import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let admin: TestUser;
let manager: TestUser;
let annotator: TestUser;
let outsider: TestUser;
let projectId: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true });
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  annotator = await h.makeUser({ name: 'Annotator' });
  outsider = await h.makeUser({ name: 'Outsider' });
  projectId = await makeProject(h, manager);
  await addMember(h, manager, projectId, annotator.user.id, 'annotator');
});
afterAll(async () => {
  await h.dispose();
});

const members = (id = projectId) => `/api/v1/projects/${id}/members`;

describe('members', () => {
  it('[R1] every member reads the member list with ids, names, e-mails and roles', async () => {
    const res = await h.call('GET', members(), { token: annotator.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { userId: manager.user.id, name: 'Manager', email: manager.user.email, role: 'manager', createdAt: expect.any(String) },
      { userId: annotator.user.id, name: 'Annotator', email: annotator.user.email, role: 'annotator', createdAt: expect.any(String) },
    ]);
  });

  it('[R1] an annotator cannot manage members', async () => {
    const target = await h.makeUser();
    const add = await h.call('POST', members(), { token: annotator.token, json: { userId: target.user.id, role: 'viewer' } });
    const patch = await h.call('PATCH', `${members()}/${manager.user.id}`, { token: annotator.token, json: { role: 'viewer' } });
    const del = await h.call('DELETE', `${members()}/${manager.user.id}`, { token: annotator.token });
    expect([add.status, patch.status, del.status]).toEqual([403, 403, 403]);
  });

  it('[R2] an outsider gets 404 on another project\'s members, whatever the verb', async () => {
    const get = await h.call('GET', members(), { token: outsider.token });
    const add = await h.call('POST', members(), { token: outsider.token, json: { userId: outsider.user.id, role: 'manager' } });
    const patch = await h.call('PATCH', `${members()}/${annotator.user.id}`, { token: outsider.token, json: { role: 'manager' } });
    expect([get.status, add.status, patch.status]).toEqual([404, 404, 404]);
    expect(add.body).toEqual(get.body);
  });

  it('[M3][M4] a manager adds by e-mail or id, changes a role and removes; the notifier hears each change', async () => {
    const bob = await h.makeUser({ name: 'Bob' });
    const before = h.notified.length;
    const add = await h.call('POST', members(), { token: manager.token, json: { email: bob.user.email.toUpperCase(), role: 'viewer' } });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ userId: bob.user.id, role: 'viewer', name: 'Bob' });
    const patch = await h.call('PATCH', `${members()}/${bob.user.id}`, { token: manager.token, json: { role: 'reviewer' } });
    expect(patch.status).toBe(200);
    expect(patch.body.role).toBe('reviewer');
    expect((await h.call('GET', `/api/v1/projects/${projectId}`, { token: bob.token })).body.role).toBe('reviewer');
    const del = await h.call('DELETE', `${members()}/${bob.user.id}`, { token: manager.token });
    expect(del.status).toBe(204);
    expect((await h.call('GET', `/api/v1/projects/${projectId}`, { token: bob.token })).status).toBe(404);
    expect(h.notified.slice(before)).toEqual([
      { kind: 'membership', userId: bob.user.id, projectId, role: 'viewer' },
      { kind: 'membership', userId: bob.user.id, projectId, role: 'reviewer' },
      { kind: 'membership', userId: bob.user.id, projectId, role: null },
    ]);
  });

  it('[M3] exactly one of userId or email; unknown users 404; existing members 409', async () => {
    const both = await h.call('POST', members(), { token: manager.token, json: { userId: annotator.user.id, email: annotator.user.email, role: 'viewer' } });
    const neither = await h.call('POST', members(), { token: manager.token, json: { role: 'viewer' } });
    expect([both.status, neither.status]).toEqual([400, 400]);
    expect(both.body.error.message).toContain('exactly one of userId or email');
    const unknownId = await h.call('POST', members(), { token: manager.token, json: { userId: 'usr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', role: 'viewer' } });
    const unknownEmail = await h.call('POST', members(), { token: manager.token, json: { email: 'ghost@example.test', role: 'viewer' } });
    const badId = await h.call('POST', members(), { token: manager.token, json: { userId: 'nope', role: 'viewer' } });
    expect([unknownId.status, unknownEmail.status, badId.status]).toEqual([404, 404, 404]);
    const again = await h.call('POST', members(), { token: manager.token, json: { userId: annotator.user.id, role: 'viewer' } });
    expect(again.status).toBe(409);
    const badRole = await h.call('POST', members(), { token: manager.token, json: { userId: outsider.user.id, role: 'admin' } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.message).toContain('role: must be one of');
  });

  it('[M1] nobody changes, removes or adds their own membership', async () => {
    const before = h.notified.length;
    const promote = await h.call('PATCH', `${members()}/${manager.user.id}`, { token: manager.token, json: { role: 'viewer' } });
    const leave = await h.call('DELETE', `${members()}/${manager.user.id}`, { token: manager.token });
    const selfAdd = await h.call('POST', members(), { token: admin.token, json: { userId: admin.user.id, role: 'manager' } });
    expect([promote.status, leave.status, selfAdd.status]).toEqual([403, 403, 403]);
    expect(h.notified.length).toBe(before);
    const list = await h.call('GET', members(), { token: manager.token });
    expect(list.body.items.find((m: { userId: string }) => m.userId === manager.user.id).role).toBe('manager');
  });

  it('[M2] the last manager cannot be demoted or removed (by a site admin)', async () => {
    const demote = await h.call('PATCH', `${members()}/${manager.user.id}`, { token: admin.token, json: { role: 'annotator' } });
    const remove = await h.call('DELETE', `${members()}/${manager.user.id}`, { token: admin.token });
    expect([demote.status, remove.status]).toEqual([409, 409]);
    expect(demote.body.error.message).toBe('A project must keep at least one manager.');
    await h.call('PATCH', `${members()}/${annotator.user.id}`, { token: admin.token, json: { role: 'manager' } });
    const now = await h.call('PATCH', `${members()}/${manager.user.id}`, { token: admin.token, json: { role: 'annotator' } });
    expect(now.status).toBe(200);
  });

  it('[M2] two concurrent demotions of the last two managers leave one manager', async () => {
    const project = await makeProject(h, admin, 'Race');
    const [m1, m2] = [await h.makeUser(), await h.makeUser()];
    await addMember(h, admin, project, m1.user.id, 'manager');
    await addMember(h, admin, project, m2.user.id, 'manager');
    await h.call('DELETE', `${members(project)}/${admin.user.id}`, { token: m1.token });
    const results = await Promise.all([
      h.call('PATCH', `${members(project)}/${m1.user.id}`, { token: admin.token, json: { role: 'viewer' } }),
      h.call('PATCH', `${members(project)}/${m2.user.id}`, { token: admin.token, json: { role: 'viewer' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const list = await h.call('GET', members(project), { token: admin.token });
    expect(list.body.items.filter((m: { role: string }) => m.role === 'manager')).toHaveLength(1);
  });

  it('[R2] a member id that is unknown or malformed is 404', async () => {
    const unknown = await h.call('PATCH', `${members()}/usr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`, { token: admin.token, json: { role: 'viewer' } });
    const malformed = await h.call('DELETE', `${members()}/bogus`, { token: admin.token });
    const nonMember = await h.call('DELETE', `${members()}/${outsider.user.id}`, { token: admin.token });
    expect([unknown.status, malformed.status, nonMember.status]).toEqual([404, 404, 404]);
  });
});
