import { tokens } from '@concord/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/index.ts';
import { createHarness, defaultPassword, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let alice: TestUser;

beforeAll(async () => {
  h = await createHarness();
  alice = await h.makeUser({ name: 'Alice' });
});
afterAll(async () => {
  await h.dispose();
});

describe('login', () => {
  it('[A3] returns a cs_ session token and the user, and stores only its SHA-256', async () => {
    const res = await h.call('POST', '/api/v1/auth/login', { json: { email: alice.user.email.toUpperCase(), password: defaultPassword } });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(res.body.user).toMatchObject({ id: alice.user.id, email: alice.user.email, name: 'Alice', isAdmin: false });
    expect(Object.keys(res.body.user).sort()).toEqual(['canCreateProjects', 'createdAt', 'disabled', 'email', 'erasedAt', 'id', 'isAdmin', 'name']);
    const [row] = await h.db.db.select().from(tokens).where(eq(tokens.tokenHash, hashToken(res.body.token)));
    expect(row?.kind).toBe('session');
    expect(JSON.stringify(row)).not.toContain(res.body.token);
    const me = await h.call('GET', '/api/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(alice.user.id);
  });

  it('[A2] answers an unknown e-mail and a wrong password with the same 401 body', async () => {
    const unknown = await h.call('POST', '/api/v1/auth/login', { json: { email: 'nobody@example.test', password: defaultPassword } });
    const wrong = await h.call('POST', '/api/v1/auth/login', { json: { email: alice.user.email, password: 'not the password at all' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.error.message).toBe('Wrong e-mail or password.');
  });

  it('[A2] refuses a disabled account with the same message', async () => {
    const bob = await h.makeUser();
    await h.accounts.users.update(bob.user.id, { disabled: true });
    const res = await h.call('POST', '/api/v1/auth/login', { json: { email: bob.user.email, password: defaultPassword } });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Wrong e-mail or password.');
  });

  it('[V2] rejects a login body without a password with a clear 400', async () => {
    const res = await h.call('POST', '/api/v1/auth/login', { json: { email: alice.user.email } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toContain('password: is required');
  });
});

describe('bearer tokens', () => {
  it('[A1] refuses missing, malformed, unknown and non-bearer credentials with the same 401 body', async () => {
    const forged = `cs_${'A'.repeat(43)}`;
    const answers = await Promise.all([
      h.call('GET', '/api/v1/me'),
      h.call('GET', '/api/v1/me', { token: 'garbage' }),
      h.call('GET', '/api/v1/me', { token: forged }),
      h.call('GET', '/api/v1/me', { headers: { authorization: `Basic ${alice.token}` } }),
      h.call('GET', '/api/v1/projects', { token: `${alice.token}x` }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body.error.code).toBe('unauthenticated');
  });

  it('[A4] refuses an expired session', async () => {
    const { token, id } = await h.accounts.tokens.issueSession(alice.user.id);
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(200);
    await h.db.db.update(tokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(tokens.id, id));
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(401);
  });

  it('[A4] sessions expire config.sessionTtlMs after sign-in', async () => {
    const before = Date.now();
    const { expiresAt } = await h.accounts.tokens.issueSession(alice.user.id);
    expect(expiresAt!.getTime() - before).toBeGreaterThanOrEqual(h.config.sessionTtlMs - 1000);
    expect(expiresAt!.getTime() - before).toBeLessThanOrEqual(h.config.sessionTtlMs + 1000);
  });

  it('[A4][A8] logout revokes the calling token only and tells the notifier', async () => {
    const { token } = await h.accounts.tokens.issueSession(alice.user.id);
    const other = await h.accounts.tokens.issueSession(alice.user.id);
    const before = h.notified.length;
    const res = await h.call('POST', '/api/v1/auth/logout', { token });
    expect(res.status).toBe(204);
    expect((await h.call('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await h.call('GET', '/api/v1/me', { token: other.token })).status).toBe(200);
    expect(h.notified.slice(before)).toEqual([{ kind: 'tokens', userId: alice.user.id }]);
  });

  it('[U4] a disabled user\'s tokens stop working', async () => {
    const carol = await h.makeUser();
    expect((await h.call('GET', '/api/v1/me', { token: carol.token })).status).toBe(200);
    await h.accounts.users.update(carol.user.id, { disabled: true });
    expect((await h.call('GET', '/api/v1/me', { token: carol.token })).status).toBe(401);
  });

  it('[A5] writes last_used_at at most once a minute', async () => {
    const { token, id } = await h.accounts.tokens.issueSession(alice.user.id);
    const lastUsed = async () => (await h.db.db.select().from(tokens).where(eq(tokens.id, id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await h.call('GET', '/api/v1/me', { token });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await h.call('GET', '/api/v1/me', { token });
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    const old = new Date(Date.now() - 120_000);
    await h.db.db.update(tokens).set({ lastUsedAt: old }).where(eq(tokens.id, id));
    await h.call('GET', '/api/v1/me', { token });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(old.getTime());
  });
});

describe('personal API tokens', () => {
  it('[A3] creates a cpat_ token shown once, lists it without secret, and it authenticates', async () => {
    const created = await h.call('POST', '/api/v1/me/tokens', { token: alice.token, json: { name: 'nightly export', expiresInDays: 30 } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cpat_[A-Za-z0-9_-]{43}$/);
    expect(new Date(created.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const list = await h.call('GET', '/api/v1/me/tokens', { token: alice.token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed).toEqual({ id: created.body.id, name: 'nightly export', createdAt: created.body.createdAt, expiresAt: created.body.expiresAt, lastUsedAt: null });
    expect(list.text).not.toContain(created.body.token);
    const me = await h.call('GET', '/api/v1/me', { token: created.body.token });
    expect(me.body.id).toBe(alice.user.id);
  });

  it('[A4] a token without expiresInDays never expires; an expired API token is refused', async () => {
    const created = await h.call('POST', '/api/v1/me/tokens', { token: alice.token, json: { name: 'forever' } });
    expect(created.body.expiresAt).toBeNull();
    await h.db.db.update(tokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(tokens.id, created.body.id));
    expect((await h.call('GET', '/api/v1/me', { token: created.body.token })).status).toBe(401);
  });

  it('[A7] an API token cannot create another API token', async () => {
    const created = await h.call('POST', '/api/v1/me/tokens', { token: alice.token, json: { name: 'ci' } });
    const res = await h.call('POST', '/api/v1/me/tokens', { token: created.body.token, json: { name: 'successor' } });
    expect(res.status).toBe(403);
  });

  it('[A8] DELETE revokes own API tokens; other users\' and unknown ids are 404', async () => {
    const created = await h.call('POST', '/api/v1/me/tokens', { token: alice.token, json: { name: 'temp' } });
    const mallory = await h.makeUser();
    const theirs = await h.call('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: mallory.token });
    expect(theirs.status).toBe(404);
    expect((await h.call('DELETE', '/api/v1/me/tokens/not-an-id', { token: alice.token })).status).toBe(404);
    const before = h.notified.length;
    expect((await h.call('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: alice.token })).status).toBe(204);
    expect(h.notified.slice(before)).toEqual([{ kind: 'tokens', userId: alice.user.id }]);
    expect((await h.call('GET', '/api/v1/me', { token: created.body.token })).status).toBe(401);
    expect((await h.call('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: alice.token })).status).toBe(404);
  });

  it('[V2] rejects a bad expiresInDays with the field in the message', async () => {
    const res = await h.call('POST', '/api/v1/me/tokens', { token: alice.token, json: { name: 'x', expiresInDays: 0 } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('expiresInDays: must be at least 1');
  });
});

describe('PATCH /me', () => {
  it('[A6] changing the password needs the current one', async () => {
    const dave = await h.makeUser();
    const missing = await h.call('PATCH', '/api/v1/me', { token: dave.token, json: { password: 'a brand new password' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('currentPassword');
    const wrong = await h.call('PATCH', '/api/v1/me', {
      token: dave.token,
      json: { password: 'a brand new password', currentPassword: 'wrong wrong wrong' },
    });
    expect(wrong.status).toBe(403);
    const login = await h.call('POST', '/api/v1/auth/login', { json: { email: dave.user.email, password: defaultPassword } });
    expect(login.status).toBe(200);
  });

  it('[A6] a new password revokes the other sessions and keeps the calling one', async () => {
    const erin = await h.makeUser();
    const other = await h.accounts.tokens.issueSession(erin.user.id);
    const before = h.notified.length;
    const res = await h.call('PATCH', '/api/v1/me', {
      token: erin.token,
      json: { name: 'Erin', password: 'a brand new password', currentPassword: defaultPassword },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Erin');
    expect((await h.call('GET', '/api/v1/me', { token: erin.token })).status).toBe(200);
    expect((await h.call('GET', '/api/v1/me', { token: other.token })).status).toBe(401);
    expect(h.notified.slice(before)).toEqual([{ kind: 'tokens', userId: erin.user.id }]);
    const oldLogin = await h.call('POST', '/api/v1/auth/login', { json: { email: erin.user.email, password: defaultPassword } });
    expect(oldLogin.status).toBe(401);
    const newLogin = await h.call('POST', '/api/v1/auth/login', { json: { email: erin.user.email, password: 'a brand new password' } });
    expect(newLogin.status).toBe(200);
  });

  it('[V1] cannot make oneself an admin through PATCH /me', async () => {
    const res = await h.call('PATCH', '/api/v1/me', { token: alice.token, json: { name: 'Alice', isAdmin: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('isAdmin');
    const me = await h.call('GET', '/api/v1/me', { token: alice.token });
    expect(me.body.isAdmin).toBe(false);
  });

  it('[A1] tokens and passwords never appear in the logs', () => {
    const logs = h.logLines.join('\n');
    expect(logs).not.toContain(alice.token);
    expect(logs).not.toContain(defaultPassword);
  });
});
