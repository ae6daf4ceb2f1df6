import { can } from '@concord/protocol';
import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { DocumentMeta, Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';

/**
 * The document page's REST data: the document's metadata, then its project for the caller's role.
 * A 404 or 403 from either turns the page into "not found or no access".
 */
export class DocumentPage {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  document = $state<DocumentMeta | null>(null);
  project = $state<Project | null>(null);
  /** Viewers (and anyone without documents.write) see the editor read-only. */
  readonly readOnly = $derived(!can(this.project?.role, 'documents.write'));
  readonly documentId: string;
  readonly #api: ApiClient;

  constructor(options: { api: ApiClient; documentId: string }) {
    this.#api = options.api;
    this.documentId = options.documentId;
  }

  /** Loads the document and its project; keeps what is shown if a reload fails for another reason. */
  async refresh(): Promise<void> {
    try {
      const { content: _content, ...document } = await this.#api.getDocument(this.documentId);
      const project = await this.#api.getProject(document.projectId);
      this.document = document;
      this.project = project;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) {
        this.status = 'not-found';
      } else if (this.status !== 'ready') {
        this.error = errorMessage(error);
        this.status = 'error';
      }
    }
  }
}
