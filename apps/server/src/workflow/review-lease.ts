import { assignments, items, users } from '@concord/db';
import type { LeaseGrant } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { forbidden } from '../errors.ts';
import type { Services } from '../services.ts';
import { loadProjectWorkflow } from './context.ts';
import { dropLease, leaseNames, renewLease, takeLease, type FencedLease } from './leases.ts';
import { recomputeItem } from './recompute.ts';
import { leaseHeld, staleLease, wrongState } from './refusals.ts';
import { reviewableItemStates, type AssignmentRow } from './reviews.ts';
import { transact } from './transact.ts';

const grant = (lease: FencedLease): LeaseGrant => ({ fence: lease.fence, leaseExpiresAt: lease.expiresAt.toISOString() });

async function reviewerOf(tx: DbOrTx, a: AssignmentRow): Promise<{ id: string; name: string } | null> {
  if (!a.reviewerId) return null;
  const [row] = await tx.select({ name: users.name }).from(users).where(eq(users.id, a.reviewerId));
  return { id: a.reviewerId, name: row?.name ?? '' };
}

/** The same reviewer claiming again while their lease is live keeps their fence (a second tab) [R2]. */
async function renewOwnClaim(services: Services, a: AssignmentRow, ttlMs: number): Promise<LeaseGrant | null> {
  const renewed = await renewLease(services.coordination.locks, { name: leaseNames.review(a.id), owner: a.reviewerId ?? '', fence: a.reviewFence, ttlMs });
  if (!renewed) return null;
  const updated = await services.db.db
    .update(assignments)
    .set({ reviewLeaseExpiresAt: renewed.expiresAt })
    .where(and(eq(assignments.id, a.id), eq(assignments.reviewFence, a.reviewFence), eq(assignments.state, 'in_review')))
    .returning({ id: assignments.id });
  return updated.length > 0 ? grant(renewed) : null;
}

/**
 * [R2] [R5] [R6] Takes the review lease of a submitted annotation: fenced above the assignment's
 * `review_fence`, recorded with `where review_fence = <floor>` so of two racing claims one lands. The
 * assignment goes `in_review`, the item follows (recomputeItem), the copy's sockets re-check (B5).
 * A live claim of someone else is a 409 naming them; a lapsed one is taken over.
 * @example const lease = await claimReview(services, { assignment, userId });
 */
export async function claimReview(services: Services, options: { assignment: AssignmentRow; userId: string }): Promise<LeaseGrant> {
  const { assignment: a, userId } = options;
  const db = services.db.db;
  if (a.userId === userId) throw forbidden('You cannot review your own annotation.');
  // A gold check is never reviewed [W19]; only roles reading quality see it at all (B11).
  if (a.kind === 'gold_check') throw wrongState('Only submitted annotations can be reviewed.', a.state);
  const project = await loadProjectWorkflow(db, a.projectId);
  const ttlMs = project.settings.leaseSeconds * 1000;
  if (a.state === 'in_review' && (a.reviewLeaseExpiresAt?.getTime() ?? 0) > Date.now()) {
    if (a.reviewerId !== userId) throw leaseHeld('Another reviewer is reviewing this annotation.', { reviewer: await reviewerOf(db, a), state: a.state });
    const again = await renewOwnClaim(services, a, ttlMs);
    if (again) return again;
  }
  if (a.state !== 'submitted' && a.state !== 'in_review') throw wrongState('Only submitted annotations can be reviewed.', a.state);
  const name = leaseNames.review(a.id);
  const lease = await takeLease(services.coordination.locks, { name, owner: userId, ttlMs, floor: a.reviewFence });
  if (!lease) throw leaseHeld('Another reviewer is reviewing this annotation.', { reviewer: await reviewerOf(db, a), state: a.state });
  try {
    await transact(services, async (tx, deps, outbox) => {
      // The item row first, the audit chain last [Q12].
      const [item] = await tx.select({ state: items.state }).from(items).where(eq(items.id, a.itemId)).for('update');
      if (!item || !(reviewableItemStates as readonly string[]).includes(item.state)) {
        throw wrongState('This item is decided; its annotations are no longer reviewed.', item?.state ?? null);
      }
      const claimed = await tx
        .update(assignments)
        .set({ state: 'in_review', reviewerId: userId, reviewFence: lease.fence, reviewLeaseExpiresAt: lease.expiresAt, updatedAt: new Date() })
        .where(and(eq(assignments.id, a.id), eq(assignments.reviewFence, a.reviewFence), eq(assignments.state, a.state)))
        .returning({ id: assignments.id });
      if (claimed.length === 0) throw staleLease({ state: (await currentState(tx, a.id)) ?? null });
      await appendAudit(tx, {
        projectId: a.projectId,
        actorId: userId,
        action: 'review.claimed',
        subjectType: 'assignment',
        subjectId: a.id,
        itemId: a.itemId,
        before: { state: a.state, reviewerId: a.reviewerId },
        after: { state: 'in_review', reviewerId: userId },
        configVersion: project.configVersion,
      });
      await recomputeItem(tx, deps, project, { itemId: a.itemId, actorId: userId }, outbox);
      outbox.documentsChanged.add(a.documentId);
      outbox.countsChanged.add(a.projectId);
    });
  } catch (error) {
    await dropLease(services.coordination.locks, { name, owner: userId, fence: lease.fence });
    throw error;
  }
  return grant(lease);
}

