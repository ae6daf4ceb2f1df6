// Crash drill (issue 9): clients edit many documents continuously while the server is killed with
// SIGKILL again and again and restarted on the same storage. Every edit carries a unique token, so
// afterwards the drill can say exactly what was lost, duplicated or divergent. `npm run drill -- crash`
// runs the full drill; apps/server/test/integration/crash-drill.test.ts runs a short one in CI.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createApi } from '../test/helpers/api.ts';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { adminEmail, adminPassword } from '../test/helpers/test-server.ts';

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

export interface CrashDrillReport {
  backend: string;
  clients: number;
  documents: number;
  kills: number;
  editsMade: number;
  /** Distinct tokens some client received from the server (made by another client). */
  editsSeenBroadcast: number;
  /** Made or seen by anyone, absent after the final kill -9 and restart. */
  lost: number;
  /** Tokens present more than once (counted once per extra copy). */
  duplicated: number;
  /** Documents whose fresh reader after the final restart differs from what the clients converged on. */
  divergent: number;
  /** Kill → new process listening, per kill (ms). */
  downtimeMs: number[];
  /** New process listening → every client connected and synced again, per kill (ms). */
  recoveryMs: number[];
  durationMs: number;
}

interface DrillClient {
  index: number;
  documentId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  made: number;
}

const tokenArray = (doc: Y.Doc) => doc.getArray<string>('drill');

/**
 * Runs the crash drill on a fresh backend (Postgres when DATABASE_URL is set, else PGlite; Redis when
 * REDIS_URL is set) and reports lost, duplicated and divergent edits; the caller decides what passes.
 * @example const report = await runCrashDrill({ clients: 200, documents: 50, kills: 20, editIntervalMs: 1000, upMs: [2000, 4000] });
 */
export async function runCrashDrill(options: CrashDrillOptions): Promise<CrashDrillReport> {
  const log = options.log ?? (() => {});
  // Each stock provider adds a process 'exit' listener.
  process.setMaxListeners(Math.max(process.getMaxListeners(), options.clients + 20));
  const started = performance.now();
  const backend = await createBackend();
  const port = await freePort();
  let server: ChildServer | null = await startChildServer({ backend, port });
  const clients: DrillClient[] = [];
  const made = new Set<string>();
  const seen = new Set<string>();
  let editing = true;
  const timers: NodeJS.Timeout[] = [];
  try {
    const api = await createApi(server.url, adminEmail, adminPassword);
    const project = await api.createProject('crash drill');
    const documentIds: string[] = [];
    for (let i = 0; i < options.documents; i++) documentIds.push((await api.createDocument(project.id, `doc ${i}`)).id);

    const wsUrl = server.url.replace('http', 'ws');
    for (let index = 0; index < options.clients; index++) {
      const documentId = documentIds[index % documentIds.length]!;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${wsUrl}/yjs`, documentId, doc, {
        params: { token: api.token },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
        maxBackoffTime: 1000,
      });
      const client: DrillClient = { index, documentId, doc, provider, made: 0 };
      tokenArray(doc).observe((event) => {
        if (event.transaction.local) return;
        for (const delta of event.changes.delta) {
          if (delta.insert) for (const token of delta.insert as string[]) seen.add(token);
        }
      });
      clients.push(client);
    }
    await until(() => clients.every((c) => c.provider.synced), 60_000, 'every client synced at the start');
    log(`${options.clients} clients synced on ${options.documents} documents (${backendLabel(backend)})`);

    for (const client of clients) {
      const edit = () => {
        if (!editing) return;
        // Clients keep editing while the server is down: the stock provider resends on reconnect.
        const token = `c${client.index}-${client.made++}`;
        made.add(token);
        tokenArray(client.doc).push([token]);
        timers.push(setTimeout(edit, jitter(options.editIntervalMs)));
      };
      timers.push(setTimeout(edit, Math.random() * options.editIntervalMs));
    }

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
      await until(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 60_000, `clients back after kill ${kill}`);
      recoveryMs.push(performance.now() - listeningAt);
      log(`kill ${kill}/${options.kills}: down ${Math.round(listeningAt - killedAt)} ms, all clients synced ${Math.round(recoveryMs.at(-1)!)} ms later; ${made.size} edits made`);
    }

    editing = false;
    for (const timer of timers) clearTimeout(timer);
    await until(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), 60_000, 'clients synced after the last edit');
    await until(() => converged(clients), 60_000, 'clients of each document converged');
    const expected = new Map<string, string>();
    for (const client of clients) expected.set(client.documentId, JSON.stringify(tokenArray(client.doc).toJSON()));
    for (const client of clients) client.provider.destroy();

    // Only storage can answer now: the clients are gone and the process that served them is killed.
    await server.kill9();
    server = await startChildServer({ backend, port });
    let divergent = 0;
    const present = new Map<string, number>();
    for (const documentId of documentIds) {
      const tokens = await readDocument(wsUrl, documentId, api.token);
      if (JSON.stringify(tokens) !== expected.get(documentId)) divergent++;
      for (const token of tokens) present.set(token, (present.get(token) ?? 0) + 1);
    }
    const everyone = new Set([...made, ...seen]);
    const lost = [...everyone].filter((token) => !present.has(token)).length;
    const duplicated = [...present.values()].reduce((sum, count) => sum + count - 1, 0);
    return {
      backend: backendLabel(backend),
      clients: options.clients,
      documents: options.documents,
      kills: options.kills,
      editsMade: made.size,
      editsSeenBroadcast: seen.size,
      lost,
      duplicated,
      divergent,
      downtimeMs,
      recoveryMs,
      durationMs: performance.now() - started,
    };
  } finally {
    editing = false;
    for (const timer of timers) clearTimeout(timer);
    for (const client of clients) client.provider.destroy();
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

/** A fresh stock client's view of a document: connect, sync, read, leave. */
async function readDocument(wsUrl: string, documentId: string, token: string): Promise<string[]> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await until(() => provider.synced, 30_000, `fresh reader of ${documentId}`);
    return tokenArray(doc).toArray();
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

function converged(clients: DrillClient[]): boolean {
  const vectors = new Map<string, string>();
  for (const client of clients) {
    const vector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
    const first = vectors.get(client.documentId);
    if (first === undefined) vectors.set(client.documentId, vector);
    else if (first !== vector) return false;
  }
  return true;
}

function backendLabel(backend: { database: { kind: string }; redis: unknown }): string {
  return `${backend.database.kind}+${backend.redis ? 'redis' : 'memory'}`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const jitter = (ms: number) => ms * (0.5 + Math.random());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`crash drill: timed out waiting for ${what}`);
    await sleep(20);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const report = await runCrashDrill({
    clients: number('DRILL_CLIENTS', 200),
    documents: number('DRILL_DOCUMENTS', 50),
    kills: number('DRILL_KILLS', 20),
    editIntervalMs: number('DRILL_EDIT_INTERVAL_MS', 1000),
    upMs: [number('DRILL_UP_MIN_MS', 2000), number('DRILL_UP_MAX_MS', 4000)],
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### crash drill\n\n| figure | value |\n|---|---|\n${formatCrashReport(report)}`);
  process.exit(report.lost === 0 && report.duplicated === 0 && report.divergent === 0 ? 0 : 1);
}
