import { createRoute, z } from '@hono/zod-openapi';
import { can } from '@concord/protocol';
import { forbidden, notFound } from '../errors.ts';
import type { Principal, Services } from '../services.ts';
import { decideReview } from '../workflow/review-decision.ts';
import { reviewDiff } from '../workflow/review-diff.ts';
import { claimReview, heartbeatReview, releaseReview } from '../workflow/review-lease.ts';
import { listReviews, loadAssignment } from '../workflow/reviews.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { assignmentParams, FenceBody, FieldChangeSchema, LeaseGrantSchema, ReviewDecisionBody, ReviewEntrySchema } from './review-schemas.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json } from './schemas.ts';

const ListReviewsQuery = z.strictObject({
  state: z
    .enum(['submitted', 'in_review'], { error: 'must be submitted or in_review' })
    .optional()
    .openapi({ param: { name: 'state', in: 'query' }, description: 'Default: both.' }),
});

const listRoute = createRoute({
  method: 'get', path: '/projects/{id}/reviews', tags: ['review'], security: bearerSecurity,
  summary: 'Submitted annotations waiting for (or under) review, oldest first (work.review)',
  request: { params: projectParams, query: ListReviewsQuery },
  responses: { 200: json(z.object({ items: z.array(ReviewEntrySchema) }).openapi('ReviewList'), 'The annotations'), ...errors(400, 401, 403, 404) },
});
const claimRoute = createRoute({
  method: 'post', path: '/assignments/{id}/review/claim', tags: ['review'], security: bearerSecurity,
  summary: 'Take the review lease of a submitted annotation (work.review; not your own)',
  request: { params: assignmentParams },
  responses: { 200: json(LeaseGrantSchema, 'The lease'), ...errors(401, 403, 404, 409) },
});
const heartbeatRoute = createRoute({
  method: 'post', path: '/assignments/{id}/review/heartbeat', tags: ['review'], security: bearerSecurity,
  summary: 'Renew your review lease (409 stale_lease once lost)',
  request: { params: assignmentParams, body: body(FenceBody) },
  responses: { 200: json(LeaseGrantSchema, 'The renewed lease'), ...errors(400, 401, 403, 404, 409) },
});
const releaseRoute = createRoute({
  method: 'post', path: '/assignments/{id}/review/release', tags: ['review'], security: bearerSecurity,
  summary: 'Give a review back: the annotation waits for a reviewer again',
  request: { params: assignmentParams, body: body(FenceBody) },
  responses: { 204: { description: 'Released' }, ...errors(400, 401, 403, 404, 409) },
});
const diffRoute = createRoute({
  method: 'get', path: '/assignments/{id}/diff', tags: ['review'], security: bearerSecurity,
  summary: "The reviewer's edits against the submitted version, with who changed each field (work.review, or the annotator after submitting)",
  request: { params: assignmentParams },
  responses: { 200: json(z.object({ changes: z.array(FieldChangeSchema) }).openapi('ReviewDiff'), 'The changes'), ...errors(401, 403, 404, 409) },
});
const decideRoute = createRoute({
  method: 'post', path: '/assignments/{id}/review', tags: ['review'], security: bearerSecurity,
  summary: 'Accept, return (reason and comment) or reject (reason) the annotation you hold the review of',
  request: { params: assignmentParams, body: body(ReviewDecisionBody) },
  responses: { 200: json(ReviewEntrySchema, 'The annotation after the decision'), ...errors(400, 401, 403, 404, 409) },
});

/** Routes for review of submitted annotations: list, claim, diff, decide (workflow SPEC R). */
export function createReviewRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const router = createRouter();

  /** The assignment, if the caller may see its document at all (B3, R8: else 404 like a missing id). */
  async function visible(assignmentId: string, principal: Principal) {
    const assignment = await loadAssignment(db, assignmentId);
    if (!(await services.access.documentAccess(principal, assignment.documentId))) throw notFound('Assignment');
    return assignment;
  }

  /** The assignment, once the caller is known to hold `work.review` in its project and may see it (else 404/403). */
  async function reviewable(assignmentId: string, principal: Principal) {
    const assignment = await visible(assignmentId, principal);
    await requireProjectPermission({ access: services.access, principal, projectId: assignment.projectId, permission: 'work.review' });
    return assignment;
  }

  router.openapi(listRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'work.review' });
    return c.json({ items: await listReviews(db, { projectId, viewerId: c.get('principal').userId, state: c.req.valid('query').state }) }, 200);
  });

  router.openapi(claimRoute, async (c) => {
    const principal = c.get('principal');
    const assignment = await reviewable(c.req.valid('param').id, principal);
    return c.json(await claimReview(services, { assignment, userId: principal.userId }), 200);
  });

  router.openapi(heartbeatRoute, async (c) => {
    const principal = c.get('principal');
    const assignment = await reviewable(c.req.valid('param').id, principal);
    return c.json(await heartbeatReview(services, { assignment, userId: principal.userId, fence: c.req.valid('json').fence }), 200);
  });

  router.openapi(releaseRoute, async (c) => {
    const principal = c.get('principal');
    const assignment = await reviewable(c.req.valid('param').id, principal);
    await releaseReview(services, { assignment, userId: principal.userId, fence: c.req.valid('json').fence });
    return c.body(null, 204);
  });

  router.openapi(diffRoute, async (c) => {
    const principal = c.get('principal');
    const assignment = await visible(c.req.valid('param').id, principal);
    const role = await services.access.projectRole(principal, assignment.projectId);
    if (!role) throw notFound('Assignment');
    const ownSubmitted = assignment.userId === principal.userId && assignment.submittedState !== null;
    if (!can(role, 'work.review') && !ownSubmitted) {
      // Someone else's annotation is not there for an annotator (B3); their own unsubmitted work has no diff yet.
      if (assignment.userId !== principal.userId) throw notFound('Assignment');
      throw forbidden('The diff is there once you submitted.');
    }
    return c.json({ changes: await reviewDiff(db, assignment) }, 200);
  });

  router.openapi(decideRoute, async (c) => {
    const principal = c.get('principal');
    const assignment = await reviewable(c.req.valid('param').id, principal);
    const input = c.req.valid('json');
    return c.json(await decideReview(services, { assignment, userId: principal.userId, ...input }), 200);
  });

  return router;
}
