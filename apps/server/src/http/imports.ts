import { createRoute, z } from '@hono/zod-openapi';
import { can, isId } from '@concord/protocol';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { ImportInfo } from '../imports/types.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, errors, idParam, json, pageFields, text, timestamp } from './schemas.ts';

const formats = ['jsonl', 'label-studio'] as const;
/** Body types an import accepts; a missing Content-Type is read as octet-stream. */
const acceptedTypes = ['application/x-ndjson', 'application/jsonl', 'application/json', 'application/octet-stream', 'text/plain'];

const ImportSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'imp_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    format: z.enum(formats),
    status: z.enum(['running', 'done', 'failed']),
    fileName: z.string().nullable(),
    linesDone: z.number().int().openapi({ description: 'Records read so far (non-blank lines or tasks) = created + skipped + failed.' }),
    created: z.number().int(),
    skipped: z.number().int().openapi({ description: 'Records whose item exists already (same external id): a re-import.' }),
    failed: z.number().int(),
    failure: z.string().nullable().openapi({ description: 'Why the whole import failed (unreadable file, server shutdown), when it did.' }),
    createdBy: z.string().nullable(),
    createdAt: timestamp(),
    finishedAt: timestamp().nullable(),
  })
  .openapi('ImportSummary');

const ImportSchema = ImportSummarySchema.extend({
  errors: z
    .array(z.object({ line: z.number().int(), message: z.string() }))
    .openapi({ description: 'The first 1000 problems, one per failed record: its line in the file and `field: what is wrong`.' }),
}).openapi('Import');

const StartImportQuery = z.strictObject({
  format: z
    .enum(formats, { error: 'must be jsonl or label-studio' })
    .optional()
    .openapi({ param: { name: 'format', in: 'query' }, description: 'Defaults to label-studio for application/json bodies, else jsonl.' }),
  fileName: text(1, 255)
    .optional()
    .openapi({ param: { name: 'fileName', in: 'query' }, description: 'Shown in the import list.' }),
});

const ListImportsQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('import', v), 'is not a cursor from this list'),
});

const binary = { type: 'string', format: 'binary' } as const;

const startImport = createRoute({
  method: 'post', path: '/projects/{id}/imports', tags: ['imports'], security: bearerSecurity,
  summary: 'Import items from a JSONL or Label Studio file (items.create)',
  description:
    'The raw file is the body (not multipart), streamed to disk up to CONCORD_IMPORT_MAX_BYTES; a bigger file is a 413 and creates nothing. ' +
    'The answer comes once the file is received: 202 with the import `running`; lines are processed in the background. Follow progress with ' +
    '`GET /imports/{id}` or the socket.io event `import:progress`. Formats: docs/import-format.md. Label Studio files only go into alignment projects.',
  request: {
    params: projectParams,
    query: StartImportQuery,
    // Plain schema objects (not zod), so no validator reads the body: the handler streams it.
    body: { required: true, content: Object.fromEntries(acceptedTypes.slice(0, 4).map((type) => [type, { schema: binary }])) },
  },
  responses: { 202: json(ImportSchema, 'The import, received and running'), ...errors(400, 401, 403, 404, 413, 415, 422) },
});
const listImports = createRoute({
  method: 'get', path: '/projects/{id}/imports', tags: ['imports'], security: bearerSecurity,
  summary: "A project's imports, newest first (items.create)",
  request: { params: projectParams, query: ListImportsQuery },
  responses: {
    200: json(z.object({ items: z.array(ImportSummarySchema), nextCursor: z.string().nullable() }).openapi('ImportPage'), 'One page (without the error lists)'),
    ...errors(400, 401, 403, 404),
  },
});
const getImport = createRoute({
  method: 'get', path: '/imports/{id}', tags: ['imports'], security: bearerSecurity,
  summary: 'One import with its progress and errors (items.create)',
  request: { params: z.object({ id: idParam('id', 'imp_abcdefghijklmnopqrstuvwxyz234567') }) },
  responses: { 200: json(ImportSchema, 'The import'), ...errors(401, 403, 404) },
});

function summaryJson(info: ImportInfo): z.infer<typeof ImportSummarySchema> {
  return {
    id: info.id,
    projectId: info.projectId,
    format: info.format,
    status: info.status,
    fileName: info.fileName,
    linesDone: info.linesDone,
    created: info.created,
    skipped: info.skipped,
    failed: info.failed,
    failure: info.failure,
    createdBy: info.createdBy,
    createdAt: info.createdAt.toISOString(),
    finishedAt: info.finishedAt?.toISOString() ?? null,
  };
}

const importJson = (info: ImportInfo): z.infer<typeof ImportSchema> => ({ ...summaryJson(info), errors: info.errors });

/** `/projects/{id}/imports` and `/imports/{id}`: start imports and follow them. */
export function createImportRoutes(deps: { services: Services }) {
  const { services } = deps;
  const router = createRouter();

  router.openapi(startImport, async (c) => {
    const principal = c.get('principal');
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'items.create' });
    const query = c.req.valid('query');
    const contentType = (c.req.header('content-type') ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
    if (!acceptedTypes.includes(contentType)) {
      throw new AppError(415, 'unsupported_media_type', `Send the file itself as the body, with Content-Type ${acceptedTypes.slice(0, 4).join(', ')}.`);
    }
    const max = services.config.importMaxBytes;
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > max) throw new AppError(413, 'payload_too_large', `The file is larger than the import limit of ${max} bytes (CONCORD_IMPORT_MAX_BYTES).`);
    const body = c.req.raw.body;
    if (!body) throw new AppError(400, 'bad_request', 'Send the file as the request body.');
    const info = await services.imports.start({
      projectId,
      userId: principal.userId,
      format: query.format ?? (contentType === 'application/json' ? 'label-studio' : 'jsonl'),
      fileName: query.fileName ?? null,
      body,
    });
    return c.json(importJson(info), 202);
  });

  router.openapi(listImports, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'items.create' });
    const page = await services.imports.list(projectId, c.req.valid('query'));
    return c.json({ items: page.items.map(summaryJson), nextCursor: page.nextCursor }, 200);
  });

  router.openapi(getImport, async (c) => {
    const { id } = c.req.valid('param');
    const info = await services.imports.get(id);
    const role = info ? await services.access.projectRole(c.get('principal'), info.projectId) : null;
    // Missing and not-yours are the same 404.
    if (!info || !role) throw notFound('Import');
    if (!can(role, 'items.create')) throw forbidden();
    return c.json(importJson(info), 200);
  });

  return router;
}
