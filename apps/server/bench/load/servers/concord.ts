// Concord as a benchmark server child: startServer with a Config built like the tests' (no environment read).
import { testConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import type { RoomRegistry } from '../../../src/rooms/registry.ts';
import { startServer } from '../../../src/server.ts';
import { childArgs } from '../ipc.ts';
import { serveServer } from './serve.ts';
import type { DocTarget, ServerArgs } from './types.ts';

const adminEmail = 'bench-admin@example.test';
const adminPassword = 'bench-admin-password-1';
/** Annotators the documents' clients sign in as (round robin). */
const annotatorCount = 10;

const args = childArgs<ServerArgs>();
const options = args.concord;
if (!options) throw new Error('concord child needs its backend');

serveServer(async () => {
  const config = testConfig({
    dataDir: options.dataDir,
    database: options.database,
    redis: options.redis,
    port: args.port,
    host: '127.0.0.1',
    admin: { email: adminEmail, password: adminPassword },
    logLevel: 'silent',
    // No web client is served here (and none may be built): an empty dir keeps serveStatic quiet.
    webDir: options.dataDir,
    // The first-sync scenario seeds 10,000 edits from one client as fast as it can: the default 300
    // messages/s per socket (and 250 ms of handling per user and second) would refuse that burst. No timed
    // scenario comes near the defaults.
    ws: { ...testConfig({ dataDir: options.dataDir }).ws, maxMessagesPerSecond: 1_000_000, maxBytesPerSecond: 1024 ** 3, maxWorkMsPerSecond: 1_000_000 },
    rooms: { ...testConfig({ dataDir: options.dataDir }).rooms, unloadAfterMs: options.unloadAfterMs },
  });
  // BENCH_LOAD_CONCORD_LOG=info shows why Concord closed a socket (JSON lines on the bench's stdout).
  const server = await startServer({ config, log: createLogger(process.env.BENCH_LOAD_CONCORD_LOG ?? 'silent') });
  return {
    url: `${server.url.replace(/^http/, 'ws')}/yjs`,
    port: server.port,
    setup: (body) => setup(server.url, body.documents),
    docsLoaded: async () => (await (server.services.documents as RoomRegistry).rooms()).length,
    appendHistogram: async () => {
      const buckets = (await server.services.metrics!.storeAppendSeconds.get()).values.filter((v) => v.metricName?.endsWith('_bucket'));
      return { bounds: buckets.map((b) => (b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le))), cumulative: buckets.map((b) => b.value) };
    },
    close: () => server.close(),
  };
});

/** One project, `documents` free documents, annotators as members; clients get the annotators' tokens. */
async function setup(baseUrl: string, documents: number): Promise<DocTarget[]> {
  const admin = await login(baseUrl, adminEmail, adminPassword);
  const call = async <T>(token: string, method: string, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (await res.json().catch(() => null)) as T;
  };
  const project = await call<{ id: string }>(admin, 'POST', '/projects', { name: `load bench ${Date.now()}` });
  const tokens: string[] = [];
  for (let i = 0; i < Math.min(annotatorCount, documents); i++) {
    const email = `annotator-${i}-${Date.now()}@example.test`;
    const password = `annotator-password-${i}`;
    const user = await call<{ id: string }>(admin, 'POST', '/users', { email, name: `Annotator ${i}`, password });
    await call(admin, 'POST', `/projects/${project.id}/members`, { userId: user.id, role: 'annotator' });
    tokens.push(await login(baseUrl, email, password));
  }
  const docs: DocTarget[] = new Array(documents);
  let next = 0;
  const worker = async () => {
    while (next < documents) {
      const i = next++;
      const doc = await call<{ id: string }>(admin, 'POST', `/projects/${project.id}/documents`, { name: `doc ${i}` });
      docs[i] = { room: doc.id, token: tokens[i % tokens.length]! };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return docs;
}

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
