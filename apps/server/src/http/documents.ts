import { createRoute, z } from '@hono/zod-openapi';
import { documents, type Db } from '@concord/db';
import { can, isId, newId } from '@concord/protocol';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { forbidden, notFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json, pageFields, text, timestamp } from './schemas.ts';

const DocumentMeta = z
  .object({
    id: z.string().openapi({ example: 'doc_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    name: z.string(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('DocumentMeta');

const DocumentWithContent = DocumentMeta.extend({
  content: z.record(z.string(), z.unknown()).openapi({ description: 'The current document content as plain JSON.' }),
}).openapi('Document');

const CreateDocumentBody = z.strictObject({ name: text(1, 200).optional() }).openapi('CreateDocumentRequest');

const ListDocumentsQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('document', v), 'is not a cursor from this list'),
});

const createDocument = createRoute({
  method: 'post', path: '/projects/{id}/documents', tags: ['documents'], summary: 'Create a document (documents.create)',
  security: bearerSecurity,
  request: { params: projectParams, body: { ...body(CreateDocumentBody), required: false } },
  responses: { 201: json(DocumentMeta, 'The new document'), ...errors(400, 401, 403, 404, 413, 415) },
});
const listDocuments = createRoute({
  method: 'get', path: '/projects/{id}/documents', tags: ['documents'], summary: 'Documents of a project, newest first (documents.read)',
  security: bearerSecurity, request: { params: projectParams, query: ListDocumentsQuery },
  responses: {
    200: json(z.object({ items: z.array(DocumentMeta), nextCursor: z.string().nullable() }).openapi('DocumentPage'), 'One page'),
    ...errors(400, 401, 403, 404),
  },
});
const getDocument = createRoute({
  method: 'get', path: '/documents/{id}', tags: ['documents'], summary: 'A document with its content (documents.read)',
  security: bearerSecurity, request: { params: z.object({ id: idParam('id', 'doc_abcdefghijklmnopqrstuvwxyz234567') }) },
  responses: { 200: json(DocumentWithContent, 'The document'), ...errors(401, 403, 404) },
});

const metaColumns = {
  id: documents.id,
  projectId: documents.projectId,
  name: documents.name,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
};

function metaJson(d: { id: string; projectId: string; name: string; createdAt: Date; updatedAt: Date }) {
  return { id: d.id, projectId: d.projectId, name: d.name, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

async function listPage(db: Db, projectId: string, page: { limit: number; cursor?: string | undefined }) {
  const conditions: SQL[] = [eq(documents.projectId, projectId)];
  if (page.cursor) {
    // Compared in SQL against the cursor row, so microsecond timestamps never skip or repeat rows.
    conditions.push(
      sql`(${documents.createdAt}, ${documents.id}) < (select "created_at", "id" from "documents" where "id" = ${page.cursor} and "project_id" = ${projectId})`,
    );
  }
  const rows = await db
    .select(metaColumns)
    .from(documents)
    .where(and(...conditions))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items: items.map(metaJson), nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/** `/projects/{id}/documents` and `/documents/{id}`: document metadata and content. */
export function createDocumentRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const router = createRouter();

  router.openapi(createDocument, async (c) => {
    const principal = c.get('principal');
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'documents.create' });
    const { name } = c.req.valid('json');
    const now = new Date();
    const [row] = await db
      .insert(documents)
      .values({ id: newId('document'), projectId, name: name ?? 'Untitled', createdBy: principal.userId, createdAt: now, updatedAt: now })
      .returning(metaColumns);
    return c.json(metaJson(row!), 201);
  });

  router.openapi(listDocuments, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'documents.read' });
    return c.json(await listPage(db, projectId, c.req.valid('query')), 200);
  });

  router.openapi(getDocument, async (c) => {
    const { id } = c.req.valid('param');
    // documentAccess resolves id → project → role itself; missing and not-yours are both null.
    const access = await services.access.documentAccess(c.get('principal'), id);
    if (!access) throw notFound('Document');
    if (!can(access.role, 'documents.read')) throw forbidden();
    const [row] = await db.select(metaColumns).from(documents).where(eq(documents.id, id)).limit(1);
    if (!row) throw notFound('Document');
    const content = await services.documents.readJson(id);
    return c.json({ ...metaJson(row), content }, 200);
  });

  return router;
}
