import { createRoute, z } from '@hono/zod-openapi';
import { isId } from '@concord/protocol';
import { userSorts, userStatuses, type AccountService } from '../accounts/index.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { notifyAccessChanged, requireAdmin } from './guards.ts';
import { createRouter } from './router.ts';
import { UserSchema, bearerSecurity, body, email, errors, flag, idParam, json, newPassword, pageFields, text, userJson } from './schemas.ts';

const CreateUserBody = z
  .strictObject({
    email: email(),
    name: text(1, 200),
    password: newPassword(),
    isAdmin: flag().optional(),
    canCreateProjects: flag().optional(),
  })
  .openapi('CreateUserRequest');

const UpdateUserBody = z
  .strictObject({
    name: text(1, 200).optional(),
    isAdmin: flag().optional(),
    canCreateProjects: flag().optional(),
    disabled: flag().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' })
  .openapi('UpdateUserRequest');

const ListUsersQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('user', v), 'is not a cursor from this list'),
  sort: z
    .enum(userSorts, { error: `must be one of ${userSorts.join(', ')}` })
    .default('email')
    .openapi({ param: { name: 'sort', in: 'query' } }),
  status: z
    .enum(userStatuses, { error: `must be one of ${userStatuses.join(', ')}` })
    .default('all')
    .openapi({ param: { name: 'status', in: 'query' } }),
});

const UserPage = z.object({ items: z.array(UserSchema), nextCursor: z.string().nullable() }).openapi('UserPage');
const userIdParams = z.object({ id: idParam('id', 'usr_abcdefghijklmnopqrstuvwxyz234567') });

const createUser = createRoute({
  method: 'post', path: '/users', tags: ['users'], summary: 'Create a user (site admins)', security: bearerSecurity,
  request: { body: body(CreateUserBody) },
  responses: { 201: json(UserSchema, 'The new user'), ...errors(400, 401, 403, 409, 413, 415) },
});
const listUsers = createRoute({
  method: 'get', path: '/users', tags: ['users'], summary: 'List users (site admins)', security: bearerSecurity,
  request: { query: ListUsersQuery },
  responses: { 200: json(UserPage, 'One page of users'), ...errors(400, 401, 403) },
});
const updateUser = createRoute({
  method: 'patch', path: '/users/{id}', tags: ['users'], security: bearerSecurity,
  summary: 'Change a user (site admins; not their own admin flag or disabled state)',
  request: { params: userIdParams, body: body(UpdateUserBody) },
  responses: { 200: json(UserSchema, 'The updated user'), ...errors(400, 401, 403, 404, 413, 415) },
});

/** `/users`: user administration for site admins. */
export function createUserRoutes(deps: { services: Services; accounts: AccountService }) {
  const { services, accounts } = deps;
  const router = createRouter();

  router.openapi(createUser, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal);
    const user = await accounts.users.create(c.req.valid('json'), principal.userId);
    return c.json(userJson(user), 201);
  });

  router.openapi(listUsers, async (c) => {
    requireAdmin(c.get('principal'));
    const page = await accounts.users.list(c.req.valid('query'));
    return c.json({ items: page.items.map(userJson), nextCursor: page.nextCursor }, 200);
  });

  router.openapi(updateUser, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal);
    const { id } = c.req.valid('param');
    const changes = c.req.valid('json');
    if (id === principal.userId && (changes.isAdmin === false || changes.disabled === true)) {
      throw forbidden('You cannot remove your own admin rights or disable yourself.');
    }
    const user = isId('user', id) ? await accounts.users.update(id, changes, principal.userId) : null;
    if (!user) throw notFound('User');
    // Re-enabling an account later must not bring its old sign-in sessions back to life.
    if (changes.disabled === true) await accounts.tokens.revokeOtherSessions(id, null);
    await notifyAccessChanged(services, { kind: 'user', userId: id });
    return c.json(userJson(user), 200);
  });

  return router;
}
