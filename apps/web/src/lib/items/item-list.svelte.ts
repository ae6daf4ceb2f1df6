import { errorMessage } from '../api.ts';
import type { ItemState } from '@concord/protocol';
import type { Item, Page, TagCount } from '../api-types.ts';

/** What the item list needs from the server (the project API, or a fake in tests). */
export interface ItemsClient {
  listItems(projectId: string, query: { limit?: number; cursor?: string | null; tag?: string | null; state?: ItemState | null }): Promise<Page<Item>>;
  listTags(projectId: string): Promise<{ items: TagCount[] }>;
}

/**
 * A project's items, a page at a time, optionally narrowed to one tag; the tags with their counts
 * for the filter chips. A tag change while a page loads keeps only the answer for the newest tag.
 */
export class ItemList {
  items = $state<Item[]>([]);
  tags = $state<TagCount[]>([]);
  tag = $state<string | null>(null);
  /** Only items in this workflow state (null: all); `in_qa` is the QA lead's queue. */
  state = $state<ItemState | null>(null);
  nextCursor = $state<string | null>(null);
  loading = $state(true);
  loadingMore = $state(false);
  error = $state<string | null>(null);
  readonly pageSize: number;
  readonly #client: ItemsClient;
  readonly #projectId: string;
  #request = 0;

  constructor(options: { client: ItemsClient; projectId: string; pageSize?: number }) {
    this.#client = options.client;
    this.#projectId = options.projectId;
    this.pageSize = options.pageSize ?? 50;
  }

  /** Reloads the tags and the first page for the current tag; what is shown stays until the answer. */
  async refresh(): Promise<void> {
    const request = ++this.#request;
    if (this.items.length === 0) this.loading = true;
    try {
      const [page, tags] = await Promise.all([
        this.#client.listItems(this.#projectId, { limit: this.pageSize, tag: this.tag, state: this.state }),
        this.#client.listTags(this.#projectId),
      ]);
      if (request !== this.#request) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.tags = [...tags.items].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Shows only items with `tag` (null: all), from the first page. Choosing the current tag clears it. */
  async selectTag(tag: string | null): Promise<void> {
    this.tag = tag === this.tag ? null : tag;
    this.items = [];
    this.nextCursor = null;
    await this.refresh();
  }

  /** Shows only items in `state` (null: all), from the first page. */
  async selectState(state: ItemState | null): Promise<void> {
    this.state = state;
    this.items = [];
    this.nextCursor = null;
    await this.refresh();
  }

  /** Appends the next page. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    const request = this.#request;
    this.loadingMore = true;
    try {
      const page = await this.#client.listItems(this.#projectId, { limit: this.pageSize, cursor: this.nextCursor, tag: this.tag, state: this.state });
      if (request !== this.#request) return;
      const known = new Set(this.items.map((i) => i.id));
      this.items = [...this.items, ...page.items.filter((i) => !known.has(i.id))];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loadingMore = false;
    }
  }
}
