import type { ItemSeed } from '@concord/annotation-doc';
import {
  annotationObservations,
  assignments,
  auditLog,
  calibrationAnswers,
  calibrationItems,
  disputes,
  documents,
  documentSnapshots,
  documentUpdates,
  items,
  media,
  reviews,
  type Db,
} from '@concord/db';
import type { ErasureReason, ItemErasureCounts, ItemErasureResult } from '@concord/protocol';
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { mediaIdsOf } from '../items/seed-media.ts';
import { pastExports } from './past-exports.ts';
import { holdsFreeText, tombstoneExternalId, tombstoneSeed } from './tombstone.ts';

/** Who erases, why, and a case reference (never free text: GD5). */
export interface ErasureRequest {
  actorId: string;
  reason: ErasureReason;
  reference?: string | null;
}

/** What the transaction removed, with the files and documents to deal with once it committed. */
export interface ItemErasureOutcome {
  result: ItemErasureResult;
  /** Media bytes to remove from the store after commit [GD4]. */
  storageKeys: string[];
  /** Documents whose live rooms must close [GD8]. */
  documentIds: string[];
}

const zero: ItemErasureCounts = { documents: 0, documentUpdates: 0, snapshots: 0, assignments: 0, observations: 0, reviews: 0, disputes: 0, calibrationAnswers: 0, media: 0 };

async function countWhere(tx: DbOrTx, table: typeof documentUpdates | typeof documentSnapshots, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await tx.select({ n: count() }).from(table).where(inArray(table.documentId, ids));
  return Number(row?.n ?? 0);
}

/** Every document holding the item's content or annotations: its own, blind copies, dispute comments, calibration answers and notes [GD3]. */
async function documentsOf(tx: DbOrTx, itemId: string): Promise<string[]> {
  // One after another: a transaction is one connection, which runs one query at a time.
  const own = await tx.select({ id: documents.id }).from(documents).where(eq(documents.itemId, itemId));
  const threads = await tx.select({ id: disputes.commentsDocumentId }).from(disputes).where(and(eq(disputes.itemId, itemId), isNotNull(disputes.commentsDocumentId)));
  const answers = await tx.select({ id: calibrationAnswers.documentId }).from(calibrationAnswers).where(eq(calibrationAnswers.itemId, itemId));
  const calibration = await tx.select({ notes: calibrationItems.notesDocumentId, gold: calibrationItems.goldDocumentId }).from(calibrationItems).where(eq(calibrationItems.itemId, itemId));
  const ids = [...own.map((r) => r.id), ...threads.map((r) => r.id), ...answers.map((r) => r.id), ...calibration.flatMap((r) => [r.notes, r.gold])];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))].sort();
}

/** Media the item's seed uses that no other live item of the project refers to [GD4]. */
async function mediaOnlyOf(tx: DbOrTx, item: { id: string; projectId: string; seed: unknown }): Promise<string[]> {
  let ids: string[];
  try {
    ids = [...new Set(mediaIdsOf(item.seed as ItemSeed))];
  } catch {
    return [];
  }
  const only: string[] = [];
  for (const mediaId of ids) {
    const [shared] = await tx
      .select({ id: items.id })
      .from(items)
      .where(and(eq(items.projectId, item.projectId), ne(items.id, item.id), sql`${items.erasedAt} is null`, sql`${items.seed}::text like ${`%"${mediaId}"%`}`))
      .limit(1);
    if (!shared) only.push(mediaId);
  }
  return only;
}

/**
 * Erases one item in one transaction [GD1-GD7]: deletes every document of it (updates, snapshots, client
 * bindings), its assignments, observations, reviews, disputes and calibration answers, and the media
 * only it used; turns the row into a tombstone; appends `item.erased` with ids and counts only. Erasing
 * an erased item changes nothing and says so (`alreadyErased`) [GD9]. The caller removes the media bytes
 * and closes live rooms after commit (see the service).
 * @throws AppError 404 when the item is not in the project.
 */
