import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { forbidden, unauthenticated } from '../errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Services } from '../services.ts';
import { bearerToken } from './middleware.ts';
import { createRouter } from './router.ts';
import { errors } from './schemas.ts';

/** Where Prometheus scrapes an instance (outside the versioned API, like the health probes). */
const metricsPath = '/metrics';

const metricsRoute = createRoute({
  method: 'get',
  path: metricsPath,
  tags: ['health'],
  summary: "This instance's metrics in Prometheus' text format (a site admin's token or CONCORD_METRICS_TOKEN)",
  description:
    'Document sockets, loaded documents and socket.io sockets on this instance, the durable append time of ' +
    'document updates, messages written to document sockets, sockets closed by code, updates read back from ' +
    "the store after a missed fan-out message, and Node's event loop delay, GC and heap. Each instance " +
    'reports only itself: scrape every instance.',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: z.string() } } },
    ...errors(401, 403),
  },
});

/** Constant-time equality of two secrets of any length (compared as digests). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * `GET /metrics`: for a scraper holding the configured metrics token (it grants nothing else) or for a
 * site admin; anyone else gets 401/403 like every other route.
 */
export function createMetricsRoutes(options: { services: Pick<Services, 'accounts' | 'config'>; metrics: Metrics }) {
  const { services, metrics } = options;
  const router = createRouter();
  router.openapi(metricsRoute, async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw unauthenticated();
    const scraper = services.config.metricsToken !== null && sameSecret(token, services.config.metricsToken);
    if (!scraper) {
      const principal = await services.accounts.authenticate(token);
      if (!principal) throw unauthenticated();
      if (!principal.isAdmin) throw forbidden('Only site admins and the metrics token can read metrics.');
    }
    const body = await metrics.exposition();
    return c.text(body, 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  });
  return router;
}
