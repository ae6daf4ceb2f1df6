import { documentClients, documentSnapshots, documentUpdates, documents, type Db } from '@concord/db';
import { eq, inArray, sql } from 'drizzle-orm';
import { DocumentNotFoundError } from './document-not-found-error.ts';
import { appendStatement, rawQuery } from './append-statement.ts';
import { clientOwnersStatement, documentStateStatement, updatesAfterStatement } from './read-statements.ts';
import { mergeSnapshot } from './merge-snapshot.ts';
import { clientIdsOf } from './client-ids.ts';
import type { ClientOwner, DocumentStore, LoadedDocument, OriginKind, StoredUpdate, UpdateToStore } from './types.ts';

export { DocumentNotFoundError } from './document-not-found-error.ts';

/** Postgres allows 65535 bind parameters per statement; an update row takes 5. */
const rowsPerInsert = 10_000;
/** Appends up to this many bind parameters go in one statement (one round trip); larger ones in a transaction. */
const maxParamsPerStatement = 30_000;

/**
 * A `DocumentStore` on the `documents`, `document_updates` and `document_snapshots` tables
 * (PGlite or Postgres). Safe with several server instances on one database: seqs are allocated
 * under the document row's lock, so committed seqs always form a gapless prefix and compaction
 * can never skip an update that commits later with a lower seq.
 * @example const store = createDrizzleDocumentStore({ db: handle.db });
 */
export function createDrizzleDocumentStore(options: { db: Db }): DocumentStore {
  const { db } = options;
  const query = rawQuery(db);

  /** The snapshot and the updates after it, read in one statement: one round trip and one MVCC snapshot. */
  const selectState = async (documentId: string) => {
    const { rows } = await query(documentStateStatement(documentId));
    const first = rows[0];
    const snapshot =
      first && first.part === 0
        ? { seq: Number(first.seq), state: plainBytes(first.bytes as Uint8Array), updateCount: Number(first.update_count) }
        : null;
    return { snapshot, tail: (snapshot ? rows.slice(1) : rows).map(storedUpdateOf) };
  };

  return {
    async load(documentId): Promise<LoadedDocument> {
      const { snapshot, tail } = await selectState(documentId);
      return { snapshot: snapshot?.state ?? null, snapshotSeq: snapshot?.seq ?? 0, tail };
    },

    async append(documentId, updates) {
      if (updates.length === 0) {
        const [row] = await db
          .select({ updateSeq: documents.updateSeq })
          .from(documents)
          .where(eq(documents.id, documentId));
        if (!row) throw new DocumentNotFoundError(documentId);
        return row.updateSeq;
      }
      const bindings = userBindings(documentId, updates);
      if (updates.length * 3 + bindings.length * 2 + 2 <= maxParamsPerStatement) {
        const { rows } = await query(appendStatement(documentId, updates, bindings));
        if (!rows[0]) throw new DocumentNotFoundError(documentId);
        // node-postgres returns bigint as a string.
        return Number(rows[0].update_seq);
      }
      return db.transaction(async (tx) => {
        // The row lock taken here is held until commit, so the next writer of this document gets
        // higher seqs and commits after us: seq order is commit order, across instances too.
        const [row] = await tx
          .update(documents)
          .set({ updateSeq: sql`${documents.updateSeq} + ${updates.length}`, updatedAt: sql`now()` })
          .where(eq(documents.id, documentId))
          .returning({ updateSeq: documents.updateSeq });
        if (!row) throw new DocumentNotFoundError(documentId);
        const first = row.updateSeq - updates.length + 1;
        const rows = updates.map((u, i) => ({
          documentId,
          seq: first + i,
          update: u.update,
          userId: u.userId,
          origin: u.origin,
        }));
        for (let i = 0; i < rows.length; i += rowsPerInsert) {
          await tx.insert(documentUpdates).values(rows.slice(i, i + rowsPerInsert));
        }
        for (let i = 0; i < bindings.length; i += rowsPerInsert) {
          // A client id bound before keeps its first owner; the room refuses foreign client ids.
          await tx.insert(documentClients).values(bindings.slice(i, i + rowsPerInsert)).onConflictDoNothing();
        }
        return row.updateSeq;
      });
    },

    async compact(documentId) {
      const { snapshot, tail } = await selectState(documentId);
      const last = tail.at(-1);
      if (!last) return null;
      const state = await mergeSnapshot({ snapshot: snapshot?.state ?? null, tail: tail.map((u) => u.update) });
      // A compactor that read an older snapshot or a shorter tail (another instance, or a slow call
      // on this one) computes a lower seq; the WHERE turns its write into a no-op.
      await db
        .insert(documentSnapshots)
        .values({ documentId, seq: last.seq, state, updateCount: (snapshot?.updateCount ?? 0) + tail.length })
        .onConflictDoUpdate({
          target: documentSnapshots.documentId,
          set: {
            seq: sql`excluded.seq`,
            state: sql`excluded.state`,
            updateCount: sql`excluded.update_count`,
            createdAt: sql`now()`,
          },
          setWhere: sql`${documentSnapshots.seq} < excluded.seq`,
        });
      return last.seq;
    },

    async lastSeqs(documentIds) {
      const ids = [...new Set(documentIds)];
      const seqs = new Map<string, number>();
      // One query up to 10,000 documents (a process holds far fewer); the bind-parameter limit caps a list.
      for (let i = 0; i < ids.length; i += rowsPerInsert) {
        const rows = await db
          .select({ id: documents.id, updateSeq: documents.updateSeq })
          .from(documents)
          .where(inArray(documents.id, ids.slice(i, i + rowsPerInsert)));
        for (const row of rows) seqs.set(row.id, row.updateSeq);
      }
      return seqs;
    },

    async updatesAfter(documentId, afterSeq, limit) {
      const { rows } = await query(updatesAfterStatement(documentId, afterSeq, limit));
      return rows.map(storedUpdateOf);
    },

    async clientOwners(documentId) {
      const { rows } = await query(clientOwnersStatement(documentId));
      return new Map(rows.map((r) => [Number(r.client_id), ownerOf(r)]));
    },
  };
}

/** The (document, client id) → user rows of the client updates of one append, first one per client id. */
function userBindings(documentId: string, updates: UpdateToStore[]) {
  const seen = new Map<number, string>();
  for (const u of updates) {
    if (u.origin !== 'client' || !u.userId) continue;
    for (const clientId of clientIdsOf(u.update)) if (!seen.has(clientId)) seen.set(clientId, u.userId);
  }
  return [...seen].map(([clientId, userId]) => ({ documentId, clientId, kind: 'user' as const, userId }));
}

function ownerOf(row: Record<string, unknown>): ClientOwner {
  const userId = row.user_id as string | null;
  if (row.kind === 'model') return { kind: 'model', modelId: (row.model_id as string | null) ?? 'unknown model', promptVersion: row.prompt_version as string | null };
  if (row.kind === 'user' && userId) return { kind: 'user', userId };
  return { kind: 'source' };
}

/** A row with `read-statements.ts`' update columns (`Number` reads a bigint as either driver returns it). */
function storedUpdateOf(row: Record<string, unknown>): StoredUpdate {
  return {
    seq: Number(row.seq),
    update: plainBytes(row.bytes as Uint8Array),
    userId: row.user_id as string | null,
    origin: row.origin as OriginKind,
    createdAt: row.created_at as Date,
  };
}

/**
 * A plain Uint8Array owning exactly these bytes. node-postgres decodes bytea into Buffers that may
 * be slices of a shared pool, so a view would expose (and let callers overwrite) unrelated memory.
 */
function plainBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
