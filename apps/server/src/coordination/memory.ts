import { assertAbove, assertIdentity, assertSegment, assertTtl } from './keys.ts';
import type { Coordination, CounterStore, Lease, LockManager, MessageHandler, PresenceStore, PubSub } from './types.ts';

export interface MemoryCoordinationOptions {
  /** Clock in ms since epoch; tests inject a fake one to expire leases without sleeping. */
  now?: () => number;
  /** Receives errors thrown by subscriber handlers (they never reach the publisher). */
  onError?: (err: Error) => void;
}

interface PresenceEntry {
  json: string;
  expiresAt: number;
}

interface HeldLock {
  owner: string;
  token: number;
  expiresAt: number;
}

interface Subscription {
  handler: MessageHandler;
  active: boolean;
}

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Coordination for a single process: presence, locks and pub/sub held in maps.
 * Behaves like the Redis implementation (same contract suite), including JSON round-tripping
 * of presence data and asynchronous pub/sub delivery, so code tested on it behaves the same on Redis.
 *
 * @example
 * let t = 0;
 * const coordination = createMemoryCoordination({ now: () => t });
 * const lease = await coordination.locks.acquire('doc:1', 'instance-a', 1000);
 * t += 1001; // the lease has now expired
 */
export function createMemoryCoordination(options: MemoryCoordinationOptions = {}): Coordination {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((err: Error) => console.error('coordination subscriber failed', err));
  let closed = false;
  const guard = (): void => {
    if (closed) throw new Error('Coordination is closed');
  };

  const scopes = new Map<string, Map<string, PresenceEntry>>();

  const presence: PresenceStore = {
    async set(scope, member, data, ttlMs) {
      guard();
      assertSegment('scope', scope);
      assertIdentity('member', member);
      assertTtl(ttlMs);
      const members = scopes.get(scope) ?? new Map<string, PresenceEntry>();
      scopes.set(scope, members);
      // Stored as JSON so callers see the same copies and losses (undefined, functions) as on Redis.
      members.set(member, { json: JSON.stringify(data ?? null) ?? 'null', expiresAt: now() + ttlMs });
    },
    async remove(scope, member) {
      guard();
      assertSegment('scope', scope);
      assertIdentity('member', member);
      const members = scopes.get(scope);
      members?.delete(member);
      if (members?.size === 0) scopes.delete(scope);
    },
    async list(scope) {
      guard();
      assertSegment('scope', scope);
      const members = scopes.get(scope);
      if (!members) return [];
      const t = now();
      const live: Array<{ member: string; data: unknown }> = [];
      for (const [member, entry] of members) {
        if (entry.expiresAt > t) live.push({ member, data: JSON.parse(entry.json) as unknown });
        else members.delete(member);
      }
      if (members.size === 0) scopes.delete(scope);
      return live.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    },
  };

  const held = new Map<string, HeldLock>();
  const fences = new Map<string, number>();
  const liveLock = (name: string): HeldLock | undefined => {
    const lock = held.get(name);
    if (lock && lock.expiresAt <= now()) {
      held.delete(name);
      return undefined;
    }
    return lock;
  };
  const holds = (lease: Lease): boolean => {
    assertSegment('lock name', lease.name);
    const lock = liveLock(lease.name);
    return lock !== undefined && lock.token === lease.fencingToken && lock.owner === lease.owner;
  };

  const locks: LockManager = {
    async acquire(name, owner, ttlMs, above = 0) {
      guard();
      assertSegment('lock name', name);
      assertIdentity('owner', owner);
      assertTtl(ttlMs);
      assertAbove(above);
      if (liveLock(name)) return null;
      const token = Math.max(fences.get(name) ?? 0, above) + 1;
      fences.set(name, token);
      const expiresAt = now() + ttlMs;
      held.set(name, { owner, token, expiresAt });
      return { name, owner, fencingToken: token, expiresAt };
    },
    async renew(lease, ttlMs) {
      guard();
      assertTtl(ttlMs);
      if (!holds(lease)) return null;
      const expiresAt = now() + ttlMs;
      held.set(lease.name, { owner: lease.owner, token: lease.fencingToken, expiresAt });
      return { ...lease, expiresAt };
    },
    async release(lease) {
      guard();
      if (holds(lease)) held.delete(lease.name);
    },
    async isCurrent(name, fencingToken) {
      guard();
      assertSegment('lock name', name);
      return liveLock(name)?.token === fencingToken;
    },
  };

  const channels = new Map<string, Set<Subscription>>();
  const deliver = (subscription: Subscription, message: Uint8Array): void => {
    // Checked at delivery time: an unsubscribe that resolved before this microtask wins.
    if (!subscription.active) return;
    try {
      subscription.handler(message.slice());
    } catch (err) {
      onError(toError(err));
    }
  };

  const pubsub: PubSub = {
    async publish(channel, message) {
      guard();
      assertSegment('channel', channel);
      if (!(message instanceof Uint8Array)) throw new TypeError('Message must be a Uint8Array');
      const targets = [...(channels.get(channel) ?? [])];
      if (targets.length === 0) return;
      const snapshot = message.slice();
      queueMicrotask(() => {
        for (const subscription of targets) deliver(subscription, snapshot);
      });
    },
    async subscribe(channel, handler) {
      guard();
      assertSegment('channel', channel);
      const subscription: Subscription = { handler, active: true };
      const set = channels.get(channel) ?? new Set<Subscription>();
      channels.set(channel, set);
      set.add(subscription);
      return async () => {
        subscription.active = false;
        set.delete(subscription);
        if (set.size === 0 && channels.get(channel) === set) channels.delete(channel);
      };
    },
  };

  const counterEntries = new Map<string, { count: number; expiresAt: number }>();
  let incrementsSinceSweep = 0;
  const liveCounter = (name: string) => {
    const entry = counterEntries.get(name);
    if (entry && entry.expiresAt <= now()) {
      counterEntries.delete(name);
      return undefined;
    }
    return entry;
  };
  // Names are often one-off (a mistyped e-mail): expired ones are swept now and then, not only when read again.
  const sweepCounters = (): void => {
    if (++incrementsSinceSweep < 1000) return;
    incrementsSinceSweep = 0;
    const t = now();
    for (const [name, entry] of counterEntries) if (entry.expiresAt <= t) counterEntries.delete(name);
  };

  const counters: CounterStore = {
    async increment(name, ttlMs) {
      guard();
      assertSegment('counter name', name);
      assertTtl(ttlMs);
      sweepCounters();
      const entry = liveCounter(name) ?? { count: 0, expiresAt: now() + ttlMs };
      entry.count += 1;
      counterEntries.set(name, entry);
      return { count: entry.count, ttlMs: entry.expiresAt - now() };
    },
    async decrement(name) {
      guard();
      assertSegment('counter name', name);
      const entry = liveCounter(name);
      if (entry && entry.count > 0) entry.count -= 1;
    },
    async reset(name) {
      guard();
      assertSegment('counter name', name);
      counterEntries.delete(name);
    },
  };

  return {
    kind: 'memory',
    presence,
    locks,
    pubsub,
    counters,
    async ping() {
      guard();
    },
    async close() {
      closed = true;
      counterEntries.clear();
      for (const set of channels.values()) for (const subscription of set) subscription.active = false;
      channels.clear();
    },
  };
}
