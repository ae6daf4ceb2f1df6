import { errorMessage } from '../api.ts';
import type { LoadStatus } from '../load-status.ts';
import type { ApiToken, CreatedApiToken, TokenApi } from './token-api.ts';

/** The expiry choices of a new token, in days (null: until revoked). */
export const expiryChoices: readonly { days: number | null; label: string }[] = [
  { days: null, label: 'Never (until revoked)' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
];

/**
 * The signed-in user's personal API tokens: the list, a new one (its secret kept only until the page
 * is left or the user dismisses it), revoking.
 * @example const tokens = new AccountTokens({ api }); await tokens.load(); await tokens.create({ name: 'ci', expiresInDays: 30 });
 */
export class AccountTokens {
  tokens = $state<ApiToken[]>([]);
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  /** The token just created, with its secret (shown once). */
  created = $state<CreatedApiToken | null>(null);
  creating = $state(false);
  createError = $state<string | null>(null);
  revoking = $state<string | null>(null);
  revokeError = $state<string | null>(null);
  readonly #api: Pick<TokenApi, 'list' | 'create' | 'revoke'>;

  constructor(options: { api: Pick<TokenApi, 'list' | 'create' | 'revoke'> }) {
    this.#api = options.api;
  }

  async load(): Promise<void> {
    try {
      this.tokens = (await this.#api.list()).items;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      this.status = 'error';
      this.error = errorMessage(error);
    }
  }

  /** Creates a token; true when made (its secret is then in `created`). */
  async create(input: { name: string; expiresInDays: number | null }): Promise<boolean> {
    const name = input.name.trim();
    if (!name) {
      this.createError = 'Give the token a name (where it is used, e.g. "laptop CLI").';
      return false;
    }
    this.creating = true;
    this.createError = null;
    try {
      const created = await this.#api.create(input.expiresInDays === null ? { name } : { name, expiresInDays: input.expiresInDays });
      this.created = created;
      const { token: _secret, ...listed } = created;
      this.tokens = [listed, ...this.tokens.filter((t) => t.id !== created.id)];
      return true;
    } catch (error) {
      this.createError = errorMessage(error);
      return false;
    } finally {
      this.creating = false;
    }
  }

  /** Forgets the shown secret (it cannot be shown again). */
  dismissSecret(): void {
    this.created = null;
  }

  async revoke(tokenId: string): Promise<void> {
    this.revoking = tokenId;
    this.revokeError = null;
    try {
      await this.#api.revoke(tokenId);
      this.tokens = this.tokens.filter((t) => t.id !== tokenId);
      if (this.created?.id === tokenId) this.created = null;
    } catch (error) {
      this.revokeError = errorMessage(error);
    } finally {
      this.revoking = null;
    }
  }
}
