import type { ServerToClientEvents } from '@concord/protocol';
import type { Logger } from '../log.ts';

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

/** Sends socket.io events to a project's members or to one user, on every instance. */
export interface Notifications {
  toProject<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: EventArgs<E>): void;
  toUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: EventArgs<E>): void;
  /** To the project's members whose role sees item states (W20), on every instance. */
  toStateReaders<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: EventArgs<E>): void;
}

type Pending = { kind: 'project' | 'user' | 'states'; target: string; event: keyof ServerToClientEvents; args: unknown[] };

/**
 * What a workflow transaction has to tell others once it committed: events, projects whose queue
 * counts changed, documents whose access changed (B5). Nothing is sent if the transaction fails.
 * @example const outbox = new Outbox(); await db.transaction(async (tx) => moveItem(tx, {...}, outbox)); await outbox.flush(deps);
 */
export class Outbox {
  private readonly pending: Pending[] = [];
  readonly countsChanged = new Set<string>();
  readonly documentsChanged = new Set<string>();

  toProject<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: EventArgs<E>): void {
    this.pending.push({ kind: 'project', target: projectId, event, args });
  }

  toUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: EventArgs<E>): void {
    this.pending.push({ kind: 'user', target: userId, event, args });
  }

  toStateReaders<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: EventArgs<E>): void {
    this.pending.push({ kind: 'states', target: projectId, event, args });
  }

  /** Sends everything, in order; a failure is logged, never thrown (the change is already committed). */
  async flush(deps: {
    notifications: Notifications;
    counts: (projectId: string) => Promise<Parameters<ServerToClientEvents['work:counts']>[0]>;
    documentAccessChanged: (documentId: string) => Promise<void>;
    log: Logger;
  }): Promise<void> {
    const { notifications, log } = deps;
    for (const documentId of this.documentsChanged) {
      await deps.documentAccessChanged(documentId).catch((error: unknown) => log.error({ err: error, documentId }, 'pushing an access change failed'));
    }
    for (const p of this.pending.splice(0)) {
      const send = { project: notifications.toProject, user: notifications.toUser, states: notifications.toStateReaders }[p.kind] as (
        target: string,
        event: string,
        ...args: unknown[]
      ) => void;
      send.call(notifications, p.target, p.event, ...p.args);
    }
    for (const projectId of this.countsChanged) {
      try {
        notifications.toProject(projectId, 'work:counts', await deps.counts(projectId));
      } catch (error) {
        log.error({ err: error, projectId }, 'sending queue counts failed');
      }
    }
  }
}
