import { createRoute, z } from '@hono/zod-openapi';
import { assignments, items } from '@concord/db';
import { can, isId, itemStates } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { loadItemHistory, submittedStates, type HistoryViewer } from '../audit/history.ts';
import { listAudit } from '../audit/list.ts';
import { verifyChain } from '../audit/verify.ts';
import { notFound } from '../errors.ts';
import type { Principal, Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, errors, idParam, json, pageFields, timestamp } from './schemas.ts';

const actorSchema = (kinds: readonly [string, ...string[]]) =>
  z.object({ id: z.string().nullable(), name: z.string().nullable(), kind: z.enum(kinds) });

const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: timestamp(),
    actor: actorSchema(['user', 'system']),
    action: z.string().openapi({ example: 'item.state' }),
    subjectType: z.string(),
    subjectId: z.string(),
    itemId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    configVersion: z.number().int().nullable(),
    prevHash: z.string(),
    hash: z.string().openapi({ description: 'sha256(prevHash + "\\n" + canonicalJson(entry without hash and prevHash)), hex' }),
  })
  .openapi('AuditEntry');

const AuditVerificationSchema = z
  .object({
    chain: z.string(),
    ok: z.boolean(),
    entries: z.number().int().openapi({ description: 'Entries that verified (all of them when ok)' }),
    firstBad: z.object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'broken_link', 'gap']) }).nullable(),
  })
  .openapi('AuditVerification');

const HistoryEntrySchema = z
  .object({
    at: timestamp(),
    kind: z.enum(['audit', 'edits']),
    actor: actorSchema(['user', 'model', 'source', 'system']),
    action: z.string(),
    documentId: z.string().optional(),
    updates: z.number().int().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    detail: z.record(z.string(), z.unknown()).nullable().optional(),
    configVersion: z.number().int().nullable(),
  })
  .openapi('HistoryEntry');

const ItemHistorySchema = z
  .object({ itemId: z.string(), projectId: z.string(), state: z.enum(itemStates), entries: z.array(HistoryEntrySchema) })
  .openapi('ItemHistory');

const AuditQuery = z.strictObject({
  ...pageFields,
  // Only a seq from a previous page reaches the query: digits, no sign, no leading zero.
  cursor: pageFields.cursor.refine((v) => v === undefined || /^[1-9][0-9]{0,14}$/.test(v), 'is not a cursor from this list'),
});

const listAuditRoute = createRoute({
  method: 'get', path: '/projects/{id}/audit', tags: ['audit'], security: bearerSecurity,
  summary: "The project's audit trail, newest first (audit.read)",
  request: { params: projectParams, query: AuditQuery },
  responses: { 200: json(z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }).openapi('AuditPage'), 'One page'), ...errors(400, 401, 403, 404) },
});
const verifyRoute = createRoute({
  method: 'get', path: '/projects/{id}/audit/verify', tags: ['audit'], security: bearerSecurity,
  summary: "Recompute the project's audit chain (audit.read)",
  request: { params: projectParams },
  responses: { 200: json(AuditVerificationSchema, 'ok with the count, or the first bad entry and why'), ...errors(401, 403, 404) },
});
const historyRoute = createRoute({
  method: 'get', path: '/items/{id}/history', tags: ['audit'], security: bearerSecurity,
  summary: "An item's timeline: decisions and edits with names (work.review or work.assign, or an annotator who submitted on it)",
  request: { params: z.object({ id: idParam('id', 'itm_abcdefghijklmnopqrstuvwxyz234567') }) },
  responses: { 200: json(ItemHistorySchema, 'The timeline, oldest first'), ...errors(401, 404) },
});

/** Routes for the audit trail, its verification and item history (workflow SPEC A). */
export function createAuditRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const router = createRouter();

  router.openapi(listAuditRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'audit.read' });
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listAudit(db, { chain: projectId, limit, cursor: cursor === undefined ? undefined : Number(cursor) }), 200);
  });

  router.openapi(verifyRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'audit.read' });
    return c.json(await verifyChain(db, projectId), 200);
  });

  /**
   * Reviewers, QA leads and managers read any item's history; an annotator only once they submitted on
   * it; everyone else gets the 404 of a missing item, so nobody learns of others' work early (B3). The
   * owner of a submitted gold check reads it like a history of their own work alone [A9].
   */
  async function historyViewer(principal: Principal, item: { id: string; projectId: string }): Promise<HistoryViewer> {
    const role = await services.access.projectRole(principal, item.projectId);
    if (!role) throw notFound('Item');
    const quality = can(role, 'quality.read');
    if (can(role, 'work.review') || can(role, 'work.assign')) return { userId: principal.userId, full: true, quality };
    const [mine] = await db
      .select({ id: assignments.id, kind: assignments.kind, state: assignments.state, documentId: assignments.documentId })
      .from(assignments)
      .where(and(eq(assignments.itemId, item.id), eq(assignments.userId, principal.userId)))
      .limit(1);
    const submitted = submittedStates.find((s) => s === mine?.state);
    if (!mine || !submitted) throw notFound('Item');
    const goldCheck = mine.kind === 'gold_check' ? { assignmentId: mine.id, documentId: mine.documentId, state: submitted } : null;
    return { userId: principal.userId, full: false, quality, goldCheck };
  }

  router.openapi(historyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const [item] = isId('item', id)
      ? await db.select({ id: items.id, projectId: items.projectId, state: items.state }).from(items).where(eq(items.id, id)).limit(1)
      : [];
    if (!item) throw notFound('Item');
    const viewer = await historyViewer(c.get('principal'), item);
    return c.json(await loadItemHistory(db, { item, viewer }), 200);
  });

  return router;
}
