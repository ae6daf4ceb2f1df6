import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocumentStore } from '../persistence/memory-store.ts';
import type { DocumentStore } from '../persistence/types.ts';
import { createCatchUp } from './catch-up.ts';

const log = pino({ level: 'silent' });

/** A memory store holding `count` text edits made one after another, counting `updatesAfter` reads. */
async function storeWithEdits(count: number): Promise<{ store: DocumentStore; reads: number[]; text: string }> {
  const inner = createMemoryDocumentStore();
  inner.createDocument('doc');
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getText('caption').insert(i, String(i % 10));
    await inner.append('doc', [{ update: Y.encodeStateAsUpdate(doc, before), userId: null, origin: 'server' }]);
  }
  const reads: number[] = [];
  const store: DocumentStore = {
    ...inner,
    updatesAfter(id, afterSeq, limit) {
      reads.push(afterSeq);
      return inner.updatesAfter(id, afterSeq, limit);
    },
  };
  return { store, reads, text: doc.getText('caption').toString() };
}

/** A document holding the first `seqs` updates of the store, like a room that loaded or applied them. */
async function roomDoc(store: DocumentStore, seqs: number): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const row of await store.updatesAfter('doc', 0, seqs)) Y.applyUpdate(doc, row.update);
  return doc;
}

describe('catch-up', () => {
  it('[I3] a hole still open after the delay is read from the store once, from appliedSeq, and fills the document', async () => {
    const { store, reads, text } = await storeWithEdits(6);
    const doc = await roomDoc(store, 2);
    reads.length = 0;
    const catchUp = createCatchUp({ documentId: 'doc', store, appliedSeq: 2, apply: (u) => Y.applyUpdate(doc, u), delayMs: 5, log });
    // Seq 5 arrives, 3 and 4 were lost; seq 6 arrives while the timer runs: one read for both.
    const [, , , , five] = await store.updatesAfter('doc', 0);
    reads.length = 0;
    Y.applyUpdate(doc, five!.update);
    catchUp.applied(5, 5);
    catchUp.applied(6, 6);
    await catchUp.idle();
    expect(reads).toEqual([2]);
    expect(catchUp.appliedSeq).toBe(6);
    expect(doc.getText('caption').toString()).toBe(text);
  });

  it('[I3] a hole that closes before the delay (the message was in flight) reads nothing', async () => {
    const { store, reads } = await storeWithEdits(4);
    reads.length = 0;
    const catchUp = createCatchUp({ documentId: 'doc', store, appliedSeq: 2, apply: () => {}, delayMs: 5, log });
    catchUp.applied(4, 4);
    catchUp.applied(3, 3);
    await catchUp.idle();
    expect(reads).toEqual([]);
    expect(catchUp.appliedSeq).toBe(4);
  });

  it('[I4] a store ahead of the room (a dropped last message) is read; one that is not reads nothing', async () => {
    const { store, reads, text } = await storeWithEdits(3);
    const doc = await roomDoc(store, 2);
    reads.length = 0;
    const catchUp = createCatchUp({ documentId: 'doc', store, appliedSeq: 2, apply: (u) => Y.applyUpdate(doc, u), delayMs: 5, log });
    catchUp.known(2);
    await catchUp.idle();
    expect(reads).toEqual([]);
    catchUp.known(3);
    await catchUp.idle();
    expect(reads).toEqual([2]);
    expect(doc.getText('caption').toString()).toBe(text);
  });

  it('[I5] now() reads at once, page by page from appliedSeq; a now() during the read reads once more after it, never in parallel', async () => {
    const { store, reads } = await storeWithEdits(1_200);
    reads.length = 0;
    const applied: Uint8Array[] = [];
    const catchUp = createCatchUp({ documentId: 'doc', store, appliedSeq: 0, apply: (u) => applied.push(u), delayMs: 5, log });
    const first = catchUp.now();
    void catchUp.now();
    catchUp.known(1_200);
    await first;
    await catchUp.idle();
    // Pages of 500, then the second now(): messages lost while it waited may be newer than the first read.
    expect(reads).toEqual([0, 500, 1_000, 1_200]);
    expect(catchUp.appliedSeq).toBe(1_200);
    expect(applied).toHaveLength(3);
  });

  it('[I3] after stop nothing is read or applied', async () => {
    const { store, reads } = await storeWithEdits(3);
    reads.length = 0;
    const catchUp = createCatchUp({ documentId: 'doc', store, appliedSeq: 0, apply: () => {}, delayMs: 5, log });
    catchUp.applied(3, 3);
    catchUp.stop();
    await catchUp.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toEqual([]);
  });
});
