import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, users, type DbHandle } from '@concord/db';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createUsers, type UserInfo } from '../accounts/index.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Principal } from '../services.ts';
import { usageError, type CliIo } from './io.ts';

/** The local data folder opened in this process. */
export interface LocalContext {
  config: Readonly<Config>;
  db: DbHandle;
  /** pino on stderr (stdout is the command's output), level CONCORD_LOG_LEVEL or warn. */
  log: Logger;
  close(): Promise<void>;
}

/** Databases this process has open, so an interrupted command can still close them (PGlite's files). */
const open = new Set<LocalContext>();

/** Closes every database openLocal opened and has not closed yet (Ctrl-C in main.ts). */
export async function closeAllLocal(): Promise<void> {
  await Promise.allSettled([...open].map((local) => local.close()));
}

const inUse = (dir: string) =>
  `The database in ${dir} is in use by a running Concord server (the embedded PGlite database belongs to one process). ` +
  'Stop the server, or run the command against it: --server <url> --token <cpat_…>. ' +
  '(If no server runs, the last one did not shut down cleanly: start and stop it once.)';

/**
 * The embedded database folder can be opened by this process: it exists (createDb would initialise an
 * empty one in a missing folder; the CLI must not) and no server holds it. PGlite writes postmaster.pid
 * while open and removes it on close; two processes on one folder would corrupt it. Exit 2 otherwise.
 */
export function checkPgliteFolder(dataDir: string): void {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw usageError(`No database in ${dataDir}: set CONCORD_DATA_DIR (or DATABASE_URL), or use --server <url> --token <token>.`);
  }
  if (existsSync(join(dataDir, 'postmaster.pid'))) throw usageError(inUse(dataDir));
}

/**
 * The server's configuration from the environment, for local mode: exit 2 with its message when invalid,
 * and when the embedded database folder is missing or held by a running server (checkPgliteFolder).
 */
export function localConfig(io: CliIo): Readonly<Config> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) throw usageError(error.message);
    throw error;
  }
  if (config.database.kind === 'pglite') checkPgliteFolder(config.database.dataDir);
  return config;
}

/**
 * Opens the database the server is configured with (DATABASE_URL, else the embedded PGlite in
 * CONCORD_DATA_DIR/db) without migrating it. Exit 2 with one line when the configuration is invalid,
 * there is no database, it is not migrated, or a running server holds the embedded database.
 */
export async function openLocal(io: CliIo): Promise<LocalContext> {
  const config = localConfig(io);
  const { database } = config;
  let db: DbHandle;
  try {
    db = await createDb({
      target: database.kind === 'postgres' ? { kind: 'postgres', url: database.url, poolSize: 2 } : { kind: 'pglite', dataDir: database.dataDir },
      migrate: false,
    });
    await db.ping();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (database.kind === 'pglite' && /lock|in use|busy/i.test(message)) throw usageError(inUse(database.dataDir));
    throw usageError(`could not open the database (${database.kind === 'postgres' ? 'DATABASE_URL' : database.dataDir}): ${message}`);
  }
  const result = await db.db.execute(sql`select to_regclass('exports') is not null as "exists"`);
  if ((result as unknown as { rows: { exists: boolean }[] }).rows[0]?.exists !== true) {
    await db.close();
    throw usageError('This database is not migrated: start the server once or run `npm run db:migrate`.');
  }
  const log = pino({ level: io.env.CONCORD_LOG_LEVEL ?? 'warn', base: { service: 'concord-cli' } }, pino.destination({ fd: 2, sync: true }));
  let closing: Promise<void> | null = null;
  const context: LocalContext = {
    config,
    db,
    log,
    close() {
      open.delete(context);
      closing ??= db.close();
      return closing;
    },
  };
  open.add(context);
  return context;
}

/**
 * Who a local command acts as (and is audited as): `--as <email>`, else the first site admin. A
 * disabled or unknown user is a usage error.
 */
export async function resolveActor(local: LocalContext, as: string | null): Promise<UserInfo> {
  const accounts = createUsers({ db: local.db.db });
  if (as !== null) {
    const user = await accounts.findByEmail(as);
    if (!user) throw usageError(`--as ${as}: no such user`);
    if (user.disabled) throw usageError(`--as ${as}: this user is disabled`);
    return user;
  }
  const user = await firstAdmin(local);
  if (!user) throw usageError('This database has no site admin to act as: pass --as <email>.');
  return user;
}

/** The oldest enabled site admin, or null when there is none (a database the server never started on). */
export async function firstAdmin(local: LocalContext): Promise<UserInfo | null> {
  const [first] = await local.db.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isAdmin, true), isNull(users.disabledAt)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return first ? createUsers({ db: local.db.db }).get(first.id) : null;
}

/** The actor as a Principal, for the same access checks the API makes. */
export function principalOf(user: UserInfo): Principal {
  return { userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, canCreateProjects: user.canCreateProjects, tokenId: 'cli', tokenKind: 'api' };
}
