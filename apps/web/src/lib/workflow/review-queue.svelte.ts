import type { ReviewEntry } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import { holderOf } from './refusal.ts';
import type { WorkflowApi } from './workflow-api.ts';

/** Where a claimed review is done: the annotation's document in review mode. */
export function reviewHref(entry: Pick<ReviewEntry, 'documentId' | 'assignmentId'>): string {
  return `/documents/${encodeURIComponent(entry.documentId)}?review=${encodeURIComponent(entry.assignmentId)}`;
}

/**
 * The reviewer's queue [R1]: submitted annotations oldest first (and those under review, with their
 * reviewer). Claiming takes the review lease [R2]; a claim someone else holds names them.
 */
export class ReviewQueue {
  entries = $state.raw<ReviewEntry[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  claiming = $state<string | null>(null);
  /** The last refused claim and why. */
  claimError = $state.raw<{ assignmentId: string; message: string } | null>(null);
  readonly #api: Pick<WorkflowApi, 'listReviews' | 'claimReview'>;
  readonly #projectId: string;
  #request = 0;

  constructor(options: { api: Pick<WorkflowApi, 'listReviews' | 'claimReview'>; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    try {
      const { items } = await this.#api.listReviews(this.#projectId);
      if (request !== this.#request) return;
      this.entries = items;
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Claims a review; true when the caller now holds it (then open `reviewHref(entry)`). */
  async claim(entry: ReviewEntry): Promise<boolean> {
    if (this.claiming) return false;
    this.claiming = entry.assignmentId;
    this.claimError = null;
    try {
      await this.#api.claimReview(entry.assignmentId);
      return true;
    } catch (error) {
      const holder = holderOf(error);
      this.claimError = { assignmentId: entry.assignmentId, message: holder ? `${holder.name} is reviewing it already.` : errorMessage(error) };
      void this.load();
      return false;
    } finally {
      this.claiming = null;
    }
  }

  /** A workflow event of this project that may change the list. */
  onEvent(event: { projectId: string }): void {
    if (event.projectId === this.#projectId) void this.load();
  }
}
