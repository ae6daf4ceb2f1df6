import type { Realtime } from '../socket.svelte.ts';
import type { ProgressFeed } from './import-flow.svelte.ts';

/**
 * `import:progress` pushes of one project from the signed-in user's socket, as the import flow's feed.
 * They reach sockets present in the project, which the project page is.
 */
export function progressFeed(realtime: Pick<Realtime, 'onImportProgress'>, projectId: string): ProgressFeed {
  return (listener) =>
    realtime.onImportProgress((event) => {
      if (event.projectId === projectId) listener(event);
    });
}
