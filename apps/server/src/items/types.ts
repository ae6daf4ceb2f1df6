import type { ItemSeed, Prelabel } from '@concord/annotation-doc';

/** What it takes to create one item (and its annotation document). */
export interface NewItem {
  projectId: string;
  /** Stable id from the source (file line `id`, Label Studio task id); re-creating the same one is a no-op. */
  externalId: string;
  tags: string[];
  /** The item's content, media already stored (media ids). */
  seed: ItemSeed;
  prelabel?: Prelabel | null;
  gold?: Prelabel | null;
  importId?: string | null;
  createdBy: string | null;
}

export interface CreatedItem {
  itemId: string;
  documentId: string;
  /** False when an item with the same externalId existed already (nothing was written). */
  created: boolean;
}

/**
 * Items and their annotation documents. Creating an item writes, in one transaction, the item row,
 * its document, the document's first update (content by the source actor, pre-label by the model's
 * own Yjs client id) and the client-id bindings that provenance is derived from.
 */
export interface ItemService {
  create(item: NewItem): Promise<CreatedItem>;
  /** Many at once (one transaction per call); returns one result per input, in order. */
  createMany(items: NewItem[]): Promise<CreatedItem[]>;
}
