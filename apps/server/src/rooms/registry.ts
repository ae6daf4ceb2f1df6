import { CloseCode } from '@concord/protocol';
import * as Y from 'yjs';
import type { PubSub } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import type { DocumentStore } from '../persistence/types.ts';
import { docToJson } from './doc-json.ts';
import { type CatchUp, createCatchUp, defaultGapDelayMs } from './catch-up.ts';
import { decodeFanout, documentChannel, encodeFanout, type FanoutMessage } from './fanout.ts';
import { namedDoc } from './named-doc.ts';
import { Room, type RoomHooks } from './room.ts';
import type { RoomSession } from './session.ts';

export interface RoomRegistryOptions {
  store: DocumentStore;
  log: Logger;
  instanceId: string;
  /** Fan-out to other instances; null when this process is alone. */
  pubsub: PubSub | null;
  awarenessMaxBytes: number;
  snapshotEveryUpdates: number;
  /** How long checking one client update may take before it is refused (rooms R17). */
  updateCheckBudgetMs?: number;
  /** How long an unused document stays in memory. */
  unloadAfterMs: number;
  /** How long a hole in a room's seqs may stay open before it is read from the store [I3]. */
  gapDelayMs?: number;
  /** How often every loaded room is compared with the store's last seqs [I4]. */
  reconcileEveryMs?: number;
  /** Hears how many stored updates a room read back because their fan-out message was missed (metrics). */
  onCaughtUp?(updates: number): void;
}

/** A dropped last message is found by this reconcile, one query for all loaded rooms [I4]. */
export const defaultReconcileEveryMs = 2_000;

interface Entry {
  room: Promise<Room>;
  unloadTimer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
  unsubscribe: (() => Promise<void>) | null;
  /** Fills what the fan-out lost (only with pub/sub). */
  catchUp: CatchUp | null;
}

