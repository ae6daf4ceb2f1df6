// Server load benchmark (issue 8), run by `npm run bench`: Concord beside @y/websocket-server 0.1.1 (the
// reference) and @hocuspocus/server 3.4.4 in the same run on the same machine. Each server runs alone in a
// child process pinned to core 0, the load generator (stock y-websocket / hocuspocus providers, raw-socket
// receivers for fan-out) in another pinned to core 1. Prints one table per scenario and the targets.
// Env: BENCH_LOAD_SECONDS (measure window, default 15), BENCH_LOAD_WARMUP_SECONDS (3), BENCH_LOAD_ROUNDS (1),
// BENCH_LOAD_SCENARIOS=a,b (subset: edits-200, fanout, fanout-awareness, idle, first-sync, two-instances),
// DATABASE_URL (Concord on a fresh Postgres database, else PGlite), REDIS_URL (needed by two-instances),
// BENCH_LOAD_JSON=path (also write every figure as JSON).
import { availableParallelism, cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canPin, forkChild } from './ipc.ts';
import type { Plan } from './loadgen.ts';
import { renderTable, renderTargets, serverKinds, type Row } from './report.ts';
import { foldRounds, rotate } from './rounds.ts';
import { type FirstSyncFigures, type IdleFigures, runFirstSync, runIdle, runTimed, type TimedFigures, type Timing } from './scenarios.ts';
import type { ServerKind } from './servers/types.ts';
import { checkTargets, type Figures } from './targets.ts';

const timing: Timing = {
  warmupMs: Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 3) * 1000,
  windowMs: Number(process.env.BENCH_LOAD_SECONDS ?? 15) * 1000,
  drainMs: 2_000,
};
/** Timed scenarios run this many rounds, server order rotated each round (medians; counts add up). */
const rounds = Number(process.env.BENCH_LOAD_ROUNDS ?? 1);
if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error('BENCH_LOAD_ROUNDS takes a positive integer');
const allScenarios = ['edits-200', 'fanout', 'fanout-awareness', 'idle', 'first-sync', 'two-instances'] as const;
type ScenarioName = (typeof allScenarios)[number];
const chosen = (process.env.BENCH_LOAD_SCENARIOS ?? allScenarios.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
for (const name of chosen) if (!allScenarios.includes(name as ScenarioName)) throw new Error(`unknown scenario ${name} (known: ${allScenarios.join(', ')})`);

const plans = {
  'edits-200': { docs: 10, clientsPerDoc: 20, writersPerDoc: 20, editsPerSecond: 1, awareness: false, receivers: 'provider' },
  fanout: { docs: 10, clientsPerDoc: 100, writersPerDoc: 5, editsPerSecond: 4, awareness: false, receivers: 'raw' },
  'fanout-awareness': { docs: 10, clientsPerDoc: 100, writersPerDoc: 5, editsPerSecond: 4, awareness: true, receivers: 'raw' },
} satisfies Record<string, Plan>;

const cores = availableParallelism();
console.log(`server load: ${cpus()[0]?.model ?? 'cpu'} x${cores}, Node ${process.version}; window ${timing.windowMs / 1000} s after ${timing.warmupMs / 1000} s warm-up`);
console.log(`  Concord on ${process.env.DATABASE_URL ? 'Postgres (DATABASE_URL, a fresh database per server start)' : 'PGlite (temp dir)'}; references in memory (first-sync: y-leveldb / file store)`);
console.log(canPin && cores >= 2 ? '  servers pinned to core 0, load generator to core 1 (taskset)' : '  taskset or a second core unavailable: processes are NOT pinned');

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`  load average at start: ${load()} (other processes on these cores move the latencies)`);
const loadgen = await forkChild({ file: join(import.meta.dirname, 'loadgen.ts'), args: {}, cpu: cores >= 2 ? 1 : null });
const figures: Figures = { timed: {}, idle: {}, firstSync: {} };
let failed = false;

