import { randomUUID } from 'node:crypto';
import type { Db } from '@concord/db';
import type { ExportProgress } from '@concord/protocol';
import type { Config } from '../config.ts';
import { createMemoryCoordination, createRedisCoordination } from '../coordination/index.ts';
import type { Coordination } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import { createFetcher, createLocalMediaStore, createMediaService, type MediaLibrary } from '../media/index.ts';
import { createDrizzleDocumentStore } from '../persistence/index.ts';
import { RoomRegistry } from '../rooms/registry.ts';
import type { Notifications } from '../workflow/outbox.ts';
import { createExportService } from './service.ts';
import type { ExportService } from './types.ts';

type StandaloneConfig = Pick<Readonly<Config>, 'dataDir' | 'mediaDir' | 'media' | 'ws' | 'rooms' | 'redis'>;

/** The media library of a data folder, built as the server builds it. */
export function createConfiguredMedia(options: { db: Db; config: Pick<Readonly<Config>, 'mediaDir' | 'media'>; log: Logger }): MediaLibrary {
  const { db, config, log } = options;
  return createMediaService({
    db,
    store: createLocalMediaStore({ dir: config.mediaDir }),
    fetcher: createFetcher({ timeoutMs: config.media.fetchTimeoutMs, maxBytes: config.media.maxBytes }),
    limits: config.media,
    log,
  });
}

/**
 * The server's export service outside a server (the CLI's local mode, the export benchmark): documents
 * read from storage through a RoomRegistry of its own (no room is ever opened here), the data folder's
 * media, leases on the configured coordination (Redis when configured, so servers sweeping the same
 * database see this export as running [X20]) and `export:progress` handed to `onProgress` instead of a
 * socket. `close()` unloads the registry and closes the coordination; the database stays open.
 * @example const { service, close } = await createStandaloneExportService({ db, config, log, onProgress: (p) => bar.update(p.itemsDone) });
 */
export async function createStandaloneExportService(options: {
  db: Db;
  config: StandaloneConfig;
  log: Logger;
  onProgress?: (progress: ExportProgress) => void;
  pageSize?: number;
}): Promise<{ service: ExportService; media: MediaLibrary; close(): Promise<void> }> {
  const { db, config, log } = options;
  const instanceId = randomUUID();
  const coordination: Coordination = config.redis
    ? await createRedisCoordination({ url: config.redis.url, prefix: config.redis.prefix, onError: (error) => log.error({ err: error }, 'Redis error') })
    : createMemoryCoordination({ onError: (error) => log.error({ err: error }, 'coordination handler error') });
  const registry = new RoomRegistry({
    store: createDrizzleDocumentStore({ db }),
    log,
    instanceId,
    pubsub: null,
    awarenessMaxBytes: config.ws.awarenessMaxBytes,
    snapshotEveryUpdates: config.rooms.snapshotEveryUpdates,
    unloadAfterMs: config.rooms.unloadAfterMs,
  });
  const media = createConfiguredMedia({ db, config, log });
  const notifications: Notifications = {
    toProject: () => undefined,
    toStateReaders: () => undefined,
    toUser: (_userId, event, ...args) => {
      if (event === 'export:progress') options.onProgress?.(args[0] as ExportProgress);
    },
  };
  const service = createExportService({
    db, config, log, documents: registry, media, notifications,
    leases: { locks: coordination.locks, owner: instanceId },
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  return {
    service,
    media,
    async close() {
      await service.idle();
      await registry.shutdown();
      await coordination.close();
    },
  };
}
