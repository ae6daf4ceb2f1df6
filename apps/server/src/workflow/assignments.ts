import { assignments, projectMembers } from '@concord/db';
import { can, type LeaseGrant, type Task } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { AppError, notFound } from '../errors.ts';
import { leaseAssignment } from './assignment-lease.ts';
import { claimItem, type ClaimRefusal } from './claim.ts';
import { auditPlace, reviveGoldCheck } from './gold-check.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import { leaseNames, renewLease } from './leases.ts';
import type { Outbox } from './outbox.ts';
import { staleLease, wrongState } from './refusals.ts';
import { recomputeItem } from './recompute.ts';
import { holdsSlot, lapsed, lockItem, slotRows } from './slots.ts';
import { loadTask, workingStates } from './task.ts';

/** An assignment row read under its item's lock (then its own), with the item's state. */
export async function lockAssignment(tx: DbOrTx, assignmentId: string) {
  const [head] = await tx.select({ itemId: assignments.itemId }).from(assignments).where(eq(assignments.id, assignmentId));
  if (!head) throw notFound('Assignment');
  // Item first, then assignment: the order every workflow transaction locks in.
  const item = await lockItem(tx, head.itemId);
  const [row] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId)).for('update');
  if (!row) throw notFound('Assignment');
  return { ...row, itemState: item.state };
}

/** Work of someone else: refused like any other transition [W12]. */
export function notYours(state: string): AppError {
  return new AppError(409, 'not_yours', 'This work is assigned to someone else.', { state });
}

/** The 409 of a claim that did not happen [Q7, W12]. */
export function claimRefused(refusal: ClaimRefusal): AppError {
  switch (refusal.reason) {
    case 'closed':
      return new AppError(409, 'item_closed', `The item is ${refusal.state}: it takes no more annotations.`, { state: refusal.state });
    case 'full':
      return new AppError(409, 'overlap_full', 'Every slot of this item is taken.', { state: refusal.state });
    case 'mine':
      return new AppError(409, 'already_assigned', 'This person already has this item.', { state: refusal.state });
  }
}

/**
 * Resumes the owner's work with a lease [Q1, Q4, Q6]: in-progress or returned work keeps its copy and
 * gets a (renewed or new) lease; a lapsed one only while a slot is free, else it becomes expired and
 * false is returned. With `revive`, expired or released work is taken up again when a slot is free
 * (a gold check needs none [W19]).
 */
export async function resumeWork(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { assignmentId: string; userId: string; now: number; revive: boolean },
  outbox: Outbox,
): Promise<boolean> {
  const row = await lockAssignment(tx, input.assignmentId);
  if (row.userId !== input.userId) throw notYours(row.state);
  if ((row.state === 'expired' || row.state === 'released') && input.revive) {
    if (row.kind === 'gold_check') {
      await reviveGoldCheck(tx, deps, project, row, { now: input.now }, outbox);
      return true;
    }
    const claimed = await claimItem(tx, deps, project, { itemId: row.itemId, userId: row.userId, actorId: row.userId, assignedBy: null, lease: true, revive: true, now: input.now }, outbox);
    if ('reason' in claimed) throw claimRefused(claimed);
    return true;
  }
  if (!workingStates.includes(row.state)) throw wrongState(`Work that is ${row.state} cannot be resumed.`, row.state);
  if (lapsed(row, input.now)) {
    const others = (await slotRows(tx, row.itemId)).filter((r) => r.id !== row.id);
    if (others.filter((r) => holdsSlot(r, input.now)).length >= project.settings.overlap) {
      await expire(tx, project, row, outbox);
      await recomputeItem(tx, deps, project, { itemId: row.itemId, actorId: null }, outbox);
      return false;
    }
  }
  await leaseAssignment(tx, deps, project, row, input.now);
  // A gold check never moves its item [W19].
  if (row.kind === 'work') await recomputeItem(tx, deps, project, { itemId: row.itemId, actorId: row.userId }, outbox);
  return true;
}

