import type * as Y from 'yjs';

/**
 * One part of writing an item into a document, done by one actor: the import (`modelId: null`) or a
 * model. `buildItemUpdate` runs each step in a Y.Doc with that actor's client id.
 */
export interface WriteStep {
  modelId: string | null;
  write(doc: Y.Doc): void;
}
