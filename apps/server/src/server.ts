import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createDb, defaultMigrationsFolder } from '@concord/db';
import { createAccess, createAccounts, ensureAdmin, type EnsureAdminResult } from './accounts/index.ts';
import type { Config } from './config.ts';
import { createMemoryCoordination, createRedisCoordination } from './coordination/index.ts';
import type { Coordination, PubSub } from './coordination/types.ts';
import { createHttpApp } from './http/app.ts';
import { createExportService } from './exports/service.ts';
import { createImportService } from './imports/service.ts';
import { failAbandonedJobs } from './jobs/lease.ts';
import { createItemService } from './items/item-service.ts';
import type { Logger } from './log.ts';
import { createFetcher, createLocalMediaStore, createMediaService } from './media/index.ts';
import { measureStore } from './metrics/measured-store.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createDrizzleDocumentStore } from './persistence/index.ts';
import { RoomRegistry } from './rooms/registry.ts';
import type { AccessChange, Services } from './services.ts';
import { createAccessEvents } from './transport/access-events.ts';
import { createHttpServer } from './transport/http-server.ts';
import { createSocketGateway } from './transport/socket-gateway.ts';
import { createYjsEndpoint } from './transport/yjs-endpoint.ts';

export interface RunningServer {
  /** Base URL the server listens on, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  services: Services;
  admin: EnsureAdminResult;
  /** Stores what is pending, closes sockets with 1012, then the database and Redis. */
  close(): Promise<void>;
}

/** The migrations next to the bundle (dist/migrations) when built, else the db package's own. */
function migrationsFolder(): string {
  const bundled = fileURLToPath(new URL('./migrations', import.meta.url));
  return existsSync(bundled) ? bundled : defaultMigrationsFolder;
}

/** The web client built beside the server: apps/web/build, from both src/ and dist/. */
function defaultWebDir(): string {
  return fileURLToPath(new URL('../../web/build', import.meta.url));
}

/** The repository's examples/ folder (demo data), from both src/ and dist/; null when not shipped. */
export function defaultExamplesDir(): string | null {
  const dir = fileURLToPath(new URL('../../../examples', import.meta.url));
  return existsSync(dir) ? dir : null;
}

/**
 * Builds every service from a Config and listens: database (migrated), coordination, document
 * rooms, REST, socket.io and the Yjs socket, all on one port.
 * @example const server = await startServer({ config, log }); ...; await server.close();
 */
export async function startServer(options: {
  config: Readonly<Config>;
  log: Logger;
  /** Decorates the pub/sub the document rooms fan out on (tests lose messages with it). */
  wrapFanout?: (pubsub: PubSub) => PubSub;
}): Promise<RunningServer> {
  const { config, log } = options;
  const instanceId = randomUUID();
  const db = await createDb({
    target: config.database.kind === 'postgres' ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir },
    migrationsFolder: migrationsFolder(),
  });
  const coordination: Coordination = config.redis
    ? await createRedisCoordination({
        url: config.redis.url,
        prefix: config.redis.prefix,
        onError: (error) => log.error({ err: error }, 'Redis error'),
      })
    : createMemoryCoordination({ onError: (error) => log.error({ err: error }, 'coordination handler error') });
  const metrics = createMetrics();
  const store = measureStore(createDrizzleDocumentStore({ db: db.db }), metrics);
  const accounts = createAccounts({ db: db.db, config });
  const access = createAccess({ db: db.db });
  const registry = new RoomRegistry({
    store,
    log,
    instanceId,
    pubsub: config.redis ? (options.wrapFanout?.(coordination.pubsub) ?? coordination.pubsub) : null,
    awarenessMaxBytes: config.ws.awarenessMaxBytes,
    snapshotEveryUpdates: config.rooms.snapshotEveryUpdates,
    updateCheckBudgetMs: config.rooms.updateCheckBudgetMs,
    unloadAfterMs: config.rooms.unloadAfterMs,
    onCaughtUp: (updates) => metrics.updatesCaughtUp.inc(updates),
  });
  const yjs = createYjsEndpoint({ accounts, access, registry, config, log, metrics });
  const gateway = await createSocketGateway({ accounts, access, presence: coordination.presence, config, log });
  metrics.track({ documentSockets: () => yjs.connectionCount(), documentsLoaded: () => registry.loadedCount, appSockets: () => gateway.socketCount() });
  const listeners: Array<(change: AccessChange) => Promise<void>> = [
    (change) => yjs.recheck(change.kind === 'document' ? { documentId: change.documentId } : { userId: change.userId }),
    (change) => gateway.onAccessChange(change),
  ];
  const accessEvents = await createAccessEvents({ pubsub: coordination.pubsub, log, instanceId, listeners });
  const mediaStore = createLocalMediaStore({ dir: config.mediaDir });
  const swept = await mediaStore.sweepTemporary();
  if (swept > 0) log.warn({ swept }, 'removed media uploads left unfinished by an earlier crash');
  const media = createMediaService({
    db: db.db,
    store: mediaStore,
    fetcher: createFetcher({ timeoutMs: config.media.fetchTimeoutMs, maxBytes: config.media.maxBytes }),
    limits: config.media,
    log,
  });
  const imports = createImportService({
    db: db.db,
    config,
    log,
    items: createItemService({ db: db.db }),
    media,
    emitProgress: (progress) => gateway.emitToProject(progress.projectId, 'import:progress', progress),
    leases: { locks: coordination.locks, owner: instanceId },
  });
  const notifications: Services['notifications'] = {
    toProject: (projectId, event, ...args) => gateway.emitToProject(projectId, event, ...args),
    toUser: (userId, event, ...args) => gateway.emitToUser(userId, event, ...args),
    toStateReaders: (projectId, event, ...args) => gateway.emitToStateReaders(projectId, event, ...args),
  };
  const exportJobs = createExportService({ db: db.db, config, log, documents: registry, media, notifications, leases: { locks: coordination.locks, owner: instanceId } });
  // Imports and exports left `running` by a server that stopped mid-way fail now, and within a minute on any instance [X20][I13].
  const sweepJobs = async () => {
    for (const kind of ['import', 'export'] as const) await failAbandonedJobs({ db: db.db, locks: coordination.locks, kind, owner: instanceId, log });
  };
  await sweepJobs();
  const jobSweep = setInterval(() => void sweepJobs().catch((error: unknown) => log.warn({ err: error }, 'job sweep failed')), 60_000);
  jobSweep.unref();
  const services: Services = {
    config,
    log,
    db,
    coordination,
    store,
    accounts,
    access,
    notifier: accessEvents,
    documents: registry,
    media,
    imports,
    exports: exportJobs,
    notifications,
    instanceId,
    metrics,
  };
  const admin = await ensureAdmin({ db: db.db, config, log });
  const app = createHttpApp(services, { webDir: config.webDir ?? defaultWebDir(), examplesDir: defaultExamplesDir() });
  const server = createHttpServer({ app, engine: gateway.engine, yjs, hstsMaxAgeSeconds: config.hstsMaxAgeSeconds });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    admin,
    close() {
      closing ??= (async () => {
        server.close();
        await imports.close();
        clearInterval(jobSweep);
        // A running export finishes its files before the store and the database go away.
        await exportJobs.idle();
        await registry.shutdown();
        yjs.close();
        await gateway.close();
        await accessEvents.close();
        server.closeAllConnections();
        await coordination.close();
        await db.close();
      })();
      return closing;
    },
  };
}
