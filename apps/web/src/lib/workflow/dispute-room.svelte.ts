import { adoptAll, adoptField, type AnnotationDoc, type Problem } from '@concord/annotation-doc';
import type { DisputeDetail } from '@concord/protocol';
import type * as Y from 'yjs';
import { ApiError, errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import { Lease, type LeaseOptions } from './lease.svelte.ts';
import { holderOf, isStaleLease, problemsOf } from './refusal.ts';
import type { ResolveMethod, WorkflowApi } from './workflow-api.ts';

type RoomApi = Pick<WorkflowApi, 'getDispute' | 'adjudicate' | 'disputeHeartbeat' | 'releaseDispute' | 'resolve'>;

/**
 * The adjudication room [D4-D6]: the dispute with every version, who adjudicates, and — for the QA lead
 * holding the adjudication lease — picking a version or adopting fields into the live final document,
 * then resolving. Everyone else in the room watches, read-only.
 */
export class DisputeRoom {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  detail = $state.raw<DisputeDetail | null>(null);
  /** Who adjudicates when it is not the caller (from the dispute, or a refused adjudication). */
  adjudicator = $state.raw<{ id: string | null; name: string } | null>(null);
  adjudicating = $state(false);
  busy = $state<'adjudicate' | 'release' | 'resolve' | null>(null);
  actionError = $state<string | null>(null);
  method = $state<ResolveMethod>('merge');
  /** The version picked whole (method pick). */
  picked = $state<string | null>(null);
  problems = $state.raw<Problem[] | null>(null);
  readonly lease: Lease;
  readonly disputeId: string;
  readonly #api: RoomApi;
  readonly #flush: (() => Promise<void>) | undefined;
  readonly #userId: string;

  constructor(options: {
    api: RoomApi;
    disputeId: string;
    userId: string;
    timers?: Pick<LeaseOptions, 'setTimer' | 'clearTimer' | 'now'>;
    /** Resolves once the server stored the adjudicator's latest edits of the final document; resolve waits for it. */
    flush?: () => Promise<void>;
  }) {
    this.#flush = options.flush;
    this.#api = options.api;
    this.disputeId = options.disputeId;
    this.#userId = options.userId;
    this.lease = new Lease({ ...options.timers, renew: (fence) => options.api.disputeHeartbeat(options.disputeId, fence) });
  }

  get resolved(): boolean {
    return this.detail?.state === 'resolved';
  }

  /** Whether the caller writes the final document now. */
  get canEdit(): boolean {
    return this.adjudicating && this.lease.status === 'held' && !this.resolved;
  }

  /** Loads the dispute; the caller's own live adjudication is taken up again (a holder's claim renews it). */
  async load(): Promise<void> {
    try {
      const detail = await this.#api.getDispute(this.disputeId);
      this.detail = detail;
      this.status = 'ready';
      this.error = null;
      if (detail.state === 'resolved') this.#stop();
      const other = detail.adjudicator && detail.adjudicator.id !== this.#userId ? detail.adjudicator : null;
      if (!this.adjudicating) this.adjudicator = other;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) this.status = 'not-found';
      else if (this.status !== 'ready') {
        this.status = 'error';
        this.error = errorMessage(error);
      }
    }
  }

  /** Whether the dispute names the caller as its (possibly lapsed) adjudicator. */
  get mine(): boolean {
    return this.detail?.adjudicator?.id === this.#userId && !this.resolved;
  }

  /** Takes the adjudication lease; a 409 names who holds it and the caller keeps watching. */
  async adjudicate(): Promise<void> {
    if (this.busy || this.resolved) return;
    this.busy = 'adjudicate';
    this.actionError = null;
    try {
      this.lease.take(await this.#api.adjudicate(this.disputeId));
      this.adjudicating = true;
      this.adjudicator = null;
    } catch (error) {
      const holder = holderOf(error);
      if (holder) this.adjudicator = holder;
      else this.actionError = errorMessage(error);
    } finally {
      this.busy = null;
    }
  }

  /** Gives the adjudication back; the caller watches again. */
  async release(): Promise<void> {
    const fence = this.lease.fence;
    if (!this.adjudicating || fence === null || this.busy) return;
    this.busy = 'release';
    try {
      await this.#api.releaseDispute(this.disputeId, fence);
    } catch (error) {
      if (!isStaleLease(error)) this.actionError = errorMessage(error);
    } finally {
      this.#stop();
      this.busy = null;
    }
  }

  /** Makes the final document read like a version (whole), and resolves by picking it unless changed later. */
  pick(doc: Y.Doc, assignmentId: string): void {
    const version = this.#version(assignmentId);
    if (!version || !this.#write(() => adoptAll(doc, version))) return;
    this.method = 'pick';
    this.picked = assignmentId;
  }

  /** Adopts one field of a version into the final document: the resolution becomes a merge. */
  useField(doc: Y.Doc, assignmentId: string, path: string): void {
    const version = this.#version(assignmentId);
    if (!version || !this.#write(() => adoptField(doc, version, path))) return;
    this.method = 'merge';
    this.picked = null;
  }

  /** Resolves; 422 keeps the final annotation's problems, a stale lease ends the adjudication. */
  async resolve(comment: string): Promise<boolean> {
    const fence = this.lease.fence;
    if (!this.canEdit || fence === null || this.busy) return false;
    if (this.method === 'pick' && !this.picked) {
      this.actionError = 'Pick a version first, or resolve with the merged final document.';
      return false;
    }
    this.busy = 'resolve';
    this.actionError = null;
    try {
      await this.#flush?.();
      this.detail = await this.#api.resolve(this.disputeId, {
        fence,
        method: this.method,
        ...(this.method === 'pick' && this.picked ? { assignmentId: this.picked } : {}),
        comment: comment.trim(),
      });
      this.problems = null;
      this.#stop();
      return true;
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) this.problems = problems;
      else if (isStaleLease(error)) {
        this.lease.lose(errorMessage(error));
        this.adjudicating = false;
        this.actionError = `Your adjudication lease was lost: ${errorMessage(error)}`;
      } else this.actionError = errorMessage(error);
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** A dispute event of the project: reload when it is this one. */
  onEvent(event: { disputeId: string }): void {
    if (event.disputeId === this.disputeId) void this.load();
  }

  destroy(): void {
    this.lease.destroy();
  }

  #version(assignmentId: string): AnnotationDoc | null {
    const content = this.detail?.versions.find((v) => v.assignmentId === assignmentId)?.content;
    if (!content || typeof content !== 'object') {
      this.actionError = 'That version has no readable content.';
      return null;
    }
    return content as AnnotationDoc;
  }

  #write(change: () => void): boolean {
    if (!this.canEdit) return false;
    try {
      change();
      this.actionError = null;
      return true;
    } catch (error) {
      this.actionError = `Could not adopt it: ${errorMessage(error)}`;
      return false;
    }
  }

  #stop(): void {
    this.lease.end();
    this.adjudicating = false;
  }
}