function timedRows(results: Partial<Record<ServerKind, TimedFigures>>): Row[] {
  const row = (metric: string, pick: (f: TimedFigures) => number | string, digits = 1, ratio = true): Row => ({
    metric,
    digits,
    ratio,
    values: Object.fromEntries(Object.entries(results).map(([k, f]) => [k, pick(f)])),
  });
  return [
    row('clients', (f) => f.clients, 0, false),
    row('connect time, all clients (ms)', (f) => f.connectMs, 0),
    row('edits in window', (f) => f.editsInWindow, 0, false),
    row('deliveries/s', (f) => f.deliveriesPerSecond, 0),
    row('delivery ratio (delivered/expected)', (f) => f.delivered / f.expected, 4),
    row('gaps / duplicates', (f) => `${f.gaps} / ${f.duplicates}`, 0, false),
    row('spurious closes (by code)', (f) => (f.closes === 0 ? '0' : `${f.closes} (${Object.entries(f.closeCodes).map(([code, n]) => `${code}: ${n}`).join(', ')})`), 0, false),
    row('latency p50 (ms)', (f) => f.latencyMs.p50, 2),
    row('latency p95 (ms)', (f) => f.latencyMs.p95, 2),
    row('latency p99 (ms)', (f) => f.latencyMs.p99, 2),
    row('latency max (ms)', (f) => f.latencyMs.max, 1),
    row('server CPU per delivery (µs)', (f) => f.cpuUsPerDelivery, 2),
    row('server CPU busy (% of a core)', (f) => f.cpuShare * 100, 0),
    row('+ Postgres backends CPU per delivery (µs)', (f) => (f.dbCpuUsPerDelivery === null ? 'n/a' : f.dbCpuUsPerDelivery), 2, false),
    row('durable append p50 / p95 / p99 (ms)', (f) => appendCell(f), 0, false),
    row('server RSS at end (MB)', (f) => f.rssMb, 0),
    row('load generator CPU busy (% of a core)', (f) => f.loadgenCpuShare * 100, 0, false),
  ];
}

/** Concord's append percentiles; n/a for the references, and when no append finished in the window. */
function appendCell(f: TimedFigures): string {
  const values = [f.appendP50Ms, f.appendP95Ms, f.appendP99Ms];
  if (values.some((v) => v === null || Number.isNaN(v))) return 'n/a';
  return values.map((v) => (v as number).toFixed(2)).join(' / ');
}

function timedSummary(f: TimedFigures): string {
  return `p99 ${f.latencyMs.p99.toFixed(1)} ms, ${f.cpuUsPerDelivery.toFixed(2)} µs/delivery, ${f.delivered}/${f.expected} delivered, ${f.closes} closes`;
}

function idleRows(results: Partial<Record<ServerKind, IdleFigures>>): Row[] {
  const row = (metric: string, pick: (f: IdleFigures) => number | string, digits = 1, ratio = true): Row => ({
    metric,
    digits,
    ratio,
    values: Object.fromEntries(Object.entries(results).map(([k, f]) => [k, pick(f)])),
  });
  return [
    row('connect time, 1000 clients (ms)', (f) => f.connectMs, 0),
    row('RSS idle (MB)', (f) => f.rssIdleMb, 1),
    row('RSS with clients (MB)', (f) => f.rssConnectedMb, 1),
    row('KB per idle connection', (f) => f.kbPerConnection, 1),
    row('RSS after all left (MB)', (f) => f.rssAfterLeaveMb, 1),
    row('after leave vs idle', (f) => `${f.afterLeaveGrowth >= 0 ? '+' : ''}${(f.afterLeaveGrowth * 100).toFixed(1)} %`, 0, false),
    row('documents still loaded', (f) => f.docsLoadedAfterLeave, 0, false),
  ];
}

function firstSyncRows(results: Partial<Record<ServerKind, FirstSyncFigures>>): Row[] {
  const row = (metric: string, pick: (f: FirstSyncFigures) => number | string, digits = 1, ratio = true): Row => ({
    metric,
    digits,
    ratio,
    values: Object.fromEntries(Object.entries(results).map(([k, f]) => [k, pick(f)])),
  });
  const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(' ');
  return [
    row('seeding 10,000 edits (ms)', (f) => f.seedMs, 0, false),
    row('first sync warm, median (ms)', (f) => f.warmMs, 1),
    row('first sync cold, median (ms)', (f) => f.coldMs, 1),
    row('warm samples (ms)', (f) => list(f.warmSamples), 0, false),
    row('cold samples (ms)', (f) => list(f.coldSamples), 0, false),
  ];
}

