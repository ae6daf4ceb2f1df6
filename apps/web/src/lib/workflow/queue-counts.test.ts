import type { QueueCounts } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { QueueCountsFeed } from './queue-counts.svelte.ts';

const counts = (projectId: string, todo: number): QueueCounts => ({
  projectId,
  byState: { todo, in_progress: 0, submitted: 0, in_review: 0, in_qa: 0, validated: 0, accepted: 0, rejected: 0 },
  awaitingReview: 0,
  openDisputes: 0,
});

describe('QueueCountsFeed', () => {
  it('loads the counts, then follows pushes of its own project only', async () => {
    const feed = new QueueCountsFeed({ client: { counts: async () => counts('prj_a', 3) }, projectId: 'prj_a' });
    await feed.load();
    expect(feed.counts?.byState.todo).toBe(3);
    feed.apply(counts('prj_b', 9));
    expect(feed.counts?.byState.todo).toBe(3);
    feed.apply(counts('prj_a', 2));
    expect(feed.counts?.byState.todo).toBe(2);
  });

  it('keeps a push that arrived while the load was in flight', async () => {
    let answer: (value: QueueCounts) => void = () => {};
    const feed = new QueueCountsFeed({ client: { counts: () => new Promise((resolve) => (answer = resolve)) }, projectId: 'prj_a' });
    const loading = feed.load();
    feed.apply(counts('prj_a', 5));
    answer(counts('prj_a', 1));
    await loading;
    expect(feed.counts?.byState.todo).toBe(5);
  });

  it('subscribes to work:counts and reports a failed load', async () => {
    const onWorkflow = vi.fn(() => () => {});
    const feed = new QueueCountsFeed({ client: { counts: async () => Promise.reject(new Error('down')) }, projectId: 'prj_a' });
    await feed.load();
    expect(feed.error).toBe('down');
    feed.follow({ onWorkflow } as never);
    expect(onWorkflow).toHaveBeenCalledWith('work:counts', expect.any(Function));
  });
});
