import type { ImportProgress } from '../api-types.ts';
import type { Realtime } from '../socket.svelte.ts';
import type { ProgressFeed } from './import-flow.svelte.ts';

/**
 * `import:progress` pushes of one project from the signed-in user's socket, as the import flow's feed.
 * Undefined when the socket client cannot deliver them (the flow then only polls).
 */
export function progressFeed(realtime: Realtime, projectId: string): ProgressFeed | undefined {
  const source = realtime as Realtime & { onImportProgress?: (listener: (event: ImportProgress) => void) => () => void };
  if (typeof source.onImportProgress !== 'function') return undefined;
  return (listener) => source.onImportProgress!((event) => {
    if (event.projectId === projectId) listener(event);
  });
}
