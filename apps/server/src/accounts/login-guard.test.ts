import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryCoordination } from '../coordination/memory.ts';
import type { CounterStore } from '../coordination/types.ts';
import { AppError } from '../errors.ts';
import type { AccountService } from './accounts.ts';
import { addressGroup, createLoginGuard } from './login-guard.ts';
import type { UserInfo } from './users.ts';

const user: UserInfo = {
  id: 'usr_a', email: 'a@example.test', name: 'A', isAdmin: false, canCreateProjects: false, disabled: false, erasedAt: null, createdAt: new Date(0),
};

/** Accounts with one user whose password is `right`; counts the password checks. */
function fakeAccounts() {
  const checks: string[] = [];
  const accounts = {
    verifyCredentials: async (email: string, password: string) => {
      checks.push(password);
      const known = email === user.email;
      return { user: known && password === 'right' ? user : null, knownUserId: known ? user.id : null };
    },
    tokens: { issueSession: async () => ({ id: 'tok_1', token: 'cs_x', expiresAt: new Date() }) },
    users: { auditLockout: async () => {} },
  } as unknown as AccountService;
  return { accounts, checks };
}

function setup(counters?: CounterStore) {
  let t = 1_700_000_000_000;
  const coordination = createMemoryCoordination({ now: () => t });
  const { accounts, checks } = fakeAccounts();
  const guard = createLoginGuard({
    accounts,
    counters: counters ?? coordination.counters,
    limits: { maxFailuresPerAccount: 2, maxFailuresPerIp: 5, windowMs: 60_000 },
    log: pino({ level: 'silent' }),
  });
  return { guard, checks, advance: (ms: number) => (t += ms) };
}

describe('login guard', () => {
  it('[A10] refuses without checking the password until the window ends, then counts afresh', async () => {
    const { guard, checks, advance } = setup();
    const attempt = (password: string) => guard.login({ email: ' A@Example.test ', password, address: '192.0.2.1' });
    expect((await attempt('x')).kind).toBe('failed');
    advance(20_000);
    expect((await attempt('y')).kind).toBe('failed');
    expect(await attempt('right')).toEqual({ kind: 'throttled', retryAfterSeconds: 40 });
    expect(checks).toEqual(['x', 'y']);
    advance(40_000);
    expect((await attempt('right')).kind).toBe('signed-in');
  });

  it('[A12] IPv6 addresses of one /64 share a budget; IPv4-mapped ones count as IPv4', async () => {
    expect(addressGroup('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressGroup('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressGroup('192.0.2.7')).toBe('192.0.2.7');
    expect(addressGroup(null)).toBe('unknown');
    expect(addressGroup('not an address')).toBe('unknown');
    const { guard } = setup();
    const kinds = [];
    for (let i = 1; i <= 6; i++) kinds.push((await guard.login({ email: `u${i}@example.test`, password: 'x', address: `2001:db8:1:2::${i}` })).kind);
    expect(kinds).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'throttled']);
    expect((await guard.login({ email: 'u9@example.test', password: 'x', address: '2001:db8:1:3::1' })).kind).toBe('failed');
  });

  it('[A14] fails closed with 503 when the counters cannot be reached', async () => {
    const broken: CounterStore = {
      increment: async () => {
        throw new Error('Redis is not connected');
      },
      decrement: async () => {},
      reset: async () => {},
    };
    const { guard, checks } = setup(broken);
    const refused = guard.login({ email: user.email, password: 'right', address: '192.0.2.1' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    expect(checks).toEqual([]);
  });
});
