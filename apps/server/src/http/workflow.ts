import { createRoute } from '@hono/zod-openapi';
import type { Permission } from '@concord/protocol';
import type { Principal, Services } from '../services.ts';
import { queueCounts } from '../workflow/counts.ts';
import { workflowOverview } from '../workflow/overview.ts';
import { readSettings, updateSettings } from '../workflow/settings.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json } from './schemas.ts';
import { QueueCountsSchema, WorkflowOverviewSchema, WorkflowSettingsPatch, WorkflowSettingsSchema } from './workflow-schemas.ts';

const getSettings = createRoute({
  method: 'get', path: '/projects/{id}/workflow', tags: ['workflow'], security: bearerSecurity,
  summary: "The project's workflow settings, defaults filled in (project.read)",
  request: { params: projectParams },
  responses: { 200: json(WorkflowSettingsSchema, 'The settings'), ...errors(401, 403, 404) },
});
const putSettings = createRoute({
  method: 'put', path: '/projects/{id}/workflow', tags: ['workflow'], security: bearerSecurity,
  summary: 'Change some workflow settings (workflow.update); audited. The labeling mode is fixed once work started',
  request: { params: projectParams, body: body(WorkflowSettingsPatch) },
  responses: { 200: json(WorkflowSettingsSchema, 'The settings now'), ...errors(400, 401, 403, 404, 409, 413, 415) },
});
const getOverview = createRoute({
  method: 'get', path: '/projects/{id}/workflow/overview', tags: ['workflow'], security: bearerSecurity,
  summary: 'Queue counts, 30-day throughput and per-annotator progress (work.assign)',
  request: { params: projectParams },
  responses: { 200: json(WorkflowOverviewSchema, 'The overview'), ...errors(401, 403, 404) },
});
const getCounts = createRoute({
  method: 'get', path: '/projects/{id}/queue/counts', tags: ['workflow'], security: bearerSecurity,
  summary: 'Items per state, annotations awaiting review and open disputes (project.read)',
  request: { params: projectParams },
  responses: { 200: json(QueueCountsSchema, 'The counts'), ...errors(401, 403, 404) },
});

/** Routes for workflow settings, overview and queue counts (workflow SPEC S, API). */
export function createWorkflowRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const router = createRouter();
  const allow = (principal: Principal, projectId: string, permission: Permission) =>
    requireProjectPermission({ access: services.access, principal, projectId, permission });

  router.openapi(getSettings, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'project.read');
    return c.json(await readSettings(db, projectId), 200);
  });

  router.openapi(putSettings, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await allow(principal, projectId, 'workflow.update');
    const patch = c.req.valid('json');
    return c.json(await db.transaction((tx) => updateSettings(tx, { projectId, actorId: principal.userId, patch })), 200);
  });

  router.openapi(getOverview, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'work.assign');
    return c.json(await workflowOverview(db, projectId), 200);
  });

  router.openapi(getCounts, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'project.read');
    return c.json(await queueCounts(db, projectId), 200);
  });

  return router;
}
