import type { DisputeSummary } from '@concord/protocol';
import { errorMessage } from '../api.ts';
import type { WorkflowApi } from './workflow-api.ts';

/** A project's disputes, open or resolved, newest first; reloaded when one opens or is resolved. */
export class DisputeList {
  items = $state.raw<DisputeSummary[]>([]);
  state = $state<'open' | 'resolved'>('open');
  loading = $state(true);
  error = $state<string | null>(null);
  readonly #api: Pick<WorkflowApi, 'listDisputes'>;
  readonly #projectId: string;
  #request = 0;

  constructor(options: { api: Pick<WorkflowApi, 'listDisputes'>; projectId: string }) {
    this.#api = options.api;
    this.#projectId = options.projectId;
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    try {
      const { items } = await this.#api.listDisputes(this.#projectId, this.state);
      if (request !== this.#request) return;
      this.items = items;
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = errorMessage(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Shows the open or the resolved disputes. */
  async show(state: 'open' | 'resolved'): Promise<void> {
    if (state === this.state) return;
    this.state = state;
    this.items = [];
    this.loading = true;
    await this.load();
  }

  /** A dispute of this project opened or was resolved. */
  onEvent(event: { projectId: string }): void {
    if (event.projectId === this.#projectId) void this.load();
  }
}
