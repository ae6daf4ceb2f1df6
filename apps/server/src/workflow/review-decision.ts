import { assignments, items, reviews } from '@concord/db';
import { newId, type ReasonCode, type ReviewEntry } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Services } from '../services.ts';
import { loadProjectWorkflow } from './context.ts';
import { dropLease, leaseNames } from './leases.ts';
import { moveItem } from './move-item.ts';
import { recomputeItem } from './recompute.ts';
import { staleLease, wrongState } from './refusals.ts';
import { isEdited } from './review-diff.ts';
import { reviewableItemStates, reviewEntry, type AssignmentRow } from './reviews.ts';
import { readStoredState } from './stored-state.ts';
import { transact } from './transact.ts';

/** What a reviewer decides on an annotation [R4]. */
export type ReviewDecision = 'accept' | 'return' | 'reject';

const decided = { accept: 'accepted', return: 'returned', reject: 'rejected' } as const;

/**
 * [R4] [W15] The reviewer's decision on the annotation they hold the review lease of (fence checked
 * against the lock and, in the update, against `review_fence`): `accept` → assignment accepted;
 * `return` → returned to the annotator with the reason and comment (`work:returned`, their copy
 * writable again); `reject` → the item rejected (the assignment stays as reviewed). A review row and
 * an audit entry record it with whether the reviewer edited (diff against `submitted_state`) and the
 * configuration version; the item follows in the same transaction.
 * @example const entry = await decideReview(services, { assignment, userId, fence, decision: 'accept' });
 */
export async function decideReview(
  services: Services,
  options: { assignment: AssignmentRow; userId: string; fence: number; decision: ReviewDecision; reasonCode?: ReasonCode | undefined; comment?: string | undefined },
): Promise<ReviewEntry> {
  const { assignment: a, userId, fence, decision } = options;
  const name = leaseNames.review(a.id);
  // The lock says whether the lease is still live; the fenced update below whether it is still this one.
  if (!(await services.coordination.locks.isCurrent(name, fence))) throw staleLease({ state: a.state });
  const reasonCode = options.reasonCode ?? null;
  const comment = options.comment ?? null;
  await transact(services, async (tx, deps, outbox) => {
    const project = await loadProjectWorkflow(tx, a.projectId);
    // The item row first, the audit chain last [Q12].
    const [item] = await tx.select({ state: items.state }).from(items).where(eq(items.id, a.itemId)).for('update');
    if (decision !== 'accept' && !(reviewableItemStates as readonly string[]).includes(item?.state ?? '')) {
      throw wrongState('This item is decided; it can no longer be returned or rejected here.', item?.state ?? null);
    }
    const now = new Date();
    const change =
      decision === 'accept'
        ? { state: 'accepted' as const }
        : decision === 'return'
          ? { state: 'returned' as const, returnReason: reasonCode, returnComment: comment }
          : {};
    const [row] = await tx
      .update(assignments)
      .set({ ...change, reviewLeaseExpiresAt: null, updatedAt: now })
      .where(and(eq(assignments.id, a.id), eq(assignments.reviewFence, fence), eq(assignments.reviewerId, userId), eq(assignments.state, 'in_review')))
      .returning();
    if (!row) {
      const [current] = await tx.select({ state: assignments.state }).from(assignments).where(eq(assignments.id, a.id));
      throw staleLease({ state: current?.state ?? null });
    }
    const edited = row.submittedState ? isEdited(row.submittedState, await readStoredState(tx, row.documentId)) : false;
    const reviewId = newId('review');
    await tx.insert(reviews).values({
      id: reviewId,
      projectId: a.projectId,
      itemId: a.itemId,
      assignmentId: a.id,
      reviewerId: userId,
      stage: 'review',
      decision: decided[decision],
      reasonCode,
      comment,
      edited,
      configVersion: project.configVersion,
    });
    await appendAudit(tx, {
      projectId: a.projectId,
      actorId: userId,
      action: `review.${decided[decision]}`,
      subjectType: 'assignment',
      subjectId: a.id,
      itemId: a.itemId,
      before: { state: 'in_review' },
      after: { state: row.state },
      detail: { reviewId, reasonCode, comment, edited, annotatorId: a.userId },
      configVersion: project.configVersion,
    });
    if (decision === 'reject') {
      const [locked] = await tx.select({ state: items.state }).from(items).where(eq(items.id, a.itemId)).for('update');
      const detail = { reviewId, reasonCode, comment, stage: 'review' };
      await moveItem(tx, { projectId: a.projectId, itemId: a.itemId, from: locked?.state ?? 'in_review', to: 'rejected', actorId: userId, configVersion: project.configVersion, detail }, outbox);
    } else {
      await recomputeItem(tx, deps, project, { itemId: a.itemId, actorId: userId }, outbox);
    }
    if (decision === 'return') {
      outbox.toUser(a.userId, 'work:returned', {
        projectId: a.projectId,
        assignmentId: a.id,
        itemId: a.itemId,
        documentId: a.documentId,
        reasonCode: reasonCode ?? 'other',
        comment: comment ?? '',
      });
    }
    outbox.documentsChanged.add(a.documentId);
    outbox.countsChanged.add(a.projectId);
  });
  await dropLease(services.coordination.locks, { name, owner: userId, fence });
  return reviewEntry(services.db.db, a.id);
}
