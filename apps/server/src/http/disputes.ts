import { createRoute, z } from '@hono/zod-openapi';
import { assignments } from '@concord/db';
import { can, type Permission } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { notFound } from '../errors.ts';
import type { Principal, Services } from '../services.ts';
import { heartbeatAdjudication, releaseAdjudication, resolveDispute, takeAdjudication } from '../workflow/adjudication.ts';
import { disputeDetail, listDisputes, loadDispute, loadItem, openManualDispute } from '../workflow/disputes.ts';
import { submittedStates } from '../workflow/open-dispute.ts';
import { acceptItem, decideQa } from '../workflow/qa.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import {
  disputeParams,
  DisputeDetailSchema,
  DisputeSummarySchema,
  FenceBody,
  itemParams,
  LeaseGrantSchema,
  OpenDisputeBody,
  QaDecisionBody,
  ResolveBody,
} from './review-schemas.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json } from './schemas.ts';

const ListDisputesQuery = z.strictObject({
  state: z.enum(['open', 'resolved'], { error: 'must be open or resolved' }).optional().openapi({ param: { name: 'state', in: 'query' }, description: 'Default: both.' }),
});

const route = <P extends string>(method: 'get' | 'post', path: P, summary: string) => ({ method, path, tags: ['disputes'], security: bearerSecurity, summary });

const listRoute = createRoute({
  ...route('get', '/projects/{id}/disputes', "A project's disputes, newest first (work.review)"),
  request: { params: projectParams, query: ListDisputesQuery },
  responses: { 200: json(z.object({ items: z.array(DisputeSummarySchema) }).openapi('DisputeList'), 'The disputes'), ...errors(400, 401, 403, 404) },
});
const openRoute = createRoute({
  ...route('post', '/items/{id}/disputes', 'Open a dispute on an item whose annotations are submitted (work.review)'),
  request: { params: itemParams, body: body(OpenDisputeBody) },
  responses: { 201: json(DisputeDetailSchema, 'The dispute'), ...errors(400, 401, 403, 404, 409) },
});
const getRoute = createRoute({
  ...route('get', '/disputes/{id}', 'A dispute with every version side by side (work.review, or an annotator of the item who submitted)'),
  request: { params: disputeParams },
  responses: { 200: json(DisputeDetailSchema, 'The dispute'), ...errors(401, 403, 404) },
});
const adjudicateRoute = createRoute({
  ...route('post', '/disputes/{id}/adjudicate', 'Take the adjudication lease (work.adjudicate); 409 names who holds it'),
  request: { params: disputeParams },
  responses: { 200: json(LeaseGrantSchema, 'The lease'), ...errors(401, 403, 404, 409) },
});
const heartbeatRoute = createRoute({
  ...route('post', '/disputes/{id}/heartbeat', 'Renew your adjudication lease (409 stale_lease once lost)'),
  request: { params: disputeParams, body: body(FenceBody) },
  responses: { 200: json(LeaseGrantSchema, 'The renewed lease'), ...errors(400, 401, 403, 404, 409) },
});
const releaseRoute = createRoute({
  ...route('post', '/disputes/{id}/release', 'Give the adjudication back'),
  request: { params: disputeParams, body: body(FenceBody) },
  responses: { 204: { description: 'Released' }, ...errors(400, 401, 403, 404, 409) },
});
const resolveRoute = createRoute({
  ...route('post', '/disputes/{id}/resolve', 'Resolve by picking a version or with the merged item document; the final annotation must validate'),
  request: { params: disputeParams, body: body(ResolveBody) },
  responses: { 200: json(DisputeDetailSchema, 'The resolved dispute'), ...errors(400, 401, 403, 404, 409, 422) },
});
const qaRoute = createRoute({
  ...route('post', '/items/{id}/qa', 'QA decision on an item in QA without an open dispute (work.adjudicate)'),
  request: { params: itemParams, body: body(QaDecisionBody) },
  responses: { 204: { description: 'Decided' }, ...errors(400, 401, 403, 404, 409, 422) },
});
const acceptRoute = createRoute({
  ...route('post', '/items/{id}/accept', 'Accept a validated item (work.assign; projects with manager acceptance)'),
  request: { params: itemParams },
  responses: { 204: { description: 'Accepted' }, ...errors(401, 403, 404, 409) },
});

