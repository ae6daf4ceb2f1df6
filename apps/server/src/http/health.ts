import { createRoute, z } from '@hono/zod-openapi';
import type { Services } from '../services.ts';
import { createRouter } from './router.ts';
import { json } from './schemas.ts';

/** A dependency that does not answer within this time counts as down (readyz must not hang). */
const pingTimeoutMs = 2_000;

const checkState = z.enum(['ok', 'failed']);
const ReadySchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: checkState, coordination: checkState }),
  })
  .openapi('Readiness');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness: the process is up (no I/O)',
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'The process is up') },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'Readiness: the database and coordination backend answer',
  responses: {
    200: json(ReadySchema, 'Ready to serve'),
    503: json(ReadySchema, 'A dependency is down; `checks` says which'),
  },
});

async function check(name: string, ping: () => Promise<void>, services: Services): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${pingTimeoutMs} ms`)), pingTimeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return 'ok';
  } catch (err) {
    services.log.warn({ err, dependency: name }, 'readiness check failed');
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /healthz` and `GET /readyz`, outside the versioned API and without authentication. */
export function createHealthRoutes(services: Services) {
  const router = createRouter();
  router.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  router.openapi(readyz, async (c) => {
    const [database, coordination] = await Promise.all([
      check('database', () => services.db.ping(), services),
      check('coordination', () => services.coordination.ping(), services),
    ]);
    const checks = { database, coordination };
    return database === 'ok' && coordination === 'ok'
      ? c.json({ status: 'ok' as const, checks }, 200)
      : c.json({ status: 'unavailable' as const, checks }, 503);
  });
  return router;
}
