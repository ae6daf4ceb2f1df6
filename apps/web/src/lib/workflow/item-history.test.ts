import type { ItemHistory } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { ItemHistoryPage } from './item-history.svelte.ts';

const history = (state: ItemHistory['state']): ItemHistory => ({ itemId: 'itm_1', projectId: 'prj_1', state, entries: [] });
const project = { id: 'prj_1', name: 'P', description: '', createdAt: '', role: 'qa_lead' as const, taskType: 'preference' as const, configVersion: 1 };

describe('ItemHistoryPage', () => {
  it('[A4] loads the timeline and the project; a hidden item is "not found"', async () => {
    const page = new ItemHistoryPage({ api: { history: async () => history('in_qa') }, projects: { getProject: async () => project }, itemId: 'itm_1' });
    await page.load();
    expect([page.status, page.project?.name, page.history?.state]).toEqual(['ready', 'P', 'in_qa']);
    const hidden = new ItemHistoryPage({
      api: { history: async () => Promise.reject(new ApiError({ status: 404, code: 'not_found', message: 'Item not found or no access.' })) },
      projects: { getProject: async () => project },
      itemId: 'itm_2',
    });
    await hidden.load();
    expect(hidden.status).toBe('not-found');
  });

  it('[W14] sends a QA decision and reloads; shows a refusal', async () => {
    let state: ItemHistory['state'] = 'in_qa';
    const qaDecision = vi.fn(async () => {
      state = 'accepted';
    });
    const page = new ItemHistoryPage({ api: { history: async () => history(state), qaDecision, acceptItem: vi.fn() }, projects: { getProject: async () => project }, itemId: 'itm_1' });
    await page.load();
    expect(await page.decideQa({ decision: 'accept', reasonCode: '', comment: '' })).toBe(true);
    expect(qaDecision).toHaveBeenCalledWith('itm_1', { decision: 'accept' });
    expect([page.history?.state, page.notice]).toEqual(['accepted', 'Accepted in QA.']);
    qaDecision.mockRejectedValueOnce(new ApiError({ status: 409, code: 'invalid_state', message: 'This item has an open dispute.' }));
    expect(await page.decideQa({ decision: 'reject', reasonCode: 'bad_item', comment: '' })).toBe(false);
    expect(page.actionError).toBe('This item has an open dispute.');
  });
});
