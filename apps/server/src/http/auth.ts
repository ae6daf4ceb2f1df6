import { createRoute, z } from '@hono/zod-openapi';
import type { AccountService } from '../accounts/index.ts';
import type { Services } from '../services.ts';
import { notifyAccessChanged } from './guards.ts';
import { createRouter } from './router.ts';
import { UserSchema, bearerSecurity, body, errors, json, timestamp, userJson } from './schemas.ts';

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

/** `POST /auth/login` and `POST /auth/logout`. */
export function createAuthRoutes(deps: { services: Services; accounts: AccountService }) {
  const { services, accounts } = deps;
  const router = createRouter();

  router.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const { session, user } = await accounts.login(email, password);
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
