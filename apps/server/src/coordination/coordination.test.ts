import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCoordinationContract } from './contract.ts';
import { createKeys, createMemoryCoordination, createRedisCoordination, type Coordination } from './index.ts';
import { startTcpProxy, type TcpProxy } from '../../test/helpers/tcp-proxy.ts';

const REDIS_URL = process.env.REDIS_URL;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `attempt` until it stops throwing. */
async function eventually(attempt: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(20);
    }
  }
}

runCoordinationContract('memory', async () => {
  let t = 1_700_000_000_000;
  const errors: Error[] = [];
  const coordination = createMemoryCoordination({ now: () => t, onError: (err) => errors.push(err) });
  return {
    coordination,
    advance: async (ms) => {
      t += ms;
    },
    dispose: async () => {
      await coordination.close();
      expect(errors).toEqual([]);
    },
  };
});

describe('keys', () => {
  it('[K1] every key and channel lives under the prefix; segments and prefix are validated', () => {
    const keys = createKeys({ prefix: 'concord' });
    expect(keys.presence('doc:1')).toBe('concord:presence:doc:1');
    expect(keys.presenceData('doc:1')).toBe('concord:presence-data:doc:1');
    expect(keys.lock('doc:1')).toBe('concord:lock:doc:1');
    expect(keys.fence('doc:1')).toBe('concord:fence:doc:1');
    expect(keys.channel('room.7')).toBe('concord:chan:room.7');
    expect(keys.pattern).toBe('concord:*');
    expect(() => keys.lock('a*')).toThrow(/Invalid lock name "a\*"/);
    expect(() => createKeys({ prefix: 'concord:staging' })).toThrow(/Invalid key prefix/);
    expect(() => createKeys({ prefix: '' })).toThrow(/Invalid key prefix/);
  });
});

it('[K2] counters live under {prefix}:counter: and their names are validated', () => {
  const keys = createKeys({ prefix: 'concord' });
  expect(keys.counter('login-fail:ip:abc')).toBe('concord:counter:login-fail:ip:abc');
  expect(() => keys.counter('a b')).toThrow(/Invalid counter name/);
});

/** H1 for any implementation; `make` wires `onError` to the given sink. */
async function checkHandlerErrors(make: (onError: (err: Error) => void) => Promise<Coordination>): Promise<void> {
  const errors: Error[] = [];
  const coordination = await make((err) => errors.push(err));
  const got: Uint8Array[] = [];
  await coordination.pubsub.subscribe('ch', () => {
    throw new Error('handler broke');
  });
  await coordination.pubsub.subscribe('ch', (m) => got.push(m));
  await coordination.pubsub.publish('ch', Uint8Array.of(1));
  await coordination.pubsub.publish('ch', Uint8Array.of(2));
  await eventually(async () => expect(got).toHaveLength(2));
  expect(errors.map((err) => err.message)).toEqual(['handler broke', 'handler broke']);
  await coordination.close();
}

it('[H1] memory: a throwing handler goes to onError and does not stop the other subscribers', async () => {
  await checkHandlerErrors(async (onError) => createMemoryCoordination({ onError }));
});

/** A proxy to Redis that tests cut, stall and restore, to see the client lose its server. */
async function startRelay(target: URL): Promise<TcpProxy & { url: string }> {
  const proxy = await startTcpProxy({ target: Number(target.port || 6379), host: target.hostname });
  return { ...proxy, url: `redis://127.0.0.1:${proxy.port}` };
}

