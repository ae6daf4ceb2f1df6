import type { ReviewEntry } from '@concord/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { decisionProblems, ReviewSession } from './review-session.svelte.ts';

const expires = '2099-01-01T00:00:00Z';
const entry: ReviewEntry = {
  assignmentId: 'asg_1', projectId: 'prj_1', itemId: 'itm_1', documentId: 'doc_1', title: 'Item 1', tags: [],
  annotator: { id: 'usr_a', name: 'Ana' }, state: 'in_review', submittedAt: '2030-01-01T00:00:00Z', reviewer: { id: 'usr_r', name: 'Rae' },
};

function fakeApi() {
  return {
    claimReview: vi.fn(async () => ({ fence: 9, leaseExpiresAt: expires })),
    reviewHeartbeat: vi.fn(async (_id: string, fence: number) => ({ fence, leaseExpiresAt: expires })),
    releaseReview: vi.fn(async () => undefined),
    listReviews: vi.fn(async () => ({ items: [entry] })),
    diff: vi.fn(async () => ({ changes: [{ path: 'judgement.strength', kind: 'added' as const, before: null, after: 'better', changedBy: 'Rae' }] })),
    review: vi.fn(async () => ({ ...entry, state: 'accepted' as const })),
  };
}

const timers = { setTimer: () => 0, clearTimer: () => {} };

describe('ReviewSession', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('[R4] a return needs a reason and a comment, a reject a reason, an accept nothing', () => {
    expect(decisionProblems({ decision: 'accept', reasonCode: '', comment: '' })).toEqual({});
    expect(Object.keys(decisionProblems({ decision: 'return', reasonCode: '', comment: ' ' }))).toEqual(['reasonCode', 'comment']);
    expect(decisionProblems({ decision: 'return', reasonCode: 'incomplete', comment: 'Add the strength' })).toEqual({});
    expect(Object.keys(decisionProblems({ decision: 'reject', reasonCode: '', comment: '' }))).toEqual(['reasonCode']);
  });

  it('[R2] [R3] claims, names the annotator and loads the diff', async () => {
    const api = fakeApi();
    const s = new ReviewSession({ api, projectId: 'prj_1', assignmentId: 'asg_1', timers });
    await s.start();
    await vi.waitFor(() => expect(s.entry?.annotator.name).toBe('Ana'));
    expect(s.status).toBe('active');
    expect(s.readOnly).toBe(false);
    expect(s.changes.map((c) => c.path)).toEqual(['judgement.strength']);
  });

  it('refreshes the diff shortly after the document changes', async () => {
    vi.useFakeTimers();
    const api = fakeApi();
    const s = new ReviewSession({ api, projectId: 'prj_1', assignmentId: 'asg_1', diffDelayMs: 100, timers });
    const listeners = new Set<() => void>();
    const doc = { on: (_e: 'update', l: () => void) => void listeners.add(l), off: (_e: 'update', l: () => void) => void listeners.delete(l) };
    const stop = s.watch(doc);
    for (const l of listeners) l();
    for (const l of listeners) l();
    await vi.advanceTimersByTimeAsync(100);
    expect(api.diff).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('sends a return with its reason and comment, then turns read-only', async () => {
    const api = fakeApi();
    const s = new ReviewSession({ api, projectId: 'prj_1', assignmentId: 'asg_1', timers });
    await s.start();
    expect(await s.decide({ decision: 'return', reasonCode: '', comment: '' })).toBe(false);
    expect(api.review).not.toHaveBeenCalled();
    expect(await s.decide({ decision: 'return', reasonCode: 'incomplete', comment: ' Add the strength ' })).toBe(true);
    expect(api.review).toHaveBeenCalledWith('asg_1', { fence: 9, decision: 'return', reasonCode: 'incomplete', comment: 'Add the strength' });
    expect(s.status).toBe('decided');
    expect(s.decided).toBe('return');
    expect(s.readOnly).toBe(true);
  });

  it('a claim held by another reviewer is an error; a stale lease on deciding is lost', async () => {
    const held = fakeApi();
    held.claimReview.mockRejectedValueOnce(new ApiError({ status: 409, code: 'lease_held', message: 'Another reviewer is reviewing this annotation.' }));
    const a = new ReviewSession({ api: held, projectId: 'prj_1', assignmentId: 'asg_1', timers });
    await a.start();
    expect(a.status).toBe('error');
    expect(a.error).toMatch(/Another reviewer/);
    const stale = fakeApi();
    stale.review.mockRejectedValueOnce(new ApiError({ status: 409, code: 'stale_lease', message: 'Your lease lapsed.' }));
    const b = new ReviewSession({ api: stale, projectId: 'prj_1', assignmentId: 'asg_1', timers });
    await b.start();
    expect(await b.decide({ decision: 'accept', reasonCode: '', comment: '' })).toBe(false);
    expect(b.status).toBe('lost');
  });
});
