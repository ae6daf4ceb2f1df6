import { createUsers, generatePassword, type UserInfo } from '../accounts/index.ts';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { parseCommand, resolveTarget, targetOptions, type Target } from './args.ts';
import { createHttpClient } from './http-client.ts';
import { exitCodes, usageError, type CliIo } from './io.ts';
import { firstAdmin, openLocal, resolveActor } from './local.ts';

export const usersHelp = `concord users list [--json]
concord users create --email <email> --name <name> [--role member|creator|admin]

list     every user: e-mail, name, role, status, id
create   a user with a generated password, printed once
         roles: member (default), creator (may create projects), admin (site admin)

  --server <url> --token <token>   through a server, with a site admin's token (env CONCORD_SERVER, CONCORD_TOKEN)
  --as <email>          local mode: the site admin the creation is audited as (default: the first site admin;
                        with none yet, the system, as the server's first start does)

Without --server the command opens the local data folder (CONCORD_DATA_DIR or DATABASE_URL);
a server using the embedded database must be stopped first.`;

/** A user in the shape both modes give (the API sends dates as strings). */
type ListedUser = Pick<UserInfo, 'id' | 'email' | 'name' | 'isAdmin' | 'canCreateProjects' | 'disabled'>;

const roles = { member: { isAdmin: false, canCreateProjects: false }, creator: { isAdmin: false, canCreateProjects: true }, admin: { isAdmin: true, canCreateProjects: true } };

/** `member`, `creator` or `admin`, from the two flags. */
export function roleOf(user: Pick<UserInfo, 'isAdmin' | 'canCreateProjects'>): keyof typeof roles {
  return user.isAdmin ? 'admin' : user.canCreateProjects ? 'creator' : 'member';
}

/** Users as aligned columns. */
export function userTable(list: ListedUser[]): string {
  const rows = [['EMAIL', 'NAME', 'ROLE', 'STATUS', 'ID'], ...list.map((u) => [u.email, u.name, roleOf(u), u.disabled ? 'disabled' : 'active', u.id])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** `concord users list|create`. */
export async function runUsersCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(`${usersHelp}\n`);
    return sub === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (sub !== 'list' && sub !== 'create') throw usageError(`concord users: unknown subcommand "${sub}" (list or create)`);
  const { values } = parseCommand(`users ${sub}`, rest, {
    ...targetOptions,
    json: { type: 'boolean' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${usersHelp}\n`);
    return exitCodes.ok;
  }
  const target = resolveTarget(values, io.env);
  if (sub === 'list') {
    const list = await listUsers(io, target);
    io.stdout.write(values.json ? `${JSON.stringify(list, null, 2)}\n` : `${userTable(list)}\n`);
    return exitCodes.ok;
  }
  if (!values.email || !values.name) throw usageError('concord users create needs --email and --name');
  if (!z.email().safeParse(values.email).success) throw usageError(`--email ${values.email} is not an e-mail address`);
  if (values.name.trim().length === 0 || values.name.length > 200) throw usageError('--name must be 1 to 200 characters');
  const role = values.role ?? 'member';
  if (!(role in roles)) throw usageError(`--role ${role}: must be member, creator or admin`);
  const input = { email: values.email, name: values.name, password: generatePassword(), ...roles[role as keyof typeof roles] };
  const user = await createUser(io, target, input);
  io.stdout.write(`Created ${user.email} (${roleOf(user)}, ${user.id})\nPassword (shown once): ${input.password}\n`);
  return exitCodes.ok;
}

async function listUsers(io: CliIo, target: Target): Promise<ListedUser[]> {
  const all: ListedUser[] = [];
  let cursor: string | null = null;
  if (target.kind === 'server') {
    const http = createHttpClient(target);
    do {
      const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
      const page: { items: ListedUser[]; nextCursor: string | null } = await http.json('GET', `/users?${query}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
  const local = await openLocal(io);
  try {
    const users = createUsers({ db: local.db.db });
    do {
      const page = await users.list({ limit: 100, cursor: cursor ?? undefined, sort: 'email', status: 'all' });
      all.push(...page.items.map(({ id, email, name, isAdmin, canCreateProjects, disabled }) => ({ id, email, name, isAdmin, canCreateProjects, disabled })));
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  } finally {
    await local.close();
  }
}

async function createUser(io: CliIo, target: Target, input: { email: string; name: string; password: string; isAdmin: boolean; canCreateProjects: boolean }): Promise<ListedUser> {
  if (target.kind === 'server') return createHttpClient(target).json<ListedUser>('POST', '/users', input);
  const local = await openLocal(io);
  try {
    // Without --as and without any admin (the server never started here) the system creates the user, as the bootstrap does.
    const actor = target.as === null ? await firstAdmin(local) : await resolveActor(local, target.as);
    if (actor && !actor.isAdmin) throw usageError(`--as ${actor.email}: only a site admin may create users`);
    return await createUsers({ db: local.db.db }).create(input, actor?.id ?? null);
  } catch (error) {
    if (error instanceof AppError) throw usageError(`${error.message} (${error.status})`);
    throw error;
  } finally {
    await local.close();
  }
}
