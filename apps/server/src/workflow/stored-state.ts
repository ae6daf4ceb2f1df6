import { readDoc, taskTypeOf, type AnnotationDoc } from '@concord/annotation-doc';
import { documentSnapshots, documentUpdates } from '@concord/db';
import { and, asc, eq, gt } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DbOrTx } from '../audit/types.ts';
import { namedDoc } from '../rooms/named-doc.ts';

/**
 * A document's stored state (snapshot + tail, merged) read through the caller's transaction [W16].
 * Workflow decisions read documents this way rather than through the DocumentReader: on PGlite a query
 * outside an open transaction waits for it to end, so reading through another handle there would
 * deadlock; and a decision is made on what is durable, in the same snapshot as the rows it changes.
 * @example const state = await readStoredState(tx, documentId);
 */
export async function readStoredState(tx: DbOrTx, documentId: string): Promise<Uint8Array> {
  const [snapshot] = await tx
    .select({ seq: documentSnapshots.seq, state: documentSnapshots.state })
    .from(documentSnapshots)
    .where(eq(documentSnapshots.documentId, documentId));
  const tail = await tx
    .select({ update: documentUpdates.update })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.seq, snapshot?.seq ?? 0)))
    .orderBy(asc(documentUpdates.seq));
  const parts = snapshot ? [snapshot.state, ...tail.map((t) => t.update)] : tail.map((t) => t.update);
  return parts.length === 0 ? Y.encodeStateAsUpdate(namedDoc(documentId)) : Y.mergeUpdates(parts);
}

/** The typed content of a document state, or null when it has no task-type layout. */
export function contentOf(state: Uint8Array): AnnotationDoc | null {
  const ydoc = namedDoc('stored content');
  try {
    Y.applyUpdate(ydoc, state);
    return taskTypeOf(ydoc) ? readDoc(ydoc) : null;
  } finally {
    ydoc.destroy();
  }
}

/** The typed content of a stored document, read through the caller's transaction. */
export async function readStoredContent(tx: DbOrTx, documentId: string): Promise<AnnotationDoc | null> {
  return contentOf(await readStoredState(tx, documentId));
}
