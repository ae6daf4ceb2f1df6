import type { AssignmentState, Task } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { groupTasks, isWorking, sortTasks, taskHref } from './task-order.ts';

const task = (id: string, state: AssignmentState, submittedAt: string | null = null): Task => ({
  assignmentId: id,
  projectId: 'prj_1',
  itemId: `itm_${id}`,
  documentId: `doc_${id}`,
  title: id,
  tags: [],
  state,
  fence: null,
  leaseExpiresAt: null,
  returnReason: state === 'returned' ? 'incomplete' : null,
  returnComment: state === 'returned' ? 'Add the strength' : null,
  submittedAt,
});

describe('task order', () => {
  it('puts returned work first, then in progress, waiting and done', () => {
    const tasks = [task('a', 'accepted'), task('b', 'submitted', '2030-01-02'), task('c', 'in_progress'), task('d', 'returned'), task('e', 'in_review', '2030-01-01')];
    expect(sortTasks(tasks).map((t) => t.assignmentId)).toEqual(['d', 'c', 'e', 'b', 'a']);
    const groups = groupTasks(tasks);
    expect(groups.returned.map((t) => t.assignmentId)).toEqual(['d']);
    expect(groups.waiting.map((t) => t.assignmentId)).toEqual(['e', 'b']);
    expect(groups.done.map((t) => t.assignmentId)).toEqual(['a']);
  });

  it('links a task to its document in task mode', () => {
    expect(taskHref({ documentId: 'doc_1', assignmentId: 'asg_2' })).toBe('/documents/doc_1?task=asg_2');
    expect(isWorking('returned')).toBe(true);
    expect(isWorking('submitted')).toBe(false);
  });
});
