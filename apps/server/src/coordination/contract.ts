import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Coordination } from './types.ts';

/** What a contract run needs from an implementation; `advance` moves a fake clock (else real time passes). */
export interface ContractSubject {
  coordination: Coordination;
  advance?: (ms: number) => Promise<void>;
  dispose: () => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` is true; real time, because delivery is asynchronous on every implementation. */
async function waitFor(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const BAD_NAMES = ['', ' ', 'a b', 'doc*', 'a?b', '[x]', '{x}', 'a/b', 'é', 'a\nb', 'x'.repeat(201), 42];

/**
 * The behaviour every Coordination implementation must have; rule ids are listed in SPEC.md.
 * Timings use short TTLs (100-200 ms) so a real-time run stays well under five seconds.
 *
 * @example
 * runCoordinationContract('memory', async () => ({ coordination: createMemoryCoordination(), dispose: async () => {} }));
 */
export function runCoordinationContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`Coordination contract: ${name}`, () => {
    let subject: ContractSubject;
    let c: Coordination;
    const pass = (ms: number): Promise<void> => (subject.advance ? subject.advance(ms) : sleep(ms));

    beforeEach(async () => {
      subject = await make();
      c = subject.coordination;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    describe('presence', () => {
      it('[C1] list returns live members with their JSON data, sorted by member name', async () => {
        await c.presence.set('doc:1', 'zoe', { color: 'red', cursor: [1, 2] }, 5000);
        await c.presence.set('doc:1', 'Ann', null, 5000);
        await c.presence.set('doc:1', 'bob', { at: undefined, n: 1 }, 5000);
        expect(await c.presence.list('doc:1')).toEqual([
          { member: 'Ann', data: null },
          { member: 'bob', data: { n: 1 } },
          { member: 'zoe', data: { color: 'red', cursor: [1, 2] } },
        ]);
        expect(await c.presence.list('doc:empty')).toEqual([]);
      });

      it('[C2] set on an existing member replaces its data and restarts its expiry', async () => {
        await c.presence.set('s', 'm', { v: 1 }, 200);
        await pass(120);
        await c.presence.set('s', 'm', { v: 2 }, 200);
        await pass(120);
        expect(await c.presence.list('s')).toEqual([{ member: 'm', data: { v: 2 } }]);
        await pass(150);
        expect(await c.presence.list('s')).toEqual([]);
      });

      it('[C3] each member expires ttlMs after its own last set; others stay', async () => {
        await c.presence.set('s', 'short', 1, 100);
        await c.presence.set('s', 'long', 2, 5000);
        await pass(150);
        expect(await c.presence.list('s')).toEqual([{ member: 'long', data: 2 }]);
      });

      it('[C4] remove deletes a member at once; removing an absent member is a no-op', async () => {
        await c.presence.set('s', 'a', 1, 5000);
        await c.presence.set('s', 'b', 2, 5000);
        await c.presence.remove('s', 'a');
        await c.presence.remove('s', 'nobody');
        await c.presence.remove('never-used', 'a');
        expect(await c.presence.list('s')).toEqual([{ member: 'b', data: 2 }]);
      });

      it('[C5] scopes are isolated from each other', async () => {
        await c.presence.set('doc:1', 'a', 1, 5000);
        await c.presence.set('doc:2', 'a', 2, 5000);
        await c.presence.remove('doc:2', 'a');
        expect(await c.presence.list('doc:1')).toEqual([{ member: 'a', data: 1 }]);
        expect(await c.presence.list('doc:2')).toEqual([]);
      });
    });

    describe('locks', () => {
      it('[C6] acquire takes a free lock; while it is live every acquire, even by the holder, gets null', async () => {
        const lease = await c.locks.acquire('doc:1', 'a', 5000);
        expect(lease).toMatchObject({ name: 'doc:1', owner: 'a' });
        expect(Number.isSafeInteger(lease?.fencingToken)).toBe(true);
        expect(Number.isFinite(lease?.expiresAt)).toBe(true);
        expect(await c.locks.acquire('doc:1', 'b', 5000)).toBeNull();
        expect(await c.locks.acquire('doc:1', 'a', 5000)).toBeNull();
      });

      it('[C7] an expired lease can be taken by another owner', async () => {
        await c.locks.acquire('l', 'a', 100);
        await pass(150);
        expect(await c.locks.acquire('l', 'b', 5000)).toMatchObject({ owner: 'b' });
      });

      it('[C8] fencing tokens strictly increase with every successful acquire of a name', async () => {
        const tokens: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          const lease = await c.locks.acquire('l', `owner-${i}`, 5000);
          tokens.push(lease!.fencingToken);
          await c.locks.release(lease!);
        }
        tokens.push((await c.locks.acquire('l', 'x', 100))!.fencingToken);
        await pass(150);
        tokens.push((await c.locks.acquire('l', 'y', 5000))!.fencingToken);
        for (let i = 1; i < tokens.length; i += 1) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
      });

      it('[C9] renew extends a live lease past its first expiry; an expired lease cannot be renewed', async () => {
        const lease = (await c.locks.acquire('l', 'a', 200))!;
        await pass(120);
        const renewed = await c.locks.renew(lease, 200);
        expect(renewed).toMatchObject({ name: 'l', owner: 'a', fencingToken: lease.fencingToken });
        expect(renewed!.expiresAt).toBeGreaterThan(lease.expiresAt);
        await pass(120);
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(true);
        expect(await c.locks.acquire('l', 'b', 200)).toBeNull();
        await pass(150);
        expect(await c.locks.renew(renewed!, 200)).toBeNull();
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(false);
      });

      it('[C10] release frees the lock; renew/release need the same owner and token', async () => {
        const lease = (await c.locks.acquire('l', 'a', 5000))!;
        expect(await c.locks.renew({ ...lease, owner: 'b' }, 5000)).toBeNull();
        expect(await c.locks.renew({ ...lease, fencingToken: lease.fencingToken + 1 }, 5000)).toBeNull();
        await c.locks.release({ ...lease, owner: 'b' });
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(true);
        await c.locks.release(lease);
        await c.locks.release(lease);
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(false);
        expect(await c.locks.acquire('l', 'b', 5000)).toMatchObject({ owner: 'b' });
      });

      it('[C11] isCurrent is true only for the live holder token', async () => {
        const lease = (await c.locks.acquire('l', 'a', 100))!;
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(true);
        expect(await c.locks.isCurrent('l', lease.fencingToken - 1)).toBe(false);
        expect(await c.locks.isCurrent('l', lease.fencingToken + 1)).toBe(false);
        expect(await c.locks.isCurrent('other', lease.fencingToken)).toBe(false);
        await pass(150);
        expect(await c.locks.isCurrent('l', lease.fencingToken)).toBe(false);
      });

      it('[C12] a holder stalled past its lease is fenced off once another owner acquired (abuse 21)', async () => {
        const stalled = (await c.locks.acquire('doc:1', 'a', 100))!;
        await pass(150);
        const next = (await c.locks.acquire('doc:1', 'b', 5000))!;
        expect(next.fencingToken).toBeGreaterThan(stalled.fencingToken);
        expect(await c.locks.isCurrent('doc:1', stalled.fencingToken)).toBe(false);
        expect(await c.locks.renew(stalled, 5000)).toBeNull();
        await c.locks.release(stalled);
        expect(await c.locks.isCurrent('doc:1', next.fencingToken)).toBe(true);
        expect(await c.locks.acquire('doc:1', 'c', 5000)).toBeNull();
      });

      it('[C13] of concurrent acquires exactly one wins', async () => {
        const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
        const leases = await Promise.all(owners.map((owner) => c.locks.acquire('race', owner, 5000)));
        expect(leases.filter((lease) => lease !== null)).toHaveLength(1);
      });

      it('[C14] lock names are independent', async () => {
        expect(await c.locks.acquire('doc:1', 'a', 5000)).not.toBeNull();
        expect(await c.locks.acquire('doc:2', 'b', 5000)).not.toBeNull();
      });

      it('[C21] a fencing floor lifts the token above it, and later tokens keep growing from there', async () => {
        const first = await c.locks.acquire('floor', 'a', 5000, 41);
        expect(first?.fencingToken).toBe(42);
        await c.locks.release(first!);
        const lower = await c.locks.acquire('floor', 'b', 5000, 3);
        expect(lower?.fencingToken).toBe(43);
        await c.locks.release(lower!);
        expect((await c.locks.acquire('floor', 'c', 5000))?.fencingToken).toBe(44);
        await expect(c.locks.acquire('other', 'a', 5000, -1)).rejects.toThrow(RangeError);
        await expect(c.locks.acquire('other', 'a', 5000, 1.5)).rejects.toThrow(RangeError);
      });
    });

    describe('pub/sub', () => {
      it('[C15] publish reaches every subscriber of the channel, asynchronously and in order', async () => {
        const got: string[][] = [[], [], []];
        for (const list of got) await c.pubsub.subscribe('room', (m) => list.push(Buffer.from(m).toString()));
        const publishing = c.pubsub.publish('room', bytes(0x31));
        expect(got.flat()).toEqual([]);
        await publishing;
        await c.pubsub.publish('room', bytes(0x32));
        await waitFor(() => got.every((list) => list.length === 2), 'two messages on each subscriber');
        expect(got).toEqual([['1', '2'], ['1', '2'], ['1', '2']]);
      });

      it('[C16] nothing is delivered after unsubscribe resolves; other subscribers keep theirs', async () => {
        const gone: Uint8Array[] = [];
        const kept: Uint8Array[] = [];
        const unsubscribe = await c.pubsub.subscribe('room', (m) => gone.push(m));
        await c.pubsub.subscribe('room', (m) => kept.push(m));
        await unsubscribe();
        await unsubscribe();
        await c.pubsub.publish('room', bytes(1));
        await waitFor(() => kept.length === 1, 'delivery to the remaining subscriber');
        expect(gone).toEqual([]);
      });

      it('[C17] payloads arrive byte-exact: every byte value, empty, and 100 KiB', async () => {
        const got: Uint8Array[] = [];
        await c.pubsub.subscribe('bin', (m) => got.push(m));
        const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
        const big = Uint8Array.from({ length: 100 * 1024 }, (_, i) => (i * 7919) % 256);
        big[0] = 0x00;
        big[big.length - 1] = 0xff;
        const sent = [allBytes, bytes(0x00), bytes(0xff, 0x00, 0xfe), new Uint8Array(0), big];
        for (const message of sent) await c.pubsub.publish('bin', message);
        await waitFor(() => got.length === sent.length, 'all binary messages');
        got.forEach((message, i) => {
          expect(message).toBeInstanceOf(Uint8Array);
          expect(Buffer.from(message).equals(Buffer.from(sent[i]!))).toBe(true);
        });
      });

      it('[C18] channels are isolated', async () => {
        const a: string[] = [];
        const b: string[] = [];
        await c.pubsub.subscribe('a', (m) => a.push(Buffer.from(m).toString()));
        await c.pubsub.subscribe('b', (m) => b.push(Buffer.from(m).toString()));
        await c.pubsub.publish('a', bytes(0x61));
        await c.pubsub.publish('nobody-listens', bytes(0x6e));
        await c.pubsub.publish('b', bytes(0x62));
        await waitFor(() => b.length === 1, 'delivery on b');
        expect(a).toEqual(['a']);
        expect(b).toEqual(['b']);
      });
    });

    describe('counters', () => {
      it('[C22] increment counts from 1 in a fixed window that later increments do not extend', async () => {
        expect(await c.counters.increment('login:a', 200)).toEqual({ count: 1, ttlMs: expect.any(Number) as number });
        await pass(120);
        const second = await c.counters.increment('login:a', 200);
        expect(second.count).toBe(2);
        expect(second.ttlMs).toBeGreaterThan(0);
        expect(second.ttlMs).toBeLessThanOrEqual(80);
        await pass(100);
        expect((await c.counters.increment('login:a', 200)).count).toBe(1);
        expect((await c.counters.increment('login:b', 5000)).count).toBe(1);
      });

      it('[C23] decrement takes one back from a live counter only; reset starts a new window', async () => {
        await c.counters.decrement('absent');
        expect((await c.counters.increment('absent', 5000)).count).toBe(1);
        await c.counters.increment('n', 5000);
        await c.counters.increment('n', 5000);
        await c.counters.decrement('n');
        expect((await c.counters.increment('n', 5000)).count).toBe(2);
        for (let i = 0; i < 4; i += 1) await c.counters.decrement('n');
        expect((await c.counters.increment('n', 5000)).count).toBe(1);
        await c.counters.reset('n');
        await c.counters.reset('n');
        const fresh = await c.counters.increment('n', 200);
        expect(fresh.count).toBe(1);
        expect(fresh.ttlMs).toBeGreaterThan(100);
      });

      it('[C24] concurrent increments are all counted, each seeing a different count', async () => {
        const counts = await Promise.all(Array.from({ length: 20 }, () => c.counters.increment('race', 5000)));
        expect(counts.map((v) => v.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      });

      it('[C25] counter names are validated like other names; a closed store rejects', async () => {
        for (const bad of BAD_NAMES as string[]) {
          await expect(c.counters.increment(bad, 1000), `counter ${bad}`).rejects.toThrow(TypeError);
          await expect(c.counters.decrement(bad)).rejects.toThrow(TypeError);
          await expect(c.counters.reset(bad)).rejects.toThrow(TypeError);
        }
        await expect(c.counters.increment('ok', 0)).rejects.toThrow(RangeError);
        await c.close();
        await expect(c.counters.increment('ok', 1000)).rejects.toThrow(/closed/);
      });
    });

    describe('validation and lifecycle', () => {
      it('[C19] bad scope, lock and channel names are rejected by every method', async () => {
        const lease = { name: 'x', owner: 'a', fencingToken: 1, expiresAt: 0 };
        for (const bad of BAD_NAMES as string[]) {
          await expect(c.presence.set(bad, 'm', 1, 1000), `scope ${bad}`).rejects.toThrow(TypeError);
          await expect(c.presence.remove(bad, 'm')).rejects.toThrow(TypeError);
          await expect(c.presence.list(bad)).rejects.toThrow(TypeError);
          await expect(c.locks.acquire(bad, 'a', 1000), `lock ${bad}`).rejects.toThrow(TypeError);
          await expect(c.locks.renew({ ...lease, name: bad }, 1000)).rejects.toThrow(TypeError);
          await expect(c.locks.release({ ...lease, name: bad })).rejects.toThrow(TypeError);
          await expect(c.locks.isCurrent(bad, 1)).rejects.toThrow(TypeError);
          await expect(c.pubsub.publish(bad, bytes(1)), `channel ${bad}`).rejects.toThrow(TypeError);
          await expect(c.pubsub.subscribe(bad, () => {})).rejects.toThrow(TypeError);
        }
        await expect(c.presence.set('ok', 'm', 1, 0)).rejects.toThrow(RangeError);
        await expect(c.locks.acquire('ok', 'a', 1.5)).rejects.toThrow(RangeError);
        await expect(c.presence.set('ok', '', 1, 1000)).rejects.toThrow(TypeError);
        await expect(c.locks.acquire('ok', '', 1000)).rejects.toThrow(TypeError);
        for (const good of ['a', 'x'.repeat(200), 'doc:1.2_3-4']) {
          await c.presence.set(good, 'm', 1, 1000);
          expect(await c.locks.acquire(good, 'a', 1000)).not.toBeNull();
          await c.pubsub.publish(good, bytes(1));
        }
      });

      it('[C20] ping resolves while open; after close every method rejects and close is idempotent', async () => {
        await c.ping();
        await c.close();
        await c.close();
        await expect(c.ping()).rejects.toThrow(/closed/);
        await expect(c.presence.list('s')).rejects.toThrow(/closed/);
        await expect(c.locks.acquire('l', 'a', 1000)).rejects.toThrow(/closed/);
        await expect(c.pubsub.publish('ch', bytes(1))).rejects.toThrow(/closed/);
      });
    });
  });
}
