import { validate } from '@concord/annotation-doc';
import { assignments, documents, items } from '@concord/db';
import type { ItemState } from '@concord/protocol';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { loadConfig, type ProjectWorkflow, type WorkflowDeps } from './context.ts';
import { moveItem } from './move-item.ts';
import { disagreementsOf, openDispute } from './open-dispute.ts';
import type { Outbox } from './outbox.ts';
import { contentOf, readStoredContent } from './stored-state.ts';

/**
 * An item whose annotations are all in [W14]: a dispute when its blind versions disagree [D1], else
 * QA when drawn for it, else validated with its final annotation (and accepted unless a manager must
 * accept).
 */
export async function completeItem(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  item: { itemId: string; from: ItemState; qaSampled: boolean | null; actorId: string | null },
  outbox: Outbox,
): Promise<void> {
  const base = { projectId: project.projectId, itemId: item.itemId, actorId: item.actorId, configVersion: project.configVersion };
  const { labeling, overlap, disputes } = project.settings;
  if (labeling === 'blind' && overlap >= 2 && disputes.auto) {
    const found = await disagreementsOf(tx, project, item.itemId);
    if (found.length > 0) {
      const disputeId = await openDispute(tx, project, { itemId: item.itemId, itemState: item.from, openedBy: null, reasons: found }, outbox);
      await moveItem(tx, { ...base, from: item.from, to: 'in_qa', detail: { why: 'dispute', disputeId } }, outbox);
      return;
    }
  }
  let sampled = item.qaSampled;
  if (sampled === null) {
    sampled = Math.random() * 100 < project.settings.qaSamplePercent;
    await tx.update(items).set({ qaSampled: sampled }).where(eq(items.id, item.itemId));
  }
  if (sampled) {
    await moveItem(tx, { ...base, from: item.from, to: 'in_qa', detail: { why: 'qa_sample' } }, outbox);
    return;
  }
  await validateAndAccept(tx, deps, project, { ...item, finalDocumentId: await finalDocumentOf(tx, project, item.itemId) }, outbox);
}

/**
 * The last stage [W14]: the final annotation must pass the task type's validation; the item is then
 * validated, and accepted unless a manager must accept. A final annotation with problems goes to QA.
 */
export async function validateAndAccept(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  item: { itemId: string; from: ItemState; actorId: string | null; finalDocumentId: string },
  outbox: Outbox,
): Promise<void> {
  const base = { projectId: project.projectId, itemId: item.itemId, actorId: item.actorId, configVersion: project.configVersion };
  const problems = await problemsOf(tx, project, item.finalDocumentId);
  if (problems.length > 0) {
    await moveItem(tx, { ...base, from: item.from, to: 'in_qa', detail: { why: 'validation_failed', problems } }, outbox);
    return;
  }
  await tx.update(items).set({ finalDocumentId: item.finalDocumentId }).where(eq(items.id, item.itemId));
  await moveItem(tx, { ...base, from: item.from, to: 'validated', detail: { finalDocumentId: item.finalDocumentId } }, outbox);
  if (!project.settings.managerAcceptance) {
    await moveItem(tx, { ...base, actorId: null, from: 'validated', to: 'accepted', detail: { why: 'automatic' } }, outbox);
  }
}

/** The item document when collaborative; in blind mode the earliest submitted copy still standing (never a gold check's [W19]). */
export async function finalDocumentOf(tx: DbOrTx, project: ProjectWorkflow, itemId: string): Promise<string> {
  if (project.settings.labeling === 'blind') {
    const [first] = await tx
      .select({ documentId: assignments.documentId })
      .from(assignments)
      .where(and(eq(assignments.itemId, itemId), eq(assignments.kind, 'work'), inArray(assignments.state, ['submitted', 'in_review', 'accepted'])))
      .orderBy(asc(assignments.submittedAt))
      .limit(1);
    if (first) return first.documentId;
  }
  const [doc] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.itemId, itemId), eq(documents.kind, 'item')))
    .orderBy(asc(documents.createdAt))
    .limit(1);
  if (!doc) throw new Error(`item ${itemId} has no document`);
  return doc.id;
}

/**
 * Validation problems of a document under the configuration version it was made under, read through
 * the transaction [W16]; pass `state` when the caller has read it already (submit keeps it).
 */
export async function problemsOf(tx: DbOrTx, project: ProjectWorkflow, documentId: string, state?: Uint8Array) {
  const [doc] = await tx.select({ configVersion: documents.configVersion }).from(documents).where(eq(documents.id, documentId));
  const config = await loadConfig(tx, project.projectId, project.taskType, doc?.configVersion ?? project.configVersion);
  const content = state ? contentOf(state) : await readStoredContent(tx, documentId);
  return content ? validate(content, config) : [{ path: '', message: 'The document has no annotation layout.' }];
}
