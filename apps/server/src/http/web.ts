import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

const apiPaths = /^\/(api|healthz|readyz|metrics|yjs|socket\.io)(\/|$)/;

/**
 * Serves the built web client (a single-page app) from the same origin as the API: files as they are,
 * any other GET that is not an API or socket path gets index.html. Hashed assets are cached forever,
 * the page itself is revalidated. The page carries its own script-hash CSP (SvelteKit); this adds the
 * parts a <meta> policy cannot set.
 */
export function serveWeb(options: { webDir: string }): MiddlewareHandler {
  const { webDir } = options;
  const built = existsSync(join(webDir, 'index.html'));
  const files = serveStatic({
    root: webDir,
    onFound: (path, c) => {
      c.header('Cache-Control', path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = serveStatic({ root: webDir, path: 'index.html', onFound: (_path, c) => c.header('Cache-Control', 'no-cache') });
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || apiPaths.test(c.req.path)) return next();
    c.header('Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'self'");
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    if (!built) {
      return c.text('The web client is not built. Run `npm run build` (or `npm start`, which builds it).', 503);
    }
    const none = async () => {};
    const file = await files(c, none);
    if (file) return file;
    // A missing asset is a 404, not the app page.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return next();
    return (await page(c, none)) ?? next();
  };
}
