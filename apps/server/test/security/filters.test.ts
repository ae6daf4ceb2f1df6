/**
 * Abuse case 17: list filters and sort keys are allow-listed, everything reaches SQL as a parameter.
 * Every list endpoint is probed with sort/filter/cursor injections; each must be a 400 whose message names
 * the field, that echoes no SQL, table, column or hash, and that leaves the database as it was.
 */
import { sampleSeed } from '@concord/annotation-doc/testing';
import { users } from '@concord/db';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItemService } from '../../src/items/item-service.ts';
import { addMember, createHarness, makeProject, type Harness, type TestUser } from '../http/harness.ts';

let h: Harness;
let admin: TestUser;
let manager: TestUser;
let projectId: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.makeUser({ isAdmin: true, name: 'Admin' });
  manager = await h.makeUser({ canCreateProjects: true, name: 'Manager' });
  projectId = await makeProject(h, manager, 'Filters');
  const annotator = await h.makeUser({ name: 'Annotator' });
  await addMember(h, manager, projectId, annotator.user.id, 'annotator');
  const itemService = createItemService({ db: h.db.db });
  for (const [externalId, tag] of [['plain', 'cats'], ['other', 'dogs']] as const) {
    await itemService.create({ projectId, externalId, tags: [tag], seed: sampleSeed('alignment'), prelabel: null, createdBy: null });
  }
});
afterAll(async () => {
  await h.dispose();
});

/** Every list endpoint that takes a query string, with the filters it does allow. */
const lists = () => [
  { path: '/api/v1/users', token: admin.token, filters: ['sort', 'status'] },
  { path: '/api/v1/projects', token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/documents`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/items`, token: manager.token, filters: ['tag', 'state'] },
  { path: `/api/v1/projects/${projectId}/imports`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/exports`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/media`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/audit`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/reviews`, token: manager.token, filters: ['state'] },
  { path: `/api/v1/projects/${projectId}/tasks`, token: manager.token, filters: ['state'] },
  { path: `/api/v1/projects/${projectId}/members`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/tags`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/config/versions`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/calibrations`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/disputes`, token: manager.token, filters: [] },
  { path: `/api/v1/projects/${projectId}/quality/flags`, token: manager.token, filters: ['state'] },
];

/** Keys no list accepts: sort/order smuggling, ORM-style where/filter objects, mass-assigned columns. */
const unknownKeys = [
  'sort=password_hash',
  'orderBy=password_hash',
  'order=email%20DESC',
  'where=1%3D1',
  'filter%5Bpassword_hash%5D%5B%24ne%5D=x',
  'include=passwordHash',
  'fields=*',
  'projectId=prj_abcdefghijklmnopqrstuvwxyz234567',
];

/** Values that would change a query if they were concatenated into SQL. */
const sqlValues = ["' OR '1'='1", '1;DROP TABLE users;--', 'x) UNION SELECT password_hash FROM users--', '$1', '%', '\\'];

/** What a database error, a stack or a leaked row would put in a body. */
const leaks = /syntax error|relation "|column "|postgres|pglite|drizzle|node_modules|\bat [\w.<>]+ \(|scrypt\$/i;

/** Why `res` is not a clean 400 naming `field`, or null when it is. */
function problem(res: Awaited<ReturnType<Harness['call']>>, field: string): string | null {
  if (res.status !== 400) return `status ${res.status}`;
  if (res.body?.error?.code !== 'bad_request') return `code ${String(res.body?.error?.code)}`;
  const message = String(res.body.error.message);
  if (!message.includes(field)) return `message does not name ${field}: ${message}`;
  if (leaks.test(res.text)) return `leaks: ${res.text}`;
  return null;
}

describe('list filters and sort keys (abuse case 17)', () => {
  it('[V1][V7][V20] a key a list does not allow is 400 naming the key, on every list endpoint', async () => {
    const failures: string[] = [];
    for (const list of lists()) {
      for (const query of unknownKeys) {
        const key = decodeURIComponent(query.split('=')[0]!);
        if (list.filters.includes(key)) continue;
        const why = problem(await h.call('GET', `${list.path}?${query}`, { token: list.token }), key.replace(/\[.*$/, ''));
        if (why) failures.push(`${list.path}?${query}: ${why}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('[V7][V20] an allowed filter or sort with an injected value is 400, never a query: every list, every value', async () => {
    const failures: string[] = [];
    for (const list of lists()) {
      for (const field of [...list.filters, 'limit', 'cursor']) {
        for (const value of sqlValues) {
          const query = `${field}=${encodeURIComponent(value)}`;
          const why = problem(await h.call('GET', `${list.path}?${query}`, { token: list.token }), field);
          if (why) failures.push(`${list.path}?${query}: ${why}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('[V7] the allowed filters work and match exactly: a tag is compared as a value, not a pattern', async () => {
    const cats = await h.call('GET', `/api/v1/projects/${projectId}/items?tag=cats`, { token: manager.token });
    expect(cats.status).toBe(200);
    const all = await h.call('GET', `/api/v1/projects/${projectId}/items`, { token: manager.token });
    expect(all.body.items.length).toBeGreaterThan(cats.body.items.length);
    // Characters the tag grammar allows but that mean something to LIKE or jsonpath.
    for (const tag of ['cat_', 'c.ts', 'cats:', 'cats-']) {
      const res = await h.call('GET', `/api/v1/projects/${projectId}/items?tag=${encodeURIComponent(tag)}`, { token: manager.token });
      expect(res.status, tag).toBe(200);
      expect(res.body.items, tag).toEqual([]);
    }
  });

  it('[V5][V7] after every probe the users table is intact and no response carried a hash', async () => {
    const [row] = await h.db.db.select({ n: count() }).from(users);
    expect(row!.n).toBeGreaterThanOrEqual(3);
    for (const text of h.responses) expect(text).not.toMatch(/scrypt\$|password_?hash"\s*:/i);
  });
});
