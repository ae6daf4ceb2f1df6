// Two-instance drill (issue 9): clients of every document are spread over two instances that share one
// database and Redis prefix, and all edit at once for a while. Afterwards every client must hold the
// same state per document (identical state vectors and JSON), fresh readers through BOTH live instances
// must see exactly that, and so must fresh readers after both restarted (storage only).
// `npm run drill -- two-instances` runs the full drill; test/integration/two-instance-drill.test.ts a short one.
import { pathToFileURL } from 'node:url';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { backendLabel, countOutcome, type EditOutcome, envNumber, type Fleet, openFleet, sleep, tokenArray, until, drillProject } from './harness.ts';

export interface TwoInstanceDrillOptions {
  clients: number;
  documents: number;
  /** Each client pushes one token this often (jittered ±50 %). */
  editIntervalMs: number;
  /** How long everyone edits. */
  editForMs: number;
  /** How long to wait for clients to sync or converge before the drill fails (default 60 s). */
  waitMs?: number;
  log?: (line: string) => void;
}

export interface TwoInstanceDrillReport extends EditOutcome {
  backend: string;
  clients: number;
  documents: number;
  /** Clients connected through each instance. */
  clientsPerInstance: number[];
  /** Documents whose clients were on both instances (all of them when clients ≥ 2 × documents). */
  documentsOnBoth: number;
  /** Last edit → every client synced with identical state vectors per document (ms). */
  convergedMs: number;
  /** Documents where a fresh reader through either live instance differed from the clients. */
  divergentLive: number;
  durationMs: number;
}

/** The clients of each document hold the same JSON (with `converged`: identical state vectors). */
function sameJson(fleet: Fleet): boolean {
  const json = new Map<string, string>();
  return fleet.clients.every((client) => {
    const mine = JSON.stringify(tokenArray(client.doc).toJSON());
    const first = json.get(client.documentId);
    if (first === undefined) json.set(client.documentId, mine);
    return first === undefined || first === mine;
  });
}

/** Whether the shared services the drill needs are configured; the reason to skip when not. */
export function twoInstanceDrillSkipReason(): string | null {
  const unset = ['DATABASE_URL', 'REDIS_URL'].filter((name) => !process.env[name]);
  return unset.length === 0 ? null : `needs a shared Postgres and Redis (${unset.join(' and ')} unset)`;
}

/**
 * Runs the two-instance drill on a fresh database and Redis prefix of the shared services (DATABASE_URL,
 * REDIS_URL; throws when unset, see `twoInstanceDrillSkipReason`); the caller decides what passes.
 * @example const report = await runTwoInstanceDrill({ clients: 100, documents: 20, editIntervalMs: 500, editForMs: 30_000 });
 */
export async function runTwoInstanceDrill(options: TwoInstanceDrillOptions): Promise<TwoInstanceDrillReport> {
  const skip = twoInstanceDrillSkipReason();
  if (skip) throw new Error(`two-instance drill ${skip}`);
  const log = options.log ?? (() => {});
  const waitMs = options.waitMs ?? 60_000;
  const started = performance.now();
  const backend = await createBackend();
  const ports = [await freePort(), await freePort()];
  let servers: ChildServer[] = [];
  let fleet: Fleet | null = null;
  try {
    // One after the other: the first migrates the fresh database.
    for (const port of ports) servers.push(await startChildServer({ backend, port }));
    const { api, documentIds } = await drillProject(servers[0]!.url, 'two-instance drill', options.documents);
    const wsUrls = servers.map((server) => server.url.replace('http', 'ws'));
    const clients = openFleet({ urls: wsUrls, token: api.token, documentIds, clients: options.clients, splitDocuments: true });
    fleet = clients;
    await until(clients.allSynced, waitMs, 'every client synced at the start');
    const instanceOf = (client: Fleet['clients'][number]) => wsUrls.findIndex((url) => client.provider.url.startsWith(`${url}/`));
    const clientsPerInstance = wsUrls.map((_, instance) => clients.clients.filter((client) => instanceOf(client) === instance).length);
    const documentsOnBoth = documentIds.filter((id) => new Set(clients.clients.filter((c) => c.documentId === id).map(instanceOf)).size === 2).length;
    log(`${options.clients} clients synced on ${options.documents} documents (${clientsPerInstance.join(' + ')} per instance, ${documentsOnBoth} documents on both)`);

    clients.startEditing(options.editIntervalMs);
    await sleep(options.editForMs);
    clients.stopEditing();
    const stoppedAt = performance.now();
    await until(() => clients.allSynced() && clients.converged() && sameJson(clients), waitMs, 'clients of each document converged');
    const convergedMs = performance.now() - stoppedAt;
    const expected = clients.contents();
    log(`${clients.made.size} edits in ${options.editForMs} ms; converged ${Math.round(convergedMs)} ms after the last`);
    clients.destroy();

    // Fresh readers through both live instances (their rooms' memory), then through both restarted (storage).
    const live = await countOutcome(clients, expected, wsUrls, api.token);
    for (const server of servers) await server.stop();
    servers = [];
    for (const port of ports) servers.push(await startChildServer({ backend, port }));
    const stored = await countOutcome(clients, expected, wsUrls, api.token);
    return {
      ...stored,
      backend: `${backendLabel(backend)}, 2 instances`,
      clients: options.clients,
      documents: options.documents,
      clientsPerInstance,
      documentsOnBoth,
      convergedMs,
      divergentLive: live.divergent,
      lost: Math.max(live.lost, stored.lost),
      duplicated: Math.max(live.duplicated, stored.duplicated),
      durationMs: performance.now() - started,
    };
  } finally {
    fleet?.destroy();
    for (const server of servers) await server.stop();
    await backend.dispose();
  }
}

/** Formats a report as the table docs/reliability.md records. */
export function formatTwoInstanceReport(report: TwoInstanceDrillReport): string {
  return [
    `| backend | ${report.backend} |`,
    `| clients (per instance) / documents (with clients on both) | ${report.clients} (${report.clientsPerInstance.join(' + ')}) / ${report.documents} (${report.documentsOnBoth}) |`,
    `| faults | none: concurrent edits on the same documents through both instances |`,
    `| edits made / seen broadcast by another client | ${report.editsMade} / ${report.editsSeenBroadcast} |`,
    `| lost / duplicated | ${report.lost} / ${report.duplicated} |`,
    `| divergent documents: live readers on both instances / after both restarted | ${report.divergentLive} / ${report.divergent} |`,
    `| last edit → every client converged | ${Math.round(report.convergedMs)} ms |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const skip = twoInstanceDrillSkipReason();
  if (skip) {
    console.log(`two-instance drill skipped: it ${skip}`);
    process.exit(0);
  }
  const report = await runTwoInstanceDrill({
    clients: envNumber('DRILL_CLIENTS', 100),
    documents: envNumber('DRILL_DOCUMENTS', 20),
    editIntervalMs: envNumber('DRILL_EDIT_INTERVAL_MS', 500),
    editForMs: envNumber('DRILL_EDIT_FOR_MS', 30_000),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### two-instance drill\n\n| figure | value |\n|---|---|\n${formatTwoInstanceReport(report)}`);
  process.exit(report.lost === 0 && report.duplicated === 0 && report.divergent === 0 && report.divergentLive === 0 ? 0 : 1);
}
