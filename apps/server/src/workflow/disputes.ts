import type { ItemSeed } from '@concord/annotation-doc';
import { disputes, documents, items, projects, users, type Db } from '@concord/db';
import { isId, type DisputeDetail, type DisputeSummary, type ItemState } from '@concord/protocol';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { itemTitle } from '../items/item-service.ts';
import type { Services } from '../services.ts';
import { loadProjectWorkflow } from './context.ts';
import { moveItem } from './move-item.ts';
import { openDispute, submittedVersions, type DisputeReason } from './open-dispute.ts';
import { wrongState } from './refusals.ts';
import { withoutPendingWorkOf } from './reviews.ts';
import { readStoredContent } from './stored-state.ts';
import { transact } from './transact.ts';

/** A dispute row as adjudication needs it. */
export type DisputeRow = typeof disputes.$inferSelect;

/** A dispute by id; 404 when the id is malformed or unknown. */
export async function loadDispute(tx: DbOrTx, disputeId: string): Promise<DisputeRow> {
  if (!isId('dispute', disputeId)) throw notFound('Dispute');
  const [row] = await tx.select().from(disputes).where(eq(disputes.id, disputeId));
  if (!row) throw notFound('Dispute');
  return row;
}

/** An item's project and state by id; 404 when the id is malformed or unknown. */
export async function loadItem(tx: DbOrTx, itemId: string): Promise<{ id: string; projectId: string; state: ItemState; finalDocumentId: string | null }> {
  if (!isId('item', itemId)) throw notFound('Item');
  const [row] = await tx
    .select({ id: items.id, projectId: items.projectId, state: items.state, finalDocumentId: items.finalDocumentId })
    .from(items)
    .where(eq(items.id, itemId));
  if (!row) throw notFound('Item');
  return row;
}

/** The item's own document (`kind item`): shared when collaborative, the final annotation's place when blind. */
export async function itemDocumentOf(tx: DbOrTx, itemId: string): Promise<string> {
  const [doc] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.itemId, itemId), eq(documents.kind, 'item')))
    .orderBy(asc(documents.createdAt))
    .limit(1);
  if (!doc) throw new Error(`item ${itemId} has no document`);
  return doc.id;
}

const opener = alias(users, 'opener');
const adjudicator = alias(users, 'adjudicator');

/** Disputes matching a condition, newest first; `adjudicator` only while their lease is live [D5]. */
async function summaries(tx: DbOrTx, where: SQL | undefined): Promise<Array<DisputeSummary & { row: DisputeRow }>> {
  const rows = await tx
    .select({ d: disputes, externalId: items.externalId, seed: items.seed, openerName: opener.name, adjudicatorName: adjudicator.name })
    .from(disputes)
    .innerJoin(items, eq(items.id, disputes.itemId))
    .leftJoin(opener, eq(opener.id, disputes.openedBy))
    .leftJoin(adjudicator, eq(adjudicator.id, disputes.adjudicatorId))
    .where(where)
    .orderBy(desc(disputes.createdAt), desc(disputes.id));
  const now = Date.now();
  return rows.map(({ d, ...r }) => {
    const live = d.state === 'open' && d.adjudicatorId !== null && (d.leaseExpiresAt?.getTime() ?? 0) > now;
    return {
      row: d,
      disputeId: d.id,
      projectId: d.projectId,
      itemId: d.itemId,
      title: itemTitle(r.seed as ItemSeed, r.externalId),
      state: d.state,
      openedBy: d.openedBy ? { id: d.openedBy, name: r.openerName ?? '' } : null,
      reasons: (d.reasons as DisputeReason[]).map((x) => ({ field: x.field, kind: x.kind, message: x.message, versions: x.versions })),
      adjudicator: live && d.adjudicatorId ? { id: d.adjudicatorId, name: r.adjudicatorName ?? '' } : null,
      createdAt: d.createdAt.toISOString(),
      resolvedAt: d.resolvedAt?.toISOString() ?? null,
    };
  });
}

/** [D4] A project's disputes, newest first, optionally only open or resolved ones; never of items the viewer has pending work on [R8]. */
export async function listDisputes(tx: DbOrTx, options: { projectId: string; viewerId: string; state?: 'open' | 'resolved' | undefined }): Promise<DisputeSummary[]> {
  const { projectId, viewerId, state } = options;
  const rows = await summaries(tx, and(eq(disputes.projectId, projectId), state ? eq(disputes.state, state) : undefined, withoutPendingWorkOf(viewerId)));
  return rows.map(({ row: _row, ...summary }) => summary);
}

/**
 * [D4] A dispute with every submitted version side by side (annotator, document, typed content as it
 * stands now), the disagreements, the item document the final annotation is built in, the comments
 * document and who adjudicates. Only versions whose document the viewer may read (`canRead`, the
 * document access rules B3) are included [D11].
 */
export async function disputeDetail(db: Db, disputeId: string, canRead: (documentId: string) => Promise<boolean> = async () => true): Promise<DisputeDetail> {
  const [found] = await summaries(db, eq(disputes.id, disputeId));
  if (!found) throw notFound('Dispute');
  const { row, ...summary } = found;
  const [project] = await db.select({ taskType: projects.taskType, configVersion: projects.configVersion }).from(projects).where(eq(projects.id, row.projectId));
  const readable = [];
  for (const v of await submittedVersions(db, row.itemId)) if (await canRead(v.documentId)) readable.push(v);
  const versions = await Promise.all(
    readable.map(async (v) => {
      const [who] = await db.select({ name: users.name }).from(users).where(eq(users.id, v.userId));
      return { assignmentId: v.assignmentId, annotator: { id: v.userId, name: who?.name ?? '' }, documentId: v.documentId, content: await readStoredContent(db, v.documentId) };
    }),
  );
  const resolution = row.resolution as DisputeDetail['resolution'];
  return {
    ...summary,
    taskType: project?.taskType ?? 'alignment',
    finalDocumentId: await itemDocumentOf(db, row.itemId),
    commentsDocumentId: row.commentsDocumentId ?? '',
    configVersion: project?.configVersion ?? 1,
    versions,
    resolution,
  };
}

/** Item states in which a reviewer may open a dispute by hand: every annotation is in [D2]. */
const disputableStates: readonly ItemState[] = ['submitted', 'in_review', 'in_qa', 'validated'];

/**
 * [D2] A reviewer opens a dispute by hand on an item whose annotations are submitted: one open dispute
 * per item (409), the item goes `in_qa`. Returns the dispute's id.
 * @example const disputeId = await openManualDispute(services, { itemId, userId, comment });
 */
export async function openManualDispute(services: Services, options: { itemId: string; userId: string; comment: string }): Promise<string> {
  return transact(services, async (tx, _deps, outbox) => {
    const [item] = await tx.select({ projectId: items.projectId, state: items.state }).from(items).where(eq(items.id, options.itemId)).for('update');
    if (!item) throw notFound('Item');
    if (!disputableStates.includes(item.state)) throw wrongState('A dispute can be opened once every annotation of the item is submitted.', item.state);
    const project = await loadProjectWorkflow(tx, item.projectId);
    const reasons: DisputeReason[] = [{ field: '', kind: 'manual', message: options.comment, versions: [] }];
    const id = await openDispute(tx, project, { itemId: options.itemId, itemState: item.state, openedBy: options.userId, reasons, comment: options.comment }, outbox);
    const base = { projectId: project.projectId, itemId: options.itemId, actorId: options.userId, configVersion: project.configVersion };
    await moveItem(tx, { ...base, from: item.state, to: 'in_qa', detail: { why: 'dispute', disputeId: id } }, outbox);
    return id;
  });
}
