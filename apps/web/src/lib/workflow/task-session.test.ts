import type { Task } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { TaskSession } from './task-session.svelte.ts';

const expires = '2099-01-01T00:00:00Z';
const task = (state: Task['state'], extra: Partial<Task> = {}): Task => ({
  assignmentId: 'asg_1', projectId: 'prj_1', itemId: 'itm_1', documentId: 'doc_1', title: 'Item 1', tags: [], state,
  fence: null, leaseExpiresAt: null, returnReason: null, returnComment: null, submittedAt: null, ...extra,
});

function fakeApi(listed: Task[]) {
  return {
    listTasks: vi.fn(async () => ({ items: listed })),
    resume: vi.fn(async () => task('in_progress', { fence: 4, leaseExpiresAt: expires })),
    heartbeat: vi.fn(async (_id: string, fence: number) => ({ fence, leaseExpiresAt: expires })),
    submit: vi.fn(async () => task('submitted', { submittedAt: '2030-01-01T00:00:00Z' })),
    release: vi.fn(async () => task('released')),
    next: vi.fn(async () => null as Task | null),
  };
}

const timers = { setTimer: () => 0, clearTimer: () => {} };
const session = (api: ReturnType<typeof fakeApi>, assignmentId: string | null = 'asg_1') =>
  new TaskSession({ api, projectId: 'prj_1', documentId: 'doc_1', assignmentId, timers });

describe('TaskSession', () => {
  it('[Q1] resumes the task with a new fence, editable while the lease is held', async () => {
    const api = fakeApi([task('returned', { returnReason: 'incomplete', returnComment: 'Say how much better' })]);
    const s = session(api);
    expect(s.readOnly).toBe(true);
    await s.start();
    expect(api.resume).toHaveBeenCalledWith('asg_1');
    expect(s.status).toBe('active');
    expect(s.lease.fence).toBe(4);
    expect(s.readOnly).toBe(false);
    expect(s.returned).toEqual({ returnReason: 'incomplete', returnComment: 'Say how much better' });
  });

  it('finds the own task of the document without ?task, and is no task mode for other documents', async () => {
    const mine = session(fakeApi([task('in_progress')]), null);
    await mine.start();
    expect(mine.status).toBe('active');
    const other = session(fakeApi([task('in_progress', { documentId: 'doc_9' })]), null);
    await other.start();
    expect(other.status).toBe('none');
  });

  it('shows submitted work read-only without taking a lease', async () => {
    const api = fakeApi([task('in_review')]);
    const s = session(api);
    await s.start();
    expect(s.status).toBe('submitted');
    expect(api.resume).not.toHaveBeenCalled();
    expect(s.readOnly).toBe(true);
  });

  it('[W13] a 422 keeps the problems and the lease; a successful submit turns read-only', async () => {
    const api = fakeApi([task('in_progress')]);
    const problems = [{ path: 'judgement.strength', message: 'say how much better the chosen response is' }];
    api.submit.mockRejectedValueOnce(new ApiError({ status: 422, code: 'invalid_annotation', message: 'Not complete', details: { problems } }));
    const s = session(api);
    await s.start();
    expect(await s.submit()).toBe(false);
    expect(s.problems).toEqual(problems);
    expect(s.status).toBe('active');
    expect(await s.submit()).toBe(true);
    expect(api.submit).toHaveBeenLastCalledWith('asg_1', 4);
    expect(s.problems).toBeNull();
    expect(s.status).toBe('submitted');
    expect(s.lease.status).toBe('ended');
    expect(s.readOnly).toBe(true);
  });

  it('[W17] submits only after the editor\'s edits are stored; when they cannot be, nothing is submitted', async () => {
    const api = fakeApi([task('in_progress')]);
    const order: string[] = [];
    const flush = vi.fn(async () => {
      order.push('flush');
    });
    api.submit.mockImplementation(async () => {
      order.push('submit');
      return task('submitted');
    });
    const s = new TaskSession({ api, projectId: 'prj_1', documentId: 'doc_1', assignmentId: 'asg_1', timers, flush });
    await s.start();
    flush.mockRejectedValueOnce(new Error('Not connected to the server: your latest edits are not saved yet.'));
    expect(await s.submit()).toBe(false);
    expect(api.submit).not.toHaveBeenCalled();
    expect(s.error).toMatch(/not saved yet/);
    expect(s.status).toBe('active');
    expect(await s.submit()).toBe(true);
    expect(order).toEqual(['flush', 'submit']);
  });

  it('[Q5] a stale lease on submit loses the lease: read-only until reloaded', async () => {
    const api = fakeApi([task('in_progress')]);
    api.submit.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_lease', message: 'Your lease on this work is no longer current.' }));
    const s = session(api);
    await s.start();
    await s.submit();
    expect(s.status).toBe('lost');
    expect(s.lease.status).toBe('lost');
    expect(s.readOnly).toBe(true);
  });

  it('[Q8] releases the work, and a refused resume closes the task', async () => {
    const api = fakeApi([task('in_progress')]);
    const s = session(api);
    await s.start();
    await s.release();
    expect(api.release).toHaveBeenCalledWith('asg_1', 4);
    expect(s.status).toBe('released');
    const taken = fakeApi([task('in_progress')]);
    taken.resume.mockRejectedValueOnce(new ApiError({ status: 409, code: 'slot_taken', message: 'Someone else took this slot.' }));
    const t = session(taken);
    await t.start();
    expect(t.status).toBe('closed');
    expect(t.error).toBe('Someone else took this slot.');
  });

  it('says when nothing is left to label', async () => {
    const s = session(fakeApi([]));
    expect(await s.next()).toBeNull();
    expect(s.nothingLeft).toBe(true);
  });
});
