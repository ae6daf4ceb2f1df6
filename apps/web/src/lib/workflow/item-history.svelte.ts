import type { ItemHistory } from '@concord/protocol';
import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';
import { historyLines } from './history-format.ts';
import type { WorkflowApi } from './workflow-api.ts';

/**
 * The item history page [A4]: the timeline, then the item's project for the breadcrumb. Reloads keep
 * what is shown; 404/403 is "not found or no access" (the API does not tell them apart).
 */
export class ItemHistoryPage {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  history = $state.raw<ItemHistory | null>(null);
  project = $state.raw<Project | null>(null);
  readonly lines = $derived(historyLines(this.history?.entries ?? []));
  readonly itemId: string;
  readonly #api: Pick<WorkflowApi, 'history'>;
  readonly #projects: Pick<ApiClient, 'getProject'>;

  constructor(options: { api: Pick<WorkflowApi, 'history'>; projects: Pick<ApiClient, 'getProject'>; itemId: string }) {
    this.#api = options.api;
    this.#projects = options.projects;
    this.itemId = options.itemId;
  }

  async load(): Promise<void> {
    try {
      const history = await this.#api.history(this.itemId);
      this.history = history;
      this.status = 'ready';
      this.error = null;
      if (this.project?.id !== history.projectId) this.project = await this.#projects.getProject(history.projectId).catch(() => null);
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) this.status = 'not-found';
      else if (this.status !== 'ready') {
        this.status = 'error';
        this.error = errorMessage(error);
      }
    }
  }
}
