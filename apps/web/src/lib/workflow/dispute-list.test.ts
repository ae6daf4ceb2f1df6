import type { DisputeSummary } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { DisputeList } from './dispute-list.svelte.ts';

const dispute = (id: string, state: 'open' | 'resolved'): DisputeSummary => ({
  disputeId: id, projectId: 'prj_1', itemId: 'itm_1', title: 'Item', state, openedBy: null, reasons: [], adjudicator: null,
  createdAt: '2030-01-01T00:00:00Z', resolvedAt: null,
});

describe('DisputeList', () => {
  it('lists open disputes, switches to resolved ones, and reloads on events of its project', async () => {
    const listDisputes = vi.fn(async (_p: string, state?: 'open' | 'resolved') => ({ items: [dispute(state === 'resolved' ? 'd2' : 'd1', state ?? 'open')] }));
    const list = new DisputeList({ api: { listDisputes }, projectId: 'prj_1' });
    await list.load();
    expect(list.items.map((d) => d.disputeId)).toEqual(['d1']);
    await list.show('resolved');
    expect(list.items.map((d) => d.disputeId)).toEqual(['d2']);
    expect(listDisputes).toHaveBeenLastCalledWith('prj_1', 'resolved');
    list.onEvent({ projectId: 'prj_9' });
    list.onEvent({ projectId: 'prj_1' });
    expect(listDisputes).toHaveBeenCalledTimes(3);
  });
});
