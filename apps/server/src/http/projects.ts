import { createRoute, z } from '@hono/zod-openapi';
import { taskTypes } from '@concord/annotation-doc';
import { isId, projectRoles } from '@concord/protocol';
import type { ProjectInfo, Projects } from '../accounts/index.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json, pageFields, text, timestamp } from './schemas.ts';

export const TaskTypeSchema = z.enum(taskTypes).openapi('TaskType', {
  description: 'instruction tuning, RLHF preference, or vision-language alignment; fixed when the project is created (default alignment)',
});

const ProjectSchema = z
  .object({
    id: z.string().openapi({ example: 'prj_abcdefghijklmnopqrstuvwxyz234567' }),
    name: z.string(),
    description: z.string(),
    createdAt: timestamp(),
    role: z
      .enum([...projectRoles, 'admin'])
      .openapi({ description: "The caller's role; 'admin' for a site admin who is not a member." }),
    taskType: TaskTypeSchema,
    configVersion: z.number().int().openapi({ description: 'The current configuration version (GET /projects/{id}/config).' }),
  })
  .openapi('Project');

const CreateProjectBody = z
  .strictObject({ name: text(1, 200), description: text(0, 2000).optional(), taskType: TaskTypeSchema.optional() })
  .openapi('CreateProjectRequest');

const UpdateProjectBody = z
  .strictObject({ name: text(1, 200).optional(), description: text(0, 2000).optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined, { message: 'give name or description' })
  .openapi('UpdateProjectRequest');

const ListProjectsQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('project', v), 'is not a cursor from this list'),
});

/** Path parameters of every route under /projects/{id}. */
export const projectParams = z.object({ id: idParam('id', 'prj_abcdefghijklmnopqrstuvwxyz234567') });

const listProjects = createRoute({
  method: 'get', path: '/projects', tags: ['projects'], security: bearerSecurity,
  summary: "The caller's projects with their role, newest first (site admins: all projects)",
  request: { query: ListProjectsQuery },
  responses: {
    200: json(z.object({ items: z.array(ProjectSchema), nextCursor: z.string().nullable() }).openapi('ProjectPage'), 'One page'),
    ...errors(400, 401),
  },
});
const createProject = createRoute({
  method: 'post', path: '/projects', tags: ['projects'], security: bearerSecurity,
  summary: 'Create a project (site admins and users allowed to); the creator becomes its manager',
  request: { body: body(CreateProjectBody) },
  responses: { 201: json(ProjectSchema, 'The new project'), ...errors(400, 401, 403, 413, 415) },
});
const getProject = createRoute({
  method: 'get', path: '/projects/{id}', tags: ['projects'], summary: 'One project (project.read)', security: bearerSecurity,
  request: { params: projectParams },
  responses: { 200: json(ProjectSchema, 'The project'), ...errors(401, 404) },
});
const updateProject = createRoute({
  method: 'patch', path: '/projects/{id}', tags: ['projects'], summary: 'Rename or describe a project (project.update)',
  security: bearerSecurity,
  request: { params: projectParams, body: body(UpdateProjectBody) },
  responses: { 200: json(ProjectSchema, 'The updated project'), ...errors(400, 401, 403, 404, 413, 415) },
});

function projectJson(p: ProjectInfo): z.infer<typeof ProjectSchema> {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt.toISOString(),
    role: p.role,
    taskType: p.taskType,
    configVersion: p.configVersion,
  };
}

/** `/projects` and `/projects/{id}`. */
export function createProjectRoutes(deps: { services: Services; projects: Projects }) {
  const { services, projects } = deps;
  const router = createRouter();

  router.openapi(listProjects, async (c) => {
    const page = await projects.list(c.get('principal'), c.req.valid('query'));
    return c.json({ items: page.items.map(projectJson), nextCursor: page.nextCursor }, 200);
  });

  router.openapi(createProject, async (c) => {
    const principal = c.get('principal');
    if (!principal.isAdmin && !principal.canCreateProjects) throw forbidden('You are not allowed to create projects.');
    return c.json(projectJson(await projects.create(principal, c.req.valid('json'))), 201);
  });

  router.openapi(getProject, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'project.read' });
    const project = await projects.get(principal, id);
    if (!project) throw notFound('Project');
    return c.json(projectJson(project), 200);
  });

  router.openapi(updateProject, async (c) => {
    const principal = c.get('principal');
    const { id } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId: id, permission: 'project.update' });
    const project = await projects.update(principal, id, c.req.valid('json'));
    if (!project) throw notFound('Project');
    return c.json(projectJson(project), 200);
  });

  return router;
}