async function currentState(tx: DbOrTx, assignmentId: string): Promise<string | undefined> {
  const [row] = await tx.select({ state: assignments.state }).from(assignments).where(eq(assignments.id, assignmentId));
  return row?.state;
}

/** [R2] Renews the caller's review lease; 409 `stale_lease` once it lapsed or was taken over. */
export async function heartbeatReview(services: Services, options: { assignment: AssignmentRow; userId: string; fence: number }): Promise<LeaseGrant> {
  const { assignment: a, userId, fence } = options;
  const db = services.db.db;
  const project = await loadProjectWorkflow(db, a.projectId);
  const name = leaseNames.review(a.id);
  const renewed = await renewLease(services.coordination.locks, { name, owner: userId, fence, ttlMs: project.settings.leaseSeconds * 1000 });
  if (!renewed) throw staleLease({ state: a.state });
  const updated = await db
    .update(assignments)
    .set({ reviewLeaseExpiresAt: renewed.expiresAt })
    .where(and(eq(assignments.id, a.id), eq(assignments.reviewFence, fence), eq(assignments.reviewerId, userId), eq(assignments.state, 'in_review')))
    .returning({ id: assignments.id });
  if (updated.length === 0) {
    await dropLease(services.coordination.locks, { name, owner: userId, fence });
    throw staleLease({ state: a.state });
  }
  return grant(renewed);
}

/** [R2] Gives a review back: the annotation is `submitted` again for any reviewer; the reviewer's edits stay. */
export async function releaseReview(services: Services, options: { assignment: AssignmentRow; userId: string; fence: number }): Promise<void> {
  const { assignment: a, userId, fence } = options;
  await transact(services, async (tx, deps, outbox) => {
    const project = await loadProjectWorkflow(tx, a.projectId);
    // The item row first, the audit chain last [Q12].
    await tx.select({ id: items.id }).from(items).where(eq(items.id, a.itemId)).for('update');
    const released = await tx
      .update(assignments)
      .set({ state: 'submitted', reviewLeaseExpiresAt: null, updatedAt: new Date() })
      .where(and(eq(assignments.id, a.id), eq(assignments.reviewFence, fence), eq(assignments.reviewerId, userId), eq(assignments.state, 'in_review')))
      .returning({ id: assignments.id });
    if (released.length === 0) throw staleLease({ state: (await currentState(tx, a.id)) ?? null });
    await appendAudit(tx, {
      projectId: a.projectId,
      actorId: userId,
      action: 'review.released',
      subjectType: 'assignment',
      subjectId: a.id,
      itemId: a.itemId,
      before: { state: 'in_review' },
      after: { state: 'submitted' },
      configVersion: project.configVersion,
    });
    await recomputeItem(tx, deps, project, { itemId: a.itemId, actorId: userId }, outbox);
    outbox.documentsChanged.add(a.documentId);
    outbox.countsChanged.add(a.projectId);
  });
  await dropLease(services.coordination.locks, { name: leaseNames.review(a.id), owner: userId, fence });
}
