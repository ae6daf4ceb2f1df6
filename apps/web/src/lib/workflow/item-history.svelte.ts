import type { ItemHistory } from '@concord/protocol';
import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';
import { historyLines } from './history-format.ts';
import type { DecisionDraft } from './review-session.svelte.ts';
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
  busy = $state<string | null>(null);
  actionError = $state<string | null>(null);
  notice = $state<string | null>(null);
  readonly #api: Pick<WorkflowApi, 'history'> & Partial<Pick<WorkflowApi, 'qaDecision' | 'acceptItem'>>;
  readonly #projects: Pick<ApiClient, 'getProject'>;

  constructor(options: { api: Pick<WorkflowApi, 'history'> & Partial<Pick<WorkflowApi, 'qaDecision' | 'acceptItem'>>; projects: Pick<ApiClient, 'getProject'>; itemId: string }) {
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

  /** A QA lead's decision on an item in QA without an open dispute [W14]; the timeline reloads after. */
  async decideQa(draft: DecisionDraft): Promise<boolean> {
    return this.#act(draft.decision, async () => {
      const comment = draft.comment.trim();
      await this.#api.qaDecision?.(this.itemId, {
        decision: draft.decision,
        ...(draft.reasonCode && draft.decision !== 'accept' ? { reasonCode: draft.reasonCode } : {}),
        ...(comment ? { comment } : {}),
      });
      return { accept: 'Accepted in QA.', return: 'Returned to the annotators.', reject: 'The item is rejected.' }[draft.decision];
    });
  }

  /** A manager accepts a validated item (projects with manager acceptance). */
  accept(): Promise<boolean> {
    return this.#act('accept-item', async () => {
      await this.#api.acceptItem?.(this.itemId);
      return 'The item is accepted.';
    });
  }

  async #act(what: string, work: () => Promise<string>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = what;
    this.actionError = null;
    this.notice = null;
    try {
      this.notice = await work();
      await this.load();
      return true;
    } catch (error) {
      this.actionError = errorMessage(error);
      return false;
    } finally {
      this.busy = null;
    }
  }
}
