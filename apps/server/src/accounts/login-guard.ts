import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { CounterStore } from '../coordination/types.ts';
import { AppError, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AccountService } from './accounts.ts';
import type { IssuedToken } from './tokens.ts';
import { normaliseEmail, type UserInfo } from './users.ts';

export interface LoginLimits {
  /** Failed sign-ins to one e-mail in a window before every attempt on it is refused. */
  maxFailuresPerAccount: number;
  /** Failed sign-ins from one address (IPv6: its /64) in a window before it is refused. */
  maxFailuresPerIp: number;
  windowMs: number;
}

export type LoginOutcome =
  | { kind: 'signed-in'; session: IssuedToken; user: UserInfo }
  /** Wrong e-mail, wrong password or disabled account: the caller cannot tell which. */
  | { kind: 'failed' }
  /** Too many failures: refused without looking at the password. */
  | { kind: 'throttled'; retryAfterSeconds: number };

/** A short one-way name for a counter key: no e-mail or address is stored in Redis as such. */
function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * The unit an address budget is kept for: an IPv4 address, or the /64 of an IPv6 one (one host
 * usually owns a whole /64, so counting single IPv6 addresses would be trivial to dodge).
 * @example addressGroup('::ffff:10.0.0.1') // '10.0.0.1'; addressGroup('2001:db8::1') // '2001:db8:0:0::/64'
 */
export function addressGroup(address: string | null): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Sign-in with throttling shared by every instance through coordination counters (http SPEC A10-A14).
 * Each attempt is counted against its address and its e-mail *before* the password is checked, so a burst
 * of parallel guesses cannot slip past the limit; a success takes its counts back (the e-mail's all of
 * them, the address only its own). Known and unknown e-mails are counted alike.
 * @example
 * const guard = createLoginGuard({ accounts, counters: services.coordination.counters, limits: config.login, log });
 * const outcome = await guard.login({ email, password, address: '203.0.113.9' });
 */
export function createLoginGuard(options: { accounts: AccountService; counters: CounterStore; limits: LoginLimits; log: Logger }) {
  const { accounts, counters, limits, log } = options;
  const retryAfter = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs / 1000));

  async function count(name: string) {
    try {
      return await counters.increment(name, limits.windowMs);
    } catch (error) {
      // Fail closed: without the shared counters nobody could tell how often this was tried.
      log.error({ err: error }, 'sign-in throttling unavailable');
      throw unavailable('Sign-in is unavailable right now; try again shortly.');
    }
  }

  /** Counts one attempt against the address and the e-mail; `throttled` when either is over its limit. */
  async function admit(rawEmail: string, rawAddress: string | null) {
    const email = normaliseEmail(rawEmail);
    const address = addressGroup(rawAddress);
    // Logs carry a digest of the e-mail: a mistyped one is often a password.
    const who = { emailDigest: digest(email).slice(0, 12), address };
    const addressKey = `login-fail:address:${digest(address)}`;
    const accountKey = `login-fail:account:${digest(email)}`;
    const byAddress = await count(addressKey);
    if (byAddress.count > limits.maxFailuresPerIp) {
      if (byAddress.count === limits.maxFailuresPerIp + 1) log.warn({ ...who, failures: limits.maxFailuresPerIp }, 'sign-in refused: too many failures from this address');
      return { throttled: { kind: 'throttled', retryAfterSeconds: retryAfter(byAddress.ttlMs) } as const };
    }
    const byAccount = await count(accountKey);
    if (byAccount.count > limits.maxFailuresPerAccount) {
      return { throttled: { kind: 'throttled', retryAfterSeconds: retryAfter(byAccount.ttlMs) } as const };
    }
    return { email, who, byAccount, addressKey, accountKey, throttled: null };
  }

  async function login(attempt: { email: string; password: string; address: string | null }): Promise<LoginOutcome> {
    const admitted = await admit(attempt.email, attempt.address);
    if (admitted.throttled) return admitted.throttled;
    const { email, who, byAccount, addressKey, accountKey } = admitted;

    const { user, knownUserId } = await accounts.verifyCredentials(email, attempt.password);
    if (user) {
      await Promise.all([counters.reset(accountKey), counters.decrement(addressKey)]);
      const session = await accounts.tokens.issueSession(user.id);
      return { kind: 'signed-in', session, user };
    }

    log.warn({ ...who, userId: knownUserId, failures: byAccount.count }, 'sign-in failed');
    noteLockout(who, knownUserId, byAccount);
    return { kind: 'failed' };
  }

  /** The failure that reaches the e-mail's limit locks it: logged, and audited for a real account. */
  function noteLockout(who: Record<string, string>, userId: string | null, byAccount: { count: number; ttlMs: number }): void {
    if (byAccount.count !== limits.maxFailuresPerAccount) return;
    const lockedForSeconds = retryAfter(byAccount.ttlMs);
    log.warn({ ...who, userId, lockedForSeconds }, 'sign-in locked for this e-mail after too many failures');
    // Not awaited: a lockout of a real account must take no longer to answer than one of an unknown e-mail.
    if (userId) {
      void accounts.users
        .auditLockout(userId, { failures: byAccount.count, lockedForSeconds })
        .catch((error: unknown) => log.error({ err: error, userId }, 'could not audit a sign-in lockout'));
    }
  }

  /**
   * Runs `change` (which checks the caller's current password and throws AppError `wrong_password` when
   * it is wrong) under the same counts as sign-in [A16]: a stolen session cannot guess the password
   * either, and guesses there lock sign-in too. Any other outcome takes the attempt back.
   */
  async function withCurrentPassword<T>(
    attempt: { email: string; userId: string; address: string | null },
    change: () => Promise<T>,
  ): Promise<{ kind: 'done'; value: T } | { kind: 'throttled'; retryAfterSeconds: number }> {
    const admitted = await admit(attempt.email, attempt.address);
    if (admitted.throttled) return admitted.throttled;
    const { who, byAccount, addressKey, accountKey } = admitted;
    try {
      const value = await change();
      await Promise.all([counters.reset(accountKey), counters.decrement(addressKey)]);
      return { kind: 'done', value };
    } catch (error) {
      if (error instanceof AppError && error.code === 'wrong_password') {
        log.warn({ ...who, userId: attempt.userId, failures: byAccount.count }, 'password change refused: wrong current password');
        noteLockout(who, attempt.userId, byAccount);
      } else {
        await Promise.all([counters.decrement(accountKey), counters.decrement(addressKey)]);
      }
      throw error;
    }
  }

  return { login, withCurrentPassword };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
