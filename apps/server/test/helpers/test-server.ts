import { type Config, testConfig } from '../../src/config.ts';
import type { PubSub } from '../../src/coordination/types.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningServer, startServer } from '../../src/server.ts';
import { type Backend, createBackend } from './backends.ts';
import { createApi, type Api } from './api.ts';

export const adminEmail = 'admin@example.test';
export const adminPassword = 'correct horse battery staple';

export interface TestServer {
  server: RunningServer;
  url: string;
  wsUrl: string;
  api: Api;
  backend: Backend;
  /** Closes the server (if still open) and deletes its database. */
  dispose(): Promise<void>;
}

/**
 * An in-process Concord on port 0 with its own database, signed in as the bootstrap admin.
 * Pass `backend` to start a second instance on the same database and Redis.
 */
export async function startTestServer(
  options: { overrides?: Partial<Config>; backend?: Backend; wrapFanout?: (pubsub: PubSub) => PubSub } = {},
): Promise<TestServer> {
  const backend = options.backend ?? (await createBackend());
  const config = testConfig({
    dataDir: backend.dataDir,
    database: backend.database,
    redis: backend.redis,
    admin: { email: adminEmail, password: adminPassword },
    ...options.overrides,
  });
  const server = await startServer({ config, log: createLogger(process.env.CONCORD_TEST_LOG ?? 'silent'), wrapFanout: options.wrapFanout });
  const api = await createApi(server.url, adminEmail, adminPassword);
  return {
    server,
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    api,
    backend,
    async dispose() {
      await server.close();
      if (!options.backend) await backend.dispose();
    },
  };
}
