import type { PresenceEntry } from '@concord/protocol';
import type { Realtime } from '../socket.svelte.ts';

/** One person online in a project, with the documents they have open (several tabs → several). */
export interface OnlineUser {
  userId: string;
  name: string;
  documentIds: string[];
}

/**
 * Folds presence entries (one per browser tab) into one row per user, in first-seen order.
 * @example groupOnline([{ userId: 'u', name: 'Ada', documentId: null, ... }]) // [{ userId: 'u', name: 'Ada', documentIds: [] }]
 */
export function groupOnline(entries: readonly PresenceEntry[]): OnlineUser[] {
  const users = new Map<string, OnlineUser>();
  for (const entry of entries) {
    const user = users.get(entry.userId) ?? { userId: entry.userId, name: entry.name, documentIds: [] };
    if (entry.documentId && !user.documentIds.includes(entry.documentId)) user.documentIds.push(entry.documentId);
    users.set(entry.userId, user);
  }
  return [...users.values()];
}

/** Who is online in a project, kept live from socket presence while `join()`'s claim is held. */
export class OnlineUsers {
  entries = $state<PresenceEntry[]>([]);
  joined = $state(false);
  error = $state<string | null>(null);
  readonly users = $derived(groupOnline(this.entries));

  /** Joins the project's presence (on a document, if given); returns the function that leaves. */
  join(options: { realtime: Realtime; projectId: string; documentId?: string | null }): () => void {
    return options.realtime.joinPresence({
      projectId: options.projectId,
      documentId: options.documentId ?? null,
      onPresence: (presence) => {
        this.entries = presence.online;
        this.joined = true;
        this.error = null;
      },
      onError: (message) => {
        this.error = message;
      },
    });
  }
}
