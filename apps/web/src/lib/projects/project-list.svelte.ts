import type { TaskType } from '@concord/annotation-doc';
import type { ApiClient } from '../api.ts';
import { errorMessage } from '../api.ts';
import type { DemoProjects, Project } from '../api-types.ts';
import type { ProjectApi } from './project-api.ts';

const pageSize = 100;

/**
 * The signed-in user's projects with their role, for the projects page. `refresh()` reloads quietly
 * (the list stays on screen), used when a membership push arrives.
 */
export class ProjectList {
  items = $state<Project[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  nextCursor = $state<string | null>(null);
  loadingMore = $state(false);
  /** What the last demo run made (kept so its accounts stay on screen once the list fills). */
  demo = $state<DemoProjects | null>(null);
  readonly #api: Pick<ApiClient, 'listProjects'>;
  readonly #projects: Pick<ProjectApi, 'createProject' | 'createDemoProjects'>;

  constructor(options: { api: Pick<ApiClient, 'listProjects'>; projects: Pick<ProjectApi, 'createProject' | 'createDemoProjects'> }) {
    this.#api = options.api;
    this.#projects = options.projects;
  }

  /** Loads the first page; shows the loading state only when nothing is on screen yet. */
  async refresh(): Promise<void> {
    if (this.items.length === 0) this.loading = true;
    try {
      const page = await this.#api.listProjects({ limit: pageSize });
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /** Appends the next page. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.#api.listProjects({ limit: pageSize, cursor: this.nextCursor });
      const known = new Set(this.items.map((p) => p.id));
      this.items = [...this.items, ...page.items.filter((p) => !known.has(p.id))];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Creates a project of a task type (the caller becomes its manager) and puts it first. Throws an ApiError. */
  async create(input: { name: string; description?: string; taskType: TaskType }): Promise<Project> {
    const project = await this.#projects.createProject(input);
    this.items = [project, ...this.items.filter((p) => p.id !== project.id)];
    return project;
  }

  /** Creates the demo projects (one per task type), then reloads the list. Throws an ApiError. */
  async createDemo(): Promise<DemoProjects> {
    const demo = await this.#projects.createDemoProjects();
    this.demo = demo;
    await this.refresh();
    return demo;
  }
}
