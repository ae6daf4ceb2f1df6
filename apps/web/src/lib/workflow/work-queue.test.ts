import type { Task } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { WorkQueue } from './work-queue.svelte.ts';

const task = (id: string, state: Task['state']): Task => ({
  assignmentId: id, projectId: 'prj_1', itemId: `itm_${id}`, documentId: `doc_${id}`, title: id, tags: [], state,
  fence: null, leaseExpiresAt: null, returnReason: null, returnComment: null, submittedAt: null,
});

describe('WorkQueue', () => {
  it('loads the tasks with returned work first', async () => {
    const api = { listTasks: vi.fn(async () => ({ items: [task('a', 'in_progress'), task('b', 'returned')] })), next: vi.fn() };
    const queue = new WorkQueue({ api, projectId: 'prj_1' });
    await queue.load();
    expect(queue.loading).toBe(false);
    expect(queue.groups.returned.map((t) => t.assignmentId)).toEqual(['b']);
    expect(queue.groups.inProgress.map((t) => t.assignmentId)).toEqual(['a']);
  });

  it('[Q1] says so when nothing is left, and reports a refusal', async () => {
    const next = vi.fn(async () => null as Task | null);
    const queue = new WorkQueue({ api: { listTasks: vi.fn(), next }, projectId: 'prj_1' });
    expect(await queue.start()).toBeNull();
    expect(queue.nothingLeft).toBe(true);
    next.mockResolvedValueOnce(task('c', 'in_progress'));
    expect((await queue.start())?.assignmentId).toBe('c');
    expect(queue.nothingLeft).toBe(false);
    next.mockRejectedValueOnce(new ApiError({ status: 403, code: 'forbidden', message: 'Your role does not allow this.' }));
    expect(await queue.start()).toBeNull();
    expect(queue.startError).toBe('Your role does not allow this.');
  });

  it('reloads when work of this project is returned, and announces it', async () => {
    const listTasks = vi.fn(async () => ({ items: [task('a', 'returned')] }));
    const queue = new WorkQueue({ api: { listTasks, next: vi.fn() }, projectId: 'prj_1' });
    const event = { projectId: 'prj_1', assignmentId: 'a', itemId: 'itm_a', documentId: 'doc_a', reasonCode: 'incomplete' as const, comment: 'More' };
    await queue.onReturned({ ...event, projectId: 'prj_2' });
    expect(listTasks).not.toHaveBeenCalled();
    await queue.onReturned(event);
    expect(queue.returned).toEqual(event);
    expect(listTasks).toHaveBeenCalledTimes(1);
  });
});
