// Outage drill (issue 9): clients edit documents through two instances while the instances' Redis and
// then their Postgres are stopped and started again. Edits made meanwhile must survive (clients keep
// them, the server retries and resumes), no instance may exit, the outage must be logged and /readyz
// must report it. Both services are private to the drill (the shared ones serve the whole test suite).
// `npm run drill -- outage` runs the full drill; test/integration/outage-drill.test.ts a short one in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { startPrivatePostgres } from '../test/helpers/private-postgres.ts';
import { startPrivateRedis } from '../test/helpers/private-redis.ts';
import { caughtUpWith, countOutcome, type EditOutcome, envNumber, type Fleet, openFleet, percentile, sleep, until, drillProject } from './harness.ts';

export type OutageKind = 'redis' | 'postgres';

export interface OutageDrillOptions {
  clients: number;
  documents: number;
  /** Instances sharing the private Postgres and Redis (clients of each document spread over them). */
  instances: number;
  /** Each client pushes one token this often (jittered ±50 %). */
  editIntervalMs: number;
  /** Redis outage then Postgres outage, this many times. */
  rounds: number;
  /** How long each service stays down. */
  downMs: Record<OutageKind, number>;
  /** Normal editing before each outage. */
  upMs: number;
  /** How long to wait for clients to sync or catch up before the drill fails (default 60 s). */
  waitMs?: number;
  log?: (line: string) => void;
}

export interface OutageRecord {
  kind: OutageKind;
  /** Stop → started again (ms). */
  downMs: number;
  /** Edits made while the service was down. */
  editsDuring: number;
  /** Every instance answered /readyz with 503 at least once while the service was down. */
  notReadyDuring: boolean;
  /** Started again → every instance answers /readyz with 200 (ms). */
  readyAgainMs: number;
  /** Started again → every client synced and holding everything any client made before (ms). */
  recoveryMs: number;
  /** warn/error lines the instances logged from the stop to the recovery, readiness checks not counted. */
  errorLines: number;
  /** Their distinct messages. */
  errorMessages: string[];
}

export interface OutageDrillReport extends EditOutcome {
  backend: string;
  clients: number;
  documents: number;
  instances: number;
  outages: OutageRecord[];
  /** Instances that exited during the drill (must be 0). */
  exited: number;
  durationMs: number;
}

/**
 * Sends `GET /readyz` to every instance every 100 ms and keeps what each answered to a request sent
 * when: 200 is ready; 503, no answer within 3 s or a refused connection is not. A probe does not wait
 * for the one before it: on a loaded machine answers can take longer than an outage lasts, and probes
 * sent one after another could then all fall outside it.
 */
