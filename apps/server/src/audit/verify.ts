import { auditLog } from '@concord/db';
import type { AuditVerification } from '@concord/protocol';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { entryHash, genesisHash } from './chain.ts';
import type { AuditEntry, DbOrTx } from './types.ts';

type FirstBad = NonNullable<AuditVerification['firstBad']>;

/**
 * Recomputes one chain [A3], reading it in seq order `batch` rows at a time (keyset on seq, so memory
 * stays flat however long the chain is). Per entry, in this order: its seq must follow the previous one
 * (else `gap`, naming the missing seq), its prevHash must be the previous entry's stored hash (genesis
 * for seq 1; else `broken_link`), and its hash must match its fields (else `hash_mismatch`).
 * `entries` counts the entries that verified: all of them when ok, those before `firstBad` otherwise.
 * Entries appended while it runs are verified too when they land after the last batch read.
 * @example const { ok, firstBad } = await verifyChain(db, projectId); // firstBad: { seq: 57, reason: 'hash_mismatch' }
 */
export async function verifyChain(db: DbOrTx, chain: string, options: { batch?: number } = {}): Promise<AuditVerification> {
  const batch = options.batch ?? 1000;
  let lastSeq = 0;
  let lastHash = genesisHash;
  let entries = 0;
  for (;;) {
    const rows = (await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, chain), gt(auditLog.seq, lastSeq)))
      .orderBy(asc(auditLog.seq))
      .limit(batch)) as AuditEntry[];
    for (const row of rows) {
      const bad = checkEntry(row, lastSeq, lastHash);
      if (bad) return { chain, ok: false, entries, firstBad: bad };
      lastSeq = row.seq;
      lastHash = row.hash;
      entries += 1;
    }
    if (rows.length < batch) return { chain, ok: true, entries, firstBad: null };
  }
}

function checkEntry(row: AuditEntry, lastSeq: number, lastHash: string): FirstBad | null {
  if (row.seq !== lastSeq + 1) return { seq: lastSeq + 1, reason: 'gap' };
  if (row.prevHash !== lastHash) return { seq: row.seq, reason: 'broken_link' };
  const { hash, ...fields } = row;
  if (entryHash(fields) !== hash) return { seq: row.seq, reason: 'hash_mismatch' };
  return null;
}

/**
 * Every chain in the table (project ids and `site`), in name order. A loose index scan over the
 * primary key finds them without reading every row.
 */
export async function listChains(db: DbOrTx): Promise<string[]> {
  const result = await db.execute<{ chain: string }>(sql`
    with recursive chains(chain) as (
      select min("chain") from "audit_log"
      union all
      select (select min("chain") from "audit_log" where "chain" > chains.chain) from chains where chains.chain is not null
    )
    select chain from chains where chain is not null`);
  // Both drivers (PGlite, node-postgres) answer with `{ rows }`.
  return (result as unknown as { rows: { chain: string }[] }).rows.map((r) => r.chain);
}

/**
 * Verifies every chain, one after another.
 * @example for (const v of await verifyAll(db)) console.log(describeVerification(v));
 */
export async function verifyAll(db: DbOrTx, options: { batch?: number } = {}): Promise<AuditVerification[]> {
  const results: AuditVerification[] = [];
  for (const chain of await listChains(db)) results.push(await verifyChain(db, chain, options));
  return results;
}

/**
 * One line per chain, as `npm run audit:verify` prints it.
 * @example describeVerification(v) // 'prj_… ok 1234 entries' or 'prj_… BROKEN at seq 57: hash_mismatch'
 */
export function describeVerification(v: AuditVerification): string {
  if (v.ok || !v.firstBad) return `${v.chain} ok ${v.entries} ${v.entries === 1 ? 'entry' : 'entries'}`;
  return `${v.chain} BROKEN at seq ${v.firstBad.seq}: ${v.firstBad.reason}`;
}
