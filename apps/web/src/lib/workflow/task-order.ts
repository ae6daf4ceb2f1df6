import type { AssignmentState, Task } from '@concord/protocol';

/** Returned work first (it waits on the annotator), then work in progress, then what waits on others, then the done. */
const rank: Record<AssignmentState, number> = {
  returned: 0,
  in_progress: 1,
  submitted: 2,
  in_review: 2,
  accepted: 3,
  expired: 4,
  released: 4,
};

/** Tasks grouped for the annotator's list. */
export interface TaskGroups {
  returned: Task[];
  inProgress: Task[];
  waiting: Task[];
  done: Task[];
}

/**
 * The annotator's tasks in the order they should act on them: returned work first (most recently
 * returned first), then in progress, then submitted, then accepted and given back; ties oldest first.
 * @example sortTasks(tasks)[0] // the returned task, if any
 */
export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((a, b) => rank[a.state] - rank[b.state] || (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || a.assignmentId.localeCompare(b.assignmentId));
}

/** The tasks by what they wait on. */
export function groupTasks(tasks: readonly Task[]): TaskGroups {
  const sorted = sortTasks(tasks);
  return {
    returned: sorted.filter((t) => t.state === 'returned'),
    inProgress: sorted.filter((t) => t.state === 'in_progress'),
    waiting: sorted.filter((t) => t.state === 'submitted' || t.state === 'in_review'),
    done: sorted.filter((t) => t.state === 'accepted' || t.state === 'expired' || t.state === 'released'),
  };
}

/** Where a task is worked on: its document in task mode. */
export function taskHref(task: Pick<Task, 'documentId' | 'assignmentId'>): string {
  return `/documents/${encodeURIComponent(task.documentId)}?task=${encodeURIComponent(task.assignmentId)}`;
}

/** Whether the annotator still writes in this task (a lease is taken when it opens). */
export function isWorking(state: AssignmentState): boolean {
  return state === 'in_progress' || state === 'returned';
}
