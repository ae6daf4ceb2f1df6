import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import type { Item, Member } from '../api-types.ts';
import { AssignForm } from './assign-form.svelte.ts';

const item: Item = { id: 'itm_1', externalId: 'x-1', tags: [], documentId: 'doc_1', createdAt: '', hasPrelabel: false, hasGold: false, title: 'First' };
const member = (userId: string, role: Member['role']): Member => ({ userId, name: userId, email: `${userId}@x`, role, createdAt: '' });

describe('AssignForm', () => {
  it('[Q7] offers members whose role annotates, assigns, and shows a refusal', async () => {
    const assign = vi.fn(async () => ({}) as never);
    const form = new AssignForm({
      client: {
        listItems: async () => ({ items: [item, { ...item, id: 'itm_2', documentId: null }] }),
        listMembers: async () => ({ items: [member('ana', 'annotator'), member('vic', 'viewer'), member('rae', 'reviewer')] }),
        assign,
      },
      projectId: 'prj_1',
    });
    await form.load();
    expect(form.items.map((i) => i.id)).toEqual(['itm_1']);
    expect(form.members.map((m) => m.userId)).toEqual(['ana', 'rae']);
    expect(await form.assign()).toBe(false);
    expect(form.action.error).toBe('Choose an item and a member.');
    form.itemId = 'itm_1';
    form.userId = 'ana';
    expect(await form.assign()).toBe(true);
    expect(assign).toHaveBeenCalledWith('prj_1', { itemId: 'itm_1', userId: 'ana' });
    expect(form.action.notice).toBe('Assigned “First” to ana.');
    assign.mockRejectedValueOnce(new ApiError({ status: 409, code: 'overlap_full', message: 'Every slot of this item is taken.' }));
    expect(await form.assign()).toBe(false);
    expect(form.action.error).toBe('Every slot of this item is taken.');
  });
});
