// The compaction merge (Y.mergeUpdates) on a worker thread, so a large document's compaction never
// stalls the event loop that carries everyone's edits. Plain JavaScript: workers start without the
// TypeScript loader in tests and dev. Started by merge-snapshot.ts; copied beside the bundle by the build.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort.on('message', ({ id, parts }) => {
  try {
    const merged = Y.mergeUpdates(parts);
    // Transfer, not copy: an exact-length array owns its buffer.
    const owned = merged.byteLength === merged.buffer.byteLength ? merged : merged.slice();
    parentPort.postMessage({ id, merged: owned }, [owned.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
