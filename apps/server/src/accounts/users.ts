import { users, type Db } from '@concord/db';
import { newId } from '@concord/protocol';
import { and, asc, eq, gt, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { conflict } from '../errors.ts';
import { hashPassword } from './passwords.ts';
import { isUniqueViolation } from './unique-violation.ts';

/** A user as the API shows it: never the password hash. */
export interface UserInfo {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
  disabled: boolean;
  /** When the person's data was erased (GDPR Art. 17, erasure SPEC GD10); null otherwise. */
  erasedAt: Date | null;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  isAdmin?: boolean;
  canCreateProjects?: boolean;
}

export interface UserChanges {
  name?: string;
  isAdmin?: boolean;
  canCreateProjects?: boolean;
  disabled?: boolean;
}

/** Sort keys a user list accepts (allow-list; nothing else reaches ORDER BY). */
export const userSorts = ['email', 'createdAt'] as const;
export const userStatuses = ['all', 'active', 'disabled'] as const;

export interface UserListQuery {
  limit: number;
  /** The id of the last user of the previous page. */
  cursor?: string | undefined;
  sort: (typeof userSorts)[number];
  status: (typeof userStatuses)[number];
}

/** E-mails are stored lower-cased and trimmed: the unique index then makes them case-insensitive. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  isAdmin: users.isAdmin,
  canCreateProjects: users.canCreateProjects,
  disabledAt: users.disabledAt,
  erasedAt: users.erasedAt,
  createdAt: users.createdAt,
};

interface PublicRow {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  canCreateProjects: boolean;
  disabledAt: Date | null;
  erasedAt: Date | null;
  createdAt: Date;
}

function toInfo(row: PublicRow): UserInfo {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    canCreateProjects: row.canCreateProjects,
    disabled: row.disabledAt !== null,
    erasedAt: row.erasedAt,
    createdAt: row.createdAt,
  };
}

/**
 * What the audit log keeps of a user: flags only. The log can never be edited, so it holds no
 * password, token, e-mail or name (a changed name is recorded as the field `name`, not its value).
 */
function auditedFlags(user: UserInfo) {
  return { isAdmin: user.isAdmin, canCreateProjects: user.canCreateProjects, disabled: user.disabled };
}

/**
 * The user table behind the API: create (409 on a taken e-mail), read, list with keyset pagination, update.
 * @example const users = createUsers({ db }); await users.create({ email, name, password });
 */
export function createUsers(options: { db: Db }) {
  const { db } = options;

  async function get(id: string): Promise<UserInfo | null> {
    const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id)).limit(1);
    return row ? toInfo(row) : null;
  }

  return {
    get,

    /**
     * Creates a user; throws a 409 AppError when the e-mail is taken (in any letter case). Audited as
     * `user.created` on the `site` chain by `actorId` (null: the system) [A1].
     */
    async create(input: NewUser, actorId: string | null = null): Promise<UserInfo> {
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(users)
            .values({
              id: newId('user'),
              email: normaliseEmail(input.email),
              name: input.name,
              passwordHash,
              isAdmin: input.isAdmin ?? false,
              canCreateProjects: input.canCreateProjects ?? false,
              createdAt: new Date(),
            })
            .returning(publicColumns);
          const user = toInfo(row!);
          await appendAudit(tx, { projectId: null, actorId, action: 'user.created', subjectType: 'user', subjectId: user.id, after: auditedFlags(user) });
          return user;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('A user with this e-mail already exists.');
        throw error;
      }
    },

    async findByEmail(email: string): Promise<UserInfo | null> {
      const [row] = await db.select(publicColumns).from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
      return row ? toInfo(row) : null;
    },

    /** The stored hash, for password checks only; it never leaves the accounts module. */
    async credentials(email: string): Promise<{ user: UserInfo; passwordHash: string } | null> {
      const [row] = await db
        .select({ ...publicColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.email, normaliseEmail(email)))
        .limit(1);
      return row ? { user: toInfo(row), passwordHash: row.passwordHash } : null;
    },

    /**
     * Records on the `site` chain that sign-in to this account is refused for a while after too many
     * failed attempts (`user.locked`, by the system). Only counts go in: no address, e-mail or password.
     */
    async auditLockout(id: string, detail: { failures: number; lockedForSeconds: number }): Promise<void> {
      await db.transaction(async (tx) => {
        await appendAudit(tx, { projectId: null, actorId: null, action: 'user.locked', subjectType: 'user', subjectId: id, detail });
      });
    },

    async passwordHashOf(id: string): Promise<string | null> {
      const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
      return row?.passwordHash ?? null;
    },

    async setPassword(id: string, password: string): Promise<void> {
      await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, id));
    },

    /** One page of users in an allow-listed order; `nextCursor` is null on the last page. */
    async list(query: UserListQuery): Promise<{ items: UserInfo[]; nextCursor: string | null }> {
      const conditions: SQL[] = [];
      if (query.status === 'active') conditions.push(isNull(users.disabledAt));
      if (query.status === 'disabled') conditions.push(isNotNull(users.disabledAt));
      if (query.cursor) {
        // The cursor row is looked up in SQL so timestamps compare at full (microsecond) precision.
        conditions.push(
          query.sort === 'email'
            ? gt(users.email, sql`(select "email" from "users" where "id" = ${query.cursor})`)
            : sql`(${users.createdAt}, ${users.id}) > (select "created_at", "id" from "users" where "id" = ${query.cursor})`,
        );
      }
      const order = query.sort === 'email' ? [asc(users.email)] : [asc(users.createdAt), asc(users.id)];
      const rows = await db
        .select(publicColumns)
        .from(users)
        .where(and(...conditions))
        .orderBy(...order)
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit).map(toInfo);
      return { items: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
    },

    /**
     * Applies changes; null when there is no such user. A change is audited on the `site` chain by
     * `actorId` (null: the system) as `user.disabled` or `user.updated` [A1].
     */
    async update(id: string, changes: UserChanges, actorId: string | null = null): Promise<UserInfo | null> {
      const set: { name?: string; isAdmin?: boolean; canCreateProjects?: boolean; disabledAt?: SQL | null } = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.isAdmin !== undefined) set.isAdmin = changes.isAdmin;
      if (changes.canCreateProjects !== undefined) set.canCreateProjects = changes.canCreateProjects;
      // Disabling an already disabled user keeps the first disabled_at.
      if (changes.disabled !== undefined) set.disabledAt = changes.disabled ? sql`coalesce(${users.disabledAt}, now())` : null;
      if (Object.keys(set).length === 0) return get(id);
      return db.transaction(async (tx) => {
        const [old] = await tx.select(publicColumns).from(users).where(eq(users.id, id)).for('update');
        const [row] = await tx.update(users).set(set).where(eq(users.id, id)).returning(publicColumns);
        if (!old || !row) return null;
        const [before, after] = [toInfo(old), toInfo(row)];
        const fields = (['name', 'isAdmin', 'canCreateProjects', 'disabled'] as const).filter((f) => before[f] !== after[f]);
        if (fields.length > 0) {
          await appendAudit(tx, {
            projectId: null, actorId, action: after.disabled && !before.disabled ? 'user.disabled' : 'user.updated', subjectType: 'user', subjectId: id,
            before: auditedFlags(before), after: auditedFlags(after), detail: { fields },
          });
        }
        return after;
      });
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
