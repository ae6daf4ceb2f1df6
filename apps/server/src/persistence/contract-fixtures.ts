import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { namedDoc } from '../rooms/named-doc.ts';
import type { LoadedDocument, OriginKind, UpdateToStore } from './types.ts';

/** Yjs documents and byte fixtures for the contract suite; no store logic. */

/** A Y.Doc with a fixed client id that records every update it makes. */
export function createRecordingDoc(clientId: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = namedDoc(`recording ${clientId}`);
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'sync') updates.push(update);
  });
  return { doc, updates };
}

/** Copies what `from` has and `to` lacks, as a network sync would (not recorded as a new update). */
export function syncDocs(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'sync');
}

/**
 * Two clients editing a text, a map and a nested map concurrently, synced now and then: the updates
 * depend on each other across clients, like a real annotation session.
 */
export function buildAnnotationSession(rounds = 6): { doc: Y.Doc; updates: Uint8Array[] } {
  const a = createRecordingDoc(101);
  const b = createRecordingDoc(202);
  for (let round = 0; round < rounds; round++) {
    a.doc.getText('body').insert(0, `a${round} `);
    a.doc.getMap('labels').set(`span-${round}`, { start: round, end: round + 3, label: 'PER' });
    b.doc.transact(() => {
      const text = b.doc.getText('body');
      text.insert(text.length, `b${round} `, { bold: round % 2 === 0 });
      const review = new Y.Map<unknown>();
      review.set('verdict', round % 2 ? 'accept' : 'reject');
      b.doc.getMap('labels').set(`review-${round}`, review);
    });
    if (round % 2 === 1) {
      syncDocs(a.doc, b.doc);
      syncDocs(b.doc, a.doc);
      const text = a.doc.getText('body');
      text.delete(0, Math.min(2, text.length));
      b.doc.getMap('labels').delete(`span-${round - 1}`);
    }
  }
  syncDocs(a.doc, b.doc);
  syncDocs(b.doc, a.doc);
  return { doc: a.doc, updates: [...a.updates, ...b.updates] };
}

/** Applies snapshot then tail to a new Y.Doc, the way a room loads a document. */
export function rebuild(loaded: LoadedDocument): Y.Doc {
  const doc = namedDoc('rebuilt');
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const stored of loaded.tail) Y.applyUpdate(doc, stored.update);
  return doc;
}

/** The content of the fixture documents as plain JSON (root types must be named to appear). */
export function contentOf(doc: Y.Doc): unknown {
  return { body: doc.getText('body').toDelta(), labels: doc.getMap('labels').toJSON() };
}

export function toStore(updates: Uint8Array[], origin: OriginKind = 'client', userId: string | null = 'user-1'): UpdateToStore[] {
  return updates.map((update) => ({ update, userId, origin }));
}

/** Random bytes as a plain Uint8Array (not a Buffer). */
export function randomUpdate(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

/** True when `bytes` is a plain Uint8Array owning exactly its bytes (no Buffer, no view into a pool). */
export function isPlainExactBytes(bytes: Uint8Array): boolean {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
}
