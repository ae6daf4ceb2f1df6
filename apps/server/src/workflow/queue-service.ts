import { assignments } from '@concord/db';
import { isId, type AssignmentState, type LeaseGrant, type Task } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { isUniqueViolation } from '../accounts/unique-violation.ts';
import { AppError, notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { dropAssignmentLease } from './assignment-lease.ts';
import { assignItem, heartbeat, releaseWork, resumeWork } from './assignments.ts';
import { loadProjectWorkflow } from './context.ts';
import { listTasks, nextTask } from './queue.ts';
import { submitWork } from './submit.ts';
import { transact, workflowDeps } from './transact.ts';
import { loadTask } from './task.ts';

/**
 * The annotator's queue and the lifecycle of their work (workflow SPEC Q, W13), one transaction per
 * operation with its events sent after commit. Callers check the caller's project permission first.
 * @example const task = await createQueueService(services).next(projectId, userId); // null: nothing left
 */
export function createQueueService(services: Services) {
  const db = services.db.db;
  const project = (projectId: string) => loadProjectWorkflow(db, projectId);

  return {
    /** The project an assignment belongs to; 404 for malformed or unknown ids. */
    async projectOf(assignmentId: string): Promise<string> {
      if (!isId('assignment', assignmentId)) throw notFound('Assignment');
      const [row] = await db.select({ projectId: assignments.projectId }).from(assignments).where(eq(assignments.id, assignmentId));
      if (!row) throw notFound('Assignment');
      return row.projectId;
    },

    /** [Q1] The caller's next task, or null when nothing is left. */
    async next(projectId: string, userId: string): Promise<Task | null> {
      const p = await project(projectId);
      for (let lostRaces = 0; ; ) {
        let task: Task | null | 'again';
        try {
          task = await transact(services, (tx, deps, outbox) => nextTask(tx, deps, p, userId, outbox));
        } catch (error) {
          // [Q16] A direct assignment gave them the item in the same instant: start over, it is theirs now.
          if (isUniqueViolation(error) && ++lostRaces < 3) continue;
          throw error;
        }
        if (task !== 'again') return task;
      }
    },

    /** The caller's own tasks, optionally of one state. */
    tasks(projectId: string, userId: string, state?: AssignmentState): Promise<Task[]> {
      return listTasks(db, { projectId, userId, state });
    },

    /** [Q7] Direct assignment by a manager or QA lead. */
    async assign(projectId: string, input: { itemId: string; userId: string; actorId: string }): Promise<Task> {
      if (!isId('item', input.itemId)) throw notFound('Item');
      if (!isId('user', input.userId)) throw new AppError(422, 'not_an_annotator', 'Work can only be assigned to a member whose role annotates.');
      const p = await project(projectId);
      try {
        return await transact(services, (tx, deps, outbox) => assignItem(tx, deps, p, input, outbox));
      } catch (error) {
        // [Q16] `next` gave them the item (a gold check or a slot) in the same instant: (item, user) is unique.
        if (isUniqueViolation(error)) throw new AppError(409, 'already_assigned', 'This person already has this item.');
        throw error;
      }
    },

    /** [Q1, Q4, Q6] Reopens the caller's work with a lease. */
    async resume(projectId: string, assignmentId: string, userId: string): Promise<Task> {
      const p = await project(projectId);
      const now = Date.now();
      const resumed = await transact(services, (tx, deps, outbox) => resumeWork(tx, deps, p, { assignmentId, userId, now, revive: true }, outbox));
      if (!resumed) throw new AppError(409, 'slot_taken', 'Your lease lapsed and someone else took this slot.', { state: 'expired' });
      return loadTask(db, assignmentId);
    },

    /** [Q3, Q5] Renews the caller's lease. */
    async heartbeat(projectId: string, assignmentId: string, userId: string, fence: number): Promise<LeaseGrant> {
      const p = await project(projectId);
      return transact(services, (tx, deps) => heartbeat(tx, deps, p, { assignmentId, userId, fence }));
    },

    /** [W13, Q5] Validates and submits the caller's work. */
    async submit(projectId: string, assignmentId: string, userId: string, fence: number): Promise<Task> {
      const p = await project(projectId);
      const task = await transact(services, (tx, deps, outbox) => submitWork(tx, deps, p, { assignmentId, userId, fence }, outbox));
      await dropAssignmentLease(workflowDeps(services), { assignmentId, userId, fence });
      return task;
    },

    /** [Q8] Gives the caller's work back. */
    async release(projectId: string, assignmentId: string, userId: string, fence: number): Promise<Task> {
      const p = await project(projectId);
      const task = await transact(services, (tx, deps, outbox) => releaseWork(tx, deps, p, { assignmentId, userId, fence }, outbox));
      await dropAssignmentLease(workflowDeps(services), { assignmentId, userId, fence });
      return task;
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
