import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';

interface Request {
  resolve: (merged: Uint8Array) => void;
  reject: (error: Error) => void;
}

type Reply = { id: number; merged: Uint8Array } | { id: number; error: string };

/** Beside this module in the sources, beside main.js in the bundle (apps/server/scripts/build.mjs copies it). */
const workerUrl = new URL('./merge-worker.mjs', import.meta.url);

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Request>();

function failAll(error: Error): void {
  for (const request of pending.values()) request.reject(error);
  pending.clear();
}

function startWorker(): Worker {
  const started = new Worker(workerUrl);
  started.on('message', (reply: Reply) => {
    const request = pending.get(reply.id);
    if (!request) return;
    pending.delete(reply.id);
    if (pending.size === 0) started.unref();
    if ('error' in reply) request.reject(new Error(`snapshot merge failed: ${reply.error}`));
    else request.resolve(reply.merged);
  });
  started.on('error', (error) => {
    if (worker === started) worker = null;
    failAll(error);
  });
  started.on('exit', (code) => {
    if (worker === started) worker = null;
    failAll(new Error(`snapshot merge worker exited with code ${code}`));
  });
  return started;
}

/**
 * Merges a stored snapshot and the tail after it into one Yjs update (v1 encoding), the new snapshot,
 * on a worker thread shared by the process: merging costs O(document), tens of milliseconds for a
 * large one, and the event loop carries everyone's edits meanwhile. Every store compacts through this,
 * so all of them produce the same bytes for the same log.
 * @example const state = await mergeSnapshot({ snapshot: loaded.snapshot, tail: loaded.tail.map((u) => u.update) });
 */
export function mergeSnapshot(options: { snapshot: Uint8Array | null; tail: Uint8Array[] }): Promise<Uint8Array> {
  // Y.mergeUpdates rather than apply-to-a-Y.Doc-and-encode: it never integrates, so a struct whose
  // dependencies are not stored yet is copied through verbatim (the gap becomes a Skip struct) and
  // deletions of unknown items stay in the delete set. Re-encoding a Y.Doc only keeps such structs
  // because yjs >= 13.5 appends store.pendingStructs/pendingDs to encodeStateAsUpdate; other ports
  // have been caught dropping them. A fuzz of random delivery orders with repeated compactions
  // (yjs 13.6.33) converged identically both ways; the price is that merged snapshots keep deleted
  // content (no GC), about 25% larger.
  const parts = options.snapshot ? [options.snapshot, ...options.tail] : options.tail;
  try {
    worker ??= startWorker();
  } catch {
    // The worker file is missing (a hand-assembled deployment): merge here rather than never compact.
    return Promise.resolve(Y.mergeUpdates(parts));
  }
  const active = worker;
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // Held open only while a merge is outstanding, so an idle process can still exit.
    active.ref();
    active.postMessage({ id, parts });
  });
}
