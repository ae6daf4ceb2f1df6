import type { QueueCounts } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import type { Realtime } from '../socket.svelte.ts';

/** What the counts need from the server (the workflow API, or a fake in tests). */
export interface CountsClient {
  counts(projectId: string): Promise<QueueCounts>;
}

/**
 * A project's queue counts: loaded once (`GET /projects/{id}/queue/counts`), then kept live from
 * `work:counts` (the page must be present in the project to receive them). A push newer than a load
 * in flight wins.
 * @example const counts = new QueueCountsFeed({ client: api, projectId }); await counts.load(); const stop = counts.follow(realtime);
 */
export class QueueCountsFeed {
  counts = $state.raw<QueueCounts | null>(null);
  error = $state<string | null>(null);
  readonly #client: CountsClient;
  readonly #projectId: string;
  #pushes = 0;

  constructor(options: { client: CountsClient; projectId: string }) {
    this.#client = options.client;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    const pushesBefore = this.#pushes;
    try {
      const counts = await this.#client.counts(this.#projectId);
      if (this.#pushes === pushesBefore) this.counts = counts;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Applies a pushed count of this project (others are ignored). */
  apply(counts: QueueCounts): void {
    if (counts.projectId !== this.#projectId) return;
    this.#pushes++;
    this.counts = counts;
    this.error = null;
  }

  /** Follows `work:counts`; returns the unsubscribe function. */
  follow(realtime: Pick<Realtime, 'onWorkflow'>): () => void {
    return realtime.onWorkflow('work:counts', (counts) => this.apply(counts));
  }
}
