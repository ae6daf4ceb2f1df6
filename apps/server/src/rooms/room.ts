import { CloseCode, CloseReason } from '@concord/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { clientIdsOf } from '../persistence/client-ids.ts';
import { DocumentNotFoundError } from '../persistence/document-not-found-error.ts';
import type { ClientOwner, DocumentStore, OriginKind, UpdateToStore } from '../persistence/types.ts';
import { sanitizeAwarenessUpdate } from './awareness-guard.ts';
import { decodeClientMessage, encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './messages.ts';
import { namedDoc } from './named-doc.ts';
import { isTxOrigin, loadOrigin, type TxOrigin } from './origin.ts';
import { ProtocolError } from './protocol-error.ts';
import type { RoomSession } from './session.ts';
import { UpdateGuard } from './update-guard.ts';

/** Ordered extension points; the registry uses them for fan-out between instances. */
export interface RoomHooks {
  /** After updates made on this instance are durable, before they are broadcast here; `seqs` is the range the store gave them. */
  afterStore?(room: Room, updates: Uint8Array[], seqs: StoredSeqs): Promise<void> | void;
  /** After a local client changed awareness (encoded awareness update of the changed clients). */
  afterAwareness?(room: Room, update: Uint8Array): void;
  /** After the last session left. */
  onEmpty?(room: Room): void;
}

/** The consecutive seqs one append gave (persistence S2). */
export interface StoredSeqs {
  firstSeq: number;
  lastSeq: number;
}

export interface RoomOptions {
  documentId: string;
  projectId: string;
  store: DocumentStore;
  log: Logger;
  awarenessMaxBytes: number;
  snapshotEveryUpdates: number;
  /** How long checking one client update may take before it is refused [R17]; default `defaultCheckBudgetMs`. */
  updateCheckBudgetMs?: number;
  hooks?: RoomHooks;
}

interface Member {
  session: RoomSession;
  clientIds: Set<number>;
  /** Whether the session was sent the document (sync step 2); until then it gets no updates [R11]. */
  synced: boolean;
}

interface Pending {
  update: Uint8Array;
  origin: TxOrigin;
}

const maxBatch = 200;
/** Longest wait between two tries of a failed append: the room resumes within this of the database coming back. */
const maxRetryDelayMs = 1_000;

/** `Y.encodeStateVector` of a document that holds nothing. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** A v1 update with no structs and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * One live document: the Y.Doc, its awareness and the sessions on it.
 * Rules (SPEC.md): an update is stored before it is broadcast [R1]; a sync reply only carries stored
 * state [R2]; read-only sessions cannot change the document [R3]; awareness identity comes from the
 * token and a session only speaks for its own client ids [R4].
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly members = new Map<string, Member>();
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Updates queued for storage so far, and how many of them were stored and broadcast. */
  private enqueued = 0;
  private broadcasted = 0;
  /** Client awareness changes held until the updates received before them are broadcast [R10]: client id → `enqueued` then. */
  private readonly heldAwareness = new Map<number, number>();
  private guard: UpdateGuard | null = null;
  private updatesSinceSnapshot = 0;
  /** Who wrote with each Yjs client id [R9]; user ids for people, `model:`/`source` for the import. */
  private readonly owners = new Map<number, string>();
  private compacting = false;
  private destroyed = false;
  private lastLoadedSeq = 0;
  /** The sync reply to an empty state vector (a new client), kept while the document is unchanged [R12]. */
  private fullStateReply: Uint8Array | null = null;

  private constructor(private readonly options: RoomOptions) {
    this.doc = namedDoc(options.documentId);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
  }

  get documentId(): string {
    return this.options.documentId;
  }

  get projectId(): string {
    return this.options.projectId;
  }

  get sessionCount(): number {
    return this.members.size;
  }

  /** The seq of the last stored update the load applied (snapshot + tail); 0 for a new document. */
  get loadedSeq(): number {
    return this.lastLoadedSeq;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  sessions(): RoomSession[] {
    return [...this.members.values()].map((m) => m.session);
  }

  /** Loads snapshot + tail from the store into a new room. */
  static async load(options: RoomOptions): Promise<Room> {
    const room = new Room(options);
    const [loaded, owners] = await Promise.all([options.store.load(options.documentId), options.store.clientOwners(options.documentId)]);
    for (const [clientId, owner] of owners) room.owners.set(clientId, ownerKey(owner));
    Y.transact(
      room.doc,
      () => {
        if (loaded.snapshot) Y.applyUpdate(room.doc, loaded.snapshot);
        for (const stored of loaded.tail) Y.applyUpdate(room.doc, stored.update);
      },
      loadOrigin,
    );
    room.lastLoadedSeq = loaded.tail.at(-1)?.seq ?? loaded.snapshotSeq;
    // The stored snapshot is the whole document when nothing follows it: a first client needs no re-encoding.
    if (loaded.snapshot && loaded.tail.length === 0) room.fullStateReply = encodeSyncStep2(loaded.snapshot);
    room.guard = new UpdateGuard(room.doc, options.updateCheckBudgetMs);
    room.updatesSinceSnapshot = loaded.tail.length;
    room.doc.on('update', (update: Uint8Array, origin: unknown) => {
      room.fullStateReply = null;
      room.onDocUpdate(update, origin);
    });
    room.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => room.onAwarenessUpdate(changes, origin));
    if (room.updatesSinceSnapshot >= options.snapshotEveryUpdates) room.compactInBackground();
    return room;
  }

  /** Adds a session and starts the sync: our state vector, then the current awareness. */
  join(session: RoomSession): void {
    this.members.set(session.id, { session, clientIds: new Set(), synced: false });
    session.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      session.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  /** Removes a session and its awareness states. */
  leave(session: RoomSession): void {
    const member = this.members.get(session.id);
    if (!member) return;
    this.members.delete(session.id);
    if (member.clientIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...member.clientIds], { kind: 'client', session });
    }
    if (this.members.size === 0) this.options.hooks?.onEmpty?.(this);
  }

  /**
   * Handles one frame from a session. Throws ProtocolError for bad input: the caller closes that
   * connection with the error's code; nothing of the frame was applied.
   */
  receive(session: RoomSession, data: Uint8Array): void {
    const member = this.members.get(session.id);
    if (!member) return;
    const message = decodeClientMessage(data);
    switch (message.type) {
      case 'sync-step1': {
        try {
          Y.decodeStateVector(message.stateVector);
        } catch {
          throw new ProtocolError(CloseCode.invalidPayload, 'malformed state vector');
        }
        void this.replyWhenStored(member, message.stateVector);
        return;
      }
      case 'sync-step2':
      case 'sync-update': {
        if (session.readOnly) return;
        // What a stock client answers our sync step 1 with when it has nothing new: no-op, no shadow copy [R13].
        if (isEmptyUpdate(message.update)) return;
        const claimed = this.claimClientIds(session, message.update);
        this.guard?.check(message.update);
        for (const clientId of claimed) this.owners.set(clientId, session.userId);
        Y.applyUpdate(this.doc, message.update, { kind: 'client', session } satisfies TxOrigin);
        return;
      }
      case 'awareness': {
        const { update, claimed } = sanitizeAwarenessUpdate({
          update: message.update,
          identity: { userId: session.userId, userName: session.userName },
          ownedIds: member.clientIds,
          isTaken: (clientId) => this.awareness.getStates().has(clientId) || this.isOwnedByOther(session.id, clientId),
          maxStateBytes: this.options.awarenessMaxBytes,
        });
        for (const id of claimed) member.clientIds.add(id);
        if (!update) return;
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, { kind: 'client', session } satisfies TxOrigin);
        return;
      }
      case 'query-awareness': {
        const ids = [...this.awareness.getStates().keys()];
        session.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
    }
  }

  /** Applies an update that another instance stored already: broadcast here, never stored again. */
  applyRemoteUpdate(update: Uint8Array, instanceId: string): void {
    const unknown = clientIdsOf(update).filter((clientId) => !this.owners.has(clientId));
    if (unknown.length > 0) this.learnOwners(unknown);
    try {
      Y.applyUpdate(this.doc, update, { kind: 'remote', instanceId } satisfies TxOrigin);
      this.guard?.mirror(update);
    } catch (error) {
      this.options.log.error({ err: error, documentId: this.documentId }, 'bad update from another instance');
    }
  }

  applyRemoteAwareness(update: Uint8Array, instanceId: string): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, { kind: 'remote', instanceId } satisfies TxOrigin);
    } catch (error) {
      this.options.log.error({ err: error, documentId: this.documentId }, 'bad awareness from another instance');
    }
  }

  /** Resolves once everything applied so far is stored. */
  async settled(): Promise<void> {
    while (this.pending.length > 0 && !this.destroyed) await this.flush();
  }

  /** Closes every session with a code, waits for storage, and frees the document. */
  async destroy(code: CloseCode = CloseCode.serviceRestart): Promise<void> {
    for (const { session } of [...this.members.values()]) session.close(code, CloseReason[code]);
    this.members.clear();
    await this.settled();
    this.destroyed = true;
    this.awareness.destroy();
    this.guard?.destroy();
    this.doc.destroy();
  }

  /**
   * The client ids an update would bind to the session's user. Throws when it carries content of a
   * client id that belongs to someone else (another user, a model, the import): nobody can write
   * in another author's name, so provenance cannot be forged [R9].
   */
  private claimClientIds(session: RoomSession, update: Uint8Array): number[] {
    let clientIds: number[];
    try {
      clientIds = [...Y.parseUpdateMeta(update).from.keys()];
    } catch {
      throw new ProtocolError(CloseCode.invalidPayload, 'malformed update');
    }
    const claimed: number[] = [];
    for (const clientId of clientIds) {
      const owner = this.owners.get(clientId);
      if (owner === undefined) claimed.push(clientId);
      else if (owner !== session.userId) throw new ProtocolError(CloseCode.policyViolation, 'update written with another author\'s client id');
    }
    return claimed;
  }

  /** Client ids first seen in another instance's update: read their owners from the store. */
  private learnOwners(clientIds: number[]): void {
    // Until the store answers, nobody here may claim them.
    for (const clientId of clientIds) this.owners.set(clientId, pendingOwner);
    this.options.store
      .clientOwners(this.documentId)
      .then((owners) => {
        for (const clientId of clientIds) {
          const owner = owners.get(clientId);
          if (owner) this.owners.set(clientId, ownerKey(owner));
          else if (this.owners.get(clientId) === pendingOwner) this.owners.delete(clientId);
        }
      })
      .catch((error: unknown) => this.options.log.warn({ err: error, documentId: this.documentId }, 'could not read client owners'));
  }

  private isOwnedByOther(sessionId: string, clientId: number): boolean {
    for (const [id, member] of this.members) {
      if (id !== sessionId && member.clientIds.has(clientId)) return true;
    }
    return false;
  }

  private async replyWhenStored(member: Member, stateVector: Uint8Array): Promise<void> {
    await this.settled();
    // Computed synchronously after settling: everything in the reply is durable.
    if (this.destroyed || !this.members.has(member.session.id)) return;
    if (isEmptyStateVector(stateVector)) {
      this.fullStateReply ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc));
      member.session.send(this.fullStateReply);
    } else {
      member.session.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)));
    }
    member.synced = true;
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (!isTxOrigin(origin) || origin.kind === 'load') return;
    if (origin.kind === 'remote') {
      this.broadcastUpdate(encodeSyncUpdate(update), null);
      return;
    }
    this.pending.push({ update, origin });
    this.enqueued += 1;
    void this.flush();
  }

  private flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    let delay = 100;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, maxBatch);
      let lastSeq: number;
      try {
        lastSeq = await this.options.store.append(this.documentId, batch.map(toStored));
      } catch (error) {
        if (error instanceof DocumentNotFoundError) {
          // The document was deleted (erased, erasure SPEC GD8): nothing here can ever be stored; drop it and close.
          this.options.log.warn({ documentId: this.documentId, dropped: this.pending.length }, 'document no longer exists; dropping unstored updates');
          this.pending.length = 0;
          this.broadcasted = this.enqueued;
          this.heldAwareness.clear();
          for (const { session } of [...this.members.values()]) session.close(CloseCode.forbidden, 'document erased');
          return;
        }
        this.options.log.error({ err: error, documentId: this.documentId, pending: this.pending.length }, 'storing updates failed; retrying');
        // Presence keeps flowing while storage is down, out of order rather than frozen.
        this.releaseAwareness(Number.POSITIVE_INFINITY);
        await sleep(delay);
        delay = Math.min(delay * 2, maxRetryDelayMs);
        continue;
      }
      delay = 100;
      this.pending.splice(0, batch.length);
      const updates = batch.map((p) => p.update);
      try {
        await this.options.hooks?.afterStore?.(this, updates, { firstSeq: lastSeq - batch.length + 1, lastSeq });
      } catch (error) {
        this.options.log.error({ err: error, documentId: this.documentId }, 'afterStore hook failed');
      }
      for (const { update, origin } of batch) {
        this.broadcastUpdate(encodeSyncUpdate(update), origin.kind === 'client' ? origin.session.id : null);
      }
      this.broadcasted += batch.length;
      // In the same tick as the updates, so each peer gets the edit and the cursor after it in one write.
      this.releaseAwareness(this.broadcasted);
      this.updatesSinceSnapshot += batch.length;
      if (this.updatesSinceSnapshot >= this.options.snapshotEveryUpdates) this.compactInBackground();
    }
  }

  private compactInBackground(): void {
    if (this.compacting) return;
    this.compacting = true;
    this.updatesSinceSnapshot = 0;
    this.options.store
      .compact(this.documentId)
      .catch((error: unknown) => this.options.log.warn({ err: error, documentId: this.documentId }, 'compaction failed'))
      .finally(() => {
        this.compacting = false;
      });
  }

  private onAwarenessUpdate(changes: AwarenessChanges, origin: unknown): void {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0) return;
    const fromClient = isTxOrigin(origin) && origin.kind === 'client';
    if (fromClient && this.enqueued > this.broadcasted) {
      // A cursor must not reach peers before the text it points into: hold it until what came before is broadcast.
      for (const clientId of changed) this.heldAwareness.set(clientId, this.enqueued);
      return;
    }
    this.sendAwareness(changed, fromClient);
  }

  /** Sends the held awareness changes whose preceding updates are broadcast (`broadcasted` or more). */
  private releaseAwareness(broadcasted: number): void {
    if (this.heldAwareness.size === 0) return;
    const ready: number[] = [];
    for (const [clientId, after] of this.heldAwareness) {
      if (after <= broadcasted) ready.push(clientId);
    }
    if (ready.length === 0) return;
    for (const clientId of ready) this.heldAwareness.delete(clientId);
    this.sendAwareness(ready, true);
  }

  private sendAwareness(clientIds: number[], fromClient: boolean): void {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds);
    this.broadcast(encodeAwarenessMessage(update), null);
    if (fromClient) this.options.hooks?.afterAwareness?.(this, update);
  }

  /**
   * Sends a document update to the sessions that have the document. One still waiting for its sync reply
   * gets none: that reply carries them, and updates without their base would pile up in the client as
   * pending structs (a client joining during a burst of edits took seconds to sync) [R11].
   */
  private broadcastUpdate(message: Uint8Array, exceptSessionId: string | null): void {
    for (const [id, member] of this.members) {
      if (member.synced && id !== exceptSessionId) member.session.send(message);
    }
  }

  private broadcast(message: Uint8Array, exceptSessionId: string | null): void {
    for (const [id, { session }] of this.members) {
      if (id !== exceptSessionId) session.send(message);
    }
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

function toStored({ update, origin }: Pending): UpdateToStore {
  const kind: OriginKind = origin.kind === 'client' ? 'client' : origin.kind === 'import' || origin.kind === 'model' ? origin.kind : 'server';
  const userId = origin.kind === 'client' ? origin.session.userId : origin.kind === 'import' || origin.kind === 'model' ? origin.userId : null;
  return { update, userId, origin: kind };
}

const pendingOwner = 'pending:';

/** Users own their client ids by user id; the import's client ids can never be claimed by a person. */
function ownerKey(owner: ClientOwner): string {
  if (owner.kind === 'user') return owner.userId;
  return owner.kind === 'model' ? `model:${owner.modelId}` : 'source:';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
