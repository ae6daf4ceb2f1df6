import { assignments } from '@concord/db';
import { newId, type AssignmentState, type ItemState } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { leaseAssignment } from './assignment-lease.ts';
import { createBlindCopy, itemDocumentOf } from './blind-copy.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import type { Outbox } from './outbox.ts';
import { recomputeItem } from './recompute.ts';
import { expireLapsed, holdsSlot, lockItem, openItemStates, slotRows } from './slots.ts';
import { activeAssignmentStates } from './transitions.ts';

/** A claim that did not happen, and why: the item is closed, its slots are full, or the user has it already. */
export type ClaimRefusal = { reason: 'closed'; state: ItemState } | { reason: 'full'; state: ItemState } | { reason: 'mine'; state: AssignmentState };

/**
 * Claims one of an item's slots for a user [Q1, Q2, Q7]: locks the item row, counts the slot holders
 * under that lock, expires lapsed holders that no longer fit [Q4], creates the assignment (with a blind
 * copy [B2], or on the item's shared document [B1]) or revives the user's expired or released one,
 * optionally leases it [Q3], audits and recomputes the item [W11]. Returns the assignment id, or why not.
 */
export async function claimItem(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { itemId: string; userId: string; actorId: string; assignedBy: string | null; lease: boolean; revive: boolean; now: number },
  outbox: Outbox,
): Promise<{ assignmentId: string } | ClaimRefusal> {
  const item = await lockItem(tx, input.itemId);
  if (item.projectId !== project.projectId) throw notFound('Item');
  if (!openItemStates.includes(item.state)) return { reason: 'closed', state: item.state };
  const rows = await slotRows(tx, item.id);
  const mine = rows.find((r) => r.userId === input.userId);
  // (item, user) is unique: someone measured on this item by a gold check never takes a slot of it [W19].
  if (mine && (activeAssignmentStates.includes(mine.state) || !input.revive || mine.kind === 'gold_check')) return { reason: 'mine', state: mine.state };
  const others = rows.filter((r) => r !== mine);
  if (others.filter((r) => holdsSlot(r, input.now)).length >= project.settings.overlap) return { reason: 'full', state: item.state };
  await expireLapsed(tx, project, { itemId: item.id, rows: others, taking: 1, takenBy: input.userId, now: input.now }, outbox);

  const at = new Date(input.now);
  let assignmentId: string;
  let documentId: string;
  if (mine) {
    assignmentId = mine.id;
    documentId = mine.documentId;
    await tx
      .update(assignments)
      .set({ state: 'in_progress', leaseExpiresAt: null, assignedBy: input.assignedBy, updatedAt: at })
      .where(and(eq(assignments.id, mine.id), eq(assignments.state, mine.state)));
    // The copy turns writable again for its owner.
    outbox.documentsChanged.add(documentId);
  } else {
    assignmentId = newId('assignment');
    documentId =
      project.settings.labeling === 'blind'
        ? await createBlindCopy(tx, { projectId: project.projectId, itemId: item.id, ownerId: input.userId })
        : (await itemDocumentOf(tx, item.id)).id;
    await tx.insert(assignments).values({
      id: assignmentId,
      projectId: project.projectId,
      itemId: item.id,
      userId: input.userId,
      documentId,
      state: 'in_progress',
      assignedBy: input.assignedBy,
      createdAt: at,
      updatedAt: at,
    });
  }
  const lease = input.lease
    ? await leaseAssignment(tx, deps, project, { id: assignmentId, userId: input.userId, fence: mine?.fence ?? 0, leaseExpiresAt: null }, input.now)
    : null;
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: input.actorId,
    action: input.assignedBy ? 'assignment.assigned' : 'assignment.taken',
    subjectType: 'assignment',
    subjectId: assignmentId,
    itemId: item.id,
    before: mine ? { state: mine.state } : null,
    after: { state: 'in_progress', userId: input.userId, documentId },
    detail: { fence: lease?.fence ?? null, assignedBy: input.assignedBy },
    configVersion: project.configVersion,
  });
  await recomputeItem(tx, deps, project, { itemId: item.id, actorId: input.actorId }, outbox);
  return { assignmentId };
}
