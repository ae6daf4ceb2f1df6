import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { assertAbove, assertIdentity, assertTtl, createKeys } from './keys.ts';
import type { Coordination, CounterStore, Lease, LockManager, PresenceStore, PubSub } from './types.ts';

export interface RedisCoordinationOptions {
  url: string;
  /** Namespace for every key and channel, e.g. `concord` (no ':'; see keys.ts). */
  prefix: string;
  /** Connection errors (node-redis retries on its own) and errors thrown by subscriber handlers. */
  onError?: (err: Error) => void;
}

/** The part of a node-redis client that shutdown needs (client and duplicate differ in generics). */
interface Closable {
  readonly isReady: boolean;
  close(): Promise<void>;
  destroy(): void;
}

/** Connect attempts before giving up at boot; once connected, reconnection retries forever. */
const INITIAL_CONNECT_ATTEMPTS = 3;
const CLOSE_TIMEOUT_MS = 1000;

// Redis' own clock decides presence expiry, so instances with skewed clocks agree on who is live.
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const PRESENCE_SET = `${NOW_MS}
local expiresAt = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], string.format('%d', expiresAt), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
local keep = string.format('%d', math.max(tonumber(last[2]) - now, 1))
redis.call('PEXPIRE', KEYS[1], keep)
redis.call('PEXPIRE', KEYS[2], keep)`;

// Chunked because unpack() of a large table overflows the Lua stack.
const PRESENCE_LIST = `${NOW_MS}
local function each(cmd, key, items, out)
  for i = 1, #items, 500 do
    local reply = redis.call(cmd, key, unpack(items, i, math.min(i + 499, #items)))
    if out then for _, v in ipairs(reply) do out[#out + 1] = v end end
  end
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  each('HDEL', KEYS[2], expired)
end
local live = redis.call('ZRANGE', KEYS[1], 0, -1)
local data = {}
each('HMGET', KEYS[2], live, data)
local out = {}
for i = 1, #live do
  out[#out + 1] = live[i]
  out[#out + 1] = data[i]
end
return out`;

const LOCK_ACQUIRE = `if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
local above = tonumber(ARGV[3])
if token <= above then
  token = above + 1
  redis.call('SET', KEYS[2], token)
end
redis.call('SET', KEYS[1], string.format('%d', token) .. ' ' .. ARGV[1], 'PX', ARGV[2])
return token`;

const LOCK_RENEW = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

const LOCK_RELEASE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

// The first increment sets the expiry; later ones keep it (INCR and DECR never touch a TTL).
const COUNTER_INCREMENT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

