import type { ReviewEntry } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { ReviewQueue, reviewHref } from './review-queue.svelte.ts';

const entry = (id: string): ReviewEntry => ({
  assignmentId: id, projectId: 'prj_1', itemId: `itm_${id}`, documentId: `doc_${id}`, title: id, tags: [],
  annotator: { id: 'usr_a', name: 'Ana' }, state: 'submitted', submittedAt: '2030-01-01T00:00:00Z', reviewer: null,
});

describe('ReviewQueue', () => {
  it('[R1] lists the submitted annotations and reloads on events of its project', async () => {
    const listReviews = vi.fn(async () => ({ items: [entry('a')] }));
    const queue = new ReviewQueue({ api: { listReviews, claimReview: vi.fn() }, projectId: 'prj_1' });
    await queue.load();
    expect(queue.entries.map((e) => e.assignmentId)).toEqual(['a']);
    queue.onEvent({ projectId: 'prj_2' });
    queue.onEvent({ projectId: 'prj_1' });
    expect(listReviews).toHaveBeenCalledTimes(2);
  });

  it('[R2] claims, and names who holds a claim already', async () => {
    const claimReview = vi.fn(async () => ({ fence: 1, leaseExpiresAt: '2099-01-01T00:00:00Z' }));
    const queue = new ReviewQueue({ api: { listReviews: vi.fn(async () => ({ items: [] })), claimReview }, projectId: 'prj_1' });
    expect(await queue.claim(entry('a'))).toBe(true);
    claimReview.mockRejectedValueOnce(new ApiError({ status: 409, code: 'lease_held', message: 'Another reviewer', details: { reviewer: { id: 'usr_r', name: 'Rae' } } }));
    expect(await queue.claim(entry('a'))).toBe(false);
    expect(queue.claimError).toEqual({ assignmentId: 'a', message: 'Rae is reviewing it already.' });
    expect(reviewHref(entry('a'))).toBe('/documents/doc_a?review=a');
  });
});
