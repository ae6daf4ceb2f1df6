import type { DocumentStore } from '../persistence/types.ts';
import type { Metrics } from './metrics.ts';

/**
 * The store with its appends timed and counted: every edit waits for its append before it is broadcast
 * (rooms R1), so this is the latency the database adds to each edit.
 * @example const store = measureStore(createDrizzleDocumentStore({ db }), metrics);
 */
export function measureStore(store: DocumentStore, metrics: Pick<Metrics, 'storeAppendSeconds' | 'storeAppendFailures' | 'updatesStored'>): DocumentStore {
  return {
    load: (documentId) => store.load(documentId),
    compact: (documentId) => store.compact(documentId),
    lastSeqs: (documentIds) => store.lastSeqs(documentIds),
    updatesAfter: (documentId, afterSeq, limit) => store.updatesAfter(documentId, afterSeq, limit),
    clientOwners: (documentId) => store.clientOwners(documentId),
    async append(documentId, updates) {
      const started = performance.now();
      try {
        const lastSeq = await store.append(documentId, updates);
        metrics.storeAppendSeconds.observe((performance.now() - started) / 1000);
        metrics.updatesStored.inc(updates.length);
        return lastSeq;
      } catch (error) {
        metrics.storeAppendFailures.inc();
        throw error;
      }
    },
  };
}
