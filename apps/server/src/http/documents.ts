import { createRoute, z } from '@hono/zod-openapi';
import { defaultConfig } from '@concord/annotation-doc';
import { documents, projects, type Db } from '@concord/db';
import { can, isId, newId, type ProjectRole } from '@concord/protocol';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { forbidden, notFound } from '../errors.ts';
import { annotationView, documentActors, itemSummary } from '../items/document-view.ts';
import type { ProjectConfigs } from '../projects/configs.ts';
import type { Services } from '../services.ts';
import { documentsAccess } from '../workflow/document-access.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams, TaskTypeSchema } from './projects.ts';
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

const ActorSchema = z
  .union([
    z.object({ kind: z.literal('user'), userId: z.string(), name: z.string().nullable() }),
    z.object({ kind: z.literal('model'), modelId: z.string(), promptVersion: z.string().nullable() }),
    z.object({ kind: z.literal('source') }),
  ])
  .openapi('Actor');

const DocumentWithContent = DocumentMeta.extend({
  taskType: TaskTypeSchema,
  configVersion: z.number().int().openapi({ description: 'The project configuration version this annotation is made under.' }),
  config: z.record(z.string(), z.unknown()).openapi({ description: 'That configuration version (ProjectConfig).' }),
  item: z.object({ id: z.string(), externalId: z.string(), tags: z.array(z.string()) }).nullable(),
  content: z.record(z.string(), z.unknown()).openapi({
    description: 'The current content: the typed view of @concord/annotation-doc (readDoc) for item documents, else every root type as plain JSON.',
  }),
  problems: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .openapi({ description: 'What validation against the configuration finds, each with its field path.' }),
  provenance: z.record(z.string(), z.record(z.string(), z.unknown())).openapi({
    description: 'Per field path: human_written, model_generated, model_then_human_edited, source or empty, derived from who wrote it.',
  }),
  actors: z.record(z.string(), ActorSchema).openapi({ description: 'Yjs client id → who wrote with it.' }),
  readOnly: z.boolean().openapi({
    description: 'Whether the caller may only read this document now (role, workflow state, review or adjudication lease): their edits would be dropped.',
  }),
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

type DocumentMetaRow = { id: string; projectId: string; name: string; createdAt: Date; updatedAt: Date };

function metaJson(d: DocumentMetaRow) {
  return { id: d.id, projectId: d.projectId, name: d.name, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

/**
 * One page of the documents the caller can open, newest first: workflow documents they may not see
 * (others' blind copies, blind item documents before they submitted) are left out, never counted (B3).
 */
async function listPage(db: Db, viewer: { role: ProjectRole | 'admin'; userId: string }, projectId: string, page: { limit: number; cursor?: string | undefined }) {
  const visible: DocumentMetaRow[] = [];
  let cursor = page.cursor;
  for (;;) {
    const conditions: SQL[] = [eq(documents.projectId, projectId)];
    if (cursor) {
      // Compared in SQL against the cursor row, so microsecond timestamps never skip or repeat rows.
      conditions.push(
        sql`(${documents.createdAt}, ${documents.id}) < (select "created_at", "id" from "documents" where "id" = ${cursor} and "project_id" = ${projectId})`,
      );
    }
    const rows = await db
      .select({ ...metaColumns, kind: documents.kind, itemId: documents.itemId, ownerId: documents.ownerId })
      .from(documents)
      .where(and(...conditions))
      .orderBy(desc(documents.createdAt), desc(documents.id))
      .limit(page.limit + 1);
    const access = await documentsAccess(db, { ...viewer, projectId, docs: rows });
    for (const row of rows) {
      if (!access.get(row.id)) continue;
      // One more visible document than the page holds: there is a next page.
      if (visible.length === page.limit) return { items: visible.map(metaJson), nextCursor: visible.at(-1)!.id };
      visible.push(row);
    }
    if (rows.length <= page.limit) return { items: visible.map(metaJson), nextCursor: null };
    cursor = rows.at(-1)!.id;
  }
}

/** `/projects/{id}/documents` and `/documents/{id}`: document metadata and content. */
export function createDocumentRoutes(deps: { services: Services; configs: ProjectConfigs }) {
  const { services, configs } = deps;
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
    const principal = c.get('principal');
    const role = await requireProjectPermission({ access: services.access, principal, projectId, permission: 'documents.read' });
    return c.json(await listPage(db, { role, userId: principal.userId }, projectId, c.req.valid('query')), 200);
  });

  router.openapi(getDocument, async (c) => {
    const { id } = c.req.valid('param');
    // documentAccess resolves id → project → role itself; missing and not-yours are both null.
    const access = await services.access.documentAccess(c.get('principal'), id);
    if (!access) throw notFound('Document');
    if (!can(access.role, 'documents.read')) throw forbidden();
    const [row] = await db
      .select({ ...metaColumns, configVersion: documents.configVersion, itemId: documents.itemId, taskType: projects.taskType })
      .from(documents)
      .innerJoin(projects, eq(projects.id, documents.projectId))
      .where(eq(documents.id, id))
      .limit(1);
    if (!row) throw notFound('Document');
    const [config, item, actors, state] = await Promise.all([
      configs.version(row.projectId, row.configVersion),
      row.itemId ? itemSummary(db, row.itemId) : null,
      documentActors(db, id),
      services.documents.readState(id),
    ]);
    const projectConfig = config?.config ?? defaultConfig(row.taskType);
    // Problems name preference responses by the letters this caller sees (their shuffled order).
    const view = annotationView(state, projectConfig, actors, { userId: c.get('principal').userId, documentId: id });
    const content = view?.content ?? (await services.documents.readJson(id));
    return c.json(
      {
        ...metaJson(row),
        taskType: row.taskType,
        configVersion: row.configVersion,
        config: projectConfig,
        item,
        content,
        problems: view?.problems ?? [],
        provenance: view?.provenance ?? {},
        actors: Object.fromEntries([...actors].map(([clientId, actor]) => [String(clientId), actor])),
        readOnly: access.readOnly,
      },
      200,
    );
  });

  return router;
}
