import { DocumentNotFoundError } from './document-not-found-error.ts';
import { mergeSnapshot } from './merge-snapshot.ts';
import { clientIdsOf } from './client-ids.ts';
import type { ClientOwner, DocumentStore, LoadedDocument, StoredUpdate, UpdateToStore } from './types.ts';

interface MemoryDocument {
  log: StoredUpdate[];
  owners: Map<number, ClientOwner>;
  snapshot: { seq: number; state: Uint8Array } | null;
}

export type MemoryDocumentStore = DocumentStore & {
  /** Makes the document exist, like inserting its `documents` row; a no-op when it already does. */
  createDocument(id: string): void;
};

/**
 * A `DocumentStore` held in process memory, for unit tests and single-process development.
 * Same rules as the Drizzle store (persistence/SPEC.md): documents must be created before appends.
 * @example
 * const store = createMemoryDocumentStore();
 * store.createDocument('doc-1');
 * await store.append('doc-1', [{ update, userId: null, origin: 'server' }]);
 */
export function createMemoryDocumentStore(): MemoryDocumentStore {
  const documents = new Map<string, MemoryDocument>();

  const afterSeq = (doc: MemoryDocument | undefined, seq: number): StoredUpdate[] =>
    (doc?.log ?? []).filter((u) => u.seq > seq).map(copyStoredUpdate);

  return {
    createDocument(id) {
      if (!documents.has(id)) documents.set(id, { log: [], owners: new Map(), snapshot: null });
    },

    async load(documentId): Promise<LoadedDocument> {
      const doc = documents.get(documentId);
      const snapshotSeq = doc?.snapshot?.seq ?? 0;
      return {
        snapshot: doc?.snapshot ? copyBytes(doc.snapshot.state) : null,
        snapshotSeq,
        tail: afterSeq(doc, snapshotSeq),
      };
    },

    async append(documentId, updates) {
      const doc = documents.get(documentId);
      if (!doc) throw new DocumentNotFoundError(documentId);
      const createdAt = new Date();
      let seq = doc.log.length;
      for (const update of updates) {
        seq += 1;
        doc.log.push({ ...toStored(update), seq, createdAt });
        if (update.origin !== 'client' || !update.userId) continue;
        for (const clientId of clientIdsOf(update.update)) {
          if (!doc.owners.has(clientId)) doc.owners.set(clientId, { kind: 'user', userId: update.userId });
        }
      }
      return seq;
    },

    async compact(documentId) {
      const doc = documents.get(documentId);
      if (!doc) return null;
      const snapshotSeq = doc.snapshot?.seq ?? 0;
      const tail = doc.log.filter((u) => u.seq > snapshotSeq);
      const last = tail.at(-1);
      if (!last) return null;
      const state = await mergeSnapshot({ snapshot: doc.snapshot?.state ?? null, tail: tail.map((u) => u.update) });
      // Same guard as the SQL upsert: appends and other compactions may land while the merge runs.
      if (!doc.snapshot || doc.snapshot.seq < last.seq) doc.snapshot = { seq: last.seq, state };
      return last.seq;
    },

    async lastSeqs(documentIds) {
      const seqs = new Map<string, number>();
      for (const id of documentIds) {
        const doc = documents.get(id);
        if (doc) seqs.set(id, doc.log.length);
      }
      return seqs;
    },

    async updatesAfter(documentId, seq, limit) {
      const updates = afterSeq(documents.get(documentId), seq);
      return limit === undefined ? updates : updates.slice(0, limit);
    },

    async clientOwners(documentId) {
      return new Map(documents.get(documentId)?.owners);
    },
  };
}

function toStored(update: UpdateToStore): Omit<StoredUpdate, 'seq' | 'createdAt'> {
  return { update: copyBytes(update.update), userId: update.userId, origin: update.origin };
}

function copyStoredUpdate(update: StoredUpdate): StoredUpdate {
  return { ...update, update: copyBytes(update.update), createdAt: new Date(update.createdAt) };
}

function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
