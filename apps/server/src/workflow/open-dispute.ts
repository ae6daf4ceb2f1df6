import { findDisagreements, type AnnotationDoc, type Disagreement } from '@concord/annotation-doc';
import { assignments, disputes, documents } from '@concord/db';
import { newId, type ItemState } from '@concord/protocol';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import type { ProjectWorkflow } from './context.ts';
import type { Outbox } from './outbox.ts';
import { disputeOpen } from './refusals.ts';
import { readStoredContent } from './stored-state.ts';

/** What a dispute records as its reasons: the disagreements found, or the reviewer's comment [D1] [D2]. */
export type DisputeReason = Pick<Disagreement, 'field' | 'kind' | 'message' | 'versions'> & { detail?: Record<string, unknown> };

/** Assignment states whose annotation is in: submitted, under review, or accepted. */
export const submittedStates = ['submitted', 'in_review', 'accepted'] as const;

/** The item's submitted annotations, earliest first, with their document ids; gold checks are not among them [W19]. */
export async function submittedVersions(tx: DbOrTx, itemId: string) {
  return tx
    .select({ assignmentId: assignments.id, userId: assignments.userId, documentId: assignments.documentId })
    .from(assignments)
    .where(and(eq(assignments.itemId, itemId), eq(assignments.kind, 'work'), inArray(assignments.state, [...submittedStates]), isNotNull(assignments.submittedAt)))
    .orderBy(asc(assignments.submittedAt), asc(assignments.id));
}

/**
 * [D1] Where an item's submitted versions disagree under the project's thresholds (versions named by
 * assignment id), read through the transaction [W16]. Versions without a task-type layout take no part.
 */
export async function disagreementsOf(tx: DbOrTx, project: ProjectWorkflow, itemId: string): Promise<Disagreement[]> {
  const versions: Array<{ id: string; doc: AnnotationDoc }> = [];
  for (const v of await submittedVersions(tx, itemId)) {
    const doc = await readStoredContent(tx, v.documentId);
    if (doc) versions.push({ id: v.assignmentId, doc });
  }
  const { iou, rubricDelta, textSimilarity } = project.settings.disputes;
  return findDisagreements(project.taskType, versions, { iou, rubricDelta, textSimilarity });
}

/**
 * Opens a dispute on an item whose row the caller has locked [D1] [D2] [D3]: at most one open per item
 * (409), with its comments document (`kind comments`; the client creates the `comments` array), an
 * audit entry `dispute.opened` and `dispute:opened` for the project. The item's move to `in_qa` is
 * the caller's. The submitted copies and the item document are re-checked (B3: annotators who
 * submitted may now see each other's versions).
 */
export async function openDispute(
  tx: DbOrTx,
  project: ProjectWorkflow,
  input: { itemId: string; itemState: ItemState; openedBy: string | null; reasons: DisputeReason[]; comment?: string },
  outbox: Outbox,
): Promise<string> {
  const [open] = await tx
    .select({ id: disputes.id })
    .from(disputes)
    .where(and(eq(disputes.itemId, input.itemId), eq(disputes.state, 'open')));
  if (open) throw disputeOpen(open.id, input.itemState);
  const disputeId = newId('dispute');
  const commentsDocumentId = newId('document');
  await tx.insert(documents).values({
    id: commentsDocumentId,
    projectId: project.projectId,
    name: 'Dispute comments',
    createdBy: input.openedBy,
    itemId: input.itemId,
    configVersion: project.configVersion,
    kind: 'comments',
  });
  await tx.insert(disputes).values({
    id: disputeId,
    projectId: project.projectId,
    itemId: input.itemId,
    state: 'open',
    openedBy: input.openedBy,
    reasons: input.reasons,
    commentsDocumentId,
  });
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: input.openedBy,
    action: 'dispute.opened',
    subjectType: 'dispute',
    subjectId: disputeId,
    itemId: input.itemId,
    after: { state: 'open' },
    detail: { reasons: input.reasons, comment: input.comment ?? null, automatic: input.openedBy === null },
    configVersion: project.configVersion,
  });
  for (const v of await submittedVersions(tx, input.itemId)) outbox.documentsChanged.add(v.documentId);
  outbox.toProject(project.projectId, 'dispute:opened', { projectId: project.projectId, disputeId, itemId: input.itemId });
  outbox.countsChanged.add(project.projectId);
  return disputeId;
}