const COUNTER_DECREMENT = `local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** The lock key's value: the token first so `isCurrent` can match it without knowing the owner. */
const lockValue = (fencingToken: number, owner: string): string => `${fencingToken} ${owner}`;

function createReconnectStrategy(): { strategy: (retries: number, cause: Error) => number | Error; ready: () => void } {
  let connectedOnce = false;
  return {
    strategy: (retries, cause) => {
      if (!connectedOnce && retries + 1 >= INITIAL_CONNECT_ATTEMPTS) return cause;
      return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
    },
    ready: () => {
      connectedOnce = true;
    },
  };
}

/**
 * Settles when `work` does or after `ms`, whichever comes first: a command sent on a connection
 * that died without a FIN (killed peer, stalled network) is otherwise never answered.
 */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function shutdown(client: Closable, onError: (err: Error) => void): Promise<void> {
  try {
    if (client.isReady) await within(client.close(), CLOSE_TIMEOUT_MS);
  } catch (err) {
    onError(toError(err));
  } finally {
    // Idempotent; also stops the reconnect loop of a client that never got its connection back.
    client.destroy();
  }
}

/**
 * Coordination shared by every instance connected to one Redis: presence in a sorted set plus a
 * data hash, locks as Lua-guarded keys with a fencing counter, fan-out over Redis pub/sub on a
 * dedicated subscriber connection. Rejects if Redis cannot be reached at start-up.
 *
 * @example
 * const coordination = await createRedisCoordination({
 *   url: config.redisUrl,
 *   prefix: 'concord',
 *   onError: (err) => log.warn({ err }, 'redis'),
 * });
 */
export async function createRedisCoordination(options: RedisCoordinationOptions): Promise<Coordination> {
  const keys = createKeys({ prefix: options.prefix });
  const onError = options.onError ?? ((err: Error) => console.error('redis coordination error', err));
  const report = (err: unknown): void => onError(toError(err));

  const mainRetry = createReconnectStrategy();
  const client = createClient({ url: options.url, socket: { reconnectStrategy: mainRetry.strategy } });
  const subRetry = createReconnectStrategy();
  const subscriber = client.duplicate({ socket: { reconnectStrategy: subRetry.strategy } });
  client.on('error', report).on('ready', mainRetry.ready);
  subscriber.on('error', report).on('ready', subRetry.ready);
  try {
    await Promise.all([client.connect(), subscriber.connect()]);
  } catch (err) {
    await Promise.all([shutdown(client, report), shutdown(subscriber, report)]);
    throw toError(err);
  }

  // Attached after the first connect, so every later 'ready' is a reconnect; node-redis emits it once
  // the resubscribe is confirmed, so nothing published after a listener runs can be missed.
  const reconnectListeners = new Set<() => void>();
  subscriber.on('ready', () => {
    for (const listener of [...reconnectListeners]) {
      try {
        listener();
      } catch (err) {
        report(err);
      }
    }
  });

  let closed = false;
  const guard = (): void => {
    if (closed) throw new Error('Coordination is closed');
  };

  const shas = new Map<string, string>();
  const runScript = async (script: string, scriptKeys: string[], args: string[]): Promise<unknown> => {
    let sha = shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      shas.set(script, sha);
    }
    try {
      return await client.evalSha(sha, { keys: scriptKeys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(script, { keys: scriptKeys, arguments: args });
    }
  };

  const presence: PresenceStore = {
    async set(scope, member, data, ttlMs) {
      guard();
      const scriptKeys = [keys.presence(scope), keys.presenceData(scope)];
      assertIdentity('member', member);
      assertTtl(ttlMs);
      const json = JSON.stringify(data ?? null) ?? 'null';
      await runScript(PRESENCE_SET, scriptKeys, [member, json, String(ttlMs)]);
    },
    async remove(scope, member) {
      guard();
      const scriptKeys = [keys.presence(scope), keys.presenceData(scope)];
      assertIdentity('member', member);
      await client.multi().zRem(scriptKeys[0]!, member).hDel(scriptKeys[1]!, member).exec();
    },
    async list(scope) {
      guard();
      const reply = (await runScript(PRESENCE_LIST, [keys.presence(scope), keys.presenceData(scope)], [])) as unknown[];
      const live: Array<{ member: string; data: unknown }> = [];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const json = reply[i + 1];
        live.push({ member: String(reply[i]), data: typeof json === 'string' ? (JSON.parse(json) as unknown) : null });
      }
      return live.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
    },
  };

  const locks: LockManager = {
    async acquire(name, owner, ttlMs, above = 0) {
      guard();
      const scriptKeys = [keys.lock(name), keys.fence(name)];
      assertIdentity('owner', owner);
      assertTtl(ttlMs);
      // Sampled before the call: the lease really ends later, so holders renew early, never late.
      const startedAt = Date.now();
      assertAbove(above);
      const token = await runScript(LOCK_ACQUIRE, scriptKeys, [owner, String(ttlMs), String(above)]);
      if (typeof token !== 'number') return null;
      return { name, owner, fencingToken: token, expiresAt: startedAt + ttlMs };
    },
    async renew(lease, ttlMs) {
      guard();
      const lockKey = keys.lock(lease.name);
      assertIdentity('owner', lease.owner);
      assertTtl(ttlMs);
      const startedAt = Date.now();
      const renewed = await runScript(LOCK_RENEW, [lockKey], [lockValue(lease.fencingToken, lease.owner), String(ttlMs)]);
      return Number(renewed) === 1 ? { ...lease, expiresAt: startedAt + ttlMs } : null;
    },
    async release(lease: Lease) {
      guard();
      const lockKey = keys.lock(lease.name);
      assertIdentity('owner', lease.owner);
      await runScript(LOCK_RELEASE, [lockKey], [lockValue(lease.fencingToken, lease.owner)]);
    },
    async isCurrent(name, fencingToken) {
      guard();
      const lockKey = keys.lock(name);
      if (!Number.isSafeInteger(fencingToken)) return false;
      const value = await client.get(lockKey);
      return value != null && value.startsWith(`${fencingToken} `);
    },
  };

  const pubsub: PubSub = {
    async publish(channel, message) {
      guard();
      const channelKey = keys.channel(channel);
      if (!(message instanceof Uint8Array)) throw new TypeError('Message must be a Uint8Array');
      // Buffer.from copies, so the caller may reuse its array as soon as publish is called.
      await client.publish(channelKey, Buffer.from(message));
    },
    async subscribe(channel, handler) {
      guard();
      const channelKey = keys.channel(channel);
      // One wrapper per subscription: node-redis tracks listeners by identity, so the same handler
      // subscribed twice still gets two independent unsubscribe functions.
      let active = true;
      const listener = (message: Buffer): void => {
        if (!active) return;
        try {
          handler(new Uint8Array(message));
        } catch (err) {
          report(err);
        }
      };
      await subscriber.subscribe(channelKey, listener, true);
      return async () => {
        if (!active || closed) return;
        active = false;
        // Bounded: a room unloading while Redis hangs must not wait for ever. node-redis drops the
        // listener only when Redis answers, so until then `active` keeps it silent.
        await within(subscriber.unsubscribe(channelKey, listener, true).catch(report), CLOSE_TIMEOUT_MS);
      };
    },
    onReconnect(listener) {
      const wrapped = () => listener();
      reconnectListeners.add(wrapped);
      return () => reconnectListeners.delete(wrapped);
    },
  };

  const counters: CounterStore = {
    async increment(name, ttlMs) {
      guard();
      const counterKey = keys.counter(name);
      assertTtl(ttlMs);
      const [count, ttl] = (await runScript(COUNTER_INCREMENT, [counterKey], [String(ttlMs)])) as [number, number];
      return { count: Number(count), ttlMs: Number(ttl) };
    },
    async decrement(name) {
      guard();
      await runScript(COUNTER_DECREMENT, [keys.counter(name)], []);
    },
    async reset(name) {
      guard();
      await client.del(keys.counter(name));
    },
  };

  return {
    kind: 'redis',
    presence,
    locks,
    pubsub,
    counters,
    async ping() {
      guard();
      // Queued commands wait for a reconnect; a health check must fail now instead.
      if (!client.isReady) throw new Error('Redis is not connected');
      await client.withCommandOptions({ timeout: 2000 }).ping();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (subscriber.isReady) await within(subscriber.unsubscribe().catch(report), CLOSE_TIMEOUT_MS);
      await Promise.all([shutdown(subscriber, report), shutdown(client, report)]);
    },
  };
}
