import { users } from '@concord/db';
import { openTestDb, type TestDb } from '@concord/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin, verifyPassword } from '../../src/accounts/index.ts';
import { testConfig } from '../../src/config.ts';
import { createHarness, type Harness, type TestUser } from './harness.ts';

let h: Harness;
let admin: TestUser;
let plain: TestUser;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true, name: 'Root' });
  plain = await h.makeUser({ name: 'Plain' });
});
afterAll(async () => {
  await h.dispose();
});

const newUser = (email: string) => ({ email, name: 'New Person', password: 'twelve chars or more' });

describe('user administration', () => {
  it('[U1] only site admins create, list and change users', async () => {
    const create = await h.call('POST', '/api/v1/users', { token: plain.token, json: newUser('sneaky@example.test') });
    const list = await h.call('GET', '/api/v1/users', { token: plain.token });
    const patch = await h.call('PATCH', `/api/v1/users/${plain.user.id}`, { token: plain.token, json: { isAdmin: true } });
    expect([create.status, list.status, patch.status]).toEqual([403, 403, 403]);
    expect(await h.accounts.users.findByEmail('sneaky@example.test')).toBeNull();
    expect((await h.accounts.users.get(plain.user.id))?.isAdmin).toBe(false);
  });

  it('[U1] an admin creates a user who can then sign in', async () => {
    const res = await h.call('POST', '/api/v1/users', {
      token: admin.token,
      json: { ...newUser(' Fresh.Person@Example.TEST '), canCreateProjects: true },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'fresh.person@example.test', isAdmin: false, canCreateProjects: true, disabled: false });
    const login = await h.call('POST', '/api/v1/auth/login', { json: { email: 'fresh.person@example.test', password: 'twelve chars or more' } });
    expect(login.status).toBe(200);
  });

  it('[U2] a duplicate e-mail in another letter case is 409', async () => {
    const first = await h.call('POST', '/api/v1/users', { token: admin.token, json: newUser('dup@example.test') });
    expect(first.status).toBe(201);
    const second = await h.call('POST', '/api/v1/users', { token: admin.token, json: newUser('DUP@example.test') });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
  });

  it('[V2] explains each invalid field', async () => {
    const res = await h.call('POST', '/api/v1/users', { token: admin.token, json: { email: 'not-an-email', name: '', password: 'short' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['email', 'name', 'password']);
    expect(res.body.error.message).toContain('email: must be an e-mail address');
    expect(res.body.error.message).toContain('password: must be at least 12 characters');
  });

  it('[V1] an unknown key in a user body is 400 and creates nothing', async () => {
    const res = await h.call('POST', '/api/v1/users', {
      token: admin.token,
      json: { ...newUser('mass@example.test'), passwordHash: 'scrypt$1$1$1$x$y' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].code).toBe('unrecognized_keys');
    expect(await h.accounts.users.findByEmail('mass@example.test')).toBeNull();
  });

  it('[V7] lists users a page at a time with allow-listed sort and status only', async () => {
    for (let i = 0; i < 3; i++) await h.makeUser();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await h.call('GET', `/api/v1/users${query}`, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { email: string }) => u.email));
      cursor = res.body.nextCursor;
    } while (cursor);
    const total = (await h.db.db.select({ id: users.id }).from(users)).length;
    expect(seen).toHaveLength(total);
    expect([...seen].sort()).toEqual(seen);
    const byDate = await h.call('GET', '/api/v1/users?sort=createdAt&limit=200', { token: admin.token });
    expect(byDate.body.items).toHaveLength(total);
    for (const bad of ['sort=password_hash', 'orderBy=email', 'limit=201', 'cursor=usr_x', 'status=deleted']) {
      const res = await h.call('GET', `/api/v1/users?${bad}`, { token: admin.token });
      expect(res.status, bad).toBe(400);
    }
  });

  it('[U4] an admin changes a user and the notifier hears of it', async () => {
    const target = await h.makeUser();
    const before = h.notified.length;
    const res = await h.call('PATCH', `/api/v1/users/${target.user.id}`, {
      token: admin.token,
      json: { canCreateProjects: true, disabled: true, name: 'Renamed' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ canCreateProjects: true, disabled: true, name: 'Renamed' });
    expect(h.notified.slice(before)).toEqual([{ kind: 'user', userId: target.user.id }]);
    expect((await h.call('GET', '/api/v1/me', { token: target.token })).status).toBe(401);
    const enabled = await h.call('PATCH', `/api/v1/users/${target.user.id}`, { token: admin.token, json: { disabled: false } });
    expect(enabled.body.disabled).toBe(false);
    // Sessions were revoked on disable, so re-enabling does not revive them.
    expect((await h.call('GET', '/api/v1/me', { token: target.token })).status).toBe(401);
  });

  it('[U3] an admin cannot drop their own admin flag or disable themselves', async () => {
    const before = h.notified.length;
    for (const json of [{ isAdmin: false }, { disabled: true }]) {
      const res = await h.call('PATCH', `/api/v1/users/${admin.user.id}`, { token: admin.token, json });
      expect(res.status).toBe(403);
    }
    expect(await h.accounts.users.get(admin.user.id)).toMatchObject({ isAdmin: true, disabled: false });
    expect(h.notified.length).toBe(before);
    const rename = await h.call('PATCH', `/api/v1/users/${admin.user.id}`, { token: admin.token, json: { name: 'Still Root' } });
    expect(rename.status).toBe(200);
  });

  it('[R2] an unknown or malformed user id is 404; an empty change is 400', async () => {
    const missing = await h.call('PATCH', '/api/v1/users/usr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { token: admin.token, json: { name: 'x' } });
    const malformed = await h.call('PATCH', '/api/v1/users/usr_NOT-AN-ID', { token: admin.token, json: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(404);
    const empty = await h.call('PATCH', `/api/v1/users/${plain.user.id}`, { token: admin.token, json: {} });
    expect(empty.status).toBe(400);
  });
});

describe('ensureAdmin', () => {
  let db: TestDb;
  const log = pino({ level: 'silent' });
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it('[B1] creates admin@localhost with a generated password when none is configured, once', async () => {
    const config = testConfig({ dataDir: h.config.dataDir });
    const result = await ensureAdmin({ db: db.db, config, log });
    expect(result.created).toBe(true);
    expect(result.email).toBe('admin@localhost');
    expect(result.generatedPassword?.length).toBeGreaterThanOrEqual(20);
    const [row] = await db.db.select().from(users);
    expect(row).toMatchObject({ email: 'admin@localhost', isAdmin: true, canCreateProjects: true });
    expect(await verifyPassword(result.generatedPassword!, row!.passwordHash)).toBe(true);
    const again = await ensureAdmin({ db: db.db, config, log });
    expect(again).toEqual({ created: false, email: 'admin@localhost' });
  });

  it('[B1] uses the configured e-mail and password and returns no password', async () => {
    await db.db.delete(users);
    const config = testConfig({ dataDir: h.config.dataDir, admin: { email: 'Boss@Example.test', password: 'configured password' } });
    const result = await ensureAdmin({ db: db.db, config, log });
    expect(result).toEqual({ created: true, email: 'boss@example.test' });
    const [row] = await db.db.select().from(users);
    expect(await verifyPassword('configured password', row!.passwordHash)).toBe(true);
  });

  it('[B2] two instances bootstrapping at once create exactly one admin', async () => {
    await db.db.delete(users);
    const config = testConfig({ dataDir: h.config.dataDir });
    const results = await Promise.all([ensureAdmin({ db: db.db, config, log }), ensureAdmin({ db: db.db, config, log })]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.db.select().from(users)).toHaveLength(1);
  });
});
