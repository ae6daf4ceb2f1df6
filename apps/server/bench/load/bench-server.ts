// Orchestrator side of a server under test: its child process (pinned to core 0), its storage, restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPgliteDir, createTestPostgresDatabase } from '@concord/db/testing';
import type { Config } from '../../src/config.ts';
import { type Child, forkChild } from './ipc.ts';
import type { DocTarget, ServerArgs, ServerKind, ServerStats, Target } from './servers/types.ts';

/** Core the servers run on; the load generator gets the other one. */
export const serverCpu = 0;
/** Concord unloads a document this long after its last client left (the memory-after-leave figure needs it short). */
export const concordUnloadAfterMs = 2_000;

/** A Concord database (fresh Postgres database when DATABASE_URL is set, else PGlite) and optionally a Redis prefix. */
export interface ConcordBackend {
  dataDir: string;
  database: Config['database'];
  redis: Config['redis'];
  dispose(): Promise<void>;
}

export async function createConcordBackend(options: { redis: boolean }): Promise<ConcordBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-bench-load-'));
  let drop: () => Promise<void>;
  let database: Config['database'];
  if (process.env.DATABASE_URL) {
    const created = await createTestPostgresDatabase();
    database = { kind: 'postgres', url: created.url };
    drop = created.drop;
  } else {
    const dir = await createTestPgliteDir();
    database = { kind: 'pglite', dataDir: dir };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const redisUrl = process.env.REDIS_URL;
  if (options.redis && !redisUrl) throw new Error('REDIS_URL is not set');
  const redis = options.redis && redisUrl ? { url: redisUrl, prefix: `concord-bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` } : null;
  return {
    dataDir,
    database,
    redis,
    async dispose() {
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A running server under test. */
export interface BenchServer {
  kind: ServerKind;
  url: string;
  pinned: boolean;
  setup(documents: number): Promise<DocTarget[]>;
  stats(): Promise<ServerStats>;
  gc(): Promise<void>;
  /** Stops the process (storing what is pending) and starts a new one on the same port and storage. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Extra node flags for every server child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where time goes. */
const extraNodeFlags = (process.env.BENCH_LOAD_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const serverFiles: Record<ServerKind, string> = {
  concord: join(import.meta.dirname, 'servers/concord.ts'),
  'y-websocket': join(import.meta.dirname, 'servers/y-websocket.ts'),
  hocuspocus: join(import.meta.dirname, 'servers/hocuspocus.ts'),
};

/**
 * Starts a server child. `storage`: the references persist (Concord always does); `backend`: Concord's
 * database (and Redis), shared by instances given the same one; the caller disposes it.
 */
export async function startBenchServer(options: { kind: ServerKind; storage: boolean; backend?: ConcordBackend }): Promise<BenchServer> {
  const { kind, backend } = options;
  if (kind === 'concord' && !backend) throw new Error('concord needs a backend');
  const storageDir = options.storage && kind !== 'concord' ? mkdtempSync(join(tmpdir(), `bench-${kind}-`)) : null;
  const args: ServerArgs = {
    kind,
    port: 0,
    storageDir,
    concord: backend ? { dataDir: backend.dataDir, database: backend.database, redis: backend.redis, unloadAfterMs: concordUnloadAfterMs } : undefined,
  };
  let child: Child;
  let url = '';
  const launch = async () => {
    child = await forkChild({ file: serverFiles[kind], args, cpu: serverCpu, nodeFlags: ['--expose-gc', ...extraNodeFlags] });
    const started = await child.request<{ url: string; port: number }>('start', null, 120_000);
    url = started.url;
    args.port = started.port;
  };
  await launch();
  return {
    kind,
    get url() {
      return url;
    },
    get pinned() {
      return child.pinned;
    },
    setup: (documents) => child.request<DocTarget[]>('setup', { documents }),
    stats: () => child.request<ServerStats>('stats'),
    gc: () => child.request('gc'),
    async restart() {
      await child.stop();
      await launch();
    },
    async stop() {
      await child.stop();
      if (storageDir) rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/** How clients reach these instances of one server. */
export function targetOf(servers: BenchServer[], docs: DocTarget[]): Target {
  return { protocol: servers[0]!.kind === 'hocuspocus' ? 'hocuspocus' : 'y-sync', urls: servers.map((s) => s.url), docs };
}