async function expire(tx: DbOrTx, project: ProjectWorkflow, row: { id: string; itemId: string; userId: string; documentId: string; fence: number }, outbox: Outbox) {
  await tx.update(assignments).set({ state: 'expired', leaseExpiresAt: null, updatedAt: new Date() }).where(and(eq(assignments.id, row.id), eq(assignments.fence, row.fence)));
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: null,
    action: 'assignment.expired',
    subjectType: 'assignment',
    subjectId: row.id,
    itemId: row.itemId,
    before: { state: 'in_progress', userId: row.userId },
    after: { state: 'expired' },
    detail: { why: 'no_free_slot' },
    configVersion: project.configVersion,
  });
  outbox.documentsChanged.add(row.documentId);
}

/**
 * A manager or QA lead assigns an item to a member who annotates [Q7]: in progress without a lease,
 * holding its slot; 409 when the item is closed or full or the person has it already.
 */
export async function assignItem(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { itemId: string; userId: string; actorId: string },
  outbox: Outbox,
): Promise<Task> {
  const [member] = await tx
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, project.projectId), eq(projectMembers.userId, input.userId)));
  if (!can(member?.role, 'work.annotate')) throw new AppError(422, 'not_an_annotator', 'Work can only be assigned to a member whose role annotates.');
  const now = Date.now();
  const claimed = await claimItem(tx, deps, project, { ...input, assignedBy: input.actorId, lease: false, revive: true, now }, outbox);
  if ('reason' in claimed) throw claimRefused(claimed);
  return loadTask(tx, claimed.assignmentId, now);
}

/** Renews the owner's lease [Q3]; 409 stale_lease when it lapsed, a newer one was taken or the work moved on [Q5]. */
export async function heartbeat(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { assignmentId: string; userId: string; fence: number },
): Promise<LeaseGrant> {
  const [row] = await tx.select().from(assignments).where(eq(assignments.id, input.assignmentId)).for('update');
  if (!row) throw notFound('Assignment');
  if (row.userId !== input.userId) throw notYours(row.state);
  if (row.fence !== input.fence || !workingStates.includes(row.state)) throw staleLease({ state: row.state });
  const ttlMs = project.settings.leaseSeconds * 1000;
  const renewed = await renewLease(deps.locks, { name: leaseNames.assignment(row.id), owner: row.userId, fence: input.fence, ttlMs });
  if (!renewed) throw staleLease({ state: row.state });
  await tx.update(assignments).set({ leaseExpiresAt: renewed.expiresAt }).where(and(eq(assignments.id, row.id), eq(assignments.fence, input.fence)));
  return { fence: renewed.fence, leaseExpiresAt: renewed.expiresAt.toISOString() };
}

/** Gives work back [Q8]: released, its slot freed, its copy kept; fenced like every write of the work [Q5]. */
export async function releaseWork(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { assignmentId: string; userId: string; fence: number },
  outbox: Outbox,
): Promise<Task> {
  const row = await lockAssignment(tx, input.assignmentId);
  if (row.userId !== input.userId) throw notYours(row.state);
  const moved = await tx
    .update(assignments)
    .set({ state: 'released', leaseExpiresAt: null, updatedAt: new Date() })
    .where(and(eq(assignments.id, row.id), eq(assignments.fence, input.fence), inArray(assignments.state, [...workingStates])))
    .returning({ id: assignments.id });
  if (moved.length === 0) throw staleLease({ state: row.state });
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: input.userId,
    action: 'assignment.released',
    subjectType: 'assignment',
    subjectId: row.id,
    itemId: auditPlace(row).itemId,
    before: { state: row.state },
    after: { state: 'released' },
    detail: { fence: input.fence, ...auditPlace(row).detail },
    configVersion: project.configVersion,
  });
  if (row.kind === 'work') await recomputeItem(tx, deps, project, { itemId: row.itemId, actorId: input.userId }, outbox);
  outbox.documentsChanged.add(row.documentId);
  return loadTask(tx, row.id);
}
