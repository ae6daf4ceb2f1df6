import type { Db } from '@concord/db';
import type { Config } from '../config.ts';
import { AppError, badRequest, unauthenticated } from '../errors.ts';
import type { Accounts, Principal } from '../services.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createTokens, type IssuedToken } from './tokens.ts';
import { createUsers, type UserInfo } from './users.ts';

/** One message for an unknown e-mail, a wrong password and a disabled account: nothing to enumerate. */
export const loginFailedMessage = 'Wrong e-mail or password.';

export interface ProfileChanges {
  name?: string | undefined;
  password?: string | undefined;
  currentPassword?: string | undefined;
}

/** The full account service: `Accounts` (for transports) plus what the REST routes need. */
export interface AccountService extends Accounts {
  users: ReturnType<typeof createUsers>;
  tokens: ReturnType<typeof createTokens>;
  /** A new session for valid credentials; a 401 with the same message for every kind of failure. */
  login(email: string, password: string): Promise<{ session: IssuedToken; user: UserInfo }>;
  /**
   * Checks credentials without signing in: `user` when they are valid and the account enabled, else
   * null with `knownUserId` set when the e-mail belongs to an account (for logs and the audit, never
   * for the caller). Always runs one scrypt, so every outcome takes about as long.
   */
  verifyCredentials(email: string, password: string): Promise<{ user: UserInfo | null; knownUserId: string | null }>;
  /** Revokes the token the caller used. */
  logout(principal: Principal): Promise<void>;
  /**
   * Changes the caller's name and/or password. A new password needs the current one and revokes the
   * caller's other sessions (the one in use survives). Returns the user and whether tokens were revoked.
   */
  updateProfile(principal: Principal, changes: ProfileChanges): Promise<{ user: UserInfo; sessionsRevoked: number }>;
}

/**
 * Accounts backed by the users and tokens tables.
 * @example
 * const accounts = createAccounts({ db: handle.db, config });
 * const principal = await accounts.authenticate(bearer);
 */
export function createAccounts(options: { db: Db; config: Readonly<Config>; now?: () => Date }): AccountService {
  const users = createUsers({ db: options.db });
  const tokens = createTokens(options);

  async function verifyCredentials(email: string, password: string) {
    // Awaited on every login (cached after the first), so even the first unknown e-mail costs no extra hash.
    const dummy = await dummyPasswordHash();
    const found = await users.credentials(email);
    // Always run one scrypt, so an unknown e-mail costs the same time as a known one.
    const matches = await verifyPassword(password, found?.passwordHash ?? dummy);
    const user = found && matches && !found.user.disabled ? found.user : null;
    return { user, knownUserId: found?.user.id ?? null };
  }

  return {
    users,
    tokens,
    authenticate: (token) => tokens.authenticate(token),

    verifyCredentials,

    async login(email, password) {
      const { user } = await verifyCredentials(email, password);
      if (!user) throw unauthenticated(loginFailedMessage);
      const session = await tokens.issueSession(user.id);
      return { session, user };
    },

    async logout(principal) {
      await tokens.revoke(principal.userId, principal.tokenId);
    },

    async updateProfile(principal, changes) {
      let sessionsRevoked = 0;
      if (changes.password !== undefined) {
        if (changes.currentPassword === undefined) throw badRequest('currentPassword is required to change the password.');
        const stored = await users.passwordHashOf(principal.userId);
        if (!stored || !(await verifyPassword(changes.currentPassword, stored))) {
          throw new AppError(403, 'wrong_password', 'The current password is not correct.');
        }
        await users.setPassword(principal.userId, changes.password);
        sessionsRevoked = await tokens.revokeOtherSessions(
          principal.userId,
          principal.tokenKind === 'session' ? principal.tokenId : null,
        );
      }
      const user = changes.name !== undefined ? await users.update(principal.userId, { name: changes.name }, principal.userId) : await users.get(principal.userId);
      if (!user) throw unauthenticated();
      return { user, sessionsRevoked };
    },
  };
}
