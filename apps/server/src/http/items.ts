import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { itemSeedSchema, prelabelSchema, type ItemSeed } from '@concord/annotation-doc';
import { documents, items, projects, type Db } from '@concord/db';
import { can, isId, itemStates, seesItemStates, type ItemState, type ProjectRole } from '@concord/protocol';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { AppError, forbidden, notFound } from '../errors.ts';
import { itemTitle } from '../items/item-service.ts';
import { bindSeedMedia } from '../items/seed-media.ts';
import type { ItemService } from '../items/types.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json, pageFields, timestamp, noQuery } from './schemas.ts';

const tag = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.:-]+$/u, 'letters, digits, _ . : - only');

const ItemSchema = z
  .object({
    id: z.string().openapi({ example: 'itm_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    externalId: z.string(),
    tags: z.array(z.string()),
    documentId: z.string().nullable(),
    title: z.string(),
    hasPrelabel: z.boolean(),
    hasGold: z.boolean(),
    state: z.enum(itemStates).optional().openapi({ description: 'Workflow state (workflow SPEC W10-W15); absent for roles that only annotate (W20).' }),
    createdAt: timestamp(),
  })
  .openapi('Item');

const ItemDetail = ItemSchema.extend({
  seed: z.record(z.string(), z.unknown()),
  prelabel: z.record(z.string(), z.unknown()).nullable(),
}).openapi('ItemDetail');

const CreateItemBody = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).optional().openapi({ description: 'Stable id from your source; creating it again is a no-op. Default: a hash of the body.' }),
    tags: z.array(tag).max(50).default([]),
    seed: z.record(z.string(), z.unknown()).openapi({ description: "The item's content (ItemSeed of the project's task type; taskType may be left out)." }),
    prelabel: z.record(z.string(), z.unknown()).nullable().optional().openapi({ description: "A model's pre-label (Prelabel)." }),
    gold: z.record(z.string(), z.unknown()).nullable().optional().openapi({ description: 'A gold answer, same shape as a pre-label.' }),
  })
  .openapi('CreateItemRequest');

const ListItemsQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('item', v), 'is not a cursor from this list'),
  tag: tag.optional().openapi({ param: { name: 'tag', in: 'query' } }),
  state: z.enum(itemStates).optional().openapi({ param: { name: 'state', in: 'query' }, description: 'Only items in this workflow state (e.g. in_qa for the QA queue); 403 for roles that only annotate (W20).' }),
});

const createItem = createRoute({
  method: 'post', path: '/projects/{id}/items', tags: ['items'], security: bearerSecurity,
  summary: 'Create an item and its annotation document (items.create); idempotent by externalId',
  request: { params: projectParams, body: body(CreateItemBody) },
  responses: {
    201: json(z.object({ id: z.string(), documentId: z.string(), created: z.boolean() }).openapi('CreatedItem'), 'Created, or the existing item with that externalId (created: false)'),
    ...errors(400, 401, 403, 404, 413, 415, 422),
  },
});
const listItems = createRoute({
  method: 'get', path: '/projects/{id}/items', tags: ['items'], security: bearerSecurity,
  summary: 'Items of a project, newest first, optionally of one tag (documents.read)',
  request: { params: projectParams, query: ListItemsQuery },
  responses: { 200: json(z.object({ items: z.array(ItemSchema), nextCursor: z.string().nullable() }).openapi('ItemPage'), 'One page'), ...errors(400, 401, 403, 404) },
});
const listTags = createRoute({
  method: 'get', path: '/projects/{id}/tags', tags: ['items'], security: bearerSecurity,
  summary: 'Capability-slice tags of the items, with counts (documents.read)',
  request: { params: projectParams, query: noQuery },
  responses: { 200: json(z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }).openapi('TagCounts'), 'The tags'), ...errors(400, 401, 403, 404) },
});
const getItem = createRoute({
  method: 'get', path: '/items/{id}', tags: ['items'], security: bearerSecurity,
  summary: 'One item with its content and pre-label (documents.read)',
  request: { params: z.object({ id: idParam('id', 'itm_abcdefghijklmnopqrstuvwxyz234567') }) },
  responses: { 200: json(ItemDetail, 'The item'), ...errors(401, 403, 404, 410) },
});

const itemColumns = {
  id: items.id,
  projectId: items.projectId,
  externalId: items.externalId,
  tags: items.tags,
  seed: items.seed,
  prelabel: items.prelabel,
  gold: items.gold,
  createdAt: items.createdAt,
  state: items.state,
  erasedAt: items.erasedAt,
  documentId: documents.id,
};

/** The item's own document, never a blind copy or a comments document of it (B3). */
const itemDocument = and(eq(documents.itemId, items.id), eq(documents.kind, 'item'));

type ItemRow = { id: string; projectId: string; externalId: string; tags: string[]; seed: unknown; prelabel: unknown; gold: unknown; createdAt: Date; state: ItemState; erasedAt: Date | null; documentId: string | null };

/** What of an item a caller's role is shown. */
interface ItemView {
  /** Gold markers are for the people who set up quality checks, never for annotators (they would try harder on those). */
  gold: boolean;
  /** The workflow state (W20). */
  state: boolean;
}

function viewOf(role: ProjectRole | 'admin'): ItemView {
  return { gold: can(role, 'items.create'), state: seesItemStates(role) };
}

