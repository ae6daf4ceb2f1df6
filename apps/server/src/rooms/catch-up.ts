import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { DocumentStore } from '../persistence/types.ts';
import { createSeqRanges } from './seq-ranges.ts';

/** How long a hole in the seqs may stay open before the room reads it from the store [I3]. */
export const defaultGapDelayMs = 300;
const pageSize = 500;

export interface CatchUpOptions {
  documentId: string;
  store: Pick<DocumentStore, 'updatesAfter'>;
  /** Applies stored updates to the room as `remote`: broadcast locally, never stored again [R7]; `count` updates merged in one. */
  apply(update: Uint8Array, count: number): void;
  /** The last seq the room loaded (snapshot + tail). */
  appliedSeq: number;
  /** Wait before reading a hole from the store (it usually closes by itself: the message was in flight). */
  delayMs?: number;
  log: Logger;
}

export interface CatchUp {
  /** Highest seq with everything up to it in the room's document. */
  readonly appliedSeq: number;
  /** Seqs `firstSeq..lastSeq` are in the document (fan-out message or own append). */
  applied(firstSeq: number, lastSeq: number): void;
  /** The store holds updates up to `seq` (periodic reconcile); catches up if the room lacks some. */
  known(seq: number): void;
  /** Reads everything after `appliedSeq` now (the subscriber reconnected: messages may be lost). */
  now(): Promise<void>;
  /** Resolves when no catch-up is waiting or running. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Keeps one room's document complete although fan-out is at-most-once: a hole in the seqs (or a
 * store ahead of the room) left open for `delayMs` is filled with `store.updatesAfter(appliedSeq)`.
 * At most one read is in flight per room; triggers meanwhile coalesce into one more read.
 * @example
 * const catchUp = createCatchUp({ documentId, store, appliedSeq: room.loadedSeq, apply: (u) => room.applyRemoteUpdate(u, 'store'), log });
 * catchUp.applied(message.firstSeq, message.lastSeq);
 */
export function createCatchUp(options: CatchUpOptions): CatchUp {
  const { documentId, store, log } = options;
  const delayMs = options.delayMs ?? defaultGapDelayMs;
  const seqs = createSeqRanges({ appliedSeq: options.appliedSeq });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  // Behind again while a read ran: look again after the delay. Asked to read now meanwhile: read again at once.
  let again = false;
  let readAgain = false;
  let stopped = false;

  const read = async () => {
    for (;;) {
      const rows = await store.updatesAfter(documentId, seqs.appliedSeq, pageSize);
      if (stopped || rows.length === 0) return;
      options.apply(rows.length === 1 ? rows[0]!.update : Y.mergeUpdates(rows.map((row) => row.update)), rows.length);
      for (const row of rows) seqs.add(row.seq, row.seq);
      log.debug({ documentId, afterSeq: rows[0]!.seq - 1, read: rows.length }, 'caught up from the store');
      if (rows.length < pageSize) return;
    }
  };

  const run = (): Promise<void> => {
    again = false;
    readAgain = false;
    running = read()
      .catch((error: unknown) => log.warn({ err: error, documentId }, 'catching up from the store failed'))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (readAgain) void run();
        else if (again) schedule();
      });
    return running;
  };

  const schedule = () => {
    if (stopped || !seqs.behind) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    // Only what is missing now counts: a hole opened later (a message still in flight) gets its own delay.
    const target = seqs.knownSeq;
    timer = setTimeout(() => {
      timer = null;
      if (seqs.appliedSeq < target) void run();
      else schedule();
    }, delayMs);
    timer.unref();
  };

  return {
    get appliedSeq() {
      return seqs.appliedSeq;
    },
    applied(firstSeq, lastSeq) {
      seqs.add(firstSeq, lastSeq);
      schedule();
    },
    known(seq) {
      seqs.noteKnown(seq);
      schedule();
    },
    now() {
      if (stopped) return Promise.resolve();
      if (running) {
        readAgain = true;
        return running;
      }
      return run();
    },
    async idle() {
      while ((timer || running) && !stopped) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
