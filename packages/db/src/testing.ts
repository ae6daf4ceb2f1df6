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

/** A short hash of the committed migrations: templates made from another migration set are never used. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(defaultMigrationsFolder, { recursive: true }).map(String).sort()) {
    const path = join(defaultMigrationsFolder, file);
    if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | null = null;

/**
 * A migrated PGlite data dir, made once per machine and migration set (initdb costs seconds) and
 * shared by every test process through the temp folder; each test copies it.
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(tmpdir(), `concord-pglite-template-${migrationsHash()}`);
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
  const database = await createTestPostgresDatabase();
  const handle = await createDb({ target: { kind: 'postgres', url: database.url, poolSize: 4 } });
  return {
    ...handle,
    location: database.url,
    dispose: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/**
 * A new, migrated database on the DATABASE_URL server, for tests that start whole server processes
 * (their own migration run then finds nothing to do). `migrated: false` gives an empty one.
 */
export async function createTestPostgresDatabase(options: { migrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const { adminUrl, name, url } = createTestPostgresUrl();
  const templateName = options.migrated === false ? null : await postgresTemplate(adminUrl);
  await withAdminClient(adminUrl, (c) => c.query(templateName ? `create database "${name}" template "${templateName}"` : `create database "${name}"`));
  return {
    url,
    drop: () => withAdminClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}

const templatePrefix = 'concord_test_template_';
const postgresTemplates = new Map<string, Promise<string>>();

/**
 * The name of a migrated database on that server to copy test databases from: migrating a new
 * database costs ~1 s (nine migrations), copying one ~0.1 s. Made once per server and migration set,
 * under a temporary name renamed when complete, so a half-made template is never copied; templates
 * of other migration sets are dropped.
 */
function postgresTemplate(adminUrl: string): Promise<string> {
  let made = postgresTemplates.get(adminUrl);
  if (!made) {
    made = makePostgresTemplate(adminUrl);
    made.catch(() => postgresTemplates.delete(adminUrl));
    postgresTemplates.set(adminUrl, made);
  }
  return made;
}

async function makePostgresTemplate(adminUrl: string): Promise<string> {
  const name = `${templatePrefix}${migrationsHash()}`;
  const existing = await withAdminClient(adminUrl, (c) => c.query<{ datname: string }>('select datname from pg_database'));
  const names = existing.rows.map((row) => row.datname).filter((datname) => datname.startsWith(templatePrefix));
  if (names.includes(name)) return name;
  for (const stale of names) {
    await withAdminClient(adminUrl, (c) => c.query(`drop database if exists "${stale}" with (force)`));
  }
  const { name: work, url } = createTestPostgresUrl('concord_test_making_');
  await withAdminClient(adminUrl, (c) => c.query(`create database "${work}"`));
  try {
    const handle = await createDb({ target: { kind: 'postgres', url, poolSize: 1 } });
    await handle.close();
    await withAdminClient(adminUrl, (c) => c.query(`alter database "${work}" rename to "${name}"`));
  } catch (error) {
    await withAdminClient(adminUrl, (c) => c.query(`drop database if exists "${work}" with (force)`));
    // Another test process made it first.
    const made = await withAdminClient(adminUrl, (c) => c.query(`select 1 from pg_database where datname = $1`, [name]));
    if (made.rowCount === 0) throw error;
  }
  return name;
}

/** A new database name (`prefix` + time + random) on the DATABASE_URL server, and its URL. */
function createTestPostgresUrl(prefix = 'concord_test_'): { adminUrl: string; name: string; url: string } {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `${prefix}${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
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