export async function eraseItemInTx(tx: DbOrTx, input: ErasureRequest & { projectId: string; itemId: string }): Promise<ItemErasureOutcome> {
  const [item] = await tx
    .select({ id: items.id, projectId: items.projectId, externalId: items.externalId, seed: items.seed, state: items.state, erasedAt: items.erasedAt })
    .from(items)
    .where(and(eq(items.id, input.itemId), eq(items.projectId, input.projectId)))
    .for('update');
  if (!item) throw notFound('Item');
  const exportsToRegenerate = await pastExports(tx, [item.id]);
  const base = { itemId: item.id, projectId: item.projectId, exports: exportsToRegenerate };
  if (item.erasedAt) {
    return { result: { ...base, erasedAt: item.erasedAt.toISOString(), alreadyErased: true, erased: { ...zero } }, storageKeys: [], documentIds: [] };
  }

  const documentIds = await documentsOf(tx, item.id);
  const mediaIds = await mediaOnlyOf(tx, item);
  const erased: ItemErasureCounts = {
    ...zero,
    documents: documentIds.length,
    documentUpdates: await countWhere(tx, documentUpdates, documentIds),
    snapshots: await countWhere(tx, documentSnapshots, documentIds),
  };
  // Children first: reviews and observations point at assignments and documents, disputes at comment documents.
  erased.observations = (await tx.delete(annotationObservations).where(eq(annotationObservations.itemId, item.id)).returning({ id: annotationObservations.id })).length;
  erased.reviews = (await tx.delete(reviews).where(eq(reviews.itemId, item.id)).returning({ id: reviews.id })).length;
  erased.disputes = (await tx.delete(disputes).where(eq(disputes.itemId, item.id)).returning({ id: disputes.id })).length;
  erased.calibrationAnswers = (await tx.delete(calibrationAnswers).where(eq(calibrationAnswers.itemId, item.id)).returning({ id: calibrationAnswers.documentId })).length;
  await tx.delete(calibrationItems).where(eq(calibrationItems.itemId, item.id));
  erased.assignments = (await tx.delete(assignments).where(eq(assignments.itemId, item.id)).returning({ id: assignments.id })).length;
  // Updates, snapshots and client bindings go with their documents (on delete cascade).
  if (documentIds.length > 0) await tx.delete(documents).where(inArray(documents.id, documentIds));
  const removedMedia = mediaIds.length === 0 ? [] : await tx.delete(media).where(and(eq(media.projectId, item.projectId), inArray(media.id, mediaIds))).returning({ id: media.id, storageKey: media.storageKey });
  erased.media = removedMedia.length;

  const erasedAt = new Date();
  await tx
    .update(items)
    .set({ externalId: tombstoneExternalId(item.externalId), seed: tombstoneSeed, tags: [], prelabel: null, gold: null, finalDocumentId: null, qaSampled: null, erasedAt, erasedBy: input.actorId })
    .where(eq(items.id, item.id));

  // Older entries of the item that hold written text stay as they are (GD6); the erasure entry names them.
  const history = await tx
    .select({ seq: auditLog.seq, before: auditLog.before, after: auditLog.after, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.chain, item.projectId), eq(auditLog.itemId, item.id)))
    .orderBy(asc(auditLog.seq));
  const withText = history.filter((e) => holdsFreeText(e.before) || holdsFreeText(e.after) || holdsFreeText(e.detail)).map((e) => e.seq);
  await appendAudit(tx, {
    projectId: item.projectId,
    actorId: input.actorId,
    action: 'item.erased',
    subjectType: 'item',
    subjectId: item.id,
    itemId: item.id,
    before: { state: item.state, erased: false },
    after: { state: item.state, erased: true },
    detail: {
      reason: input.reason,
      reference: input.reference ?? null,
      counts: erased,
      documentIds,
      mediaIds: removedMedia.map((m) => m.id),
      exportIds: exportsToRegenerate.map((e) => e.id),
      entriesWithWrittenText: withText,
    },
  });
  return {
    result: { ...base, erasedAt: erasedAt.toISOString(), alreadyErased: false, erased },
    storageKeys: removedMedia.map((m) => m.storageKey),
    documentIds,
  };
}

/** {@link eraseItemInTx} in its own transaction. */
export function eraseItemTx(db: Db, input: ErasureRequest & { projectId: string; itemId: string }): Promise<ItemErasureOutcome> {
  return db.transaction((tx) => eraseItemInTx(tx, input));
}
