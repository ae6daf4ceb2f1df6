import { CloseCode } from '@concord/protocol';
import * as Y from 'yjs';
import type { PubSub } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import type { DocumentStore } from '../persistence/types.ts';
import { docToJson } from './doc-json.ts';
import { decodeFanout, documentChannel, encodeFanout, type FanoutMessage } from './fanout.ts';
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
  /** How long an unused document stays in memory. */
  unloadAfterMs: number;
}

interface Entry {
  room: Promise<Room>;
  unloadTimer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
  unsubscribe: (() => Promise<void>) | null;
}

/**
 * Loads each document once per process, joins sessions to it, unloads it when nobody used it for
 * `unloadAfterMs`, and connects it to the other instances through pub/sub.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private shuttingDown = false;

  constructor(private readonly options: RoomRegistryOptions) {}

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

  /** Rooms loaded right now. */
  async rooms(): Promise<Room[]> {
    const settled = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /** Current content as JSON: from memory when loaded, else from the store. */
  async readJson(documentId: string): Promise<Record<string, unknown>> {
    const doc = new Y.Doc();
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
    return updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(updates);
  }

  /** Stores everything pending, closes every session with 1012 and unloads all rooms. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    this.shuttingDown = true;
    const work = [...this.entries.keys()].map((id) => this.unload(id, CloseCode.serviceRestart));
    await Promise.race([Promise.allSettled(work), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private createEntry(documentId: string, projectId: string): Entry {
    const entry = { unloadTimer: null, unloading: null, unsubscribe: null } as Omit<Entry, 'room'> as Entry;
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
      if (message.kind === 'update') target.applyRemoteUpdate(message.payload, message.instanceId);
      else target.applyRemoteAwareness(message.payload, message.instanceId);
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
      afterStore: async (_room, updates) => {
        const payload = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
        await publish({ kind: 'update', instanceId, payload });
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
        hooks,
      });
      room = loaded;
      for (const message of early) deliver(message, loaded);
      return loaded;
    } catch (error) {
      await entry.unsubscribe?.();
      throw error;
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
