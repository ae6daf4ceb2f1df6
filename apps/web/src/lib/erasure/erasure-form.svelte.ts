import { ApiError, errorMessage } from '../api.ts';
import { referenceProblem, type ErasureReason } from './reasons.ts';
import type { ErasureInput } from './erasure-api.ts';

/** Messages for the answers that need more than the server's own words, by HTTP status. */
export type StatusMessages = Partial<Record<number, string>>;

const defaultMessages: StatusMessages = {
  403: 'You may not erase this: it needs the data.erase permission (project managers and site admins).',
  404: 'Not found or no access: it may have been removed already.',
};

/**
 * The state of one erase dialog (erasure SPEC GD5): a reason from the fixed list, an optional case
 * reference checked like the server does, and the thing's name typed again to confirm (as GitHub asks
 * for a repository's name). `submit` runs the request once; the answer stays in `result`.
 * @example const form = new ErasureForm({ confirmText: item.externalId, run: (input) => api.eraseItem({ ...input, projectId, itemId }) });
 */
export class ErasureForm<Result> {
  reason = $state<ErasureReason | ''>('');
  reference = $state('');
  confirmation = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  result = $state.raw<Result | null>(null);
  /** What has to be typed to confirm: the item's external id, the person's e-mail. */
  readonly confirmText: string = '';
  readonly referenceError = $derived(referenceProblem(this.reference));
  readonly confirmed = $derived(this.confirmation.trim() === this.confirmText);
  readonly ready = $derived(this.reason !== '' && this.referenceError === null && this.confirmed);
  readonly #run: (input: ErasureInput) => Promise<Result>;
  readonly #messages: StatusMessages;

  constructor(options: { confirmText: string; run: (input: ErasureInput) => Promise<Result>; messages?: StatusMessages }) {
    this.confirmText = options.confirmText;
    this.#run = options.run;
    this.#messages = { ...defaultMessages, ...options.messages };
  }

  /** Sends the request when the form is complete; true when it succeeded (the answer is in `result`). */
  async submit(): Promise<boolean> {
    if (!this.ready || this.busy || this.result !== null || this.reason === '') return false;
    this.busy = true;
    this.error = null;
    try {
      const reference = this.reference.trim();
      this.result = await this.#run({ reason: this.reason, ...(reference ? { reference } : {}) });
      return true;
    } catch (error) {
      this.error = this.#describe(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  #describe(error: unknown): string {
    if (error instanceof ApiError) {
      const known = this.#messages[error.status];
      // A 400 is the server's own explanation of the bad field; the others read better in our words.
      if (known && error.status !== 400) return known;
      if (error.status === 400) return `The server refused the request: ${error.message}`;
    }
    return errorMessage(error);
  }
}
