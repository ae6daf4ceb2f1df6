// The load generator child (pinned to its own core): connects stock clients and raw receivers, drives edits,
// and reports deliveries, latencies, gaps and closes. Driven by the orchestrator over IPC (see main.ts).
import { openRawReceiver, type RawReceiver } from './clients/raw-receiver.ts';
import { connectStockClient, type StockClient } from './clients/stock-client.ts';
import { serveRequests } from './ipc.ts';
import { createLoadRun, type RunResult } from './load-run.ts';
import type { Target } from './servers/types.ts';

/** What to connect: per document `clientsPerDoc` clients, the first `writersPerDoc` of them writers. */
export interface Plan {
  docs: number;
  clientsPerDoc: number;
  writersPerDoc: number;
  /** Edits per second of each writer. */
  editsPerSecond: number;
  /** A cursor awareness update right after every edit. */
  awareness: boolean;
  /** Non-writers: stock providers, or raw sockets for large fan-out. */
  receivers: 'provider' | 'raw';
}

export interface ConnectResult {
  clients: number;
  /** From the first connection attempt to the last client synced. */
  connectMs: number;
}

/** At most this many connections are being opened at once (a burst of 1000 SYNs overflows listen backlogs). */
const connectConcurrency = 100;
const localEdit = Symbol('bench edit');

interface Connected {
  stock: StockClient | null;
  raw: RawReceiver | null;
  /** Global writer index, or -1. */
  writer: number;
}

// Each stock y-websocket provider adds a process 'exit' listener (to clear its awareness state).
process.setMaxListeners(0);

let clients: Connected[] = [];
let run: ReturnType<typeof createLoadRun> | null = null;
let timers: NodeJS.Timeout[] = [];
let plan: Plan | null = null;
/** The client that seeded the first-sync document: it stays connected so the document stays loaded (warm). */
let seeder: StockClient | null = null;

async function connect(body: { target: Target; plan: Plan }): Promise<ConnectResult> {
  const { target } = body;
  const p = (plan = body.plan);
  if (target.docs.length < p.docs) throw new Error(`target has ${target.docs.length} documents, plan needs ${p.docs}`);
  const current = (run = createLoadRun({ peersPerDoc: () => p.clientsPerDoc - 1 }));
  const slots: Array<{ doc: number; c: number }> = [];
  for (let doc = 0; doc < p.docs; doc++) for (let c = 0; c < p.clientsPerDoc; c++) slots.push({ doc, c });
  clients = new Array<Connected>(slots.length);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < slots.length) {
      const i = next++;
      const { doc, c } = slots[i]!;
      const url = target.urls[c % target.urls.length]!;
      const docTarget = target.docs[doc]!;
      if (c < p.writersPerDoc || p.receivers === 'provider') {
        const stock = connectStockClient({ protocol: target.protocol, url, doc: docTarget });
        const writer = c < p.writersPerDoc ? current.addWriter(doc) : null;
        const receive = current.addReceiver(doc, writer?.index ?? -1);
        stock.doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== localEdit) receive(update);
        });
        clients[i] = { stock, raw: null, writer: writer?.index ?? -1 };
        await withTimeout(stock.synced, 60_000, 'client sync');
      } else {
        const receive = current.addReceiver(doc);
        const raw = openRawReceiver({ protocol: target.protocol, url, doc: docTarget, onFrame: receive });
        clients[i] = { stock: null, raw, writer: -1 };
        await withTimeout(raw.synced, 60_000, 'receiver sync');
      }
    }
  };
  await Promise.all(Array.from({ length: connectConcurrency }, worker));
  return { clients: clients.length, connectMs: performance.now() - started };
}

function startEdits(): void {
  const current = run;
  const p = plan;
  if (!current || !p || p.editsPerSecond <= 0) return;
  const period = 1000 / p.editsPerSecond;
  for (const client of clients) {
    if (client.writer < 0 || !client.stock) continue;
    const { stock } = client;
    const writer = current.writerAt(client.writer);
    const edit = () => {
      const marker = current.nextMarker(writer);
      stock.doc.transact(() => {
        stock.text.insert(stock.text.length, marker);
        stock.map.set('last', writer.sent.length);
      }, localEdit);
      if (p.awareness) stock.awareness.setLocalStateField('cursor', { anchor: stock.text.length, head: stock.text.length });
    };
    // Spread the writers over the period so edits do not arrive in bursts.
    timers.push(
      setTimeout(() => {
        edit();
        timers.push(setInterval(edit, period));
      }, Math.random() * period),
    );
  }
}

