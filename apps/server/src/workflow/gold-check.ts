import { assignments } from '@concord/db';
import { newId, type AssignmentState } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { AuditInput, DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { leaseAssignment } from './assignment-lease.ts';
import { createBlindCopy } from './blind-copy.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import type { Outbox } from './outbox.ts';
import { lockItem } from './slots.ts';

/**
 * Serves a gold item to an annotator outside the item's slots (quality/SPEC.md G2, G6; workflow [W19]):
 * under the item row's lock, a `gold_check` assignment with its own blind copy built from the item as
 * imported (seed and pre-label, never the item's current content, never its gold), leased like any
 * taken work [Q3] and audited like one (`assignment.taken`, off the item's timeline: auditPlace). Whatever the
 * item's state and overlap; the item is not recomputed (a gold check never moves it) and nothing is
 * sent (no count changes). Null when the user has an assignment on the item already ((item, user) is
 * unique).
 */
export async function claimGoldCheck(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { itemId: string; userId: string; now: number },
): Promise<{ assignmentId: string } | null> {
  const item = await lockItem(tx, input.itemId);
  if (item.projectId !== project.projectId) throw notFound('Item');
  const [existing] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.itemId, item.id), eq(assignments.userId, input.userId)));
  if (existing) return null;
  const at = new Date(input.now);
  const assignmentId = newId('assignment');
  const documentId = await createBlindCopy(tx, { projectId: project.projectId, itemId: item.id, ownerId: input.userId, from: 'seed' });
  await tx.insert(assignments).values({
    id: assignmentId,
    projectId: project.projectId,
    itemId: item.id,
    userId: input.userId,
    documentId,
    state: 'in_progress',
    kind: 'gold_check',
    assignedBy: null,
    createdAt: at,
    updatedAt: at,
  });
  const lease = await leaseAssignment(tx, deps, project, { id: assignmentId, userId: input.userId, fence: 0, leaseExpiresAt: null }, input.now);
  await appendAudit(tx, takenEntry(project, { assignmentId, itemId: item.id, userId: input.userId, documentId, before: null, fence: lease.fence }));
  return { assignmentId };
}

/**
 * Takes up a released or expired gold check again [Q8, W19]: no slot to wait for, so it is in progress
 * with a new lease whatever the item's state; audited like a revived claim. Call with the assignment
 * locked (lockAssignment: item row, then assignment).
 */
export async function reviveGoldCheck(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  row: { id: string; itemId: string; userId: string; documentId: string; state: AssignmentState; fence: number },
  input: { now: number },
  outbox: Outbox,
): Promise<void> {
  await tx
    .update(assignments)
    .set({ state: 'in_progress', leaseExpiresAt: null, updatedAt: new Date(input.now) })
    .where(and(eq(assignments.id, row.id), eq(assignments.state, row.state)));
  const lease = await leaseAssignment(tx, deps, project, { id: row.id, userId: row.userId, fence: row.fence, leaseExpiresAt: null }, input.now);
  await appendAudit(tx, takenEntry(project, { assignmentId: row.id, itemId: row.itemId, userId: row.userId, documentId: row.documentId, before: { state: row.state }, fence: lease.fence }));
  // The copy turns writable again for its owner.
  outbox.documentsChanged.add(row.documentId);
}

/**
 * Where an assignment's audit entries go [A1]: work on the item's timeline; a gold check on the project's
 * chain with no item id (like the gold answer itself, quality/SPEC.md G5), so the item's history, which
 * reviewers and the item's annotators read (A5), never shows it; `detail.goldCheckOf` keeps the item for
 * audit readers (roles that also read quality).
 * @example appendAudit(tx, { ...entry, itemId: auditPlace(row).itemId, detail: { ...detail, ...auditPlace(row).detail } })
 */
export function auditPlace(row: { kind: 'work' | 'gold_check'; itemId: string }): { itemId: string | null; detail: Record<string, unknown> } {
  return row.kind === 'gold_check' ? { itemId: null, detail: { goldCheckOf: row.itemId } } : { itemId: row.itemId, detail: {} };
}

function takenEntry(
  project: ProjectWorkflow,
  input: { assignmentId: string; itemId: string; userId: string; documentId: string; before: { state: AssignmentState } | null; fence: number },
): AuditInput {
  const place = auditPlace({ kind: 'gold_check', itemId: input.itemId });
  return {
    projectId: project.projectId,
    actorId: input.userId,
    action: 'assignment.taken',
    subjectType: 'assignment',
    subjectId: input.assignmentId,
    itemId: place.itemId,
    before: input.before,
    after: { state: 'in_progress', userId: input.userId, documentId: input.documentId },
    detail: { fence: input.fence, assignedBy: null, ...place.detail },
    configVersion: project.configVersion,
  };
}