async function eachServer<T>(
  scenario: string,
  run: (kind: ServerKind) => Promise<T>,
  options: { order?: ServerKind[]; summary?: (result: T) => string } = {},
): Promise<Partial<Record<ServerKind, T>>> {
  const results: Partial<Record<ServerKind, T>> = {};
  for (const kind of options.order ?? serverKinds) {
    const started = performance.now();
    try {
      const result = (results[kind] = await run(kind));
      const summary = options.summary ? `: ${options.summary(result)}` : '';
      console.log(`  ${scenario} / ${kind}: ${((performance.now() - started) / 1000).toFixed(1)} s${summary}`);
    } catch (error) {
      failed = true;
      console.error(`  ${scenario} / ${kind} FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return results;
}

try {
  for (const name of chosen as ScenarioName[]) {
    if (name === 'edits-200' || name === 'fanout' || name === 'fanout-awareness') {
      const plan = plans[name];
      const perRound: Array<Partial<Record<ServerKind, TimedFigures>>> = [];
      for (let round = 0; round < rounds; round++) {
        const label = rounds > 1 ? `${name} round ${round + 1}/${rounds}` : name;
        perRound.push(await eachServer(label, (kind) => runTimed({ loadgen, kind, plan, timing }), { order: rotate(serverKinds, round), summary: timedSummary }));
      }
      const results: Partial<Record<ServerKind, TimedFigures>> = {};
      for (const kind of serverKinds) {
        const done = perRound.flatMap((r) => (r[kind] ? [r[kind]] : []));
        // A server that failed any round has no figures: a partial fold would hide the failure.
        if (done.length === rounds) results[kind] = foldRounds(done);
      }
      figures.timed[name] = results;
      const title = {
        'edits-200': '200 clients on 10 documents, every client edits 1/s (stock providers)',
        fanout: '1000 clients on 10 documents, 5 writers per document at 4 edits/s (fan-out, raw receivers)',
        'fanout-awareness': 'fan-out with a cursor awareness update after every edit',
      }[name];
      console.log(renderTable(`${name}: ${title}${rounds > 1 ? ` (${rounds} rounds: medians, counts summed)` : ''}`, timedRows(results)));
    } else if (name === 'idle') {
      const results = await eachServer(name, (kind) => runIdle({ loadgen, kind, clients: 1000 }));
      figures.idle = results;
      console.log(renderTable('idle: 1000 clients, each on its own document (raw receivers, synced)', idleRows(results)));
    } else if (name === 'first-sync') {
      const results = await eachServer(name, (kind) => runFirstSync({ loadgen, kind, edits: 10_000, warmRuns: 9, coldRuns: 3 }));
      figures.firstSync = results;
      console.log(renderTable('first-sync: a new stock client syncs a document of 10,000 prior edits (warm: loaded; cold: server restarted)', firstSyncRows(results)));
    } else {
      if (!process.env.REDIS_URL) {
        console.log('\n### two-instances: skipped (REDIS_URL is not set)');
        continue;
      }
      const started = performance.now();
      try {
        const result = await runTimed({ loadgen, kind: 'concord', plan: plans.fanout, timing, instances: 2 });
        figures.twoInstances = result;
        console.log(`  two-instances / concord: ${((performance.now() - started) / 1000).toFixed(1)} s: ${timedSummary(result)}`);
        console.log(renderTable('two-instances: fan-out on Concord A + B (one Postgres + Redis, both on core 0), clients alternate between them', timedRows({ concord: result })));
      } catch (error) {
        failed = true;
        console.error(`  two-instances FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  console.log(renderTargets(checkTargets(figures)));
  console.log(`\nload average at end: ${load()}`);
  if (process.env.BENCH_LOAD_JSON) {
    writeFileSync(process.env.BENCH_LOAD_JSON, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`figures written to ${process.env.BENCH_LOAD_JSON}`);
  }
} finally {
  await loadgen.stop();
}
process.exitCode = failed ? 1 : 0;
