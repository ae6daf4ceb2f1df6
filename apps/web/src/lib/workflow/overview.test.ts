import type { QueueCounts, WorkflowOverview } from '@concord/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OverviewState } from './overview.svelte.ts';

const counts = (todo: number): QueueCounts => ({
  projectId: 'prj_1',
  byState: { todo, in_progress: 0, submitted: 0, in_review: 0, in_qa: 0, validated: 0, accepted: 0, rejected: 0 },
  awaitingReview: 0,
  openDisputes: 0,
});
const overview: WorkflowOverview = { counts: counts(4), throughput: [], perAnnotator: [] };

describe('OverviewState', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows pushed counts at once and reloads the rest once, shortly after', async () => {
    vi.useFakeTimers();
    const api = { overview: vi.fn(async () => overview) };
    const state = new OverviewState({ api, projectId: 'prj_1', reloadAfterMs: 1000 });
    await state.load();
    state.onCounts(counts(3));
    state.onCounts({ ...counts(2), projectId: 'prj_2' });
    state.onCounts(counts(2));
    expect(state.overview?.counts.byState.todo).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.overview).toHaveBeenCalledTimes(2);
    state.destroy();
  });

  it('reports a refused load', async () => {
    const state = new OverviewState({ api: { overview: async () => Promise.reject(new Error('Your role does not allow this.')) }, projectId: 'prj_1' });
    await state.load();
    expect(state.error).toBe('Your role does not allow this.');
    expect(state.loading).toBe(false);
  });
});
