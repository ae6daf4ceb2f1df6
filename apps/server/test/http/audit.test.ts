import { auditLog, type Db } from '@concord/db';
import { openTestDb, testDbKinds, type TestDb } from '@concord/db/testing';
import { newId } from '@concord/protocol';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append.ts';
import { entryHash, genesisHash } from '../../src/audit/chain.ts';
import type { AuditInput } from '../../src/audit/types.ts';
import { listChains, verifyAll, verifyChain } from '../../src/audit/verify.ts';

/** Appends `n` entries to a project's chain, each in its own transaction, all at once. */
async function appendMany(db: Db, projectId: string | null, n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      db.transaction((tx) => appendAudit(tx, entryInput(projectId, i))),
    ),
  );
}

function entryInput(projectId: string | null, i: number): AuditInput {
  return {
    projectId,
    actorId: null,
    action: 'item.state',
    subjectType: 'item',
    subjectId: `itm_${i}`,
    itemId: `itm_${i}`,
    before: { state: 'todo', order: { b: i, a: [i, { z: 1, y: 2 }] } },
    after: { state: 'in_progress' },
    detail: { n: i, undefinedIsDropped: undefined },
    configVersion: 1,
  };
}

/** Runs SQL with the append-only trigger off, as the database superuser would to tamper with a row. */
async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table "audit_log" disable trigger "audit_log_no_update"`);
    await tx.execute(statement);
    await tx.execute(sql`alter table "audit_log" enable trigger "audit_log_no_update"`);
  });
}

/** The message of a query's failure and of its cause (drizzle wraps the driver's error). */
async function failure(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return `${String(error)} ${cause instanceof Error ? cause.message : ''}`;
  }
  return 'no error';
}

/** Counts the `select` queries a handle runs (to see verifyChain read in batches). */
function countingSelects(db: Db): { db: Db; count: () => number } {
  let selects = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key !== 'select' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        selects += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, count: () => selects };
}

describe.each(testDbKinds())('audit chain on %s', (kind) => {
  let handle: TestDb;
  let db: Db;

  beforeAll(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it('[A2] 50 concurrent appends to one chain get dense seq 1..50, each linked to the one before', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 50);
    const rows = await db.select().from(auditLog).where(eq(auditLog.chain, projectId)).orderBy(asc(auditLog.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(rows[0]!.prevHash).toBe(genesisHash);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.subjectId)).size).toBe(50);
    expect(await verifyChain(db, projectId)).toEqual({ chain: projectId, ok: true, entries: 50, firstBad: null });
  });

  it('[A2] concurrent appends to different chains each stay dense; site-wide entries go to `site`', async () => {
    const a = newId('project');
    const b = newId('project');
    await Promise.all([appendMany(db, a, 20), appendMany(db, b, 20), appendMany(db, null, 5)]);
    expect((await verifyChain(db, a)).entries).toBe(20);
    expect((await verifyChain(db, b)).entries).toBe(20);
    expect(await verifyChain(db, 'site')).toMatchObject({ ok: true, entries: 5 });
    expect(await listChains(db)).toEqual(expect.arrayContaining([a, b, 'site']));
  });

  it('[A7] verifies in batches, never reading the whole chain at once; an empty chain is ok with 0 entries', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 50);
    const counting = countingSelects(db);
    expect(await verifyChain(counting.db, projectId, { batch: 7 })).toMatchObject({ ok: true, entries: 50 });
    expect(counting.count()).toBe(8);
    expect(await verifyChain(db, newId('project'))).toEqual(expect.objectContaining({ ok: true, entries: 0, firstBad: null }));
  });

  it('[A2][A8] the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 2);
    expect(await failure(db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.chain, projectId)))).toMatch(/append-only: UPDATE refused/);
    expect(await failure(db.delete(auditLog).where(eq(auditLog.chain, projectId)))).toMatch(/append-only: DELETE refused/);
    expect(await failure(db.execute(sql`truncate "audit_log"`))).toMatch(/append-only: TRUNCATE refused/);
    expect(await verifyChain(db, projectId)).toMatchObject({ ok: true, entries: 2 });
  });

  it('[A3][A7] a changed field is a hash_mismatch at that seq; entries counts the ones before it', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 10);
    await tamper(db, sql`update "audit_log" set "after" = '{"state":"accepted"}'::jsonb where "chain" = ${projectId} and "seq" = 7`);
    expect(await verifyChain(db, projectId, { batch: 3 })).toEqual({ chain: projectId, ok: false, entries: 6, firstBad: { seq: 7, reason: 'hash_mismatch' } });
  });

  it('[A3][A7] a deleted middle row is a gap naming the missing seq', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 10);
    await tamper(db, sql`delete from "audit_log" where "chain" = ${projectId} and "seq" = 5`);
    expect(await verifyChain(db, projectId, { batch: 4 })).toMatchObject({ ok: false, entries: 4, firstBad: { seq: 5, reason: 'gap' } });
  });

  it('[A3][A7] a rewritten entry with a recomputed hash breaks the link of the next one', async () => {
    const projectId = newId('project');
    await appendMany(db, projectId, 5);
    const [row] = await db.select().from(auditLog).where(and(eq(auditLog.chain, projectId), eq(auditLog.seq, 3)));
    const { hash: _old, ...fields } = row!;
    const forged = { ...fields, detail: { n: 99 } };
    await tamper(
      db,
      sql`update "audit_log" set "detail" = '{"n":99}'::jsonb, "hash" = ${entryHash(forged)} where "chain" = ${projectId} and "seq" = 3`,
    );
    expect((await verifyChain(db, projectId)).firstBad).toEqual({ seq: 4, reason: 'broken_link' });
  });

  it('[A3] verifyAll reports every chain, the broken one with its first bad seq', async () => {
    const good = newId('project');
    const bad = newId('project');
    await appendMany(db, good, 3);
    await appendMany(db, bad, 3);
    await tamper(db, sql`update "audit_log" set "action" = 'forged' where "chain" = ${bad} and "seq" = 2`);
    const results = await verifyAll(db);
    expect(results.find((r) => r.chain === good)).toMatchObject({ ok: true, entries: 3 });
    expect(results.find((r) => r.chain === bad)).toMatchObject({ ok: false, firstBad: { seq: 2, reason: 'hash_mismatch' } });
    const chains = results.map((r) => r.chain);
    expect(chains).toEqual([...chains].sort());
  });
});
