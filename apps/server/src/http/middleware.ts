import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, unauthenticated } from '../errors.ts';
import type { Accounts } from '../services.ts';
import type { AppEnv } from './router.ts';

/** Largest request body the API reads. */
export const maxBodyBytes = 1024 * 1024;

/** The policy of every response that is not a page: nothing may load, frame or submit from it. */
export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Security headers on every response the app makes, errors and 404s included (SPEC V6, V8): `nosniff`
 * always; `no-store`, a deny-all CSP, `X-Frame-Options: DENY`,
 * `Referrer-Policy: same-origin` and `Cross-Origin-Resource-Policy: same-origin` unless a handler chose
 * its own (web pages carry their own CSP, media a sandbox, assets their caching); HSTS when
 * `hstsMaxAgeSeconds` > 0.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds?: number } = {}): MiddlewareHandler {
  const defaults: Array<[string, string]> = [
    ['Cache-Control', 'no-store'],
    ['Content-Security-Policy', apiContentSecurityPolicy],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ];
  if (options.hstsMaxAgeSeconds) defaults.push(['Strict-Transport-Security', `max-age=${options.hstsMaxAgeSeconds}`]);
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    for (const [name, value] of defaults) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
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

/**
 * The address a request came from: the socket's peer, or with `trustProxyHops` reverse proxies in front,
 * the address the outermost of them saw (each appends its peer to `X-Forwarded-For`, so it is that many
 * entries from the end; anything further left was written by the client and is ignored). Null when
 * unknown (requests made with `app.request()` in tests).
 * @example clientAddress(c, 1) // 'X-Forwarded-For: 6.6.6.6, 203.0.113.9' from the proxy → '203.0.113.9'
 */
export function clientAddress(c: Context, trustProxyHops: number): string | null {
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? null;
  if (trustProxyHops === 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return forwarded[forwarded.length - trustProxyHops] ?? peer;
}

const bearer = /^Bearer +(\S{1,512})$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return bearer.exec(header ?? '')?.[1];
}

/**
 * Resolves `Authorization: Bearer <token>` to the caller (`c.var.principal`) or answers 401.
 * Paths in `publicPaths` pass through without a token.
 */
export function requireAuth(options: { accounts: Accounts; publicPaths: ReadonlySet<string> }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (options.publicPaths.has(c.req.path)) return next();
    const token = bearerToken(c.req.header('authorization'));
    const principal = token ? await options.accounts.authenticate(token) : null;
    if (!principal) throw unauthenticated();
    c.set('principal', principal);
    await next();
  };
}
