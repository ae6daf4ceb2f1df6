import { createContext } from 'svelte';

/** The signed-in user as the client keeps it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
}

interface StoredSession {
  token: string;
  user: SessionUser;
  expiresAt: string | null;
}

/** localStorage key of the persisted session. */
export const sessionStorageKey = 'concord.session';

/** The subset of `Storage` the session needs (tests pass a Map-backed fake). */
export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The signed-in user and their bearer token, persisted in localStorage so a reload keeps the user
 * signed in. One instance is created by the root layout and shared through context.
 * @example const session = new Session({ storage: localStorage }); session.signIn(loginResponse);
 */
export class Session {
  token = $state<string | null>(null);
  user = $state<SessionUser | null>(null);
  expiresAt = $state<string | null>(null);
  readonly signedIn = $derived(this.token !== null && this.user !== null);
  readonly #storage: SessionStorage | null;

  constructor(options: { storage?: SessionStorage | null; now?: () => number } = {}) {
    this.#storage = options.storage ?? null;
    const stored = readStored(this.#storage);
    const now = options.now?.() ?? Date.now();
    if (stored && (stored.expiresAt === null || Date.parse(stored.expiresAt) > now)) {
      this.token = stored.token;
      this.user = stored.user;
      this.expiresAt = stored.expiresAt;
    } else if (stored) {
      this.#storage?.removeItem(sessionStorageKey);
    }
  }

  /** Stores a fresh sign-in (the body of `POST /auth/login`). */
  signIn(login: { token: string; expiresAt?: string | null; user: SessionUser }): void {
    this.token = login.token;
    this.user = pickUser(login.user);
    this.expiresAt = login.expiresAt ?? null;
    this.#persist();
  }

  /** Replaces the user's details (e.g. from `GET /me`) keeping the token. */
  updateUser(user: SessionUser): void {
    if (!this.token) return;
    this.user = pickUser(user);
    this.#persist();
  }

  /** Forgets the token and user, here and in storage. */
  clear(): void {
    this.token = null;
    this.user = null;
    this.expiresAt = null;
    this.#storage?.removeItem(sessionStorageKey);
  }

  /**
   * Follows sign-in and sign-out in other tabs of the same browser. Returns the unsubscribe function.
   */
  syncAcrossTabs(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== sessionStorageKey) return;
      const stored = parseStored(event.newValue);
      this.token = stored?.token ?? null;
      this.user = stored?.user ?? null;
      this.expiresAt = stored?.expiresAt ?? null;
    };
    target.addEventListener('storage', onStorage);
    return () => target.removeEventListener('storage', onStorage);
  }

  #persist(): void {
    if (!this.token || !this.user) return;
    const stored: StoredSession = { token: this.token, user: this.user, expiresAt: this.expiresAt };
    this.#storage?.setItem(sessionStorageKey, JSON.stringify(stored));
  }
}

function pickUser(user: SessionUser): SessionUser {
  // Only the fields the client needs; nothing else from a response is persisted.
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    canCreateProjects: user.canCreateProjects,
  };
}

function readStored(storage: SessionStorage | null): StoredSession | null {
  try {
    return parseStored(storage?.getItem(sessionStorageKey) ?? null);
  } catch {
    return null;
  }
}

function parseStored(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession> | null;
    const user = value?.user;
    if (typeof value?.token !== 'string' || !user || typeof user.id !== 'string' || typeof user.name !== 'string') {
      return null;
    }
    return {
      token: value.token,
      user: pickUser({
        id: user.id,
        email: String(user.email ?? ''),
        name: user.name,
        isAdmin: user.isAdmin === true,
        canCreateProjects: user.canCreateProjects === true,
      }),
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : null,
    };
  } catch {
    return null;
  }
}

const [getSessionContext, setSessionContext] = createContext<Session>();

/** The session provided by the root layout. Call during component initialisation. */
export function getSession(): Session {
  return getSessionContext();
}

/** Provides the session to every page below the calling component (the root layout). */
export function provideSession(session: Session): Session {
  return setSessionContext(session);
}
