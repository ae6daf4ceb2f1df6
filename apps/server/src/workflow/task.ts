import type { ItemSeed } from '@concord/annotation-doc';
import { assignments, items } from '@concord/db';
import type { AssignmentState, ReasonCode, Task } from '@concord/protocol';
import { eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { notFound } from '../errors.ts';
import { itemTitle } from '../items/item-service.ts';

/** Assignment states in which the annotator writes (and holds a lease while the editor is open). */
export const workingStates: readonly AssignmentState[] = ['in_progress', 'returned'];

const taskColumns = {
  assignmentId: assignments.id,
  projectId: assignments.projectId,
  itemId: assignments.itemId,
  userId: assignments.userId,
  documentId: assignments.documentId,
  state: assignments.state,
  fence: assignments.fence,
  leaseExpiresAt: assignments.leaseExpiresAt,
  returnReason: assignments.returnReason,
  returnComment: assignments.returnComment,
  submittedAt: assignments.submittedAt,
  updatedAt: assignments.updatedAt,
  seed: items.seed,
  externalId: items.externalId,
  tags: items.tags,
};

/** An assignment joined with its item, as tasks are built from. */
export type TaskRow = {
  assignmentId: string;
  projectId: string;
  itemId: string;
  userId: string;
  documentId: string;
  state: AssignmentState;
  fence: number;
  leaseExpiresAt: Date | null;
  returnReason: string | null;
  returnComment: string | null;
  submittedAt: Date | null;
  updatedAt: Date;
  seed: unknown;
  externalId: string;
  tags: string[];
};

/** Assignments joined with their items, filtered by `where`. */
export function selectTaskRows(tx: DbOrTx, where: SQL | undefined) {
  return tx.select(taskColumns).from(assignments).innerJoin(items, eq(items.id, assignments.itemId)).where(where);
}

/** One assignment as a task; 404 when it does not exist. */
export async function loadTask(tx: DbOrTx, assignmentId: string, now = Date.now()): Promise<Task> {
  const [row] = await selectTaskRows(tx, eq(assignments.id, assignmentId));
  if (!row) throw notFound('Assignment');
  return taskJson(row, now);
}

/** Whether the annotator holds a live lease on this assignment. */
export function leaseLive(row: Pick<TaskRow, 'state' | 'leaseExpiresAt'>, now = Date.now()): boolean {
  return workingStates.includes(row.state) && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > now;
}

/** The API's Task: the fence only while the lease is live (it is what heartbeat, submit and release carry). */
export function taskJson(row: TaskRow, now = Date.now()): Task {
  const live = leaseLive(row, now);
  return {
    assignmentId: row.assignmentId,
    projectId: row.projectId,
    itemId: row.itemId,
    documentId: row.documentId,
    title: itemTitle(row.seed as ItemSeed, row.externalId),
    tags: row.tags,
    state: row.state,
    fence: live ? row.fence : null,
    leaseExpiresAt: live ? row.leaseExpiresAt!.toISOString() : null,
    returnReason: (row.returnReason as ReasonCode | null) ?? null,
    returnComment: row.returnComment,
    submittedAt: row.submittedAt?.toISOString() ?? null,
  };
}
