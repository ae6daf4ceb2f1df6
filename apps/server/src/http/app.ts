import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { apiBasePath } from '@concord/protocol';
import { createAccounts, createMembers, createProjects } from '../accounts/index.ts';
import { createItemService } from '../items/item-service.ts';
import { createProjectConfigs } from '../projects/configs.ts';
import type { Services } from '../services.ts';
import { createAuditRoutes } from './audit.ts';
import { createAuthRoutes } from './auth.ts';
import { createCalibrationRoutes } from './calibrations.ts';
import { createDemoRoutes } from './demo.ts';
import { createDisputeRoutes } from './disputes.ts';
import { createDocumentRoutes } from './documents.ts';
import { createErasureRoutes } from './erasure.ts';
import { createExportRoutes } from './exports.ts';
import { createHealthRoutes } from './health.ts';
import { createImportRoutes } from './imports.ts';
import { createMemberRoutes } from './members.ts';
import { createMediaRoutes } from './media.ts';
import { createMeRoutes } from './me.ts';
import { createMetricsRoutes } from './metrics.ts';
import { limitBody, requireAuth, securityHeaders } from './middleware.ts';
import { createErrorHandler, notFoundHandler } from './on-error.ts';
import { createItemRoutes } from './items.ts';
import { createProjectConfigRoutes } from './project-config.ts';
import { createProjectRoutes } from './projects.ts';
import { createQualityRoutes } from './quality.ts';
import { createQueueRoutes } from './queue.ts';
import { createReviewRoutes } from './reviews.ts';
import { createRouter, type AppEnv } from './router.ts';
import { json } from './schemas.ts';
import { createUserRoutes } from './users.ts';
import { createWorkflowRoutes } from './workflow.ts';
import { serveWeb } from './web.ts';

/** Routes whose handlers stream the request body themselves. */
const streamedBodyPaths = new RegExp(`^${apiBasePath}/projects/[a-z0-9_]+/(media|imports)$`);

/** Where the OpenAPI 3.1 document is served. */
export const openApiPath = `${apiBasePath}/openapi.json`;

const openApiRoute = createRoute({
  method: 'get',
  path: openApiPath,
  tags: ['meta'],
  summary: 'This OpenAPI 3.1 document (no token needed)',
  responses: { 200: json(z.record(z.string(), z.unknown()), 'The OpenAPI document') },
});

/**
 * The HTTP application: health probes plus the REST API under `/api/v1`, with its OpenAPI document.
 * Authentication uses `services.accounts`; user administration and login use an account service over
 * the same database. Serve it with `@hono/node-server` or call `app.request()` in tests.
 * @example const app = createHttpApp(services); const res = await app.request('/healthz');
 */
export function createHttpApp(
  services: Services,
  options: { webDir?: string | null; examplesDir?: string | null } = {},
): OpenAPIHono<AppEnv> {
  const db = services.db.db;
  const accounts = createAccounts({ db, config: services.config });
  const projects = createProjects({ db });
  const members = createMembers({ db });
  const configs = createProjectConfigs({ db });

  const app = createRouter();
  app.use('*', securityHeaders({ hstsMaxAgeSeconds: services.config.hstsMaxAgeSeconds }));
  app.use(
    `${apiBasePath}/*`,
    requireAuth({ accounts: services.accounts, publicPaths: new Set([`${apiBasePath}/auth/login`, openApiPath]) }),
  );
  // Uploads and imports stream their bodies and enforce their own limits (config.media, config.importMaxBytes).
  app.use('*', limitBody({ streamed: streamedBodyPaths }));

  app.route('/', createHealthRoutes(services));
  if (services.metrics) app.route('/', createMetricsRoutes({ services, metrics: services.metrics }));
  app.route(apiBasePath, createAuthRoutes({ services, accounts }));
  app.route(apiBasePath, createMeRoutes({ services, accounts }));
  app.route(apiBasePath, createUserRoutes({ services, accounts }));
  app.route(apiBasePath, createProjectRoutes({ services, projects }));
  app.route(apiBasePath, createMemberRoutes({ services, accounts, members }));
  app.route(apiBasePath, createProjectConfigRoutes({ services, configs }));
  app.route(apiBasePath, createDocumentRoutes({ services, configs }));
  if (options.examplesDir) app.route(apiBasePath, createDemoRoutes({ services, examplesDir: options.examplesDir }));
  app.route(apiBasePath, createItemRoutes({ services, itemService: createItemService({ db }) }));
  app.route(apiBasePath, createMediaRoutes({ services }));
  app.route(apiBasePath, createImportRoutes({ services }));
  app.route(apiBasePath, createExportRoutes({ services }));
  app.route(apiBasePath, createWorkflowRoutes({ services }));
  app.route(apiBasePath, createQueueRoutes({ services }));
  app.route(apiBasePath, createReviewRoutes({ services }));
  app.route(apiBasePath, createDisputeRoutes({ services }));
  app.route(apiBasePath, createAuditRoutes({ services }));
  app.route(apiBasePath, createQualityRoutes({ services }));
  app.route(apiBasePath, createCalibrationRoutes({ services }));
  app.route(apiBasePath, createErasureRoutes({ services }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /api/v1/auth/login (`cs_…`) or a personal API token (`cpat_…`).',
  });
  let document: Record<string, unknown> | undefined;
  app.openapi(openApiRoute, (c) => {
    // Routes are fixed once the app is built, so the document is generated once.
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Concord API', version: '1.0.0', description: 'Projects, members, documents and accounts of a Concord server.' },
    }) as unknown as Record<string, unknown>;
    return c.json(document, 200);
  });

  if (options.webDir) app.use('*', serveWeb({ webDir: options.webDir }));
  app.onError(createErrorHandler(services.log));
  app.notFound(notFoundHandler);
  return app;
}
