// The measurements of one server in one scenario: timed edit runs, idle connections, first sync.
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchServer, concordUnloadAfterMs, createConcordBackend, startBenchServer, targetOf } from './bench-server.ts';
import { databaseNameOf, postgresBackendCpuUs } from './db-cpu.ts';
import type { Child } from './ipc.ts';
import type { RunResult } from './load-run.ts';
import type { ConnectResult, Plan } from './loadgen.ts';
import { addHistograms, histogramDelta, histogramQuantile, percentile } from './stats.ts';
import type { ServerKind, ServerStats } from './servers/types.ts';

export interface Timing {
  warmupMs: number;
  windowMs: number;
  /** After writers stop: edits still in flight arrive. */
  drainMs: number;
}

export interface TimedFigures extends RunResult {
  clients: number;
  connectMs: number;
  closes: number;
  /** Unexpected closes by close code. */
  closeCodes: Record<string, number>;
  deliveriesPerSecond: number;
  cpuUsPerDelivery: number;
  /** Server CPU time in the window over wall time (1.0 = one core busy). */
  cpuShare: number;
  /** The same for the load generator (near 1.0 = it, not the server, sets the pace). */
  loadgenCpuShare: number;
  /** Concord on a local Postgres: CPU of its database's backends per delivery (null otherwise). */
  dbCpuUsPerDelivery: number | null;
  /** Concord: its durable appends in the window (the wait before each broadcast), from its metrics; null for the references. */
  appendP50Ms: number | null;
  appendP95Ms: number | null;
  appendP99Ms: number | null;
  rssMb: number;
}

/** Starts `instances` instances of `kind` (Concord on one fresh backend, with Redis when there are two), runs `fn`, stops them. */
async function withServers<T>(kind: ServerKind, options: { instances: number; storage: boolean }, fn: (servers: BenchServer[], dbCpuUs: () => number | null) => Promise<T>): Promise<T> {
  const backend = kind === 'concord' ? await createConcordBackend({ redis: options.instances > 1 }) : undefined;
  const servers: BenchServer[] = [];
  try {
    for (let i = 0; i < options.instances; i++) servers.push(await startBenchServer({ kind, storage: options.storage, backend }));
    const database = backend?.database.kind === 'postgres' ? databaseNameOf(backend.database.url) : null;
    return await fn(servers, () => (database ? postgresBackendCpuUs(database) : null));
  } finally {
    for (const server of servers) await server.stop();
    await backend?.dispose();
  }
}

async function sumStats(servers: BenchServer[]): Promise<ServerStats> {
  const all = await Promise.all(servers.map((s) => s.stats()));
  return all.reduce((a, b) => ({
    cpuUs: a.cpuUs + b.cpuUs,
    rss: a.rss + b.rss,
    docsLoaded: a.docsLoaded + b.docsLoaded,
    appendHistogram: a.appendHistogram && b.appendHistogram ? addHistograms(a.appendHistogram, b.appendHistogram) : undefined,
  }));
}

/** Connects the plan's clients, edits through warm-up and window, drains, and collects the figures. */
export async function runTimed(options: { loadgen: Child; kind: ServerKind; plan: Plan; timing: Timing; instances?: number }): Promise<TimedFigures> {
  const { loadgen, plan, timing } = options;
  return withServers(options.kind, { instances: options.instances ?? 1, storage: false }, async (servers, dbCpuUs) => {
    const docs = await servers[0]!.setup(plan.docs);
    const connected = await loadgen.request<ConnectResult>('connect', { target: targetOf(servers, docs), plan });
    try {
      await loadgen.request('start-edits');
      await sleep(timing.warmupMs);
      const dbBefore = dbCpuUs();
      const [before, , loadgenBefore] = await Promise.all([sumStats(servers), loadgen.request('window-start'), loadgen.request<number>('cpu')]);
      await sleep(timing.windowMs);
      const [after, , loadgenAfter] = await Promise.all([sumStats(servers), loadgen.request('window-end'), loadgen.request<number>('cpu')]);
      const dbAfter = dbCpuUs();
      await loadgen.request('stop-edits');
      await sleep(timing.drainMs);
      const result = await loadgen.request<RunResult & { closes: number; closeCodes: Record<string, number> }>('collect');
      const cpuUs = after.cpuUs - before.cpuUs;
      const appends = after.appendHistogram && before.appendHistogram ? histogramDelta(after.appendHistogram, before.appendHistogram) : null;
      const appendMs = (q: number) => (appends ? histogramQuantile(appends, q) * 1000 : null);
      return {
        ...result,
        clients: connected.clients,
        connectMs: connected.connectMs,
        deliveriesPerSecond: result.delivered / (result.windowMs / 1000),
        cpuUsPerDelivery: cpuUs / result.delivered,
        cpuShare: cpuUs / 1000 / result.windowMs,
        loadgenCpuShare: (loadgenAfter - loadgenBefore) / 1000 / result.windowMs,
        dbCpuUsPerDelivery: dbBefore === null || dbAfter === null ? null : (dbAfter - dbBefore) / result.delivered,
        appendP50Ms: appendMs(0.5),
        appendP95Ms: appendMs(0.95),
        appendP99Ms: appendMs(0.99),
        rssMb: after.rss / 2 ** 20,
      };
    } finally {
      await loadgen.request('disconnect');
    }
  });
}

