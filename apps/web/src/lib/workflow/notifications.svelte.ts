import { can, type ProjectRole } from '@concord/protocol';
import type { Realtime } from '../socket.svelte.ts';
import { reasonLabel } from './labels.ts';
import { taskHref } from './task-order.ts';

/** One notification shown in the corner. */
export interface Toast {
  id: number;
  kind: 'returned' | 'review' | 'dispute-opened' | 'dispute-resolved';
  projectId: string;
  message: string;
  href: string;
  linkLabel: string;
  /** Returned work waits for the annotator: it stays until dismissed. */
  sticky: boolean;
  /** How many events this toast stands for (review requests add up). */
  count: number;
}

export interface NotificationsOptions {
  /** The caller's role in a project (null when not a member). */
  roleOf: (projectId: string) => Promise<ProjectRole | 'admin' | null>;
  /** Whether the caller may open a dispute (annotators only of items they submitted on). */
  canSeeDispute: (disputeId: string) => Promise<boolean>;
  /** How long a toast that is not sticky stays (ms); default 12 s. */
  showForMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
}

const maxToasts = 4;

/**
 * The workflow notifications of the signed-in user, from socket events: their work returned, reviews
 * requested (reviewers), disputes opened and resolved (reviewers and QA leads, and annotators who may
 * see the dispute). Review requests of one project add up in one toast.
 * @example const notifications = new Notifications({ roleOf, canSeeDispute }); const stop = notifications.follow(realtime);
 */
export class Notifications {
  toasts = $state.raw<Toast[]>([]);
  readonly #options: NotificationsOptions;
  #next = 1;

  constructor(options: NotificationsOptions) {
    this.#options = options;
  }

  /** Subscribes to the workflow events; returns the function that stops. */
  follow(realtime: Pick<Realtime, 'onWorkflow'>): () => void {
    const stops = [
      realtime.onWorkflow('work:returned', (e) =>
        this.push({ kind: 'returned', projectId: e.projectId, sticky: true, message: `Your work was returned: ${reasonLabel(e.reasonCode)}${e.comment ? ` — ${e.comment}` : ''}`, href: taskHref(e), linkLabel: 'Open it' }),
      ),
      realtime.onWorkflow('review:requested', (e) => void this.#forReviewers(e.projectId)),
      realtime.onWorkflow('dispute:opened', (e) => void this.#forDispute(e, 'dispute-opened', 'A dispute opened: the annotations of an item disagree.')),
      realtime.onWorkflow('dispute:resolved', (e) => void this.#forDispute(e, 'dispute-resolved', 'A dispute was resolved.')),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  /** Shows a toast (a review request joins the project's earlier one). */
  push(toast: Omit<Toast, 'id' | 'count'>): void {
    const same = toast.kind === 'review' ? this.toasts.find((t) => t.kind === 'review' && t.projectId === toast.projectId) : undefined;
    if (same) {
      const count = same.count + 1;
      this.toasts = this.toasts.map((t) => (t === same ? { ...t, count, message: `${count} annotations wait for review.` } : t));
      return;
    }
    const entry: Toast = { ...toast, id: this.#next++, count: 1 };
    this.toasts = [...this.toasts, entry].slice(-maxToasts);
    if (!entry.sticky) {
      const set = this.#options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
      set(() => this.dismiss(entry.id), this.#options.showForMs ?? 12_000);
    }
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  async #forReviewers(projectId: string): Promise<void> {
    if (!can(await this.#roleOf(projectId), 'work.review')) return;
    this.push({ kind: 'review', projectId, sticky: false, message: 'An annotation waits for review.', href: `/projects/${encodeURIComponent(projectId)}/review`, linkLabel: 'Review queue' });
  }

  async #forDispute(event: { projectId: string; disputeId: string }, kind: Toast['kind'], message: string): Promise<void> {
    const role = await this.#roleOf(event.projectId);
    const allowed = can(role, 'work.review') || (can(role, 'work.annotate') && (await this.#options.canSeeDispute(event.disputeId).catch(() => false)));
    if (!allowed) return;
    this.push({ kind, projectId: event.projectId, sticky: false, message, href: `/disputes/${encodeURIComponent(event.disputeId)}`, linkLabel: kind === 'dispute-opened' ? 'Open the room' : 'See it' });
  }

  async #roleOf(projectId: string): Promise<ProjectRole | 'admin' | null> {
    try {
      return await this.#options.roleOf(projectId);
    } catch {
      return null;
    }
  }
}

/**
 * `roleOf` for {@link Notifications}: the caller's role per project from `getProject`, asked once per
 * project until `forget` (a membership change).
 * @example const roles = cachedRoles((id) => api.getProject(id)); realtime.onMembership((e) => roles.forget(e.projectId));
 */
export function cachedRoles(getProject: (projectId: string) => Promise<{ role: ProjectRole | 'admin' }>) {
  const roles = new Map<string, Promise<ProjectRole | 'admin' | null>>();
  return {
    roleOf(projectId: string): Promise<ProjectRole | 'admin' | null> {
      let role = roles.get(projectId);
      if (!role) {
        role = getProject(projectId).then((p) => p.role, () => null);
        roles.set(projectId, role);
      }
      return role;
    },
    forget(projectId: string): void {
      roles.delete(projectId);
    },
  };
}
