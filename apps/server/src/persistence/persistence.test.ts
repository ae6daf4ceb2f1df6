import { documentSnapshots, documents, projects } from '@concord/db';
import { openTestDb, testDbKinds, type TestDb, type TestDbKind } from '@concord/db/testing';
import { and, eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnnotationSession, contentOf, rebuild, toStore } from './contract-fixtures.ts';
import { runDocumentStoreContract, type ContractSubject } from './contract.ts';
import { createDrizzleDocumentStore } from './drizzle-store.ts';
import { createMemoryDocumentStore } from './memory-store.ts';
import { mergeSnapshot } from './merge-snapshot.ts';

const projectId = 'project-contract';

runDocumentStoreContract('memory', async () => {
  const store = createMemoryDocumentStore();
  return { store, createDocument: async (id) => store.createDocument(id), dispose: async () => {} };
});

/** A fresh migrated database with the one project every test document belongs to. */
async function openProjectDb(kind: TestDbKind): Promise<TestDb> {
  const testDb = await openTestDb(kind);
  await testDb.db.insert(projects).values({ id: projectId, name: 'Contract' });
  return testDb;
}

async function createDocumentRow(testDb: TestDb, id: string): Promise<void> {
  await testDb.db.insert(documents).values({ id, projectId, name: id });
}

async function openDrizzleSubject(kind: TestDbKind): Promise<ContractSubject> {
  const testDb = await openProjectDb(kind);
  return {
    store: createDrizzleDocumentStore({ db: testDb.db }),
    createDocument: (id) => createDocumentRow(testDb, id),
    dispose: () => testDb.dispose(),
  };
}

runDocumentStoreContract('Drizzle on PGlite', () => openDrizzleSubject('pglite'));

if (testDbKinds().includes('postgres')) {
  runDocumentStoreContract('Drizzle on Postgres', () => openDrizzleSubject('postgres'));
  describe('Drizzle store on Postgres, several connections', () => {
    let testDb: TestDb | undefined;
    beforeAll(async () => {
      testDb = await openProjectDb('postgres');
    }, 60_000);
    afterAll(async () => {
      await testDb?.dispose();
    });

    it('[S12] a stale compactor cannot move the snapshot backwards', async () => {
      const { db } = testDb!;
      const store = createDrizzleDocumentStore({ db });
      await createDocumentRow(testDb!, 'stale');
      const session = buildAnnotationSession(8);
      const [first, second, third] = [0, 1, 2].map((i) => session.updates.filter((_, j) => j % 3 === i));
      const firstSeq = await store.append('stale', toStore(first!));
      await store.compact('stale');
      const staleSeq = await store.append('stale', toStore(second!));

      const { stale, lastSeq } = await db.transaction(async (tx) => {
        // Holding the snapshot row parks the stale compactor's upsert after it has read seq <= staleSeq.
        await tx.update(documentSnapshots).set({ createdAt: sql`now()` }).where(eq(documentSnapshots.documentId, 'stale'));
        const stale = store.compact('stale');
        await waitForLockWaiter(testDb!);
        const lastSeq = await store.append('stale', toStore(third!));
        const loaded = await store.load('stale');
        expect(loaded.snapshotSeq).toBe(firstSeq);
        const state = mergeSnapshot({ snapshot: loaded.snapshot, tail: loaded.tail.map((u) => u.update) });
        await tx
          .update(documentSnapshots)
          .set({ seq: lastSeq, state, updateCount: lastSeq })
          .where(eq(documentSnapshots.documentId, 'stale'));
        return { stale, lastSeq };
      });
      expect(await stale).toBe(staleSeq);
      const loaded = await store.load('stale');
      expect(loaded.snapshotSeq).toBe(lastSeq);
      expect(loaded.tail).toEqual([]);
      expect(contentOf(rebuild(loaded))).toEqual(contentOf(session.doc));
    });
  });
} else {
  describe.skip('Postgres contract skipped: DATABASE_URL not set', () => {
    it('runs the contract and the multi-connection tests on Postgres', () => {});
  });
}

/** The server's view of its sessions; only the columns the lock wait needs. */
const pgStatActivity = pgTable('pg_stat_activity', { datname: text('datname'), waitEventType: text('wait_event_type') });

async function waitForLockWaiter(testDb: TestDb): Promise<void> {
  const database = new URL(testDb.location).pathname.slice(1);
  for (let attempt = 0; attempt < 200; attempt++) {
    const waiting = await testDb.db
      .select({ datname: pgStatActivity.datname })
      .from(pgStatActivity)
      .where(and(eq(pgStatActivity.datname, database), eq(pgStatActivity.waitEventType, 'Lock')));
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the compactor never waited for the snapshot row lock');
}
