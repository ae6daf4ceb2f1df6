import { describe, expect, it, vi } from 'vitest';
import type { Item } from '../api-types.ts';
import { ItemList, type ItemsClient } from './item-list.svelte.ts';

const item = (id: string, tags: string[] = []): Item => ({
  id,
  externalId: `ext-${id}`,
  tags,
  documentId: `doc_${id}`,
  createdAt: '2024-01-01T00:00:00Z',
  hasPrelabel: false,
  hasGold: false,
  title: `Item ${id}`,
});

function client(): ItemsClient {
  return {
    listItems: vi.fn(async (_p: string, query: { cursor?: string | null; tag?: string | null; state?: string | null }) => {
      if (query.state === 'in_qa') return { items: [item('q')], nextCursor: null };
      if (query.tag === 'ocr') return { items: [item('b', ['ocr'])], nextCursor: null };
      if (query.cursor === 'c2') return { items: [item('b'), item('c')], nextCursor: null };
      return { items: [item('a'), item('b')], nextCursor: 'c2' };
    }),
    listTags: vi.fn(async () => ({ items: [{ tag: 'spatial', count: 1 }, { tag: 'ocr', count: 3 }, { tag: 'counting', count: 1 }] })),
  };
}

describe('ItemList', () => {
  it('loads the first page and the tags, most used first', async () => {
    const list = new ItemList({ client: client(), projectId: 'prj_1' });
    expect(list.loading).toBe(true);
    await list.refresh();
    expect(list.loading).toBe(false);
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(list.tags.map((t) => t.tag)).toEqual(['ocr', 'counting', 'spatial']);
    expect(list.nextCursor).toBe('c2');
  });

  it('appends the next page without duplicates', async () => {
    const list = new ItemList({ client: client(), projectId: 'prj_1' });
    await list.refresh();
    await list.loadMore();
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(list.nextCursor).toBeNull();
  });

  it('filters by a tag and clears the filter when the same tag is chosen again', async () => {
    const fake = client();
    const list = new ItemList({ client: fake, projectId: 'prj_1' });
    await list.refresh();
    await list.selectTag('ocr');
    expect(list.tag).toBe('ocr');
    expect(list.items.map((i) => i.id)).toEqual(['b']);
    expect(fake.listItems).toHaveBeenLastCalledWith('prj_1', { limit: 50, tag: 'ocr', state: null });
    await list.selectTag('ocr');
    expect(list.tag).toBeNull();
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('[W18] filters by workflow state from the first page, together with the tag', async () => {
    const fake = client();
    const list = new ItemList({ client: fake, projectId: 'prj_1' });
    await list.refresh();
    await list.selectState('in_qa');
    expect(list.items.map((i) => i.id)).toEqual(['q']);
    expect(fake.listItems).toHaveBeenLastCalledWith('prj_1', { limit: 50, tag: null, state: 'in_qa' });
    await list.selectState(null);
    expect(list.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('keeps the answer of the newest request only', async () => {
    const fake = client();
    let release!: () => void;
    vi.mocked(fake.listItems).mockImplementationOnce(
      () => new Promise((resolve) => (release = () => resolve({ items: [item('stale')], nextCursor: null }))),
    );
    const list = new ItemList({ client: fake, projectId: 'prj_1' });
    const first = list.refresh();
    await list.selectTag('ocr');
    release();
    await first;
    expect(list.items.map((i) => i.id)).toEqual(['b']);
  });

  it('shows a load error', async () => {
    const fake = client();
    vi.mocked(fake.listTags).mockRejectedValueOnce(new Error('boom'));
    const list = new ItemList({ client: fake, projectId: 'prj_1' });
    await list.refresh();
    expect(list.error).toBe('boom');
  });
});
