import { createDb, type Db } from '@concord/db';
import type { AuditVerification } from '@concord/protocol';
import { sql } from 'drizzle-orm';
import { describeVerification, listChains, verifyChain } from '../audit/verify.ts';
import { parseCommand, resolveTarget, targetOptions } from './args.ts';
import { createHttpClient } from './http-client.ts';
import { exitCodes, usageError, type CliIo } from './io.ts';
import { localConfig } from './local.ts';

export const auditHelp = `concord audit verify [chain …]

Recomputes the hash chain of the audit log and prints one line per chain:
"<chain> ok <n> entries" or "<chain> BROKEN at seq <n>: <reason>".

Local mode (default) verifies every chain (project ids and "site") of the database the server is
configured with (DATABASE_URL, else the embedded PGlite in CONCORD_DATA_DIR), or the chains named;
it never writes. A server using the embedded database must be stopped first.
With --server <url> --token <token> it asks the server (GET /projects/{id}/audit/verify) for each
project id named (audit.read); the site chain is verified locally only.
Exit codes: 0 all verify, 1 a chain is broken, 2 could not verify.`;

/**
 * Verifies audit chains of the configured database [A3] (the logic of `npm run audit:verify`):
 * 0 all ok, 1 any broken, 2 could not verify (no database, not migrated). Never migrates or writes.
 */
export async function verifyLocalChains(io: CliIo, chains: string[]): Promise<number> {
  const { database } = localConfig(io);
  const handle = await createDb({
    target: database.kind === 'postgres' ? { kind: 'postgres', url: database.url, poolSize: 1 } : { kind: 'pglite', dataDir: database.dataDir },
    migrate: false,
  });
  try {
    if (!(await hasAuditLog(handle.db))) {
      throw usageError('This database has no audit_log table: start the server once or run `npm run db:migrate`.');
    }
    const names = chains.length > 0 ? chains : await listChains(handle.db);
    if (names.length === 0) io.stdout.write('No audit entries.\n');
    let broken = 0;
    for (const chain of names) {
      const result = await verifyChain(handle.db, chain);
      if (!result.ok) broken += 1;
      io.stdout.write(`${describeVerification(result)}\n`);
    }
    return broken > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await handle.close();
  }
}

async function hasAuditLog(db: Db): Promise<boolean> {
  const result = await db.execute(sql`select to_regclass('audit_log') is not null as "exists"`);
  return (result as unknown as { rows: { exists: boolean }[] }).rows[0]?.exists === true;
}

/** `concord audit verify [chain …]`, locally or through a server. */
export async function runAuditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(`${auditHelp}\n`);
    return sub === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (sub !== 'verify') throw usageError(`concord audit: unknown subcommand "${sub}" (verify)`);
  const { values, positionals } = parseCommand('audit verify', rest, targetOptions, true);
  if (values.help) {
    io.stdout.write(`${auditHelp}\n`);
    return exitCodes.ok;
  }
  const target = resolveTarget(values, io.env);
  if (target.kind === 'local') return verifyLocalChains(io, positionals);
  if (positionals.length === 0) throw usageError('with --server, name the project ids to verify: concord audit verify prj_… [prj_…]');
  const http = createHttpClient(target);
  let broken = 0;
  for (const projectId of positionals) {
    const result = await http.json<AuditVerification>('GET', `/projects/${encodeURIComponent(projectId)}/audit/verify`);
    if (!result.ok) broken += 1;
    io.stdout.write(`${describeVerification(result)}\n`);
  }
  return broken > 0 ? exitCodes.failed : exitCodes.ok;
}
