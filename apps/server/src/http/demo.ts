import { createRoute, z } from '@hono/zod-openapi';
import { createDemo } from '../demo/demo.ts';
import type { Services } from '../services.ts';
import { requireAdmin } from './guards.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, errors, json } from './schemas.ts';
import { TaskTypeSchema } from './projects.ts';

const DemoSchema = z
  .object({
    projects: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        taskType: TaskTypeSchema,
        created: z.boolean().openapi({ description: 'False when a project of that name existed already (left as it was).' }),
        imports: z.array(
          z.object({
            id: z.string(),
            fileName: z.string().nullable(),
            status: z.string(),
            created: z.number().int(),
            skipped: z.number().int(),
            failed: z.number().int(),
            errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
          }),
        ),
      }),
    ),
    users: z
      .array(z.object({ name: z.string(), email: z.string(), role: z.string(), password: z.string() }))
      .openapi({ description: 'The demo accounts with new passwords (reset on every run; demo accounts only).' }),
  })
  .openapi('Demo');

const createDemoRoute = createRoute({
  method: 'post', path: '/demo', tags: ['demo'], security: bearerSecurity,
  summary: 'Create one demo project per task type with example items, pre-labels, gold answers and demo users (site admins)',
  responses: { 200: json(DemoSchema, 'The demo projects and accounts'), ...errors(401, 403) },
});

/** `POST /demo`: the demo a new user opens at once (also `npm run demo`). */
export function createDemoRoutes(deps: { services: Services; examplesDir: string }) {
  const { services, examplesDir } = deps;
  const router = createRouter();
  router.openapi(createDemoRoute, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal);
    const demo = await createDemo({ db: services.db.db, media: services.media, imports: services.imports, log: services.log, examplesDir, principal, services });
    return c.json(demo, 200);
  });
  return router;
}