function readinessWatch(urls: string[]) {
  const samples = urls.map(() => [] as { sentAt: number; at: number; ready: boolean }[]);
  const inFlight = new Set<Promise<void>>();
  const probe = (url: string, instance: number) => {
    const sentAt = Date.now();
    const done = fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status === 200;
      })
      .catch(() => false)
      .then((ready) => {
        samples[instance]!.push({ sentAt, at: Date.now(), ready });
        inFlight.delete(done);
      });
    inFlight.add(done);
  };
  const timer = setInterval(() => urls.forEach(probe), 100);
  urls.forEach(probe);
  return {
    /** Every instance answered not ready at least once to a request sent between `from` and `to` (epoch ms). */
    everyNotReadyBetween: (from: number, to: number) => samples.every((list) => list.some((s) => !s.ready && s.sentAt >= from && s.sentAt <= to)),
    /** Waits until every instance answered ready to a request sent after `from`; resolves the epoch ms the last of them did. */
    async allReadyAfter(from: number, timeoutMs: number): Promise<number> {
      const firstReady = () => samples.map((list) => list.find((s) => s.ready && s.sentAt >= from)?.at);
      await until(() => firstReady().every((at) => at !== undefined), timeoutMs, 'every instance ready again');
      return Math.max(...firstReady().map(Number));
    },
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

/** A backend on the private services, in the shape child servers take. */
function privateBackend(databaseUrl: string, redisUrl: string): Backend {
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-outage-'));
  return {
    dataDir,
    database: { kind: 'postgres', url: databaseUrl },
    redis: { url: redisUrl, prefix: 'concord-outage' },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** warn (40) and above logged between `from` and `to` (epoch ms), readiness checks left out: what the outage itself logged. */
function errorsLogged(servers: ChildServer[], from: number, to: number): { count: number; messages: string[] } {
  let count = 0;
  const messages = new Set<string>();
  for (const server of servers) {
    for (const line of server.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; time?: number; msg?: string };
        if ((entry.level ?? 0) < 40 || (entry.time ?? 0) < from || (entry.time ?? 0) > to || entry.msg === 'readiness check failed') continue;
        count++;
        messages.add(entry.msg ?? '');
      } catch {
        // Not a log line.
      }
    }
  }
  return { count, messages: [...messages].sort() };
}

/**
 * Runs the outage drill on a private Postgres cluster and a private redis-server (needs the Postgres
 * server binaries and redis-server) and reports per outage and for the edits; the caller decides what passes.
 * @example const report = await runOutageDrill({ clients: 100, documents: 20, instances: 2, editIntervalMs: 1000, rounds: 3, downMs: { redis: 2000, postgres: 3000 }, upMs: 3000 });
 */
export async function runOutageDrill(options: OutageDrillOptions): Promise<OutageDrillReport> {
  const log = options.log ?? (() => {});
  const waitMs = options.waitMs ?? 60_000;
  const started = performance.now();
  const postgres = await startPrivatePostgres();
  const redis = await startPrivateRedis().catch(async (error: unknown) => {
    await postgres.dispose();
    throw error;
  });
  const backend = privateBackend(postgres.url, redis.url);
  const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
  let servers: ChildServer[] = [];
  let fleet: Fleet | null = null;
  let watch: ReturnType<typeof readinessWatch> | null = null;
  try {
    for (const port of ports) servers.push(await startChildServer({ backend, port }));
    const { api, documentIds } = await drillProject(servers[0]!.url, 'outage drill', options.documents);
    const wsUrls = servers.map((server) => server.url.replace('http', 'ws'));
    const clients = openFleet({ urls: wsUrls, token: api.token, documentIds, clients: options.clients, splitDocuments: true });
    fleet = clients;
    await until(clients.allSynced, waitMs, 'every client synced at the start');
    log(`${options.clients} clients synced on ${options.documents} documents through ${options.instances} instances`);
    watch = readinessWatch(servers.map((server) => server.url));
    clients.startEditing(options.editIntervalMs);

    const outages: OutageRecord[] = [];
    const service = { redis, postgres };
    for (let round = 1; round <= options.rounds; round++) {
      for (const kind of ['redis', 'postgres'] as const) {
        await sleep(options.upMs);
        const madeBefore = clients.made.size;
        const stoppedAt = Date.now();
        await service[kind].stop();
        await sleep(options.downMs[kind]);
        await service[kind].start();
        const backAt = Date.now();
        const editsDuring = clients.made.size - madeBefore;
        const caughtUp = caughtUpWith(clients);
        await until(() => clients.allSynced() && caughtUp(), waitMs, `clients caught up after the ${kind} outage`);
        const recoveryMs = Date.now() - backAt;
        const readyAt = await watch.allReadyAfter(backAt, 30_000);
        const logged = errorsLogged(servers, stoppedAt, backAt + recoveryMs);
        const record: OutageRecord = {
          kind,
          downMs: backAt - stoppedAt,
          editsDuring,
          notReadyDuring: watch.everyNotReadyBetween(stoppedAt, backAt),
          readyAgainMs: readyAt - backAt,
          recoveryMs,
          errorLines: logged.count,
          errorMessages: logged.messages,
        };
        outages.push(record);
        log(
          `${kind} outage ${round}/${options.rounds}: down ${record.downMs} ms (${editsDuring} edits meanwhile), ` +
            `readyz 503 during: ${record.notReadyDuring}, ready ${record.readyAgainMs} ms and every client caught up ${recoveryMs} ms after; ${record.errorLines} warn/error lines (${record.errorMessages.join('; ')})`,
        );
      }
    }

    await watch.stop();
    const exited = servers.filter((server) => server.process.exitCode !== null || server.process.signalCode !== null).length;
    clients.stopEditing();
    await until(clients.allSynced, waitMs, 'clients synced after the last edit');
    await until(clients.converged, waitMs, 'clients of each document converged');
    const expected = clients.contents();
    clients.destroy();
    // Only storage can answer now: the clients are gone and the instances that served them restart.
    for (const server of servers) await server.kill9();
    servers = [];
    for (const port of ports) servers.push(await startChildServer({ backend, port }));
    const outcome = await countOutcome(clients, expected, wsUrls, api.token);
    return {
      ...outcome,
      backend: `private postgres+redis, ${options.instances} instance${options.instances === 1 ? '' : 's'}`,
      clients: options.clients,
      documents: options.documents,
      instances: options.instances,
      outages,
      exited,
      durationMs: performance.now() - started,
    };
  } finally {
    await watch?.stop();
    fleet?.destroy();
    // kill -9: a SIGTERM'd instance waits for storage to take what is pending, and a failed run may leave it unable to.
    for (const server of servers) await server.kill9();
    await backend.dispose();
    await redis.dispose();
    await postgres.dispose();
  }
}

/** Formats a report as the table docs/reliability.md records. */
export function formatOutageReport(report: OutageDrillReport): string {
  const of = (kind: OutageKind) => report.outages.filter((outage) => outage.kind === kind);
  const ms = (values: number[], p: number) => (values.length === 0 ? 'n/a' : `${Math.round(percentile(values, p))} ms`);
  const rows = (kind: OutageKind, label: string) => {
    const outages = of(kind);
    return [
      `| faults: ${label} | ${outages.length} (down ${ms(outages.map((o) => o.downMs), 50)} each, ${outages.reduce((sum, o) => sum + o.editsDuring, 0)} edits made meanwhile) |`,
      `| ${kind}: /readyz 503 during every outage, on every instance | ${outages.every((o) => o.notReadyDuring) ? 'yes' : 'no'} |`,
      `| ${kind}: back → every instance ready p50 / max | ${ms(outages.map((o) => o.readyAgainMs), 50)} / ${ms(outages.map((o) => o.readyAgainMs), 100)} |`,
      `| ${kind}: recovery (back → every client synced and caught up) p50 / p99 / max | ${ms(outages.map((o) => o.recoveryMs), 50)} / ${ms(outages.map((o) => o.recoveryMs), 99)} / ${ms(outages.map((o) => o.recoveryMs), 100)} |`,
      `| ${kind}: warn/error lines logged per outage (min) | ${Math.min(...outages.map((o) => o.errorLines))} |`,
    ];
  };
  return [
    `| backend | ${report.backend} |`,
    `| clients / documents | ${report.clients} / ${report.documents} |`,
    ...rows('redis', 'Redis stop + start (empty)'),
    ...rows('postgres', 'Postgres stop -m fast + start'),
    `| instances exited | ${report.exited} |`,
    `| edits made / seen broadcast by another client | ${report.editsMade} / ${report.editsSeenBroadcast} |`,
    `| lost / duplicated / divergent documents | ${report.lost} / ${report.duplicated} / ${report.divergent} |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runOutageDrill({
    clients: envNumber('DRILL_CLIENTS', 100),
    documents: envNumber('DRILL_DOCUMENTS', 20),
    instances: envNumber('DRILL_INSTANCES', 2),
    editIntervalMs: envNumber('DRILL_EDIT_INTERVAL_MS', 1000),
    rounds: envNumber('DRILL_ROUNDS', 3),
    downMs: { redis: envNumber('DRILL_REDIS_DOWN_MS', 2000), postgres: envNumber('DRILL_POSTGRES_DOWN_MS', 3000) },
    upMs: envNumber('DRILL_UP_MS', 3000),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### outage drill\n\n| figure | value |\n|---|---|\n${formatOutageReport(report)}`);
  const passed =
    report.lost === 0 && report.duplicated === 0 && report.divergent === 0 && report.exited === 0 && report.outages.every((o) => o.notReadyDuring && o.errorLines > 0);
  process.exit(passed ? 0 : 1);
}
