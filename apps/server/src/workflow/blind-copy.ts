import { documentClients, documents, documentUpdates } from '@concord/db';
import { newId } from '@concord/protocol';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { readStoredState } from './stored-state.ts';

/** The item's shared document (`kind item`): co-edited, or the final annotation of a blind item. */
export async function itemDocumentOf(tx: DbOrTx, itemId: string): Promise<{ id: string; name: string; configVersion: number }> {
  const [doc] = await tx
    .select({ id: documents.id, name: documents.name, configVersion: documents.configVersion })
    .from(documents)
    .where(and(eq(documents.itemId, itemId), eq(documents.kind, 'item')))
    .orderBy(asc(documents.createdAt))
    .limit(1);
  if (!doc) throw new Error(`item ${itemId} has no document`);
  return doc;
}

/**
 * The item document's first update: the item as imported (its seed and pre-label, never its gold), with
 * the part ids every blind copy of the item shares, so a copy made from it compares with the others.
 */
async function importedState(tx: DbOrTx, documentId: string): Promise<Uint8Array> {
  const [first] = await tx
    .select({ update: documentUpdates.update })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId))
    .orderBy(asc(documentUpdates.seq))
    .limit(1);
  if (!first) throw new Error(`document ${documentId} has no update`);
  return first.update;
}

/**
 * Makes an annotator's blind copy of an item's document [B2]: a `kind copy` document owned by them,
 * under the same configuration version, whose first update is the item document's state and whose
 * client-id bindings are the item document's (so the pre-label keeps its model provenance).
 * `from: 'seed'` starts it from the item as imported instead (its first update: seed and pre-label),
 * whatever was written into the item document since (a collaborative item's shared work, a merge):
 * a gold check's copy (quality/SPEC.md G6). Call inside the transaction that creates the assignment.
 * Returns the copy's id.
 */
export async function createBlindCopy(tx: DbOrTx, input: { projectId: string; itemId: string; ownerId: string; from?: 'current' | 'seed' }): Promise<string> {
  const source = await itemDocumentOf(tx, input.itemId);
  // Through the transaction [W16]; nobody writes a blind item's document before adjudication [B4].
  const state = input.from === 'seed' ? await importedState(tx, source.id) : await readStoredState(tx, source.id);
  const id = newId('document');
  const now = new Date();
  await tx.insert(documents).values({
    id,
    projectId: input.projectId,
    name: source.name,
    createdBy: input.ownerId,
    createdAt: now,
    updatedAt: now,
    updateSeq: 1,
    itemId: input.itemId,
    configVersion: source.configVersion,
    kind: 'copy',
    ownerId: input.ownerId,
  });
  await tx.insert(documentUpdates).values({ documentId: id, seq: 1, update: state, userId: null, origin: 'server', createdAt: now });
  const bindings = await tx
    .select({
      clientId: documentClients.clientId,
      kind: documentClients.kind,
      userId: documentClients.userId,
      modelId: documentClients.modelId,
      promptVersion: documentClients.promptVersion,
    })
    .from(documentClients)
    .where(eq(documentClients.documentId, source.id));
  if (bindings.length > 0) await tx.insert(documentClients).values(bindings.map((b) => ({ ...b, documentId: id, createdAt: now })));
  return id;
}
