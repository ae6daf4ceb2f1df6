import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { DocumentMeta, Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';

const documentPageSize = 100;

/**
 * One project's page: the project (with the caller's role) and its documents. A 404 or 403 turns
 * the page into "not found or no access"; `refresh()` reloads without the loading state.
 */
export class ProjectPage {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  project = $state<Project | null>(null);
  documents = $state<DocumentMeta[]>([]);
  documentsCursor = $state<string | null>(null);
  documentsError = $state<string | null>(null);
  loadingMore = $state(false);
  readonly projectId: string;
  readonly #api: ApiClient;

  constructor(options: { api: ApiClient; projectId: string }) {
    this.#api = options.api;
    this.projectId = options.projectId;
  }

  /** Loads the project, then its documents. */
  async refresh(): Promise<void> {
    try {
      this.project = await this.#api.getProject(this.projectId);
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) {
        this.status = 'not-found';
      } else if (!this.project) {
        this.error = errorMessage(error);
        this.status = 'error';
      }
      return;
    }
    this.status = 'ready';
    this.error = null;
    await this.#loadDocuments();
  }

  async #loadDocuments(): Promise<void> {
    try {
      const page = await this.#api.listDocuments(this.projectId, { limit: documentPageSize });
      this.documents = page.items;
      this.documentsCursor = page.nextCursor;
      this.documentsError = null;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.status = 'not-found';
      else this.documentsError = errorMessage(error);
    }
  }

  /** Appends the next page of documents. */
  async loadMoreDocuments(): Promise<void> {
    if (!this.documentsCursor || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.#api.listDocuments(this.projectId, { limit: documentPageSize, cursor: this.documentsCursor });
      const known = new Set(this.documents.map((d) => d.id));
      this.documents = [...this.documents, ...page.items.filter((d) => !known.has(d.id))];
      this.documentsCursor = page.nextCursor;
    } catch (error) {
      this.documentsError = errorMessage(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Creates a document ("Untitled" when the name is empty) and lists it first. Throws an ApiError. */
  async createDocument(name: string): Promise<DocumentMeta> {
    const document = await this.#api.createDocument(this.projectId, name ? { name } : {});
    this.documents = [document, ...this.documents.filter((d) => d.id !== document.id)];
    return document;
  }
}