function stopEdits(): void {
  for (const timer of timers) clearTimeout(timer);
  timers = [];
}

/** Unexpected closes by close code, e.g. `{ 1006: 3 }`. */
function closeCodes(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of clients) for (const code of [...(c.stock?.closes() ?? []), ...(c.raw?.closes() ?? [])]) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

function disconnect(): void {
  stopEdits();
  for (const client of clients) {
    client.stock?.destroy();
    client.raw?.close();
  }
  clients = [];
  run = null;
  seeder?.destroy();
  seeder = null;
}

/** Makes `edits` edits (one transaction each, like the timed runs) on one document through one stock client, kept open. */
async function seed(body: { target: Target; doc: number; edits: number }): Promise<{ ms: number }> {
  const started = performance.now();
  const client = (seeder = connectStockClient({ protocol: body.target.protocol, url: body.target.urls[0]!, doc: body.target.docs[body.doc]! }));
  await client.synced;
  const writer = createLoadRun({ peersPerDoc: () => 0 });
  const w = writer.addWriter(body.doc);
  for (let seq = 0; seq < body.edits; seq++) {
    const marker = writer.nextMarker(w);
    client.doc.transact(() => {
      client.text.insert(client.text.length, marker);
      client.map.set('last', seq);
    }, localEdit);
    // Let the socket write between bursts instead of queueing all 10,000 frames at once.
    if (seq % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
  while (client.bufferedAmount() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  // Done when a new client syncs the whole text (the server may still be storing the tail).
  const expectChars = client.text.length;
  for (let attempt = 0; ; attempt++) {
    const { chars } = await firstSync({ target: body.target, doc: body.doc });
    if (chars === expectChars) break;
    if (attempt > 600) throw new Error(`seeded document has ${chars} of ${expectChars} characters`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { ms: performance.now() - started };
}

/**
 * A new stock client on the document: time from its creation until it holds the document, and the text it got.
 * With `expectChars`, "holds" means the text is that long: @y/websocket-server with y-leveldb answers a
 * client of a document it is still loading with the empty state and sends the stored content after, so its
 * `synced` alone would time an empty document.
 */
async function firstSync(body: { target: Target; doc: number; expectChars?: number }): Promise<{ ms: number; chars: number; syncedMs: number }> {
  const started = performance.now();
  const client = connectStockClient({ protocol: body.target.protocol, url: body.target.urls[0]!, doc: body.target.docs[body.doc]! });
  const complete = new Promise<void>((resolve) => {
    const check = () => {
      if (body.expectChars !== undefined && client.text.length >= body.expectChars) {
        client.doc.off('update', check);
        resolve();
      }
    };
    client.doc.on('update', check);
  });
  try {
    await withTimeout(client.synced, 60_000, 'first sync');
    const syncedMs = performance.now() - started;
    if (body.expectChars !== undefined && client.text.length < body.expectChars) await withTimeout(complete, 60_000, 'document content');
    return { ms: performance.now() - started, chars: client.text.length, syncedMs };
  } finally {
    client.destroy();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms))),
  ]);
}

serveRequests({
  connect,
  'start-edits': () => startEdits(),
  'window-start': () => run?.startWindow(),
  'window-end': () => run?.endWindow(),
  'stop-edits': () => stopEdits(),
  collect: (): RunResult & { closes: number; closeCodes: Record<string, number> } => {
    if (!run) throw new Error('no run');
    const codes = closeCodes();
    return { ...run.result(), closes: Object.values(codes).reduce((a, b) => a + b, 0), closeCodes: codes };
  },
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  disconnect: () => disconnect(),
  seed,
  'first-sync': firstSync,
  stop: () => disconnect(),
});
