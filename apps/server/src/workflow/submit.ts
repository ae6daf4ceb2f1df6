import { assignments } from '@concord/db';
import type { Task } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { recordObservation } from '../quality/observations.ts';
import { claimRefused, lockAssignment, notYours } from './assignments.ts';
import { problemsOf } from './complete.ts';
import { auditPlace } from './gold-check.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import type { Outbox } from './outbox.ts';
import { recomputeItem } from './recompute.ts';
import { invalidAnnotation, staleLease } from './refusals.ts';
import { openItemStates } from './slots.ts';
import { readStoredState } from './stored-state.ts';
import { loadTask, workingStates } from './task.ts';

/**
 * Submits the owner's work [W13]: refused with 409 stale_lease unless the fence is current and the work
 * in progress or returned [Q5]; then the document's stored state [W16] is validated under its
 * configuration version (any problem: 422 with `details.problems`, nothing changes). Otherwise the
 * assignment is `submitted` with that state kept as submitted, audited; the item is recomputed (and
 * completed when it was the last annotation [W14]); `review:requested` goes to the project when review
 * is on, and the document's sockets re-check their access [B5]. What the annotation says is observed in
 * the same transaction, and the annotator's standing recomputed (quality/SPEC.md [O1] [F1]).
 * A gold check [W19] (quality/SPEC.md G6) is validated, audited and observed the same way, whatever
 * its item's state, but is never reviewed and never touches its item: it ends `accepted` when the
 * project reviews (where work ends once accepted) and `submitted` when it does not (where work ends
 * submitted), so the annotator's task ends like any other; no recompute, no `review:requested`.
 */
export async function submitWork(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  input: { assignmentId: string; userId: string; fence: number },
  outbox: Outbox,
): Promise<Task> {
  const row = await lockAssignment(tx, input.assignmentId);
  if (row.userId !== input.userId) throw notYours(row.state);
  if (row.fence !== input.fence || !workingStates.includes(row.state)) throw staleLease({ state: row.state });
  const goldCheck = row.kind === 'gold_check';
  // A decision (QA, rejection) closed the item while this work was open: it takes no more annotations.
  if (!goldCheck && !openItemStates.includes(row.itemState)) throw claimRefused({ reason: 'closed', state: row.itemState });
  const state = await readStoredState(tx, row.documentId);
  const problems = await problemsOf(tx, project, row.documentId, state);
  if (problems.length > 0) throw invalidAnnotation(problems);

  const now = new Date();
  const to = goldCheck && project.settings.review ? 'accepted' : 'submitted';
  const moved = await tx
    .update(assignments)
    .set({ state: to, submittedAt: now, submittedState: state, leaseExpiresAt: null, returnReason: null, returnComment: null, updatedAt: now })
    .where(and(eq(assignments.id, row.id), eq(assignments.fence, input.fence), inArray(assignments.state, [...workingStates])))
    .returning({ id: assignments.id });
  if (moved.length === 0) throw staleLease({ state: row.state });
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: input.userId,
    action: 'assignment.submitted',
    subjectType: 'assignment',
    subjectId: row.id,
    itemId: auditPlace(row).itemId,
    before: { state: row.state },
    after: { state: to },
    detail: { fence: input.fence, documentId: row.documentId, ...auditPlace(row).detail },
    configVersion: project.configVersion,
  });
  if (!goldCheck) await recomputeItem(tx, deps, project, { itemId: row.itemId, actorId: input.userId }, outbox);
  await recordObservation(tx, project, { assignmentId: row.id, itemId: row.itemId, userId: input.userId, documentId: row.documentId, state, submittedAt: now }, outbox);
  if (project.settings.review && !goldCheck) {
    outbox.toProject(project.projectId, 'review:requested', { projectId: project.projectId, itemId: row.itemId, assignmentId: row.id });
  }
  outbox.documentsChanged.add(row.documentId);
  return loadTask(tx, row.id);
}
