import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, defaultMigrationsFolder } from './create-db.ts';

export type TestDbKind = 'pglite' | 'postgres';

/**
 * The database kinds a test run can reach: always PGlite; Postgres too when DATABASE_URL is set.
 * Suites loop over these so CI checks both.
 */
export function testDbKinds(): TestDbKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** The kind integration tests of the whole server use: Postgres when DATABASE_URL is set. */
export function preferredTestDbKind(): TestDbKind {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

let template: Promise<string> | null = null;

/**
 * A migrated PGlite data dir, made once per machine and migration set (initdb costs seconds) and
 * shared by every test process through the temp folder; each test copies it.
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = createHash('sha256');
    for (const file of readdirSync(defaultMigrationsFolder, { recursive: true }).map(String).sort()) {
      const path = join(defaultMigrationsFolder, file);
      if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
    }
    const dir = join(tmpdir(), `concord-pglite-template-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;
    const work = mkdtempSync(join(tmpdir(), 'concord-pglite-making-'));
    const handle = await createDb({ target: { kind: 'pglite', dataDir: work } });
    await handle.close();
    try {
      renameSync(work, dir);
    } catch {
      // Another test process made it first.
      rmSync(work, { recursive: true, force: true });
    }
    return dir;
  })();
  return template;
}

/** A new PGlite data dir holding the migrated template, for servers started by tests. */
export async function createTestPgliteDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'concord-pglite-'));
  cpSync(await pgliteTemplate(), dir, { recursive: true });
  return dir;
}

export interface TestDb extends DbHandle {
  /** PGlite data dir, or the Postgres URL of the throwaway database. */
  location: string;
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated, empty database of that kind. On Postgres it is a new database on the server
 * of DATABASE_URL, dropped by dispose().
 */
export async function openTestDb(kind: TestDbKind = preferredTestDbKind()): Promise<TestDb> {
  if (kind === 'pglite') {
    const dir = await createTestPgliteDir();
    const handle = await createDb({ target: { kind: 'pglite', dataDir: dir }, migrate: false });
    return {
      ...handle,
      location: dir,
      dispose: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = createTestPostgresUrl();
  const { adminUrl, name } = url;
  await withAdminClient(adminUrl, (c) => c.query(`create database "${name}"`));
  const handle = await createDb({ target: { kind: 'postgres', url: url.url, poolSize: 4 } });
  return {
    ...handle,
    location: url.url,
    dispose: async () => {
      await handle.close();
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** A new database name on the DATABASE_URL server, for tests that start whole server processes. */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { adminUrl, name, url } = createTestPostgresUrl();
  await withAdminClient(adminUrl, (c) => c.query(`create database "${name}"`));
  return {
    url,
    drop: () => withAdminClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

function createTestPostgresUrl(): { adminUrl: string; name: string; url: string } {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `concord_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  return { adminUrl, name, url: parsed.toString() };
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
