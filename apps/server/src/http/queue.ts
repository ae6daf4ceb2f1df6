import { createRoute, z } from '@hono/zod-openapi';
import { assignmentStates } from '@concord/protocol';
import type { Principal, Services } from '../services.ts';
import { createQueueService } from '../workflow/queue-service.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json } from './schemas.ts';
import { FenceBody, LeaseGrantSchema, TaskSchema } from './workflow-schemas.ts';

const assignmentParams = z.object({ id: idParam('id', 'asg_abcdefghijklmnopqrstuvwxyz234567') });
const TasksQuery = z.strictObject({
  state: z.enum(assignmentStates, { error: `must be one of ${assignmentStates.join(', ')}` }).optional().openapi({ param: { name: 'state', in: 'query' } }),
});
const AssignBody = z
  .strictObject({ itemId: z.string({ error: 'must be a string' }).max(100), userId: z.string({ error: 'must be a string' }).max(100) })
  .openapi('AssignRequest');

const next = createRoute({
  method: 'post', path: '/projects/{id}/queue/next', tags: ['queue'], security: bearerSecurity,
  summary: 'Your next task: your work in progress, your returned work, else a new item (work.annotate)',
  request: { params: projectParams },
  responses: { 200: json(TaskSchema, 'The task, with a lease'), 204: { description: 'Nothing left to do' }, ...errors(401, 403, 404, 409) },
});
const tasks = createRoute({
  method: 'get', path: '/projects/{id}/tasks', tags: ['queue'], security: bearerSecurity,
  summary: 'Your own tasks, most recently changed first (work.annotate)',
  request: { params: projectParams, query: TasksQuery },
  responses: { 200: json(z.object({ items: z.array(TaskSchema) }).openapi('TaskList'), 'Your tasks'), ...errors(400, 401, 403, 404) },
});
const assign = createRoute({
  method: 'post', path: '/projects/{id}/assignments', tags: ['queue'], security: bearerSecurity,
  summary: 'Assign an item to a member who annotates (work.assign); the overlap still holds',
  request: { params: projectParams, body: body(AssignBody) },
  responses: { 201: json(TaskSchema, 'The assignment, without a lease until opened'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
});
const resume = createRoute({
  method: 'post', path: '/assignments/{id}/resume', tags: ['queue'], security: bearerSecurity,
  summary: 'Reopen your work with a lease (the same fence while your lease is live)',
  request: { params: assignmentParams },
  responses: { 200: json(TaskSchema, 'The task, with a lease'), ...errors(401, 403, 404, 409) },
});
const heartbeat = createRoute({
  method: 'post', path: '/assignments/{id}/heartbeat', tags: ['queue'], security: bearerSecurity,
  summary: 'Renew your lease (every third of its length while the editor is open)',
  request: { params: assignmentParams, body: body(FenceBody) },
  responses: { 200: json(LeaseGrantSchema, 'The renewed lease'), ...errors(400, 401, 403, 404, 409, 413, 415) },
});
const submit = createRoute({
  method: 'post', path: '/assignments/{id}/submit', tags: ['queue'], security: bearerSecurity,
  summary: 'Submit your work: validated first (422 with the problems), fenced (409 stale_lease)',
  request: { params: assignmentParams, body: body(FenceBody) },
  responses: { 200: json(TaskSchema, 'The submitted task'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
});
const release = createRoute({
  method: 'post', path: '/assignments/{id}/release', tags: ['queue'], security: bearerSecurity,
  summary: 'Give your work back: its slot is freed, your copy kept',
  request: { params: assignmentParams, body: body(FenceBody) },
  responses: { 200: json(TaskSchema, 'The released task'), ...errors(400, 401, 403, 404, 409, 413, 415) },
});

/** Routes for the annotator's queue: next task, own tasks, direct assignment, leases, submit (workflow SPEC Q, W13). */
export function createQueueRoutes(deps: { services: Services }) {
  const { services } = deps;
  const queue = createQueueService(services);
  const router = createRouter();

  /** The owner's routes: the assignment's project must be theirs, with a role that annotates. */
  async function ownWork(principal: Principal, assignmentId: string): Promise<string> {
    const projectId = await queue.projectOf(assignmentId);
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'work.annotate' });
    return projectId;
  }

  router.openapi(next, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'work.annotate' });
    const task = await queue.next(projectId, principal.userId);
    return task ? c.json(task, 200) : c.body(null, 204);
  });

  router.openapi(tasks, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'work.annotate' });
    return c.json({ items: await queue.tasks(projectId, principal.userId, c.req.valid('query').state) }, 200);
  });

  router.openapi(assign, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'work.assign' });
    return c.json(await queue.assign(projectId, { ...c.req.valid('json'), actorId: principal.userId }), 201);
  });

  router.openapi(resume, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    return c.json(await queue.resume(await ownWork(principal, id), id, principal.userId), 200);
  });

  router.openapi(heartbeat, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    return c.json(await queue.heartbeat(await ownWork(principal, id), id, principal.userId, c.req.valid('json').fence), 200);
  });

  router.openapi(submit, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    return c.json(await queue.submit(await ownWork(principal, id), id, principal.userId, c.req.valid('json').fence), 200);
  });

  router.openapi(release, async (c) => {
    const { id } = c.req.valid('param');
    const principal = c.get('principal');
    return c.json(await queue.release(await ownWork(principal, id), id, principal.userId, c.req.valid('json').fence), 200);
  });

  return router;
}