const describeRedis = REDIS_URL ? describe : describe.skip;
describeRedis(REDIS_URL ? 'Redis' : 'Redis contract skipped: REDIS_URL not set', () => {
  const url = REDIS_URL ?? '';
  const admin = createClient({ url });
  const open: Coordination[] = [];
  const prefixes = new Set<string>();

  const unexpected: Error[] = [];

  const openRedis = async (options: { prefix: string; url?: string; onError?: (err: Error) => void }) => {
    prefixes.add(options.prefix);
    const coordination = await createRedisCoordination({
      url: options.url ?? url,
      prefix: options.prefix,
      onError: options.onError ?? ((err) => unexpected.push(err)),
    });
    open.push(coordination);
    return coordination;
  };
  const newPrefix = (): string => `concord-test-${randomUUID()}`;
  const deleteKeys = async (prefix: string): Promise<void> => {
    for await (const batch of admin.scanIterator({ MATCH: createKeys({ prefix }).pattern, COUNT: 200 })) {
      if (batch.length > 0) await admin.del(batch);
    }
  };

  beforeAll(async () => {
    admin.on('error', () => {});
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((coordination) => coordination.close()));
    expect(unexpected.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeys(prefix);
    await admin.close();
  });

  runCoordinationContract('redis', async () => {
    const prefix = newPrefix();
    const coordination = await openRedis({ prefix });
    return {
      coordination,
      dispose: async () => {
        await coordination.close();
        await deleteKeys(prefix);
        expect(await admin.keys(`${prefix}:*`)).toEqual([]);
      },
    };
  });

  it('[H1] redis: a throwing handler goes to onError and does not stop the other subscribers', async () => {
    await checkHandlerErrors((onError) => openRedis({ prefix: newPrefix(), onError }));
  });

  it('[R1] instances sharing a prefix share presence, contend for locks and hear each other', async () => {
    const prefix = newPrefix();
    const [a, b] = [await openRedis({ prefix }), await openRedis({ prefix })];
    await a.presence.set('doc:1', 'alice', { color: 'red' }, 5000);
    expect(await b.presence.list('doc:1')).toEqual([{ member: 'alice', data: { color: 'red' } }]);
    const lease = (await a.locks.acquire('doc:1', 'a', 5000))!;
    expect(await b.locks.acquire('doc:1', 'b', 5000)).toBeNull();
    expect(await b.locks.isCurrent('doc:1', lease.fencingToken)).toBe(true);
    const heard: string[] = [];
    await a.pubsub.subscribe('room', (m) => heard.push(`a:${m[0]}`));
    await b.pubsub.subscribe('room', (m) => heard.push(`b:${m[0]}`));
    await b.pubsub.publish('room', Uint8Array.of(7));
    await eventually(async () => expect(heard.sort()).toEqual(['a:7', 'b:7']));
  });

  it('[R2] different prefixes are invisible to each other', async () => {
    const [a, b] = [await openRedis({ prefix: newPrefix() }), await openRedis({ prefix: newPrefix() })];
    await a.presence.set('doc:1', 'alice', 1, 5000);
    expect(await b.presence.list('doc:1')).toEqual([]);
    expect(await a.locks.acquire('doc:1', 'a', 5000)).not.toBeNull();
    expect(await b.locks.acquire('doc:1', 'b', 5000)).not.toBeNull();
    const heard: Uint8Array[] = [];
    const mine: Uint8Array[] = [];
    await b.pubsub.subscribe('room', (m) => heard.push(m));
    await a.pubsub.subscribe('room', (m) => mine.push(m));
    await a.pubsub.publish('room', Uint8Array.of(1));
    await eventually(async () => expect(mine).toHaveLength(1));
    expect(heard).toEqual([]);
  });

  it('[R3] start-up rejects when Redis is unreachable, reporting errors to onError only', async () => {
    const errors: Error[] = [];
    await expect(
      createRedisCoordination({ url: 'redis://127.0.0.1:1', prefix: newPrefix(), onError: (err) => errors.push(err) }),
    ).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
  });

  it('[R4] losing Redis: ping rejects, errors reach onError, it reconnects and resubscribes, close still resolves', async () => {
    const relay = await startRelay(new URL(url));
    const prefix = newPrefix();
    const errors: Error[] = [];
    const coordination = await openRedis({ prefix });
    const peer = await openRedis({ prefix, url: relay.url, onError: (err) => errors.push(err) });
    const heard: Uint8Array[] = [];
    await peer.pubsub.subscribe('room', (m) => heard.push(m));
    await peer.ping();

    relay.cut();
    await eventually(async () => expect(errors.length).toBeGreaterThan(0));
    await expect(peer.ping()).rejects.toThrow();

    relay.restore();
    await eventually(() => peer.ping());
    await eventually(async () => {
      await coordination.pubsub.publish('room', Uint8Array.of(9));
      expect(heard.length).toBeGreaterThan(0);
    });

    relay.cut();
    await peer.close();
    await relay.close();
    await expect(peer.ping()).rejects.toThrow(/closed/);
  });

  it('[R4] a hung Redis (no answers, no FIN): unsubscribe and close still resolve, a late message is not delivered', async () => {
    const relay = await startRelay(new URL(url));
    const prefix = newPrefix();
    const peer = await openRedis({ prefix, url: relay.url, onError: () => {} });
    const heard: Uint8Array[] = [];
    const unsubscribe = await peer.pubsub.subscribe('room', (m) => heard.push(m));
    await peer.ping();

    relay.stall();
    const started = Date.now();
    await unsubscribe();
    await peer.close();
    // Two bounded waits of CLOSE_TIMEOUT_MS (1 s) each, far below a test timeout.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(heard).toEqual([]);
    await relay.close();
  });

  it('[R5] onReconnect runs once per reconnect, after the resubscribe, and not for the first connect', async () => {
    const relay = await startRelay(new URL(url));
    const prefix = newPrefix();
    const coordination = await openRedis({ prefix });
    const peer = await openRedis({ prefix, url: relay.url, onError: () => {} });
    const heard: number[] = [];
    await peer.pubsub.subscribe('room', (m) => heard.push(m[0]!));
    let reconnects = 0;
    const heardAtReconnect: number[] = [];
    const off = peer.pubsub.onReconnect!(() => {
      reconnects += 1;
      // Published from the listener: it arrives only if the subscription is already back.
      void coordination.pubsub.publish('room', Uint8Array.of(reconnects)).then(() => heardAtReconnect.push(reconnects));
    });
    await peer.ping();
    expect(reconnects).toBe(0);

    relay.cut();
    relay.restore();
    await eventually(async () => expect(reconnects).toBe(1));
    await eventually(async () => expect(heard).toEqual([1]));

    off();
    relay.cut();
    relay.restore();
    await eventually(() => peer.ping());
    expect(reconnects).toBe(1);
    expect(heardAtReconnect).toEqual([1]);
    relay.cut();
    await peer.close();
    await relay.close();
  });
});
