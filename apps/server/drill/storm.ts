// Reconnect storm (issue 9): hundreds of stock clients are connected when the server restarts; they all
// come back at once. Measures the time until every one of them is synced again, counts the database
// connections the server opens meanwhile (Postgres only) and checks nothing is lost or duplicated.
// `npm run drill -- storm`; a short run is in apps/server/test/integration/storm-drill.test.ts.
import { pathToFileURL } from 'node:url';
import { createDb } from '@concord/db';
import { sql } from 'drizzle-orm';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { backendLabel, countOutcome, type EditOutcome, envNumber, openFleet, sleep, until, drillProject } from './harness.ts';

/** The server's pool size (packages/db create-db.ts); the storm must not open more. */
export const serverPoolSize = 10;

export interface StormDrillOptions {
  clients: number;
  documents: number;
  editIntervalMs: number;
  /** Seconds of editing before each restart. */
  settleMs: number;
  log?: (line: string) => void;
}

export interface StormRestart {
  kind: 'SIGTERM' | 'SIGKILL';
  /** Signal → new process listening (ms). */
  downMs: number;
  /** New process listening → every client connected and synced (ms). */
  allSyncedMs: number;
  /** Most connections the server held to its database during the storm; null on PGlite. */
  maxDbConnections: number | null;
}

export interface StormDrillReport extends EditOutcome {
  backend: string;
  clients: number;
  documents: number;
  restarts: StormRestart[];
  durationMs: number;
}

/**
 * Restarts the server twice under `clients` connected stock clients, once gracefully (SIGTERM: clients get
 * 1012) and once with SIGKILL, and reports how fast they all synced again.
 * @example const report = await runStormDrill({ clients: 500, documents: 50, editIntervalMs: 2000, settleMs: 3000 });
 */
export async function runStormDrill(options: StormDrillOptions): Promise<StormDrillReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const backend = await createBackend();
  const port = await freePort();
  let server: ChildServer | null = await startChildServer({ backend, port });
  const probe = backend.database.kind === 'postgres' ? await createDb({ target: { kind: 'postgres', url: backend.database.url, poolSize: 1 } }) : null;
  const databaseName = backend.database.kind === 'postgres' ? new URL(backend.database.url).pathname.slice(1) : '';
  let fleet: ReturnType<typeof openFleet> | null = null;
  try {
    const { api, documentIds } = await drillProject(server.url, 'storm drill', options.documents);
    const wsUrl = server.url.replace('http', 'ws');
    // The stock provider's own reconnect back-off (up to 2.5 s), as browsers would have it.
    const clients = openFleet({ urls: [wsUrl], token: api.token, documentIds, clients: options.clients, maxBackoffTime: 2500 });
    fleet = clients;
    await until(clients.allSynced, 120_000, 'every client synced at the start');
    log(`${options.clients} clients synced on ${options.documents} documents (${backendLabel(backend)})`);
    clients.startEditing(options.editIntervalMs);

    const restarts: StormRestart[] = [];
    for (const kind of ['SIGTERM', 'SIGKILL'] as const) {
      await sleep(options.settleMs);
      const signalledAt = performance.now();
      if (kind === 'SIGTERM') await server.stop();
      else await server.kill9();
      server = null;
      server = await startChildServer({ backend, port });
      const listeningAt = performance.now();
      let maxDbConnections: number | null = null;
      const sampling = probe ? sampleConnections(probe.db, databaseName, (n) => (maxDbConnections = Math.max(maxDbConnections ?? 0, n))) : null;
      await until(clients.allSynced, 120_000, `every client synced after the ${kind} restart`);
      const allSyncedMs = performance.now() - listeningAt;
      await sampling?.stop();
      restarts.push({ kind, downMs: listeningAt - signalledAt, allSyncedMs, maxDbConnections });
      log(`${kind}: down ${Math.round(listeningAt - signalledAt)} ms, all ${options.clients} clients synced ${Math.round(allSyncedMs)} ms after listening; db connections max ${maxDbConnections ?? 'n/a'}`);
    }

    clients.stopEditing();
    await until(clients.allSynced, 60_000, 'clients synced after the last edit');
    await until(clients.converged, 60_000, 'clients of each document converged');
    const expected = clients.contents();
    clients.destroy();
    await server.stop();
    server = await startChildServer({ backend, port });
    const outcome = await countOutcome(clients, expected, wsUrl, api.token);
    return { ...outcome, backend: backendLabel(backend), clients: options.clients, documents: options.documents, restarts, durationMs: performance.now() - started };
  } finally {
    fleet?.destroy();
    await server?.stop();
    await probe?.close();
    await backend.dispose();
  }
}

/** Samples the server's connections to `database` (the probe's own excluded) every 50 ms until stopped. */
function sampleConnections(db: Awaited<ReturnType<typeof createDb>>['db'], database: string, onSample: (count: number) => void) {
  let running = true;
  const loop = (async () => {
    while (running) {
      const query = sql`select count(*)::int as n from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
      const result = (await db.execute(query)) as unknown as { rows: { n: number }[] };
      onSample(Number(result.rows[0]?.n ?? 0));
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

export function formatStormReport(report: StormDrillReport): string {
  const rows = report.restarts.map(
    (r) => `| ${r.kind} restart: down / all synced after listening / max db connections | ${Math.round(r.downMs)} ms / ${Math.round(r.allSyncedMs)} ms / ${r.maxDbConnections ?? 'n/a (PGlite)'} |`,
  );
  return [
    `| backend | ${report.backend} |`,
    `| clients / documents | ${report.clients} / ${report.documents} |`,
    ...rows,
    `| edits made / seen broadcast by another client | ${report.editsMade} / ${report.editsSeenBroadcast} |`,
    `| lost / duplicated / divergent documents | ${report.lost} / ${report.duplicated} / ${report.divergent} |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runStormDrill({
    clients: envNumber('DRILL_CLIENTS', 500),
    documents: envNumber('DRILL_DOCUMENTS', 50),
    editIntervalMs: envNumber('DRILL_EDIT_INTERVAL_MS', 2000),
    settleMs: envNumber('DRILL_SETTLE_MS', 3000),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### reconnect storm\n\n| figure | value |\n|---|---|\n${formatStormReport(report)}`);
  const withinTarget = report.restarts.every((r) => r.allSyncedMs <= 10_000 && (r.maxDbConnections ?? 0) <= serverPoolSize);
  process.exit(report.lost === 0 && report.duplicated === 0 && report.divergent === 0 && withinTarget ? 0 : 1);
}
