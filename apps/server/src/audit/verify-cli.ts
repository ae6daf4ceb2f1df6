import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, type Db } from '@concord/db';
import { sql } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../config.ts';
import { describeVerification, listChains, verifyChain } from './verify.ts';

/**
 * `npm run audit:verify [chain …]` [A3]: recomputes every audit chain (or the named ones) of the database
 * the server is configured with (DATABASE_URL, else the embedded PGlite in CONCORD_DATA_DIR), prints one
 * line per chain, and exits 0 when all verify, 1 when any is broken, 2 when it could not verify
 * (bad configuration, no database, not migrated). It never migrates or writes. The embedded database
 * is one process's: stop the server before verifying it.
 */
async function main(args: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const { database } = config;
  // createDb would initialise an empty database in a missing folder; a verifier must not.
  if (database.kind === 'pglite' && !existsSync(join(database.dataDir, 'PG_VERSION'))) {
    process.stderr.write(`No database in ${database.dataDir} (set CONCORD_DATA_DIR or DATABASE_URL).\n`);
    return 2;
  }
  const handle = await createDb({
    target: database.kind === 'postgres' ? { kind: 'postgres', url: database.url, poolSize: 1 } : { kind: 'pglite', dataDir: database.dataDir },
    migrate: false,
  });
  try {
    if (!(await hasAuditLog(handle.db))) {
      process.stderr.write('This database has no audit_log table: start the server once or run `npm run db:migrate`.\n');
      return 2;
    }
    const chains = args.length > 0 ? args : await listChains(handle.db);
    if (chains.length === 0) process.stdout.write('No audit entries.\n');
    let broken = 0;
    for (const chain of chains) {
      const result = await verifyChain(handle.db, chain);
      if (!result.ok) broken += 1;
      process.stdout.write(`${describeVerification(result)}\n`);
    }
    return broken > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

async function hasAuditLog(db: Db): Promise<boolean> {
  const result = await db.execute(sql`select to_regclass('audit_log') is not null as "exists"`);
  return (result as unknown as { rows: { exists: boolean }[] }).rows[0]?.exists === true;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `audit:verify failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(2);
  },
);
