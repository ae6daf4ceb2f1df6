/** Thrown by `DocumentStore.append` when no document with that id exists; nothing was stored. */
export class DocumentNotFoundError extends Error {
  constructor(readonly documentId: string) {
    super(`Document ${documentId} does not exist; its updates were not stored.`);
    this.name = 'DocumentNotFoundError';
  }
}
