import { createRoute, z } from '@hono/zod-openapi';
import type { ConfigVersion, ProjectConfigs } from '../projects/configs.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json, timestamp, noQuery } from './schemas.ts';

const ConfigSchema = z.record(z.string(), z.unknown()).openapi('ProjectConfig', {
  description:
    'taskType, guidelines { text, url }, labels [{ id, name, color }], instructionStyles, rubric [{ id, name, description, min, max, step }], ' +
    'preferenceMode (pairwise | ranking), requireAllScores, minRationaleLength, requiredFields — see packages/annotation-doc/SPEC.md.',
});

const ConfigVersionMeta = z
  .object({ version: z.number().int(), createdAt: timestamp(), createdBy: z.string().nullable() })
  .openapi('ProjectConfigVersionMeta');
const ConfigVersionSchema = ConfigVersionMeta.extend({ config: ConfigSchema }).openapi('ProjectConfigVersion');

const versionParams = projectParams.extend({
  version: z.coerce.number().int().min(1).max(1_000_000).openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

const getCurrent = createRoute({
  method: 'get', path: '/projects/{id}/config', tags: ['projects'], security: bearerSecurity,
  summary: "The project's current configuration (project.read)",
  request: { params: projectParams },
  responses: { 200: json(ConfigVersionSchema, 'The current version'), ...errors(401, 404) },
});
const listVersions = createRoute({
  method: 'get', path: '/projects/{id}/config/versions', tags: ['projects'], security: bearerSecurity,
  summary: 'Every configuration version, newest first (project.read)',
  request: { params: projectParams, query: noQuery },
  responses: { 200: json(z.object({ items: z.array(ConfigVersionMeta) }), 'The versions'), ...errors(400, 401, 404) },
});
const getVersion = createRoute({
  method: 'get', path: '/projects/{id}/config/versions/{version}', tags: ['projects'], security: bearerSecurity,
  summary: 'One configuration version (project.read)',
  request: { params: versionParams },
  responses: { 200: json(ConfigVersionSchema, 'The version'), ...errors(401, 404) },
});
const saveConfig = createRoute({
  method: 'put', path: '/projects/{id}/config', tags: ['projects'], security: bearerSecurity,
  summary: 'Save a new configuration version (config.update); documents keep the version they were made under',
  request: { params: projectParams, body: body(z.strictObject({ config: ConfigSchema })) },
  responses: { 200: json(ConfigVersionSchema, 'The new version'), ...errors(400, 401, 403, 404, 413, 415, 422) },
});

function versionJson(v: ConfigVersion) {
  return { version: v.version, config: v.config, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy };
}

/** `/projects/{id}/config`: the versioned configuration of a project. */
export function createProjectConfigRoutes(deps: { services: Services; configs: ProjectConfigs }) {
  const { services, configs } = deps;
  const router = createRouter();

  router.openapi(getCurrent, async (c) => {
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId: id, permission: 'project.read' });
    return c.json(versionJson(await configs.current(id)), 200);
  });

  router.openapi(listVersions, async (c) => {
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId: id, permission: 'project.read' });
    const items = await configs.list(id);
    return c.json({ items: items.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })) }, 200);
  });

  router.openapi(getVersion, async (c) => {
    const { id, version } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId: id, permission: 'project.read' });
    const found = await configs.version(id, version);
    if (!found) return c.json({ error: { code: 'not_found', message: `Configuration version ${version} not found.` } }, 404);
    return c.json(versionJson(found), 200);
  });

  router.openapi(saveConfig, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'config.update' });
    return c.json(versionJson(await configs.save(id, c.req.valid('json').config, principal.userId)), 200);
  });

  return router;
}
