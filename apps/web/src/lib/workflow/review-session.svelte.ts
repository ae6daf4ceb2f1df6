import type { FieldChange, ReasonCode, ReviewEntry } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import { Lease, type LeaseOptions } from './lease.svelte.ts';
import { isStaleLease } from './refusal.ts';
import type { Decision, WorkflowApi } from './workflow-api.ts';

/** `active`: claimed, editable; `decided`: accepted, returned or rejected; `released`: given back; `lost`: taken over. */
export type ReviewStatus = 'loading' | 'active' | 'decided' | 'released' | 'lost' | 'error';

type ReviewApi = Pick<WorkflowApi, 'claimReview' | 'reviewHeartbeat' | 'releaseReview' | 'listReviews' | 'diff' | 'review'>;

/** What the reviewer filled in before deciding. */
export interface DecisionDraft {
  decision: Decision;
  reasonCode: ReasonCode | '';
  comment: string;
}

/** Per field, what is missing for a decision [R4]: return needs a reason and a comment, reject a reason. */
export function decisionProblems(draft: DecisionDraft): { reasonCode?: string; comment?: string } {
  const problems: { reasonCode?: string; comment?: string } = {};
  if (draft.decision === 'accept') return problems;
  if (draft.reasonCode === '') problems.reasonCode = draft.decision === 'return' ? 'Choose why it goes back.' : 'Choose why the item is rejected.';
  if (draft.decision === 'return' && draft.comment.trim() === '') problems.comment = 'Tell the annotator what to fix.';
  return problems;
}

/** Something whose updates the diff follows (a Y.Doc). */
interface Updating {
  on(event: 'update', listener: () => void): void;
  off(event: 'update', listener: () => void): void;
}

/**
 * Review mode of the document page [R2-R4]: claims the review lease (a claim by its holder renews it),
 * renews it while open, shows the reviewer's changes against the annotator's version (refreshed as
 * the document changes), and decides: accept, return (reason and comment) or reject (reason).
 */
export class ReviewSession {
  status = $state<ReviewStatus>('loading');
  entry = $state.raw<ReviewEntry | null>(null);
  error = $state<string | null>(null);
  changes = $state.raw<FieldChange[]>([]);
  diffError = $state<string | null>(null);
  busy = $state<Decision | 'release' | 'claim' | null>(null);
  decided = $state<Decision | null>(null);
  readonly lease: Lease;
  readonly assignmentId: string;
  readonly #api: ReviewApi;
  readonly #flush: (() => Promise<void>) | undefined;
  readonly #projectId: string;
  readonly #delayMs: number;
  #diffTimer: ReturnType<typeof setTimeout> | undefined;
  #diffRequest = 0;

  constructor(options: {
    api: ReviewApi;
    projectId: string;
    assignmentId: string;
    diffDelayMs?: number;
    timers?: Pick<LeaseOptions, 'setTimer' | 'clearTimer' | 'now'>;
    /** Resolves once the server stored the reviewer's latest edits; a decision waits for it. */
    flush?: () => Promise<void>;
  }) {
    this.#flush = options.flush;
    this.#api = options.api;
    this.#projectId = options.projectId;
    this.assignmentId = options.assignmentId;
    this.#delayMs = options.diffDelayMs ?? 700;
    this.lease = new Lease({ ...options.timers, renew: (fence) => options.api.reviewHeartbeat(options.assignmentId, fence) });
  }

  /** Editable only while claimed and the lease is held. */
  get readOnly(): boolean {
    return this.status !== 'active' || this.lease.status !== 'held';
  }

  /** Claims (or re-claims) the review, finds who annotated it, and loads the diff. */
  async start(): Promise<void> {
    this.busy = 'claim';
    try {
      const grant = await this.#api.claimReview(this.assignmentId);
      this.lease.take(grant);
      this.status = 'active';
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
      this.status = 'error';
    } finally {
      this.busy = null;
    }
    void this.#loadEntry();
    await this.refreshDiff();
  }

  async refreshDiff(): Promise<void> {
    const request = ++this.#diffRequest;
    try {
      const { changes } = await this.#api.diff(this.assignmentId);
      if (request !== this.#diffRequest) return;
      this.changes = changes;
      this.diffError = null;
    } catch (error) {
      if (request === this.#diffRequest) this.diffError = errorMessage(error);
    }
  }

  /** Refreshes the diff shortly after the document changes; returns the function that stops. */
  watch(doc: Updating): () => void {
    const onUpdate = () => {
      clearTimeout(this.#diffTimer);
      this.#diffTimer = setTimeout(() => void this.refreshDiff(), this.#delayMs);
    };
    doc.on('update', onUpdate);
    return () => {
      clearTimeout(this.#diffTimer);
      doc.off('update', onUpdate);
    };
  }

  /** Sends the decision; false (with `error`) when refused. The caller checks `decisionProblems` first. */
  async decide(draft: DecisionDraft): Promise<boolean> {
    const fence = this.lease.fence;
    if (fence === null || this.status !== 'active' || this.busy) return false;
    const problems = decisionProblems(draft);
    if (problems.reasonCode || problems.comment) return false;
    this.busy = draft.decision;
    this.error = null;
    try {
      const comment = draft.comment.trim();
      await this.#flush?.();
      this.entry = await this.#api.review(this.assignmentId, {
        fence,
        decision: draft.decision,
        ...(draft.reasonCode && draft.decision !== 'accept' ? { reasonCode: draft.reasonCode } : {}),
        ...(comment ? { comment } : {}),
      });
      this.lease.end();
      this.decided = draft.decision;
      this.status = 'decided';
      return true;
    } catch (error) {
      if (isStaleLease(error)) {
        this.lease.lose(errorMessage(error));
        this.status = 'lost';
      } else {
        this.error = errorMessage(error);
      }
      return false;
    } finally {
      this.busy = null;
    }
  }

  /** Gives the review back: the annotation waits for a reviewer again. */
  async release(): Promise<void> {
    const fence = this.lease.fence;
    if (fence === null || this.status !== 'active' || this.busy) return;
    this.busy = 'release';
    try {
      await this.#api.releaseReview(this.assignmentId, fence);
      this.lease.end();
      this.status = 'released';
    } catch (error) {
      if (isStaleLease(error)) {
        this.lease.lose(errorMessage(error));
        this.status = 'lost';
      } else this.error = errorMessage(error);
    } finally {
      this.busy = null;
    }
  }

  destroy(): void {
    clearTimeout(this.#diffTimer);
    this.lease.destroy();
  }

  async #loadEntry(): Promise<void> {
    try {
      const { items } = await this.#api.listReviews(this.#projectId);
      this.entry = items.find((e) => e.assignmentId === this.assignmentId) ?? this.entry;
    } catch {
      // The annotator's name is a nicety; the bar works without it.
    }
  }
}
