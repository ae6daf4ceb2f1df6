// The server's export service wired as server.ts wires it (Drizzle database, RoomRegistry as the
// DocumentReader, local media service), for the export benchmark and the streaming memory test.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '@concord/db';
import { testConfig } from '../src/config.ts';
import { createExportService } from '../src/exports/service.ts';
import type { ExportService } from '../src/exports/types.ts';
import { createLogger } from '../src/log.ts';
import { createFetcher, createLocalMediaStore, createMediaService } from '../src/media/index.ts';
import { createDrizzleDocumentStore } from '../src/persistence/index.ts';
import { RoomRegistry } from '../src/rooms/registry.ts';
import type { Notifications } from '../src/workflow/outbox.ts';

/** Export progress as the service reports it to the export's starter. */
export type ProgressListener = (progress: { itemsDone: number; itemsTotal: number; status: string }) => void;

/**
 * The real export service over `db`, writing under `dataDir`; `onProgress` gets every export:progress
 * event (no sockets). `close()` unloads the document registry (the database stays open).
 * @example const { service, close } = createRealExportService({ db, dataDir, onProgress: (p) => log(p.itemsDone) });
 */
export function createRealExportService(options: { db: Db; dataDir: string; onProgress?: ProgressListener; pageSize?: number }): {
  service: ExportService;
  close(): Promise<void>;
} {
  const { db, dataDir } = options;
  const config = testConfig({ dataDir, mediaDir: join(dataDir, 'media') });
  const log = createLogger('error');
  const registry = new RoomRegistry({
    store: createDrizzleDocumentStore({ db }),
    log,
    instanceId: randomUUID(),
    pubsub: null,
    awarenessMaxBytes: config.ws.awarenessMaxBytes,
    snapshotEveryUpdates: config.rooms.snapshotEveryUpdates,
    unloadAfterMs: config.rooms.unloadAfterMs,
  });
  const media = createMediaService({
    db,
    store: createLocalMediaStore({ dir: config.mediaDir }),
    fetcher: createFetcher({ timeoutMs: config.media.fetchTimeoutMs, maxBytes: config.media.maxBytes }),
    limits: config.media,
    log,
  });
  const notifications: Notifications = {
    toProject: () => {},
    toStateReaders: () => {},
    toUser: (_userId, event, ...payload) => {
      if (event === 'export:progress') options.onProgress?.(payload[0] as { itemsDone: number; itemsTotal: number; status: string });
    },
  };
  const service = createExportService({ db, config, log, documents: registry, media, notifications, ...(options.pageSize ? { pageSize: options.pageSize } : {}) });
  return { service, close: () => registry.shutdown() };
}
