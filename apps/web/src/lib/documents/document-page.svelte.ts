import { can } from '@concord/protocol';
import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { DocumentActor, DocumentDetail, DocumentMeta, Project } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';
import { toDocumentDetail } from './document-detail.ts';

/**
 * The document page's REST data: the document (its task, configuration, item and the actors behind
 * its edits), then its project for the caller's role. A 404 or 403 from either turns the page into
 * "not found or no access".
 */
export class DocumentPage {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  document = $state<DocumentMeta | null>(null);
  /** Everything the editor needs besides the live document; `content` is left out (the live document has it). */
  detail = $state.raw<Omit<DocumentDetail, 'content'> | null>(null);
  /** Who each Yjs client id is; refreshed when the document shows edits of an unknown one. */
  actors = $state.raw<Record<string, DocumentActor>>({});
  project = $state<Project | null>(null);
  /** Viewers (and anyone without documents.write) see the editor read-only; so does anyone the workflow keeps from writing. */
  readonly readOnly = $derived(!can(this.project?.role, 'documents.write') || this.detail?.readOnly === true);
  readonly documentId: string;
  readonly #api: ApiClient;
  #actorsRefresh: Promise<void> | null = null;

  constructor(options: { api: ApiClient; documentId: string }) {
    this.#api = options.api;
    this.documentId = options.documentId;
  }

  /** Loads the document and its project; keeps what is shown if a reload fails for another reason. */
  async refresh(): Promise<void> {
    try {
      const { content: _content, ...detail } = toDocumentDetail(await this.#api.getDocument(this.documentId));
      const project = await this.#api.getProject(detail.projectId);
      const { id, projectId, name, createdAt, updatedAt } = detail;
      this.document = { id, projectId, name, createdAt, updatedAt };
      this.detail = detail;
      this.actors = detail.actors;
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

  /** Reloads only the actors (one request at a time); a failure keeps the ones known. */
  refreshActors(): Promise<void> {
    this.#actorsRefresh ??= (async () => {
      try {
        this.actors = toDocumentDetail(await this.#api.getDocument(this.documentId)).actors;
      } catch {
        // Unknown client ids count as people meanwhile; the next unknown edit asks again.
      } finally {
        this.#actorsRefresh = null;
      }
    })();
    return this.#actorsRefresh;
  }
}
