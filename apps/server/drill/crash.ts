// Crash drill (issue 9): clients edit many documents continuously while the server is killed with
// SIGKILL again and again and restarted on the same storage. Every edit carries a unique token, so
// afterwards the drill can say exactly what was lost, duplicated or divergent. `npm run drill -- crash`
// runs the full drill; apps/server/test/integration/crash-drill.test.ts runs a short one in CI.
import { pathToFileURL } from 'node:url';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { backendLabel, countOutcome, type EditOutcome, envNumber, openFleet, percentile, sleep, until, drillProject } from './harness.ts';

export interface CrashDrillOptions {
  clients: number;
  documents: number;
  /** SIGKILLs during the run (each followed by a restart). */
  kills: number;
  /** Each client pushes one token this often (jittered ±50 %). */
  editIntervalMs: number;
  /** Server up-time between a restart being ready and the next kill, drawn uniformly from this range. */
  upMs: [number, number];
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

export interface CrashDrillReport extends EditOutcome {
  backend: string;
  clients: number;
  documents: number;
  kills: number;
  /** Kill → new process listening, per kill (ms). */
  downtimeMs: number[];
  /** New process listening → every client connected and synced again, per kill (ms). */
  recoveryMs: number[];
  durationMs: number;
}

/**
 * Runs the crash drill on a fresh backend (Postgres when DATABASE_URL is set, else PGlite; Redis when
 * REDIS_URL is set) and reports lost, duplicated and divergent edits; the caller decides what passes.
 * @example const report = await runCrashDrill({ clients: 200, documents: 50, kills: 20, editIntervalMs: 1000, upMs: [2000, 4000] });
 */
export async function runCrashDrill(options: CrashDrillOptions): Promise<CrashDrillReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const backend = await createBackend();
  const port = await freePort();
  let server: ChildServer | null = await startChildServer({ backend, port });
  let fleet: ReturnType<typeof openFleet> | null = null;
  try {
    const { api, documentIds } = await drillProject(server.url, 'crash drill', options.documents);
    const wsUrl = server.url.replace('http', 'ws');
    const clients = openFleet({ urls: [wsUrl], token: api.token, documentIds, clients: options.clients });
    fleet = clients;
    await until(clients.allSynced, 60_000, 'every client synced at the start');
    log(`${options.clients} clients synced on ${options.documents} documents (${backendLabel(backend)})`);
    clients.startEditing(options.editIntervalMs);

    const downtimeMs: number[] = [];
    const recoveryMs: number[] = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      await sleep(options.upMs[0] + Math.random() * (options.upMs[1] - options.upMs[0]));
      const killedAt = performance.now();
      await server.kill9();
      server = null;
      server = await startChildServer({ backend, port });
      const listeningAt = performance.now();
      downtimeMs.push(listeningAt - killedAt);
      await until(clients.allSynced, 60_000, `clients back after kill ${kill}`);
      recoveryMs.push(performance.now() - listeningAt);
      log(`kill ${kill}/${options.kills}: down ${Math.round(listeningAt - killedAt)} ms, all clients synced ${Math.round(recoveryMs.at(-1)!)} ms later; ${clients.made.size} edits made`);
    }

    clients.stopEditing();
    await until(clients.allSynced, 60_000, 'clients synced after the last edit');
    await until(clients.converged, 60_000, 'clients of each document converged');
    const expected = clients.contents();
    clients.destroy();
    // Only storage can answer now: the clients are gone and the process that served them is killed.
    await server.kill9();
    server = await startChildServer({ backend, port });
    const outcome = await countOutcome(clients, expected, wsUrl, api.token);
    return {
      ...outcome,
      backend: backendLabel(backend),
      clients: options.clients,
      documents: options.documents,
      kills: options.kills,
      downtimeMs,
      recoveryMs,
      durationMs: performance.now() - started,
    };
  } finally {
    fleet?.destroy();
    await server?.stop();
    await backend.dispose();
  }
}

/** Formats a report as the table docs/reliability.md records. */
export function formatCrashReport(report: CrashDrillReport): string {
  const ms = (values: number[], p: number) => (values.length === 0 ? 'n/a' : `${Math.round(percentile(values, p))} ms`);
  return [
    `| backend | ${report.backend} |`,
    `| clients / documents | ${report.clients} / ${report.documents} |`,
    `| faults: SIGKILL + restart | ${report.kills} (+1 final, before the fresh read) |`,
    `| edits made / seen broadcast by another client | ${report.editsMade} / ${report.editsSeenBroadcast} |`,
    `| lost / duplicated / divergent documents | ${report.lost} / ${report.duplicated} / ${report.divergent} |`,
    `| downtime per kill p50 / p99 | ${ms(report.downtimeMs, 50)} / ${ms(report.downtimeMs, 99)} |`,
    `| recovery (listening → every client synced) p50 / p99 / max | ${ms(report.recoveryMs, 50)} / ${ms(report.recoveryMs, 99)} / ${ms(report.recoveryMs, 100)} |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runCrashDrill({
    clients: envNumber('DRILL_CLIENTS', 200),
    documents: envNumber('DRILL_DOCUMENTS', 50),
    kills: envNumber('DRILL_KILLS', 20),
    editIntervalMs: envNumber('DRILL_EDIT_INTERVAL_MS', 1000),
    upMs: [envNumber('DRILL_UP_MIN_MS', 2000), envNumber('DRILL_UP_MAX_MS', 4000)],
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### crash drill\n\n| figure | value |\n|---|---|\n${formatCrashReport(report)}`);
  process.exit(report.lost === 0 && report.duplicated === 0 && report.divergent === 0 ? 0 : 1);
}
