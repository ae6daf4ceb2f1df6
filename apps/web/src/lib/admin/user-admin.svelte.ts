import { ApiError, errorMessage, type ApiClient } from '../api.ts';
import type { CreateUserInput, User } from '../api-types.ts';
import type { LoadStatus } from '../load-status.ts';

const pageSize = 200;

/** The site admin's user list (sorted by e-mail) and creating users. */
export class UserAdmin {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  items = $state<User[]>([]);
  nextCursor = $state<string | null>(null);
  loadingMore = $state(false);
  readonly #api: ApiClient;

  constructor(options: { api: ApiClient }) {
    this.#api = options.api;
  }

  /** Loads the first page of users; a 403 means the caller is not (or no longer) an admin. */
  async refresh(): Promise<void> {
    try {
      const page = await this.#api.listUsers({ limit: pageSize });
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) {
        this.status = 'not-found';
      } else {
        this.error = errorMessage(error);
        if (this.status === 'loading') this.status = 'error';
      }
    }
  }

  /** Appends the next page of users. */
  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.#api.listUsers({ limit: pageSize, cursor: this.nextCursor });
      const known = new Set(this.items.map((u) => u.id));
      this.items = [...this.items, ...page.items.filter((u) => !known.has(u.id))];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** Creates a user and lists it in e-mail order. Throws an ApiError (409 for a taken e-mail). */
  async create(input: CreateUserInput): Promise<User> {
    const user = await this.#api.createUser(input);
    this.items = [...this.items.filter((u) => u.id !== user.id), user].sort((a, b) => a.email.localeCompare(b.email));
    return user;
  }
}
