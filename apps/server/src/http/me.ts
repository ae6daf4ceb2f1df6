import { createRoute, z } from '@hono/zod-openapi';
import { isId } from '@concord/protocol';
import { createLoginGuard, type AccountService } from '../accounts/index.ts';
import { forbidden, notFound, unauthenticated } from '../errors.ts';
import type { Services } from '../services.ts';
import { notifyAccessChanged } from './guards.ts';
import { clientAddress } from './middleware.ts';
import { createRouter } from './router.ts';
import { ErrorSchema, UserSchema, bearerSecurity, body, errors, idParam, json, newPassword, text, timestamp, userJson } from './schemas.ts';

const UpdateMeBody = z
  .strictObject({
    name: text(1, 200).optional(),
    password: newPassword().optional(),
    currentPassword: z.string({ error: 'must be a string' }).max(256).optional(),
  })
  .refine((b) => b.password === undefined || b.currentPassword !== undefined, {
    message: 'is required to change the password',
    path: ['currentPassword'],
  })
  .openapi('UpdateMeRequest');

const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: timestamp(),
    expiresAt: timestamp().nullable(),
    lastUsedAt: timestamp().nullable(),
  })
  .openapi('ApiToken');

const CreateTokenBody = z
  .strictObject({
    name: text(1, 100),
    expiresInDays: z
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(3650, 'must be at most 3650')
      .optional()
      .openapi({ description: 'Omit for a token that lasts until revoked.' }),
  })
  .openapi('CreateApiTokenRequest');

const CreatedToken = ApiTokenSchema.extend({
  token: z.string().openapi({ description: 'The secret (`cpat_…`). Shown only in this response.' }),
}).openapi('CreatedApiToken');

const getMe = createRoute({
  method: 'get', path: '/me', tags: ['me'], summary: 'The signed-in user', security: bearerSecurity,
  responses: { 200: json(UserSchema, 'The caller'), ...errors(401) },
});
const patchMe = createRoute({
  method: 'patch', path: '/me', tags: ['me'], security: bearerSecurity,
  summary: 'Change own name or password (a new password needs the current one and ends other sessions)',
  request: { body: body(UpdateMeBody) },
  responses: {
    200: json(UserSchema, 'The updated caller'),
    ...errors(400, 401, 403, 413, 415),
    429: { description: 'Too many wrong passwords for this account (sign-in limits, http SPEC A16): retry after `Retry-After` seconds', content: { 'application/json': { schema: ErrorSchema } } },
  },
});
const listTokens = createRoute({
  method: 'get', path: '/me/tokens', tags: ['me'], summary: 'Own personal API tokens (never their secrets)', security: bearerSecurity,
  responses: { 200: json(z.object({ items: z.array(ApiTokenSchema) }), 'Unrevoked API tokens, newest first'), ...errors(401) },
});
const createToken = createRoute({
  method: 'post', path: '/me/tokens', tags: ['me'], security: bearerSecurity,
  summary: 'Create a personal API token (needs a sign-in session, not another API token)',
  request: { body: body(CreateTokenBody) },
  responses: { 201: json(CreatedToken, 'The token, with its secret shown once'), ...errors(400, 401, 403, 413, 415) },
});
const deleteToken = createRoute({
  method: 'delete', path: '/me/tokens/{id}', tags: ['me'], summary: 'Revoke one of own API tokens', security: bearerSecurity,
  request: { params: z.object({ id: idParam('id', 'tok_abcdefghijklmnopqrstuvwxyz234567') }) },
  responses: { 204: { description: 'Revoked' }, ...errors(401, 404) },
});

const dayMs = 86_400_000;

/** `/me` and `/me/tokens`: the caller's own profile, password and API tokens. */
export function createMeRoutes(deps: { services: Services; accounts: AccountService }) {
  const { services, accounts } = deps;
  const router = createRouter();

  router.openapi(getMe, async (c) => {
    const user = await accounts.users.get(c.get('principal').userId);
    if (!user) throw unauthenticated();
    return c.json(userJson(user), 200);
  });

  // Current-password checks count like sign-ins (http SPEC A16).
  const guard = createLoginGuard({ accounts, counters: services.coordination.counters, limits: services.config.login, log: services.log });

  router.openapi(patchMe, async (c) => {
    const principal = c.get('principal');
    const changes = c.req.valid('json');
    const update = () => accounts.updateProfile(principal, changes);
    const address = clientAddress(c, services.config.trustProxyHops);
    const outcome = changes.password === undefined ? { kind: 'done' as const, value: await update() } : await guard.withCurrentPassword({ email: principal.email, userId: principal.userId, address }, update);
    if (outcome.kind === 'throttled') {
      const error = { code: 'too_many_requests', message: 'Too many wrong passwords. Try again later.' };
      return c.json({ error }, 429, { 'Retry-After': String(outcome.retryAfterSeconds) });
    }
    const { user, sessionsRevoked } = outcome.value;
    if (sessionsRevoked > 0) await notifyAccessChanged(services, { kind: 'tokens', userId: principal.userId });
    return c.json(userJson(user), 200);
  });

  router.openapi(listTokens, async (c) => {
    const items = await accounts.tokens.listApiTokens(c.get('principal').userId);
    return c.json({ items: items.map(tokenJson) }, 200);
  });

  router.openapi(createToken, async (c) => {
    const principal = c.get('principal');
    // A leaked API token must not be able to mint itself successors.
    if (principal.tokenKind !== 'session') throw forbidden('Sign in to create API tokens; an API token cannot create another.');
    const { name, expiresInDays } = c.req.valid('json');
    const expiresAt = expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * dayMs);
    const issued = await accounts.tokens.issueApiToken(principal.userId, name, expiresAt);
    return c.json({ ...tokenJson({ ...issued, name, lastUsedAt: null }), token: issued.token }, 201);
  });

  router.openapi(deleteToken, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    const revoked = isId('token', id) && (await accounts.tokens.revoke(principal.userId, id, 'api'));
    if (!revoked) throw notFound('Token');
    await notifyAccessChanged(services, { kind: 'tokens', userId: principal.userId });
    return c.body(null, 204);
  });

  return router;
}

function tokenJson(t: { id: string; name: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null }) {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}
