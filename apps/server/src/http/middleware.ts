import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, unauthenticated } from '../errors.ts';
import type { Accounts } from '../services.ts';
import type { AppEnv } from './router.ts';

/** Largest request body the API reads. */
export const maxBodyBytes = 1024 * 1024;

/** Sets `nosniff` on every response, and `no-store` unless a handler chose its own caching (web assets). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  };
}

/**
 * Refuses bodies over `maxBytes` with a 413 before any handler parses them. Paths matching `streamed`
 * (uploads, imports) are left to their handlers, which stream the body and enforce their own limits.
 */
export function limitBody(options: { maxBytes?: number; streamed?: RegExp } = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? maxBodyBytes;
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `Request body exceeds ${maxBytes} bytes.`);
    },
  });
  return (c, next) => (options.streamed?.test(c.req.path) ? next() : limit(c, next));
}

const bearer = /^Bearer +(\S{1,512})$/i;

/**
 * Resolves `Authorization: Bearer <token>` to the caller (`c.var.principal`) or answers 401.
 * Paths in `publicPaths` pass through without a token.
 */
export function requireAuth(options: { accounts: Accounts; publicPaths: ReadonlySet<string> }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (options.publicPaths.has(c.req.path)) return next();
    const token = bearer.exec(c.req.header('authorization') ?? '')?.[1];
    const principal = token ? await options.accounts.authenticate(token) : null;
    if (!principal) throw unauthenticated();
    c.set('principal', principal);
    await next();
  };
}
