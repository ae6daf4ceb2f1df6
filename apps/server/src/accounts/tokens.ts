import { createHash, randomBytes } from 'node:crypto';
import { tokens, users, type Db } from '@concord/db';
import { newId } from '@concord/protocol';
import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Principal } from '../services.ts';

export type TokenKind = 'session' | 'api';

const prefixes: Record<TokenKind, string> = { session: 'cs_', api: 'cpat_' };
/** 32 random bytes in base64url are 43 characters; anything else is rejected before touching the database. */
const tokenShape = /^(cs|cpat)_[A-Za-z0-9_-]{43}$/;
/** Writing last_used_at on every request would turn every read into a write; once a minute is enough. */
const lastUsedResolutionMs = 60_000;

/** A personal API token as listed to its owner: never the secret, never the hash. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** The secret of a new token (shown once) and its id. */
export interface IssuedToken {
  id: string;
  token: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** SHA-256 hex: tokens carry 256 random bits, so a fast hash is enough (no salt or stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Opaque bearer tokens stored as SHA-256 only: sign-in sessions (`cs_…`, expire after
 * `config.sessionTtlMs`) and personal API tokens (`cpat_…`, optional expiry).
 * @example const tokens = createTokens({ db, config }); const { token } = await tokens.issueSession(userId);
 */
export function createTokens(options: { db: Db; config: Readonly<Config>; now?: () => Date }) {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());

  async function issue(userId: string, kind: TokenKind, name: string | null, expiresAt: Date | null): Promise<IssuedToken> {
    const token = prefixes[kind] + randomBytes(32).toString('base64url');
    const id = newId('token');
    const createdAt = now();
    await db.insert(tokens).values({ id, userId, kind, name, tokenHash: hashToken(token), createdAt, expiresAt });
    return { id, token, createdAt, expiresAt };
  }

  // Every HTTP request and socket authenticates: built once and prepared on each connection it runs on,
  // it costs about a third of the CPU of the same query built per call.
  const principalByHash = db
    .select({
      tokenId: tokens.id,
      kind: tokens.kind,
      expiresAt: tokens.expiresAt,
      revokedAt: tokens.revokedAt,
      lastUsedAt: tokens.lastUsedAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
      canCreateProjects: users.canCreateProjects,
      disabledAt: users.disabledAt,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(eq(tokens.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('concord_principal_by_token_hash');

  return {
    /** A new sign-in session for a user. */
    issueSession(userId: string): Promise<IssuedToken> {
      return issue(userId, 'session', null, new Date(now().getTime() + config.sessionTtlMs));
    },

    /** A new personal API token; `expiresAt` null means it lasts until revoked. */
    issueApiToken(userId: string, name: string, expiresAt: Date | null): Promise<IssuedToken> {
      return issue(userId, 'api', name, expiresAt);
    },

    /** The principal of a token, or null when unknown, malformed, expired, revoked or its user is disabled. */
    async authenticate(token: string): Promise<Principal | null> {
      if (!tokenShape.test(token)) return null;
      const [row] = await principalByHash.execute({ tokenHash: hashToken(token) });
      const at = now();
      if (!row || row.revokedAt || row.disabledAt) return null;
      if (row.expiresAt && row.expiresAt.getTime() <= at.getTime()) return null;
      if (!token.startsWith(prefixes[row.kind])) return null;
      if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
        const stale = new Date(at.getTime() - lastUsedResolutionMs);
        // Conditional, so many instances seeing the same token in the same minute write once.
        await db
          .update(tokens)
          .set({ lastUsedAt: at })
          .where(and(eq(tokens.id, row.tokenId), or(isNull(tokens.lastUsedAt), lt(tokens.lastUsedAt, stale))));
      }
      return {
        userId: row.userId,
        email: row.email,
        name: row.name,
        isAdmin: row.isAdmin,
        canCreateProjects: row.canCreateProjects,
        tokenId: row.tokenId,
        tokenKind: row.kind,
      };
    },

    /** Revokes one of a user's tokens; false when it is not theirs, not of that kind, or already revoked. */
    async revoke(userId: string, tokenId: string, kind?: TokenKind): Promise<boolean> {
      const conditions = [eq(tokens.id, tokenId), eq(tokens.userId, userId), isNull(tokens.revokedAt)];
      if (kind) conditions.push(eq(tokens.kind, kind));
      const revoked = await db.update(tokens).set({ revokedAt: now() }).where(and(...conditions)).returning({ id: tokens.id });
      return revoked.length > 0;
    },

    /** Revokes every live session of a user except one (the caller's own, after a password change). */
    async revokeOtherSessions(userId: string, keepTokenId: string | null): Promise<number> {
      const conditions = [eq(tokens.userId, userId), eq(tokens.kind, 'session'), isNull(tokens.revokedAt)];
      if (keepTokenId) conditions.push(ne(tokens.id, keepTokenId));
      const revoked = await db.update(tokens).set({ revokedAt: now() }).where(and(...conditions)).returning({ id: tokens.id });
      return revoked.length;
    },

    /** A user's unrevoked API tokens, newest first (expired ones too, so the owner sees why one stopped). */
    async listApiTokens(userId: string): Promise<ApiTokenInfo[]> {
      const rows = await db
        .select({
          id: tokens.id,
          name: tokens.name,
          createdAt: tokens.createdAt,
          expiresAt: tokens.expiresAt,
          lastUsedAt: tokens.lastUsedAt,
        })
        .from(tokens)
        .where(and(eq(tokens.userId, userId), eq(tokens.kind, 'api'), isNull(tokens.revokedAt)))
        .orderBy(desc(tokens.createdAt), desc(tokens.id));
      return rows.map((row) => ({ ...row, name: row.name ?? '' }));
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
