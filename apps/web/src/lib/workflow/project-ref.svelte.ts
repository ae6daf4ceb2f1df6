import { can, type Permission } from '@concord/protocol';
import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';

/**
 * The project a workflow page belongs to, with the caller's role: loaded once, reloaded when the
 * membership changes. 404/403 → `not-found`; a page also turns `not-found` when the role lacks the
 * permission it needs (`requires`), so it never shows a list the API would refuse.
 */
export class ProjectRef {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  project = $state<Project | null>(null);
  readonly role = $derived(this.project?.role ?? null);
  readonly projectId: string;
  readonly #api: Pick<ApiClient, 'getProject'>;
  readonly #requires: Permission | null;

  constructor(options: { api: Pick<ApiClient, 'getProject'>; projectId: string; requires?: Permission }) {
    this.#api = options.api;
    this.projectId = options.projectId;
    this.#requires = options.requires ?? null;
  }

  /** Whether the caller's role holds a permission. */
  can(permission: Permission): boolean {
    return can(this.role, permission);
  }

  async load(): Promise<void> {
    try {
      const project = await this.#api.getProject(this.projectId);
      this.project = project;
      this.status = this.#requires && !can(project.role, this.#requires) ? 'not-found' : 'ready';
      this.error = null;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) this.status = 'not-found';
      else if (this.status !== 'ready') {
        this.status = 'error';
        this.error = errorMessage(error);
      }
    }
  }
}
