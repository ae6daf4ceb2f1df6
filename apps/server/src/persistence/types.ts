/**
 * Durable storage of Yjs documents: an append-only update log per document plus a snapshot that
 * merges the log up to a sequence number. Loading is snapshot + tail. Every implementation passes
 * the contract suite in persistence/contract.ts.
 */

/** Who produced a change: a client session, another server instance, the server itself, an import or a model. */
export type OriginKind = 'client' | 'server' | 'import' | 'model';

export interface UpdateToStore {
  update: Uint8Array;
  /** The user whose client sent it; null for server-made changes. */
  userId: string | null;
  origin: OriginKind;
}

export interface StoredUpdate extends UpdateToStore {
  seq: number;
  createdAt: Date;
}

export interface LoadedDocument {
  /** The merged state up to `snapshotSeq`, or null when the document was never compacted. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in seq order. */
  tail: StoredUpdate[];
}

/** Who wrote with one Yjs client id in a document. */
export type ClientOwner =
  | { kind: 'user'; userId: string }
  | { kind: 'model'; modelId: string; promptVersion: string | null }
  | { kind: 'source' };

export interface DocumentStore {
  /** Snapshot + tail. An unknown document loads as empty. */
  load(documentId: string): Promise<LoadedDocument>;
  /**
   * Appends updates in one transaction, giving them consecutive seqs; resolves only once they are
   * committed. Returns the last seq given.
   */
  append(documentId: string, updates: UpdateToStore[]): Promise<number>;
  /**
   * Merges the current snapshot and tail into a new snapshot, computed from what is stored (not from
   * memory, so concurrent writers on other instances cannot be skipped). Keeps the log.
   * Returns the new snapshot's seq, or null when there was nothing to merge.
   */
  compact(documentId: string): Promise<number | null>;
  /**
   * The last committed seq of each existing document among `documentIds` (0 when it has no update),
   * in one read; unknown documents are absent. Instances compare it with what they applied to find
   * fan-out messages they missed.
   */
  lastSeqs(documentIds: string[]): Promise<Map<string, number>>;
  /** Updates with seq > afterSeq (for audit and for catching up). */
  updatesAfter(documentId: string, afterSeq: number, limit?: number): Promise<StoredUpdate[]>;
  /**
   * Who owns each Yjs client id of the document. `append` binds the client ids of a 'client' update
   * to its user in the same transaction (a binding, once made, never changes); items bind their
   * source and model client ids when they are created.
   */
  clientOwners(documentId: string): Promise<Map<number, ClientOwner>>;
}