export interface IdleFigures {
  clients: number;
  connectMs: number;
  rssIdleMb: number;
  rssConnectedMb: number;
  kbPerConnection: number;
  rssAfterLeaveMb: number;
  /** (after leave − before) / before. */
  afterLeaveGrowth: number;
  docsLoadedAfterLeave: number;
}

/** 1000 clients, each on its own document: memory per connection, connect time, memory after they all leave. */
export async function runIdle(options: { loadgen: Child; kind: ServerKind; clients: number }): Promise<IdleFigures> {
  const { loadgen, clients } = options;
  return withServers(options.kind, { instances: 1, storage: false }, async ([server]) => {
    const docs = await server!.setup(clients);
    await server!.gc();
    const idle = await server!.stats();
    const plan: Plan = { docs: clients, clientsPerDoc: 1, writersPerDoc: 0, editsPerSecond: 0, awareness: false, receivers: 'raw' };
    let connected: ConnectResult;
    try {
      connected = await loadgen.request<ConnectResult>('connect', { target: targetOf([server!], docs), plan });
      await sleep(1_000);
      await server!.gc();
    } catch (error) {
      await loadgen.request('disconnect');
      throw error;
    }
    const full = await server!.stats();
    await loadgen.request('disconnect');
    // Concord unloads after concordUnloadAfterMs; hocuspocus at once; @y/websocket-server without persistence never.
    for (let waited = 0; waited < concordUnloadAfterMs + 4_000; waited += 250) {
      if ((await server!.stats()).docsLoaded === 0) break;
      await sleep(250);
    }
    await sleep(500);
    await server!.gc();
    const after = await server!.stats();
    return {
      clients: connected.clients,
      connectMs: connected.connectMs,
      rssIdleMb: idle.rss / 2 ** 20,
      rssConnectedMb: full.rss / 2 ** 20,
      kbPerConnection: (full.rss - idle.rss) / clients / 1024,
      rssAfterLeaveMb: after.rss / 2 ** 20,
      afterLeaveGrowth: (after.rss - idle.rss) / idle.rss,
      docsLoadedAfterLeave: after.docsLoaded,
    };
  });
}

export interface FirstSyncFigures {
  edits: number;
  seedMs: number;
  warmMs: number;
  coldMs: number;
  warmSamples: number[];
  coldSamples: number[];
}

/** Pause between seeding a document and its warm first syncs. */
const warmSettleMs = 2_000;

/**
 * A document with `edits` prior edits (made through a stock client, one transaction each), then the time a new
 * client takes to sync it: warm (document loaded) and cold (server restarted, document read from storage).
 */
export async function runFirstSync(options: { loadgen: Child; kind: ServerKind; edits: number; warmRuns: number; coldRuns: number }): Promise<FirstSyncFigures> {
  const { loadgen, edits } = options;
  return withServers(options.kind, { instances: 1, storage: true }, async ([server]) => {
    const docs = await server!.setup(1);
    const target = () => targetOf([server!], docs);
    const expectChars = edits * 20;
    const sample = async () => {
      const { ms, chars } = await loadgen.request<{ ms: number; chars: number }>('first-sync', { target: target(), doc: 0, expectChars });
      if (chars !== expectChars) throw new Error(`${options.kind}: first sync gave ${chars} of ${expectChars} characters`);
      return ms;
    };
    let seedMs: number;
    const warmSamples: number[] = [];
    try {
      seedMs = (await loadgen.request<{ ms: number }>('seed', { target: target(), doc: 0, edits }, 600_000)).ms;
      // Warm means loaded and idle: the seeding burst's last writes (and, for Concord, its compactions) are done.
      await new Promise((resolve) => setTimeout(resolve, warmSettleMs));
      for (let i = 0; i < options.warmRuns; i++) warmSamples.push(await sample());
    } finally {
      await loadgen.request('disconnect');
    }
    const coldSamples: number[] = [];
    for (let i = 0; i < options.coldRuns; i++) {
      await server!.restart();
      coldSamples.push(await sample());
    }
    const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
    return { edits, seedMs, warmMs: median(warmSamples), coldMs: median(coldSamples), warmSamples, coldSamples };
  });
}
