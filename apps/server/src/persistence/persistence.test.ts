import { documentSnapshots, documents, projects } from '@concord/db';
import { openTestDb, testDbKinds, type TestDb, type TestDbKind } from '@concord/db/testing';
import { and, eq, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
        const state = await mergeSnapshot({ snapshot: loaded.snapshot, tail: loaded.tail.map((u) => u.update) });
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

describe('snapshot merge', () => {
  it('[S17] merges on a worker thread: the event loop runs while it works, and the bytes are Y.mergeUpdates of the log', async () => {
    const session = buildAnnotationSession(400);
    const parts = session.updates;
    const order: string[] = [];
    // A timer queued after the merge started fires first only if the merge did not run on this thread.
    const merged = mergeSnapshot({ snapshot: null, tail: parts }).then((bytes) => {
      order.push('merged');
      return bytes;
    });
    setTimeout(() => order.push('timer'), 0);
    const bytes = await merged;
    expect(order).toEqual(['timer', 'merged']);
    expect(Buffer.from(bytes).equals(Buffer.from(Y.mergeUpdates(parts)))).toBe(true);
  });

  it('[S17] concurrent merges each get their own result, and a bad update rejects only its own merge', async () => {
    const session = buildAnnotationSession(20);
    const half = session.updates.length / 2;
    const [whole, bad, firstHalf] = await Promise.allSettled([
      mergeSnapshot({ snapshot: null, tail: session.updates }),
      // Cut short: the decoder runs off the end.
      mergeSnapshot({ snapshot: null, tail: [session.updates[0]!.slice(0, -3), session.updates[1]!] }),
      mergeSnapshot({ snapshot: null, tail: session.updates.slice(0, half) }),
    ]);
    const doc = new Y.Doc();
    if (whole.status === 'fulfilled') Y.applyUpdate(doc, whole.value);
    expect(contentOf(doc)).toEqual(contentOf(session.doc));
    expect(bad.status).toBe('rejected');
    expect(firstHalf.status === 'fulfilled' && Buffer.from(firstHalf.value).equals(Buffer.from(Y.mergeUpdates(session.updates.slice(0, half))))).toBe(true);
  });
});
