import { Writable } from 'node:stream';
import { testConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createApi, type Api } from '../helpers/api.ts';
import { createBackend, type Backend } from '../helpers/backends.ts';
import { adminEmail, adminPassword } from '../helpers/test-server.ts';

export interface CapturedServer {
  server: RunningServer;
  url: string;
  wsUrl: string;
  /** Signed in as the bootstrap admin (null when the admin password was generated). */
  api: Api | null;
  backend: Backend;
  /** Every line the server's own logger wrote (at `trace`: the most it ever says). */
  logLines: string[];
  dispose(): Promise<void>;
}

/**
 * A Concord on port 0 like `startTestServer`, but its production logger (redaction and all) writes into
 * `logLines` at level trace. Pass `backend` to start a second instance on the same database and Redis.
 */
export async function startCapturedServer(options: { overrides?: Partial<Config>; backend?: Backend; generatedAdmin?: boolean } = {}): Promise<CapturedServer> {
  const backend = options.backend ?? (await createBackend());
  const config = testConfig({
    dataDir: backend.dataDir,
    database: backend.database,
    redis: backend.redis,
    admin: { email: adminEmail, password: options.generatedAdmin ? undefined : adminPassword },
    ...options.overrides,
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer({ config, log: createLogger('trace', sink) });
  const api = options.generatedAdmin ? null : await createApi(server.url, adminEmail, adminPassword);
  return {
    server,
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    api,
    backend,
    logLines,
    async dispose() {
      await server.close();
      if (!options.backend) await backend.dispose();
    },
  };
}

/** POST /api/v1/auth/login as a client behind a proxy would (`from` becomes `X-Forwarded-For`). */
export async function tryLogin(url: string, email: string, password: string, from?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (from) headers['x-forwarded-for'] = from;
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text, body: JSON.parse(text) as { token?: string; error?: { code: string; message: string } } };
}