/** Routes for disputes, live adjudication, QA decisions and manager acceptance (workflow SPEC D, W14-W15). */
export function createDisputeRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const router = createRouter();
  const allowed = (principal: Principal, projectId: string, permission: Permission) =>
    requireProjectPermission({ access: services.access, principal, projectId, permission });

  /** [D11] [R8] The detail as this caller may see it: only versions whose documents they may read. */
  const detailFor = (disputeId: string, principal: Principal) =>
    disputeDetail(db, disputeId, async (documentId) => (await services.access.documentAccess(principal, documentId)) !== null);

  async function dispute(id: string, principal: Principal, permission: Permission) {
    const row = await loadDispute(db, id);
    await allowed(principal, row.projectId, permission);
    return row;
  }

  router.openapi(listRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await allowed(principal, projectId, 'work.review');
    return c.json({ items: await listDisputes(db, { projectId, viewerId: principal.userId, state: c.req.valid('query').state }) }, 200);
  });

  router.openapi(openRoute, async (c) => {
    const principal = c.get('principal');
    const item = await loadItem(db, c.req.valid('param').id);
    await allowed(principal, item.projectId, 'work.review');
    const disputeId = await openManualDispute(services, { itemId: item.id, userId: principal.userId, comment: c.req.valid('json').comment });
    return c.json(await detailFor(disputeId, principal), 201);
  });

  router.openapi(getRoute, async (c) => {
    const principal = c.get('principal');
    const row = await loadDispute(db, c.req.valid('param').id);
    const role = await allowed(principal, row.projectId, 'project.read');
    const [mine] = await db
      .select({ state: assignments.state, kind: assignments.kind })
      .from(assignments)
      .where(and(eq(assignments.itemId, row.itemId), eq(assignments.userId, principal.userId)));
    const submitted = mine !== undefined && (submittedStates as readonly string[]).includes(mine.state);
    // Someone with unsubmitted work on the item, a gold check included, sees nothing of others' (R8, B11);
    // an annotator takes part once submitted (B3, D3), a gold check's owner never: a stranger's 404 (D12).
    const takesPart = submitted && mine.kind === 'work';
    if ((mine && !submitted) || (!can(role, 'work.review') && !takesPart)) throw notFound('Dispute');
    return c.json(await detailFor(row.id, principal), 200);
  });

  router.openapi(adjudicateRoute, async (c) => {
    const principal = c.get('principal');
    const row = await dispute(c.req.valid('param').id, principal, 'work.adjudicate');
    return c.json(await takeAdjudication(services, { dispute: row, userId: principal.userId }), 200);
  });

  router.openapi(heartbeatRoute, async (c) => {
    const principal = c.get('principal');
    const row = await dispute(c.req.valid('param').id, principal, 'work.adjudicate');
    return c.json(await heartbeatAdjudication(services, { dispute: row, userId: principal.userId, fence: c.req.valid('json').fence }), 200);
  });

  router.openapi(releaseRoute, async (c) => {
    const principal = c.get('principal');
    const row = await dispute(c.req.valid('param').id, principal, 'work.adjudicate');
    await releaseAdjudication(services, { dispute: row, userId: principal.userId, fence: c.req.valid('json').fence });
    return c.body(null, 204);
  });

  router.openapi(resolveRoute, async (c) => {
    const principal = c.get('principal');
    const row = await dispute(c.req.valid('param').id, principal, 'work.adjudicate');
    await resolveDispute(services, { dispute: row, userId: principal.userId, ...c.req.valid('json') });
    return c.json(await detailFor(row.id, principal), 200);
  });

  router.openapi(qaRoute, async (c) => {
    const principal = c.get('principal');
    const item = await loadItem(db, c.req.valid('param').id);
    await allowed(principal, item.projectId, 'work.adjudicate');
    await decideQa(services, { itemId: item.id, userId: principal.userId, ...c.req.valid('json') });
    return c.body(null, 204);
  });

  router.openapi(acceptRoute, async (c) => {
    const principal = c.get('principal');
    const item = await loadItem(db, c.req.valid('param').id);
    await allowed(principal, item.projectId, 'work.assign');
    await acceptItem(services, { itemId: item.id, userId: principal.userId });
    return c.body(null, 204);
  });

  return router;
}
