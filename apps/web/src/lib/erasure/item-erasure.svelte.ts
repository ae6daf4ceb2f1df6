import { ApiError } from '../api.ts';
import { erasedAtOf, type ErasureApi, type ItemSummary } from './erasure-api.ts';

/** Where an item stands for erasure: still loading, there (`live`), erased (a tombstone), or not readable. */
export type ItemErasureStatus = 'loading' | 'live' | 'erased' | 'unknown';

/**
 * Whether an item is still there or was erased (GD1: `GET /items/{id}` of an erased item is 410), and
 * the external id the erase dialog asks to type again.
 */
export class ItemErasureState {
  status = $state<ItemErasureStatus>('loading');
  item = $state.raw<ItemSummary | null>(null);
  /** ISO 8601, when erased and the server said when. */
  erasedAt = $state<string | null>(null);
  readonly itemId: string;
  readonly #api: Pick<ErasureApi, 'getItem'>;

  constructor(options: { api: Pick<ErasureApi, 'getItem'>; itemId: string }) {
    this.#api = options.api;
    this.itemId = options.itemId;
  }

  async load(): Promise<void> {
    try {
      this.item = await this.#api.getItem(this.itemId);
      this.status = 'live';
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) this.markErased(erasedAtOf(error));
      else this.status = 'unknown';
    }
  }

  /** After an erasure in this page (or a 410): the item is a tombstone from now on. */
  markErased(erasedAt: string | null): void {
    this.status = 'erased';
    this.erasedAt = erasedAt ?? this.erasedAt;
  }
}
