import { createRoute, z } from '@hono/zod-openapi';
import { erasureReasons, isId, referencePattern } from '@concord/protocol';
import { createErasureService, type ErasureService } from '../erasure/index.ts';
import { notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { requireAdmin, requireProjectPermission } from './guards.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json } from './schemas.ts';

const reason = z.enum(erasureReasons, { error: `must be one of ${erasureReasons.join(', ')}` }).openapi({ description: 'Why (a fixed list: the audit entry never holds free text, erasure SPEC GD5).' });
const reference = z
  .string()
  .regex(referencePattern, 'must be a case reference: 1-100 letters, digits or ._:/#- (no names or sentences)')
  .optional()
  .openapi({ description: 'A ticket or case reference, e.g. DSR-2026-0042.' });

const ExportRef = z.object({ id: z.string(), format: z.string(), createdAt: z.string() }).openapi('ErasureExport');
const ItemErasureSchema = z
  .object({
    itemId: z.string(),
    projectId: z.string(),
    erasedAt: z.string(),
    alreadyErased: z.boolean().openapi({ description: 'The item was erased before: nothing changed, counts are 0.' }),
    erased: z.record(z.string(), z.number().int()).openapi({ description: 'Rows and files removed, counted (documents, documentUpdates, snapshots, assignments, observations, reviews, disputes, calibrationAnswers, media).' }),
    exports: z.array(ExportRef).openapi({ description: 'Past exports that contained the item: regenerate them.' }),
  })
  .openapi('ItemErasure');
const PersonErasureSchema = z
  .object({
    userId: z.string(),
    erasedAt: z.string(),
    alreadyErased: z.boolean(),
    erased: z.object({ tokens: z.number().int(), memberships: z.number().int() }),
    contributedItems: z.number().int().openapi({ description: 'Items they handed work in on; the annotations stay under the pseudonymous id (GD11).' }),
    exports: z.array(ExportRef).openapi({ description: 'Past exports carrying their pseudonym: regenerate them if needed.' }),
  })
  .openapi('PersonErasure');

const eraseItem = createRoute({
  method: 'delete', path: '/projects/{id}/items/{itemId}', tags: ['erasure'], security: bearerSecurity,
  summary: 'Erase an item (GDPR Art. 17; data.erase: managers and admins): content, annotations and media go, a tombstone stays',
  request: {
    params: z.object({ id: idParam('id', 'prj_abcdefghijklmnopqrstuvwxyz234567'), itemId: idParam('itemId', 'itm_abcdefghijklmnopqrstuvwxyz234567') }),
    query: z.strictObject({ reason: reason.openapi({ param: { name: 'reason', in: 'query' } }), reference: reference.openapi({ param: { name: 'reference', in: 'query' } }) }),
  },
  responses: { 200: json(ItemErasureSchema, 'Erased (or erased before: alreadyErased), with the exports to regenerate'), ...errors(400, 401, 403, 404) },
});

const erasePerson = createRoute({
  method: 'post', path: '/users/{id}/erase', tags: ['erasure'], security: bearerSecurity,
  summary: "Erase a person's personal data (GDPR Art. 17; site admins): name, e-mail, password, tokens and memberships",
  request: { params: z.object({ id: idParam('id', 'usr_abcdefghijklmnopqrstuvwxyz234567') }), body: body(z.strictObject({ reason, reference }).openapi('PersonErasureRequest')) },
  responses: { 200: json(PersonErasureSchema, 'Erased (or erased before: alreadyErased), with the exports carrying their pseudonym'), ...errors(400, 401, 403, 404, 409, 415) },
});

/** `DELETE /projects/{id}/items/{itemId}` and `POST /users/{id}/erase` (erasure/SPEC.md). */
export function createErasureRoutes(deps: { services: Services; erasure?: ErasureService }) {
  const { services } = deps;
  const erasure = deps.erasure ?? createErasureService({ db: services.db.db, media: services.media, notifier: services.notifier, log: services.log });
  const router = createRouter();

  router.openapi(eraseItem, async (c) => {
    const { id: projectId, itemId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'data.erase' });
    if (!isId('item', itemId)) throw notFound('Item');
    const query = c.req.valid('query');
    const result = await erasure.eraseItem({ projectId, itemId, actorId: principal.userId, reason: query.reason, reference: query.reference ?? null });
    return c.json(result, 200);
  });

  router.openapi(erasePerson, async (c) => {
    const principal = c.get('principal');
    requireAdmin(principal);
    const { id: userId } = c.req.valid('param');
    if (!isId('user', userId)) throw notFound('User');
    const input = c.req.valid('json');
    const result = await erasure.erasePerson({ userId, actorId: principal.userId, reason: input.reason, reference: input.reference ?? null });
    return c.json(result, 200);
  });

  return router;
}
