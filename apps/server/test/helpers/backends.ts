import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPgliteDir, createTestPostgresDatabase } from '@concord/db/testing';
import type { Config } from '../../src/config.ts';

/** What integration tests run on: real Postgres/Redis when DATABASE_URL/REDIS_URL are set, else the embedded defaults. */
export const backendName = `${process.env.DATABASE_URL ? 'postgres' : 'pglite'}+${process.env.REDIS_URL ? 'redis' : 'memory'}`;

export interface Backend {
  dataDir: string;
  database: Config['database'];
  redis: Config['redis'];
  dispose(): Promise<void>;
}

/**
 * A fresh database (PGlite dir or new Postgres database) and a unique Redis prefix. The database is a
 * copy of a migrated template; `empty: true` leaves it empty, for a server's first start to set up.
 */
export async function createBackend(options: { empty?: boolean } = {}): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-it-'));
  let dropPostgres: (() => Promise<void>) | null = null;
  let database: Config['database'];
  if (process.env.DATABASE_URL) {
    const created = await createTestPostgresDatabase({ migrated: !options.empty });
    dropPostgres = created.drop;
    database = { kind: 'postgres', url: created.url };
  } else {
    // Where a server started on this data dir looks for its database (config: `<CONCORD_DATA_DIR>/db`), so
    // child servers too open the migrated copy instead of running initdb and the migrations (~8 s of CPU).
    database = { kind: 'pglite', dataDir: join(dataDir, 'db') };
    if (!options.empty) renameSync(await createTestPgliteDir(), database.dataDir);
  }
  const redis = process.env.REDIS_URL
    ? { url: process.env.REDIS_URL, prefix: `concord-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` }
    : null;
  return {
    dataDir,
    database,
    redis,
    async dispose() {
      await dropPostgres?.();
      if (database.kind === 'pglite') rmSync(database.dataDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Environment variables that make a child server process use this backend. */
export function backendEnv(backend: Backend): Record<string, string> {
  const env: Record<string, string> = { CONCORD_DATA_DIR: backend.dataDir };
  if (backend.database.kind === 'postgres') env.DATABASE_URL = backend.database.url;
  if (backend.redis) {
    env.REDIS_URL = backend.redis.url;
    env.CONCORD_REDIS_PREFIX = backend.redis.prefix;
  }
  return env;
}
