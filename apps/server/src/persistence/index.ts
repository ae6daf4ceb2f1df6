export { DocumentNotFoundError } from './document-not-found-error.ts';
export { createDrizzleDocumentStore } from './drizzle-store.ts';
export { createMemoryDocumentStore, type MemoryDocumentStore } from './memory-store.ts';
export { mergeSnapshot } from './merge-snapshot.ts';
export type { DocumentStore, LoadedDocument, OriginKind, StoredUpdate, UpdateToStore } from './types.ts';
