import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle, defaultMigrationsFolder } from '../src/create-db.ts';
import { createTestPostgresDatabase } from '../src/testing.ts';

const journal = JSON.parse(readFileSync(join(defaultMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

/** The one number a `select count(*)::int as n` query returns (both drivers answer with `{ rows }`). */
async function count(handle: DbHandle, query: SQL): Promise<number> {
  const result = (await handle.db.execute(query)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n);
}

function appliedMigrations(handle: DbHandle): Promise<number> {
  return count(handle, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
}

if (!process.env.DATABASE_URL) console.log('create-db: Postgres cases skipped, they need DATABASE_URL');

// Test servers start on databases copied from a migrated template (testing.ts), so the migrator's own
// path on an empty Postgres database, with instances racing for it, is tested here.
describe.skipIf(!process.env.DATABASE_URL)('createDb on an empty Postgres database', () => {
  const opened: DbHandle[] = [];
  let drop: (() => Promise<void>) | null = null;

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((handle) => handle.close()));
    await drop?.();
    drop = null;
  });

  it('three instances starting at once apply every migration exactly once', async () => {
    const database = await createTestPostgresDatabase({ migrated: false });
    drop = database.drop;
    const handles = await Promise.all([1, 2, 3].map(() => createDb({ target: { kind: 'postgres', url: database.url, poolSize: 1 } })));
    opened.push(...handles);
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const handle of handles) expect(await appliedMigrations(handle)).toBe(journal.entries.length);
    expect(await count(handles[0]!, sql`select count(*)::int as n from information_schema.tables where table_name = 'document_updates'`)).toBe(1);
  });

  it('a test database from the template is migrated already: the migrator finds nothing to do', async () => {
    const database = await createTestPostgresDatabase();
    drop = database.drop;
    const unmigrated = await createDb({ target: { kind: 'postgres', url: database.url, poolSize: 1 }, migrate: false });
    opened.push(unmigrated);
    expect(await appliedMigrations(unmigrated)).toBe(journal.entries.length);
  });
});
