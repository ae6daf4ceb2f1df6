// Shared pieces of the drills: stock y-websocket clients that each push unique tokens into their
// document, and the accounting that turns those tokens into lost / duplicated / divergent counts.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Api, createApi } from '../test/helpers/api.ts';
import { adminEmail, adminPassword } from '../test/helpers/test-server.ts';

export interface DrillClient {
  index: number;
  documentId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  made: number;
}

/** The tokens of a drill document, in document order. */
export const tokenArray = (doc: Y.Doc) => doc.getArray<string>('drill');

/** What every drill reports about the edits. */
export interface EditOutcome {
  editsMade: number;
  /** Distinct tokens some client received from the server (made by another client). */
  editsSeenBroadcast: number;
  /** Made or seen by anyone, absent from what a fresh reader finds at the end. */
  lost: number;
  /** Tokens present more than once (counted once per extra copy). */
  duplicated: number;
  /** Documents whose fresh reader differs from what the clients converged on. */
  divergent: number;
}

/**
 * Stock clients spread round robin over documents (urls round robin too, for several instances); each
 * pushes a token `c<client>-<n>` every `editIntervalMs` (jittered) between `startEditing` and `stopEditing`,
 * also while disconnected (the stock provider resends on reconnect).
 * @example const fleet = openFleet({ urls: [wsUrl], token, documentIds, clients: 200 });
 */
export function openFleet(options: {
  urls: string[];
  token: string;
  documentIds: string[];
  clients: number;
  maxBackoffTime?: number;
  /** Spread each document's clients over the urls (its k-th client → url k mod urls), whatever the counts. */
  splitDocuments?: boolean;
  /** Prepended to every token, so several fleets of one run never share one. */
  clientPrefix?: string;
}) {
  // Each stock provider adds a process 'exit' listener.
  process.setMaxListeners(Math.max(process.getMaxListeners(), options.clients + 20));
  const clients: DrillClient[] = [];
  const made = new Set<string>();
  const seen = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let editing = false;
  for (let index = 0; index < options.clients; index++) {
    const documentId = options.documentIds[index % options.documentIds.length]!;
    const doc = new Y.Doc();
    const urlIndex = options.splitDocuments ? Math.floor(index / options.documentIds.length) : index;
    const provider = new WebsocketProvider(`${options.urls[urlIndex % options.urls.length]}/yjs`, documentId, doc, {
      params: { token: options.token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: options.maxBackoffTime ?? 1000,
    });
    tokenArray(doc).observe((event) => {
      if (event.transaction.local) return;
      for (const delta of event.changes.delta) {
        if (delta.insert) for (const token of delta.insert as string[]) seen.add(token);
      }
    });
    clients.push({ index, documentId, doc, provider, made: 0 });
  }
  const schedule = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  return {
    clients,
    made,
    seen,
    startEditing(editIntervalMs: number) {
      editing = true;
      for (const client of clients) {
        const edit = () => {
          if (!editing) return;
          const token = `${options.clientPrefix ?? ''}c${client.index}-${client.made++}`;
          made.add(token);
          tokenArray(client.doc).push([token]);
          schedule(edit, editIntervalMs * (0.5 + Math.random()));
        };
        schedule(edit, Math.random() * editIntervalMs);
      }
    },
    stopEditing() {
      editing = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    /** Every client connected and synced with the server. */
    allSynced: () => clients.every((c) => c.provider.wsconnected && c.provider.synced),
    /** The clients of each document hold identical state vectors. */
    converged(): boolean {
      const vectors = new Map<string, string>();
      for (const client of clients) {
        const vector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
        const first = vectors.get(client.documentId);
        if (first === undefined) vectors.set(client.documentId, vector);
        else if (first !== vector) return false;
      }
      return true;
    },
    /** Each document's content as its clients hold it (JSON of the token array). */
    contents(): Map<string, string> {
      const contents = new Map<string, string>();
      for (const client of clients) contents.set(client.documentId, JSON.stringify(tokenArray(client.doc).toJSON()));
      return contents;
    },
    destroy() {
      this.stopEditing();
      for (const client of clients) {
        client.provider.destroy();
        client.doc.destroy();
      }
    },
  };
}

export type Fleet = ReturnType<typeof openFleet>;

/**
 * Counts the outcome: `expected` is what the clients converged on, read back by a fresh stock client per
 * document from `wsUrl` (call it after the clients left and the server restarted, so only storage answers).
 * With several urls (instances) each document is read from every one; it is divergent if any reader
 * differs, and lost / duplicated count what the first one read.
 */
export async function countOutcome(fleet: Fleet, expected: Map<string, string>, wsUrl: string | string[], token: string): Promise<EditOutcome> {
  const wsUrls = typeof wsUrl === 'string' ? [wsUrl] : wsUrl;
  let divergent = 0;
  const present = new Map<string, number>();
  for (const [documentId, content] of expected) {
    const readings = await Promise.all(wsUrls.map((url) => readDocument(url, documentId, token)));
    if (readings.some((tokens) => JSON.stringify(tokens) !== content)) divergent++;
    for (const token of readings[0]!) present.set(token, (present.get(token) ?? 0) + 1);
  }
  const everyone = new Set([...fleet.made, ...fleet.seen]);
  return {
    editsMade: fleet.made.size,
    editsSeenBroadcast: fleet.seen.size,
    lost: [...everyone].filter((token) => !present.has(token)).length,
    duplicated: [...present.values()].reduce((sum, count) => sum + count - 1, 0),
    divergent,
  };
}

/** A fresh stock client's view of a document: connect, sync, read, leave. */
export async function readDocument(wsUrl: string, documentId: string, token: string): Promise<string[]> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, documentId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await until(() => provider.synced, 30_000, `a fresh reader of ${documentId}`);
    return tokenArray(doc).toArray();
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/**
 * A check that turns true once every client holds every token that any client of its document held when
 * `caughtUpWith` was called: after a fault, the moment everything made before it reached everyone.
 * @example const caughtUp = caughtUpWith(fleet); await until(caughtUp, 60_000, 'clients caught up');
 */
export function caughtUpWith(fleet: Fleet): () => boolean {
  const wanted = new Map<string, Set<string>>();
  for (const client of fleet.clients) {
    const tokens = wanted.get(client.documentId) ?? new Set<string>();
    for (const token of tokenArray(client.doc)) tokens.add(token);
    wanted.set(client.documentId, tokens);
  }
  const waiting = new Set(fleet.clients);
  return () => {
    for (const client of waiting) {
      const held = new Set(tokenArray(client.doc));
      for (const token of wanted.get(client.documentId)!) if (!held.has(token)) return false;
      waiting.delete(client);
    }
    return true;
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms; throws naming `what` after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`drill: timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function backendLabel(backend: { database: { kind: string }; redis: unknown }): string {
  return `${backend.database.kind}+${backend.redis ? 'redis' : 'memory'}`;
}

/** Numeric settings from the environment, e.g. `envNumber('DRILL_CLIENTS', 200)`. */
export const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * Signs in as the test admin on `baseUrl` and creates a project `name` with `documents` documents.
 * @example const { api, documentIds } = await drillProject(server.url, 'crash drill', 50);
 */
export async function drillProject(baseUrl: string, name: string, documents: number): Promise<{ api: Api; projectId: string; documentIds: string[] }> {
  const api = await createApi(baseUrl, adminEmail, adminPassword);
  const { id: projectId } = await api.createProject(name);
  const documentIds: string[] = [];
  for (let i = 0; i < documents; i++) documentIds.push((await api.createDocument(projectId, `doc ${i}`)).id);
  return { api, projectId, documentIds };
}
