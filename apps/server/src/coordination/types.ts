/**
 * Coordination between server instances: presence, locks and pub/sub behind one interface.
 * The in-memory implementation serves a single process; the Redis one lets instances share state.
 * Both pass the same contract suite (coordination/contract.ts).
 */

/** A named set of members, each with JSON data and its own expiry (heartbeat-refreshed). */
export interface PresenceStore {
  /** Adds or refreshes a member; it disappears `ttlMs` after the last call unless refreshed. */
  set(scope: string, member: string, data: unknown, ttlMs: number): Promise<void>;
  remove(scope: string, member: string): Promise<void>;
  /** Live (unexpired) members, sorted by member name. */
  list(scope: string): Promise<Array<{ member: string; data: unknown }>>;
}

/** A held lease. `fencingToken` grows strictly with every successful acquire of the same name. */
export interface Lease {
  name: string;
  owner: string;
  fencingToken: number;
  expiresAt: number;
}

export interface LockManager {
  /**
   * Takes the lock if free or expired; null when another owner holds a live lease (a lost race, not an error).
   * The new fencing token is above `above` (default 0): a caller whose own records hold a higher token
   * (from before an in-memory restart) keeps tokens growing [C21].
   */
  acquire(name: string, owner: string, ttlMs: number, above?: number): Promise<Lease | null>;
  /** Extends a lease this owner still holds with that fencing token; null if it was lost. */
  renew(lease: Lease, ttlMs: number): Promise<Lease | null>;
  /** Releases if still held by this lease; no-op otherwise. */
  release(lease: Lease): Promise<void>;
  /**
   * Whether a fencing token is still the current holder's: writers guard side effects with it,
   * so a holder that stalled past its lease cannot write after another acquired the lock.
   */
  isCurrent(name: string, fencingToken: number): Promise<boolean>;
}

export type MessageHandler = (message: Uint8Array) => void;

export interface PubSub {
  /** Delivers to every subscriber of the channel on every instance (including this one). */
  publish(channel: string, message: Uint8Array): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  /**
   * Calls `listener` each time the subscriptions are active again after the connection was lost
   * (messages published meanwhile are gone); never for the first connect. Absent where messages
   * cannot be lost (memory). Returns a function that removes the listener.
   */
  onReconnect?(listener: () => void): () => void;
}

/** A counter's value and how long its window has left (ms). */
export interface CounterValue {
  count: number;
  ttlMs: number;
}

/**
 * Named integer counters with a fixed expiry window (rate limits shared by every instance).
 * A counter is created by its first `increment` and lives `ttlMs` from then, however often it is
 * incremented; once expired it starts again at 1.
 */
export interface CounterStore {
  /** Adds 1 and returns the new count and the window's remaining ms [C22]. */
  increment(name: string, ttlMs: number): Promise<CounterValue>;
  /** Takes 1 back from a live counter; never below 0, never creates one, keeps its expiry [C23]. */
  decrement(name: string): Promise<void>;
  /** Deletes the counter: the next `increment` opens a new window at 1 [C23]. */
  reset(name: string): Promise<void>;
}

export interface Coordination {
  kind: 'memory' | 'redis';
  presence: PresenceStore;
  locks: LockManager;
  pubsub: PubSub;
  counters: CounterStore;
  /** Throws when the backing service is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
