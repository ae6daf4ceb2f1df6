import type { ItemSeed } from '@concord/annotation-doc';
import { assignments, items, users } from '@concord/db';
import { isId, type AssignmentState, type ReviewEntry } from '@concord/protocol';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { itemTitle } from '../items/item-service.ts';

/** Item states in which an item's annotations can still be reviewed (decided items are left alone). */
export const reviewableItemStates = ['in_progress', 'submitted', 'in_review'] as const;

/** An assignment as review and adjudication need it. */
export type AssignmentRow = typeof assignments.$inferSelect;

/** An assignment by id; 404 when the id is malformed or unknown. */
export async function loadAssignment(tx: DbOrTx, assignmentId: string): Promise<AssignmentRow> {
  if (!isId('assignment', assignmentId)) throw notFound('Assignment');
  const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId));
  if (!row) throw notFound('Assignment');
  return row;
}

const annotator = alias(users, 'annotator');
const reviewer = alias(users, 'reviewer');

/**
 * Review entries matching a condition, oldest submission first. `reviewer` is shown only while the
 * review lease is live [R6]: a lapsed claim is free for anyone to take.
 */
export async function reviewEntries(tx: DbOrTx, where: SQL | undefined, now = new Date()): Promise<ReviewEntry[]> {
  const rows = await tx
    .select({
      a: assignments,
      externalId: items.externalId,
      seed: items.seed,
      tags: items.tags,
      annotatorName: annotator.name,
      reviewerName: reviewer.name,
    })
    .from(assignments)
    .innerJoin(items, eq(items.id, assignments.itemId))
    .leftJoin(annotator, eq(annotator.id, assignments.userId))
    .leftJoin(reviewer, eq(reviewer.id, assignments.reviewerId))
    .where(where)
    .orderBy(asc(assignments.submittedAt), asc(assignments.id));
  return rows.map((r) => {
    const live = r.a.state === 'in_review' && r.a.reviewerId !== null && (r.a.reviewLeaseExpiresAt?.getTime() ?? 0) > now.getTime();
    return {
      assignmentId: r.a.id,
      projectId: r.a.projectId,
      itemId: r.a.itemId,
      documentId: r.a.documentId,
      title: itemTitle(r.seed as ItemSeed, r.externalId),
      tags: r.tags,
      annotator: { id: r.a.userId, name: r.annotatorName ?? '' },
      state: r.a.state,
      submittedAt: (r.a.submittedAt ?? r.a.updatedAt).toISOString(),
      reviewer: live && r.a.reviewerId ? { id: r.a.reviewerId, name: r.reviewerName ?? '' } : null,
    };
  });
}

/**
 * Leaves out items on which `userId` has work not submitted (in progress, returned, released, expired):
 * whatever their role, they see nothing of anyone else's work on it (abuse case 4, B3) [R8].
 */
export function withoutPendingWorkOf(userId: string): SQL {
  return sql`not exists (select 1 from "assignments" as "pending" where "pending"."item_id" = ${items.id} and "pending"."user_id" = ${userId} and "pending"."state" not in ('submitted', 'in_review', 'accepted'))`;
}

/**
 * [R1] Submitted annotations waiting for review, oldest first: `submitted`, `in_review`, or both
 * when no state is given. Never in-progress work, never annotations of decided items, never gold
 * checks [W19].
 */
export async function listReviews(tx: DbOrTx, options: { projectId: string; viewerId: string; state?: 'submitted' | 'in_review' | undefined }): Promise<ReviewEntry[]> {
  const states: AssignmentState[] = options.state ? [options.state] : ['submitted', 'in_review'];
  return reviewEntries(
    tx,
    and(
      eq(assignments.projectId, options.projectId),
      eq(assignments.kind, 'work'),
      inArray(assignments.state, states),
      inArray(items.state, [...reviewableItemStates]),
      withoutPendingWorkOf(options.viewerId),
    ),
  );
}

/** One assignment as a review entry (after a claim or a decision). */
export async function reviewEntry(tx: DbOrTx, assignmentId: string): Promise<ReviewEntry> {
  const [entry] = await reviewEntries(tx, eq(assignments.id, assignmentId));
  if (!entry) throw notFound('Assignment');
  return entry;
}
