import { randomUUID } from 'node:crypto';
import type { ExportProgress, ImportProgress } from '@concord/protocol';
import { createExportService } from '../exports/service.ts';
import type { ExportService } from '../exports/types.ts';
import { createImportService } from '../imports/service.ts';
import type { ImportService } from '../imports/types.ts';
import { createItemService } from '../items/item-service.ts';
import { createFetcher, createLocalMediaStore, createMediaService, type MediaLibrary } from '../media/index.ts';
import { createDrizzleDocumentStore } from '../persistence/index.ts';
import { RoomRegistry } from '../rooms/registry.ts';
import type { Services } from '../services.ts';
import type { LocalContext } from './local.ts';

/** The media library of the data folder, built as the server builds it. */
function mediaOf(local: LocalContext): MediaLibrary {
  const { config, db, log } = local;
  return createMediaService({
    db: db.db,
    store: createLocalMediaStore({ dir: config.mediaDir }),
    fetcher: createFetcher({ timeoutMs: config.media.fetchTimeoutMs, maxBytes: config.media.maxBytes }),
    limits: config.media,
    log,
  });
}

/**
 * The server's export service in this process. Documents are read from storage (no room is ever
 * loaded here); the only socket.io event an export sends, `export:progress` to its starter, goes to
 * `onProgress` instead.
 */
export function createLocalExportService(local: LocalContext, onProgress: (progress: ExportProgress) => void): ExportService {
  const { config, db, log } = local;
  const documents = new RoomRegistry({
    store: createDrizzleDocumentStore({ db: db.db }),
    log,
    instanceId: randomUUID(),
    pubsub: null,
    awarenessMaxBytes: config.ws.awarenessMaxBytes,
    snapshotEveryUpdates: config.rooms.snapshotEveryUpdates,
    unloadAfterMs: config.rooms.unloadAfterMs,
  });
  const notifications: Services['notifications'] = {
    toUser: (_userId, event, ...args) => {
      if (event === 'export:progress') onProgress(args[0] as ExportProgress);
    },
    toProject: () => undefined,
    toStateReaders: () => undefined,
  };
  return createExportService({ db: db.db, config, log, documents, media: mediaOf(local), notifications });
}

/** The server's import service in this process; progress after every batch goes to `onProgress`. */
export function createLocalImportService(local: LocalContext, onProgress: (progress: ImportProgress) => void): ImportService {
  const { config, db, log } = local;
  return createImportService({ db: db.db, config, log, items: createItemService({ db: db.db }), media: mediaOf(local), emitProgress: onProgress });
}
