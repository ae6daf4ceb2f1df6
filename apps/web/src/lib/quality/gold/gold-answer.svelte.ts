import { DetailedApiError, type RestRequest } from '../../projects/rest.ts';
import { errorMessage } from '../../api.ts';

/** What the gold answer control shows: loading, whether the item has gold, or why it could not tell. */
export type GoldStatus = 'loading' | 'ready' | 'error';

/** A failed change: the server's message and, for an answer that does not fit, what it named. */
export interface GoldError {
  message: string;
  details: string[];
}

/** The server's answer as the control shows it; an answer that does not fit lists its reasons. */
export function goldErrorOf(error: unknown): GoldError {
  const details = error instanceof DetailedApiError ? error.issues.map((issue) => issue.message) : [];
  return { message: errorMessage(error), details };
}

/**
 * The gold answer of the item a document annotates, for roles with `quality.manage` (quality SPEC G1):
 * whether the item has one, "use this annotation" (`PUT …/gold { fromDocumentId }`) and clearing it
 * after an in-page confirmation (`{ gold: null }`). One change at a time; a failed one keeps the state
 * shown and says why.
 * @example const gold = new GoldAnswer({ request, projectId, itemId, documentId }); await gold.load();
 */
export class GoldAnswer {
  status = $state<GoldStatus>('loading');
  /** Null until known. */
  hasGold = $state<boolean | null>(null);
  busy = $state(false);
  /** The clear button was pressed and waits for "Yes, clear it" or "Keep it". */
  confirmingClear = $state(false);
  error = $state.raw<GoldError | null>(null);
  /** What the last change did, for the live region ("Gold answer set." …). */
  notice = $state<string | null>(null);
  readonly #request: RestRequest;
  readonly #path: string;
  readonly #itemId: string;
  readonly #documentId: string;

  constructor(options: { request: RestRequest; projectId: string; itemId: string; documentId: string }) {
    this.#request = options.request;
    this.#itemId = options.itemId;
    this.#documentId = options.documentId;
    this.#path = `/projects/${encodeURIComponent(options.projectId)}/items/${encodeURIComponent(options.itemId)}/gold`;
  }

  /** Reads whether the item has a gold answer (`GET /items/{id}`). */
  async load(): Promise<void> {
    try {
      const item = await this.#request<{ hasGold: boolean }>('GET', `/items/${encodeURIComponent(this.#itemId)}`);
      this.hasGold = item.hasGold;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      this.error = goldErrorOf(error);
      this.status = 'error';
    }
  }

  /** Makes the annotation of this document (as stored) the item's gold answer. */
  useThisAnnotation(): Promise<void> {
    return this.#change({ fromDocumentId: this.#documentId }, true, 'Gold answer set from this annotation.');
  }

  /** Asks to confirm before clearing. */
  askClear(): void {
    this.confirmingClear = true;
    this.error = null;
  }

  /** Keeps the gold answer. */
  cancelClear(): void {
    this.confirmingClear = false;
  }

  /** Clears the item's gold answer (after {@link askClear}). */
  confirmClear(): Promise<void> {
    return this.#change({ gold: null }, false, 'Gold answer cleared.');
  }

  async #change(body: unknown, hasGold: boolean, notice: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await this.#request<void>('PUT', this.#path, { json: body });
      this.hasGold = hasGold;
      this.status = 'ready';
      this.notice = notice;
      this.confirmingClear = false;
    } catch (error) {
      this.error = goldErrorOf(error);
    } finally {
      this.busy = false;
    }
  }
}
