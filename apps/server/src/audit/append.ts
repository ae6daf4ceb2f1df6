import { auditLog } from '@concord/db';
import { desc, eq, sql } from 'drizzle-orm';
import { chainOf, entryHash, genesisHash } from './chain.ts';
import type { AuditEntry, AuditInput, DbOrTx } from './types.ts';

/**
 * Appends one entry to its project's hash chain. Call it inside the transaction that makes the change,
 * so the change and its record commit together or not at all. Appends to one chain are serialised by
 * a transaction-scoped advisory lock, so seq is dense and every entry hashes its predecessor.
 * @example await db.transaction(async (tx) => { ...; await appendAudit(tx, { projectId, actorId, action: 'item.state', ... }); });
 */
export async function appendAudit(tx: DbOrTx, input: AuditInput): Promise<AuditEntry> {
  const chain = chainOf(input.projectId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chain}`}, 0))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.chain, chain))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const unhashed: Omit<AuditEntry, 'hash'> = {
    chain,
    seq: (last?.seq ?? 0) + 1,
    projectId: input.projectId,
    actorId: input.actorId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    itemId: input.itemId ?? null,
    // A jsonb round trip drops undefined members; normalise now so the hash survives it.
    before: normalise(input.before),
    after: normalise(input.after),
    detail: (normalise(input.detail) as Record<string, unknown> | null) ?? null,
    configVersion: input.configVersion ?? null,
    at: new Date().toISOString(),
    prevHash: last?.hash ?? genesisHash,
  };
  const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed) };
  await tx.insert(auditLog).values(entry);
  return entry;
}

function normalise(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
