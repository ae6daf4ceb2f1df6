import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

/** The Drizzle database both drivers produce; code above this package never knows which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a trivial query; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DbTarget = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string | null };

/** The committed drizzle-kit migrations of this package (when run from source). */
export const defaultMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Any fixed number: the key of the advisory lock that serialises migrations between instances. */
const migrationLockKey = 7_310_420_611;

/**
 * Opens the database and applies the committed migrations (the same files on PGlite and Postgres).
 * On Postgres, concurrent instances take an advisory lock so only one migrates at a time.
 * @example const { db, close } = await createDb({ target: { kind: 'pglite', dataDir: '.concord/db' } });
 */
export async function createDb(options: {
  target: DbTarget;
  migrationsFolder?: string;
  migrate?: boolean;
}): Promise<DbHandle> {
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder;
  const shouldMigrate = options.migrate ?? true;
  const { target } = options;
  if (target.kind === 'pglite') {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    if (shouldMigrate) await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      ping: async () => {
        await client.query('select 1');
      },
      close: () => client.close(),
    };
  }
  const poolSize = target.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: target.url,
    max: poolSize,
    // Opened connections stay open: pg-pool's default closes one idle for 10 s, and the next burst (an
    // access re-check, awareness renewals) then waits for fresh connections (and re-prepares the append
    // statement) in the middle of live editing, which showed as latency spikes every 15 s.
    min: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool, { schema });
  if (shouldMigrate) {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
      try {
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
      }
    } finally {
      client.release();
    }
  }
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
