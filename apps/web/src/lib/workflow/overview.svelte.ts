import type { QueueCounts, WorkflowOverview } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import type { WorkflowApi } from './workflow-api.ts';

/**
 * The manager's overview: items per state (kept live from `work:counts`), throughput per day and
 * progress per annotator (reloaded, at most every few seconds, while work moves).
 */
export class OverviewState {
  overview = $state.raw<WorkflowOverview | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  readonly #api: Pick<WorkflowApi, 'overview'>;
  readonly #projectId: string;
  readonly #reloadAfterMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { api: Pick<WorkflowApi, 'overview'>; projectId: string; reloadAfterMs?: number }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
    this.#reloadAfterMs = options.reloadAfterMs ?? 3_000;
  }

  async load(): Promise<void> {
    try {
      this.overview = await this.#api.overview(this.#projectId);
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** New counts of this project: shown at once; the rest of the overview reloads shortly after. */
  onCounts(counts: QueueCounts): void {
    if (counts.projectId !== this.#projectId) return;
    if (this.overview) this.overview = { ...this.overview, counts };
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.load();
    }, this.#reloadAfterMs);
  }

  destroy(): void {
    clearTimeout(this.#timer);
  }
}
