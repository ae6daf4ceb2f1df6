import type { Problem } from '@concord/annotation-doc';
import type { Task } from '@concord/protocol';
import { ApiError, errorMessage } from '../api.ts';
import { Lease, type LeaseOptions } from './lease.svelte.ts';
import { isStaleLease, problemsOf } from './refusal.ts';
import { isWorking } from './task-order.ts';
import type { WorkflowApi } from './workflow-api.ts';

/**
 * `none`: this document is no task of the caller (no task bar); `active`: leased and editable;
 * `submitted`: handed in (or further along), read-only; `released`: given back; `closed`: expired or
 * given back earlier, can be taken again; `lost`: the lease was taken over; `error`: could not start.
 */
export type TaskStatus = 'loading' | 'none' | 'active' | 'submitted' | 'released' | 'closed' | 'lost' | 'error';

type TaskApi = Pick<WorkflowApi, 'listTasks' | 'resume' | 'heartbeat' | 'submit' | 'release' | 'next'>;

export interface TaskSessionOptions {
  api: TaskApi;
  projectId: string;
  documentId: string;
  /** `?task=` of the page; without it the caller's own tasks are searched for this document. */
  assignmentId: string | null;
  timers?: Pick<LeaseOptions, 'setTimer' | 'clearTimer' | 'now'>;
  /** Resolves once the server stored the editor's latest edits; submit waits for it (workflow SPEC W17). */
  flush?: () => Promise<void>;
}

/**
 * Task mode of the document page: finds the caller's task on this document, resumes it (a new lease
 * and fence [Q1]), renews the lease while the page is open [Q3], submits (422 problems kept for the
 * problem list [W13]), releases [Q8], and takes the next task. The editor is read-only unless `active`.
 */
export class TaskSession {
  status = $state<TaskStatus>('loading');
  task = $state.raw<Task | null>(null);
  error = $state<string | null>(null);
  /** Problems the server found when submitting; null when the last submit was not refused for them. */
  problems = $state.raw<Problem[] | null>(null);
  busy = $state<'submit' | 'release' | 'next' | 'resume' | null>(null);
  /** Why the work came back, kept from before it was resumed. */
  returned = $state.raw<Pick<Task, 'returnReason' | 'returnComment'> | null>(null);
  nothingLeft = $state(false);
  readonly lease: Lease;
  readonly #options: TaskSessionOptions;

  constructor(options: TaskSessionOptions) {
    this.#options = options;
    this.lease = new Lease({
      ...options.timers,
      renew: (fence) => {
        const id = this.task?.assignmentId;
        return id ? options.api.heartbeat(id, fence) : Promise.reject(new Error('no task'));
      },
    });
  }

  /** The editor is read-only unless the task is active and its lease held. */
  get readOnly(): boolean {
    return this.status !== 'active' || this.lease.status !== 'held';
  }

  /** Finds the task and resumes it when it is still being worked on. */
  async start(): Promise<void> {
    const { api, projectId, documentId, assignmentId } = this.#options;
    let task: Task | undefined;
    try {
      const { items } = await api.listTasks(projectId);
      task = assignmentId
        ? items.find((t) => t.assignmentId === assignmentId)
        : (items.find((t) => t.documentId === documentId && isWorking(t.state)) ?? items.find((t) => t.documentId === documentId));
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (!task || task.documentId !== documentId) {
      this.status = assignmentId ? 'error' : 'none';
      if (assignmentId) this.error = 'This task is not yours, or it belongs to another document.';
      return;
    }
    this.task = task;
    if (task.state === 'returned') this.returned = { returnReason: task.returnReason, returnComment: task.returnComment };
    if (isWorking(task.state)) await this.resume();
    else this.status = task.state === 'expired' || task.state === 'released' ? 'closed' : 'submitted';
  }

  /** Takes a new lease on the task (also "take it again" after it expired or was given back). */
  async resume(): Promise<void> {
    const id = this.task?.assignmentId;
    if (!id) return;
    this.busy = 'resume';
    try {
      const task = await this.#options.api.resume(id);
      this.task = task;
      this.error = null;
      if (task.fence !== null && task.leaseExpiresAt !== null) {
        this.lease.take({ fence: task.fence, leaseExpiresAt: task.leaseExpiresAt });
        this.status = 'active';
      } else {
        this.status = 'submitted';
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.busy = null;
    }
  }

  /** Hands the work in; on 422 keeps the problems, on a stale lease turns `lost`. */
  async submit(): Promise<boolean> {
    const id = this.task?.assignmentId;
    const fence = this.lease.fence;
    if (!id || fence === null || this.status !== 'active' || this.busy) return false;
    this.busy = 'submit';
    this.error = null;
    try {
      await this.#options.flush?.();
      this.task = await this.#options.api.submit(id, fence);
      this.problems = null;
      this.returned = null;
      this.lease.end();
      this.status = 'submitted';
      return true;
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) this.problems = problems;
      else this.#refused(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** Gives the work back (the copy is kept). */
  async release(): Promise<void> {
    const id = this.task?.assignmentId;
    const fence = this.lease.fence;
    if (!id || fence === null || this.status !== 'active' || this.busy) return;
    this.busy = 'release';
    try {
      this.task = await this.#options.api.release(id, fence);
      this.lease.end();
      this.problems = null;
      this.status = 'released';
    } catch (error) {
      this.#refused(error);
    } finally {
      this.busy = null;
    }
  }

  /** The next task of the project, or null (and `nothingLeft`) when the queue is empty. */
  async next(): Promise<Task | null> {
    this.busy = 'next';
    this.nothingLeft = false;
    try {
      const task = await this.#options.api.next(this.#options.projectId);
      if (!task) this.nothingLeft = true;
      return task;
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    } finally {
      this.busy = null;
    }
  }

  destroy(): void {
    this.lease.destroy();
  }

  #refused(error: unknown): void {
    if (isStaleLease(error)) {
      this.lease.lose(errorMessage(error));
      this.status = 'lost';
    } else {
      this.error = errorMessage(error);
    }
  }

  /** Could not find or resume the task: a 409 (the slot was taken, the work moved on) closes it. */
  #fail(error: unknown): void {
    this.error = errorMessage(error);
    this.status = error instanceof ApiError && error.status === 409 ? 'closed' : 'error';
  }
}