function itemJson(row: ItemRow, view: ItemView) {
  return {
    id: row.id,
    projectId: row.projectId,
    externalId: row.externalId,
    tags: row.tags,
    documentId: row.documentId,
    title: itemTitle(row.seed as ItemSeed, row.externalId),
    hasPrelabel: row.prelabel !== null,
    hasGold: view.gold && row.gold !== null,
    ...(view.state ? { state: row.state } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

/** A zod failure as the `details` of a 422: one `{ path, message }` per problem, prefixed by the field. */
function issues(prefix: string, error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: [prefix, ...i.path].join('.'), message: i.message }));
}

async function listPage(db: Db, projectId: string, query: z.infer<typeof ListItemsQuery>, view: ItemView) {
  const conditions: SQL[] = [eq(items.projectId, projectId), isNull(items.erasedAt)];
  if (query.tag) conditions.push(sql`${items.tags} @> ${JSON.stringify([query.tag])}::jsonb`);
  if (query.state) conditions.push(eq(items.state, query.state));
  if (query.cursor) {
    conditions.push(sql`(${items.createdAt}, ${items.id}) < (select "created_at", "id" from "items" where "id" = ${query.cursor} and "project_id" = ${projectId})`);
  }
  const rows = await db
    .select(itemColumns)
    .from(items)
    .leftJoin(documents, itemDocument)
    .where(and(...conditions))
    .orderBy(desc(items.createdAt), desc(items.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { items: page.map((row) => itemJson(row, view)), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

/** `/projects/{id}/items`, `/projects/{id}/tags` and `/items/{id}`. */
export function createItemRoutes(deps: { services: Services; itemService: ItemService }) {
  const { services, itemService } = deps;
  const db = services.db.db;
  const router = createRouter();

  router.openapi(createItem, async (c) => {
    const principal = c.get('principal');
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'items.create' });
    const input = c.req.valid('json');
    const [project] = await db.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, projectId));
    if (!project) throw notFound('Project');
    const seed = itemSeedSchema.safeParse({ taskType: project.taskType, ...input.seed });
    if (!seed.success) throw new AppError(422, 'invalid_item', `The seed is not a valid ${project.taskType} item: see details.`, issues('seed', seed.error));
    if (seed.data.taskType !== project.taskType) {
      throw new AppError(422, 'invalid_item', `This project holds ${project.taskType} items.`, [{ path: 'seed.taskType', message: `must be ${project.taskType}` }]);
    }
    const prelabel = input.prelabel ? prelabelSchema.safeParse(input.prelabel) : null;
    if (prelabel && !prelabel.success) throw new AppError(422, 'invalid_item', 'The pre-label is not valid: see details.', issues('prelabel', prelabel.error));
    const gold = input.gold ? prelabelSchema.safeParse(input.gold) : null;
    if (gold && !gold.success) throw new AppError(422, 'invalid_item', 'The gold answer is not valid: see details.', issues('gold', gold.error));
    const boundSeed = await bindSeedMedia(db, projectId, seed.data);
    const externalId = input.externalId ?? `sha256:${createHash('sha256').update(JSON.stringify([input.seed, input.prelabel ?? null, input.gold ?? null, input.tags])).digest('hex')}`;
    const result = await itemService.create({
      projectId,
      externalId,
      tags: [...new Set(input.tags)],
      seed: boundSeed,
      prelabel: prelabel?.data ?? null,
      gold: gold?.data ?? null,
      createdBy: principal.userId,
    });
    return c.json({ id: result.itemId, documentId: result.documentId, created: result.created }, 201);
  });

  router.openapi(listItems, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const role = await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'documents.read' });
    const query = c.req.valid('query');
    const view = viewOf(role);
    if (query.state && !view.state) throw forbidden('Filtering items by workflow state is for roles that review, assign or read quality.');
    return c.json(await listPage(db, projectId, query, view), 200);
  });

  router.openapi(listTags, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'documents.read' });
    const count = sql<number>`count(*)::int`;
    const tagColumn = sql<string>`t.tag`;
    const rows = await db
      .select({ tag: tagColumn, count })
      .from(sql`${items}, jsonb_array_elements_text(${items.tags}) as t(tag)`)
      .where(and(eq(items.projectId, projectId), isNull(items.erasedAt)))
      .groupBy(tagColumn)
      .orderBy(desc(count), tagColumn);
    return c.json({ items: rows.map((r) => ({ tag: r.tag, count: Number(r.count) })) }, 200);
  });

  router.openapi(getItem, async (c) => {
    const { id } = c.req.valid('param');
    // [R2] A malformed id never reaches SQL (a NUL byte would be a 500), and an item of a project the
    // caller is not in answers exactly like a missing one: "Item", never "Project", not found.
    const [row] = isId('item', id) ? await db.select(itemColumns).from(items).leftJoin(documents, itemDocument).where(eq(items.id, id)).limit(1) : [];
    if (!row || !(await services.access.projectRole(c.get('principal'), row.projectId))) throw notFound('Item');
    const role = await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId: row.projectId, permission: 'documents.read' });
    if (row.erasedAt) throw new AppError(410, 'erased', `Item ${row.id} was erased on ${row.erasedAt.toISOString()} (GDPR Art. 17): only a tombstone is left.`, { erasedAt: row.erasedAt.toISOString() });
    return c.json({ ...itemJson(row, viewOf(role)), seed: row.seed as Record<string, unknown>, prelabel: (row.prelabel as Record<string, unknown> | null) ?? null }, 200);
  });

  return router;
}
