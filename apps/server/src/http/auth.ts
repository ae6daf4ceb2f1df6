import { createRoute, z } from '@hono/zod-openapi';
import { createLoginGuard, loginFailedMessage, type AccountService } from '../accounts/index.ts';
import { unauthenticated } from '../errors.ts';
import type { Services } from '../services.ts';
import { notifyAccessChanged } from './guards.ts';
import { clientAddress } from './middleware.ts';
import { createRouter } from './router.ts';
import { ErrorSchema, UserSchema, bearerSecurity, body, errors, json, timestamp, userJson } from './schemas.ts';

const LoginBody = z
  .strictObject({
    email: z.string({ error: 'is required' }).trim().toLowerCase().min(1, 'must not be empty').max(254, 'must be at most 254 characters'),
    password: z.string({ error: 'is required' }).min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  })
  .openapi('LoginRequest');

const LoginResponse = z
  .object({
    token: z.string().openapi({ description: 'Bearer token for `Authorization: Bearer <token>`. Shown once.' }),
    expiresAt: timestamp(),
    user: UserSchema,
  })
  .openapi('LoginResponse');

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Sign in with e-mail and password',
  request: { body: body(LoginBody) },
  responses: {
    200: json(LoginResponse, 'A new session token and the user'),
    ...errors(400, 401, 413, 415),
    429: {
      description: 'Too many failed sign-ins for this e-mail or from this address: refused, right password or not, until `Retry-After` seconds have passed',
      headers: z.object({ 'Retry-After': z.string().openapi({ description: 'Seconds until the window ends', example: '900' }) }),
      content: { 'application/json': { schema: ErrorSchema } },
    },
    503: {
      description: 'The shared sign-in counters (Redis) cannot be reached: sign-in fails closed',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'Revoke the token used for this request',
  security: bearerSecurity,
  responses: { 204: { description: 'Revoked' }, ...errors(401) },
});

/** `POST /auth/login` (throttled per e-mail and per address, SPEC A10-A14) and `POST /auth/logout`. */
export function createAuthRoutes(deps: { services: Services; accounts: AccountService }) {
  const { services, accounts } = deps;
  const router = createRouter();
  const guard = createLoginGuard({ accounts, counters: services.coordination.counters, limits: services.config.login, log: services.log });

  router.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const outcome = await guard.login({ email, password, address: clientAddress(c, services.config.trustProxyHops) });
    if (outcome.kind === 'failed') throw unauthenticated(loginFailedMessage);
    if (outcome.kind === 'throttled') {
      const error = { code: 'too_many_requests', message: 'Too many sign-in attempts. Try again later.' };
      return c.json({ error }, 429, { 'Retry-After': String(outcome.retryAfterSeconds) });
    }
    const { session, user } = outcome;
    return c.json({ token: session.token, expiresAt: session.expiresAt!.toISOString(), user: userJson(user) }, 200);
  });

  router.openapi(logout, async (c) => {
    const principal = c.get('principal');
    await accounts.logout(principal);
    await notifyAccessChanged(services, { kind: 'tokens', userId: principal.userId });
    return c.body(null, 204);
  });

  return router;
}
