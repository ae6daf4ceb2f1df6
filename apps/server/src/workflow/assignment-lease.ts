import { assignments } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { AppError } from '../errors.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import { dropLease, leaseNames, renewLease, takeLease, type FencedLease } from './leases.ts';
import { staleLease } from './refusals.ts';

/**
 * Gives the owner of an assignment a lease on it [Q3] and records its fence in the row. A live lease
 * is renewed and keeps its fence, so a second tab of the same user gets the same one [Q6]; otherwise a
 * new lock is taken above the row's fence and written with `where fence = <old fence>`, so of two
 * racing takers only one lands [Q5]. Call inside the transaction, with the item locked.
 */
export async function leaseAssignment(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  row: { id: string; userId: string; fence: number; leaseExpiresAt: Date | null },
  now: number,
): Promise<FencedLease> {
  const name = leaseNames.assignment(row.id);
  const ttlMs = project.settings.leaseSeconds * 1000;
  if (row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > now) {
    const renewed = await renewLease(deps.locks, { name, owner: row.userId, fence: row.fence, ttlMs });
    if (renewed) {
      await tx.update(assignments).set({ leaseExpiresAt: renewed.expiresAt }).where(and(eq(assignments.id, row.id), eq(assignments.fence, row.fence)));
      return renewed;
    }
  }
  const lease = await takeLease(deps.locks, { name, owner: row.userId, ttlMs, floor: row.fence });
  if (!lease) throw new AppError(409, 'lease_busy', 'This work is still leased; try again in a moment.', { state: 'in_progress' });
  const recorded = await tx
    .update(assignments)
    .set({ fence: lease.fence, leaseExpiresAt: lease.expiresAt, updatedAt: new Date(now) })
    .where(and(eq(assignments.id, row.id), eq(assignments.fence, row.fence)))
    .returning({ state: assignments.state });
  if (recorded.length === 0) {
    await dropLease(deps.locks, { name, owner: row.userId, fence: lease.fence });
    throw staleLease({ state: null });
  }
  return lease;
}

/** Gives an assignment's lease back after its work was submitted or released; never throws. */
export async function dropAssignmentLease(deps: WorkflowDeps, input: { assignmentId: string; userId: string; fence: number }): Promise<void> {
  try {
    await dropLease(deps.locks, { name: leaseNames.assignment(input.assignmentId), owner: input.userId, fence: input.fence });
  } catch (error) {
    deps.log.warn({ err: error, assignmentId: input.assignmentId }, 'releasing a lease failed; it lapses by itself');
  }
}
