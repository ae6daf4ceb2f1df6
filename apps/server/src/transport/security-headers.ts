import { apiContentSecurityPolicy } from '../http/middleware.ts';

/**
 * The hardening headers of the HTTP app (http SPEC V6, V8) for the responses that never reach it:
 * engine.io's polling and error answers and refused WebSocket upgrades. None of them is a page, so the
 * policy is the deny-all one and nothing is cached; HSTS when `hstsMaxAgeSeconds` > 0.
 * @example for (const [name, value] of socketSecurityHeaders({ hstsMaxAgeSeconds: 0 })) res.setHeader(name, value);
 */
export function socketSecurityHeaders(options: { hstsMaxAgeSeconds?: number } = {}): ReadonlyArray<readonly [string, string]> {
  const headers: Array<[string, string]> = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Cache-Control', 'no-store'],
    ['Content-Security-Policy', apiContentSecurityPolicy],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ];
  if (options.hstsMaxAgeSeconds) headers.push(['Strict-Transport-Security', `max-age=${options.hstsMaxAgeSeconds}`]);
  return headers;
}