/**
 * Loads each document once per process, joins sessions to it, unloads it when nobody used it for
 * `unloadAfterMs`, and connects it to the other instances through pub/sub.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private shuttingDown = false;
  private readonly reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling = false;
  private readonly offReconnect: (() => void) | null = null;

  constructor(private readonly options: RoomRegistryOptions) {
    const { pubsub } = options;
    if (!pubsub) return;
    this.reconcileTimer = setInterval(() => void this.reconcile(), options.reconcileEveryMs ?? defaultReconcileEveryMs);
    this.reconcileTimer.unref();
    // Messages published while the subscriber was away are gone: read every loaded room's tail [I5].
    this.offReconnect = pubsub.onReconnect?.(() => this.catchUpAll()) ?? null;
  }

  /** Loads (or reuses) the document's room and joins the session to it in the same tick. */
  async join(documentId: string, projectId: string, session: RoomSession): Promise<Room> {
    for (;;) {
      if (this.shuttingDown) throw new Error('server is shutting down');
      const existing = this.entries.get(documentId);
      if (existing?.unloading) {
        await existing.unloading;
        continue;
      }
      const entry = existing ?? this.createEntry(documentId, projectId);
      const room = await entry.room;
      if (this.entries.get(documentId) !== entry || entry.unloading) continue;
      if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
      room.join(session);
      return room;
    }
  }

  /** Documents loaded or being loaded on this instance. */
  get loadedCount(): number {
    return this.entries.size;
  }

  /** Rooms loaded right now. */
  async rooms(): Promise<Room[]> {
    const settled = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Current content as JSON: from memory when loaded, else from the store. */
  async readJson(documentId: string): Promise<Record<string, unknown>> {
    const doc = namedDoc(documentId);
    Y.applyUpdate(doc, await this.readState(documentId));
    const json = docToJson(doc);
    doc.destroy();
    return json;
  }

  /** The whole document as one update: from memory if loaded (including edits not stored yet), else from storage. */
  async readState(documentId: string): Promise<Uint8Array> {
    const entry = this.entries.get(documentId);
    if (entry && !entry.unloading) {
      const room = await entry.room;
      return Y.encodeStateAsUpdate(room.doc);
    }
    const loaded = await this.options.store.load(documentId);
    const updates = loaded.tail.map((stored) => stored.update);
    if (loaded.snapshot) updates.unshift(loaded.snapshot);
    return updates.length === 0 ? Y.encodeStateAsUpdate(namedDoc(documentId)) : Y.mergeUpdates(updates);
  }

  /** Stores everything pending, closes every session with 1012 and unloads all rooms. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    this.shuttingDown = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    this.offReconnect?.();
    const work = [...this.entries.keys()].map((id) => this.unload(id, CloseCode.serviceRestart));
    await Promise.race([Promise.allSettled(work), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private createEntry(documentId: string, projectId: string): Entry {
    const entry = { unloadTimer: null, unloading: null, unsubscribe: null, catchUp: null } as Omit<Entry, 'room'> as Entry;
    entry.room = this.load(documentId, projectId, entry);
    entry.room.catch(() => {
      if (this.entries.get(documentId) === entry) this.entries.delete(documentId);
    });
    this.entries.set(documentId, entry);
    return entry;
  }

  private async load(documentId: string, projectId: string, entry: Entry): Promise<Room> {
    const { pubsub, instanceId, log } = this.options;
    let room: Room | null = null;
    const early: FanoutMessage[] = [];
    const deliver = (message: FanoutMessage, target: Room) => {
      if (message.kind === 'awareness') {
        target.applyRemoteAwareness(message.payload, message.instanceId);
        return;
      }
      // Applied at once even across a hole: Yjs keeps what lacks its dependencies pending [I3].
      target.applyRemoteUpdate(message.payload, message.instanceId);
      entry.catchUp?.applied(message.firstSeq, message.lastSeq);
    };
    const channel = documentChannel(documentId);
    // Subscribe before loading, so nothing another instance stores meanwhile is missed.
    if (pubsub) {
      entry.unsubscribe = await pubsub.subscribe(channel, (data) => {
        const message = decodeFanout(data);
        if (!message || message.instanceId === instanceId) return;
        if (room) deliver(message, room);
        else early.push(message);
      });
    }
    const publish = (message: FanoutMessage) => {
      if (!pubsub) return Promise.resolve();
      return pubsub.publish(channel, encodeFanout(message));
    };
    const hooks: RoomHooks = {
      afterStore: (_room, updates, seqs) => {
        entry.catchUp?.applied(seqs.firstSeq, seqs.lastSeq);
        if (!pubsub) return;
        const payload = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
        // Not awaited: while Redis is away the publish waits in node-redis' queue, and local clients
        // must not wait for it. Lost messages are caught up from the store by the other instances.
        publish({ kind: 'update', instanceId, payload, ...seqs }).catch((error: unknown) =>
          log.warn({ err: error, documentId }, 'update fan-out failed'),
        );
      },
      afterAwareness: (_room, update) => {
        publish({ kind: 'awareness', instanceId, payload: update }).catch((error: unknown) =>
          log.warn({ err: error, documentId }, 'awareness fan-out failed'),
        );
      },
      onEmpty: () => this.scheduleUnload(documentId, entry),
    };
    try {
      const loaded = await Room.load({
        documentId,
        projectId,
        store: this.options.store,
        log,
        awarenessMaxBytes: this.options.awarenessMaxBytes,
        snapshotEveryUpdates: this.options.snapshotEveryUpdates,
        updateCheckBudgetMs: this.options.updateCheckBudgetMs,
        hooks,
      });
      room = loaded;
      if (pubsub) {
        entry.catchUp = createCatchUp({
          documentId,
          store: this.options.store,
          appliedSeq: loaded.loadedSeq,
          apply: (update, count) => {
            loaded.applyRemoteUpdate(update, 'store');
            this.options.onCaughtUp?.(count);
          },
          delayMs: this.options.gapDelayMs ?? defaultGapDelayMs,
          log,
        });
      }
      for (const message of early) deliver(message, loaded);
      return loaded;
    } catch (error) {
      await entry.unsubscribe?.();
      throw error;
    }
  }

  /** Compares every loaded room with the store's last seqs (one query) and catches up those behind [I4]. */
  private async reconcile(): Promise<void> {
    if (this.reconciling || this.shuttingDown) return;
    const live = [...this.entries].filter(([, entry]) => entry.catchUp && !entry.unloading);
    if (live.length === 0) return;
    this.reconciling = true;
    try {
      const seqs = await this.options.store.lastSeqs(live.map(([id]) => id));
      for (const [id, entry] of live) {
        const seq = seqs.get(id);
        if (seq !== undefined) entry.catchUp?.known(seq);
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'reconciling rooms with the store failed');
    } finally {
      this.reconciling = false;
    }
  }

  private catchUpAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.catchUp && !entry.unloading) void entry.catchUp.now();
    }
  }

  private scheduleUnload(documentId: string, entry: Entry): void {
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null;
      void this.unload(documentId, CloseCode.goingAway);
    }, this.options.unloadAfterMs);
    entry.unloadTimer.unref();
  }

  private async unload(documentId: string, code: CloseCode): Promise<void> {
    const entry = this.entries.get(documentId);
    if (!entry) return;
    if (entry.unloading) return entry.unloading;
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    if (code === CloseCode.goingAway) {
      const idle = await entry.room.then((room) => room.sessionCount === 0).catch(() => true);
      // Someone joined (or another unload started) while we waited: keep the room.
      if (!idle || this.entries.get(documentId) !== entry || entry.unloading) return;
    }
    entry.unloading = (async () => {
      try {
        const room = await entry.room;
        entry.catchUp?.stop();
        await room.destroy(code);
        await this.options.store.compact(documentId).catch((error: unknown) => {
          this.options.log.warn({ err: error, documentId }, 'compaction on unload failed');
        });
      } catch {
        // A room that failed to load has nothing to unload.
      } finally {
        await entry.unsubscribe?.().catch(() => {});
        this.entries.delete(documentId);
      }
    })();
    return entry.unloading;
  }
}
