import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { can, exportFormats, isId, exportRequestSchema, type ExportJob } from '@concord/protocol';
import { AppError, notFound } from '../errors.ts';
import { contentTypeOfPath } from '../exports/media-paths.ts';
import { createExportService } from '../exports/service.ts';
import { openExportFile } from '../exports/sink.ts';
import type { ExportService } from '../exports/types.ts';
import { zipLimits, zipStream } from '../exports/zip.ts';
import type { Principal, Services } from '../services.ts';
import { projectParams } from './projects.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, idParam, json, timestamp, noQuery } from './schemas.ts';

const ExportJobSchema = z
  .object({
    id: z.string().openapi({ example: 'exp_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    format: z.enum(exportFormats),
    request: z.record(z.string(), z.unknown()).openapi({ description: 'The ExportRequest as parsed (defaults filled in).' }),
    status: z.enum(['running', 'done', 'failed']),
    itemsTotal: z.number().int(),
    itemsDone: z.number().int(),
    rows: z.number().int(),
    skipped: z.array(z.object({ itemId: z.string(), reason: z.string() })),
    files: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() })).openapi({ description: 'Every file written, with its size and SHA-256 (when done).' }),
    failure: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp(),
    finishedAt: timestamp().nullable(),
    erasedItems: z.number().int().openapi({ description: 'Items erased since this export was made: regenerate it.' }),
  })
  .openapi('ExportJob');

const exportParams = z.object({ id: idParam('id', 'exp_abcdefghijklmnopqrstuvwxyz234567') });

const startExport = createRoute({
  method: 'post', path: '/projects/{id}/exports', tags: ['exports'], security: bearerSecurity,
  summary: 'Export accepted work into a training format (data.export)',
  description:
    'Answers 202 with the export `running`; it runs in the background (follow `GET /exports/{id}` or the socket.io event `export:progress`). ' +
    'A format that does not take this project\'s task type is a 422. Rules: apps/server/src/exports/SPEC.md.',
  request: { params: projectParams, body: body(exportRequestSchema) },
  responses: { 202: json(ExportJobSchema, 'The export, running'), ...errors(400, 401, 404, 422) },
});
const listExports = createRoute({
  method: 'get', path: '/projects/{id}/exports', tags: ['exports'], security: bearerSecurity,
  summary: "A project's exports, newest first (data.export)",
  request: { params: projectParams, query: noQuery },
  responses: { 200: json(z.object({ items: z.array(ExportJobSchema) }).openapi('ExportList'), 'The latest 100 exports'), ...errors(400, 401, 404) },
});
const getExport = createRoute({
  method: 'get', path: '/exports/{id}', tags: ['exports'], security: bearerSecurity,
  summary: 'One export with its progress and files (data.export)',
  request: { params: exportParams },
  responses: { 200: json(ExportJobSchema, 'The export'), ...errors(401, 404) },
});

const binary = { type: 'string', format: 'binary' } as const;
const downloadFile = createRoute({
  method: 'get', path: '/exports/{id}/files/{path}', tags: ['exports'], security: bearerSecurity,
  summary: 'One file of a done export, as an attachment (data.export)',
  description: '`path` is one of the job\'s `files[].path`, URL-encoded as one segment (`train%2Fdata.jsonl`); any other path is a 404.',
  request: {
    params: z.object({
      id: idParam('id', 'exp_abcdefghijklmnopqrstuvwxyz234567'),
      path: z.string().max(600).openapi({ param: { name: 'path', in: 'path' }, example: 'train%2Fdata.jsonl' }),
    }),
  },
  responses: { 200: { description: 'The file; `x-content-sha256` is its recorded hash', content: { 'application/octet-stream': { schema: binary } } }, ...errors(401, 404) },
});
const downloadArchive = createRoute({
  method: 'get', path: '/exports/{id}/archive', tags: ['exports'], security: bearerSecurity,
  summary: 'Every file of a done export in one zip (stored, streamed) (data.export)',
  request: { params: exportParams },
  responses: { 200: { description: 'A zip of the export', content: { 'application/zip': { schema: binary } } }, ...errors(401, 404, 422) },
});

/** The job if the caller may export in its project: missing, not-yours and not-allowed are the same 404 [X11]. */
async function visibleJob(services: Services, exportsService: ExportService, principal: Principal, exportId: string): Promise<ExportJob> {
  const job = await exportsService.get(exportId);
  const role = job ? await services.access.projectRole(principal, job.projectId) : null;
  if (!job || !role || !can(role, 'data.export')) throw notFound('Export');
  return job;
}

/** The caller may export in the project; anyone else (stranger or member without data.export) gets 404 [X11]. */
async function requireExporter(services: Services, principal: Principal, projectId: string): Promise<void> {
  const role = isId('project', projectId) ? await services.access.projectRole(principal, projectId) : null;
  if (!role || !can(role, 'data.export')) throw notFound('Project');
}

/**
 * `/projects/{id}/exports`, `/exports/{id}` and its file downloads. Owns the export service (background
 * jobs); pass `exportService` to share one.
 */
export function createExportRoutes(deps: { services: Services; exportService?: ExportService }) {
  const { services } = deps;
  const exportsService =
    deps.exportService ??
    services.exports ??
    createExportService({
      db: services.db.db,
      config: services.config,
      log: services.log,
      documents: services.documents,
      media: services.media,
      notifications: services.notifications,
    });
  const router = createRouter();

  router.openapi(startExport, async (c) => {
    const principal = c.get('principal');
    const { id: projectId } = c.req.valid('param');
    await requireExporter(services, principal, projectId);
    const job = await exportsService.start({ projectId, userId: principal.userId, request: c.req.valid('json') });
    return c.json(job, 202);
  });

  router.openapi(listExports, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireExporter(services, c.get('principal'), projectId);
    return c.json({ items: await exportsService.list(projectId, 100) }, 200);
  });

  router.openapi(getExport, async (c) => {
    const job = await visibleJob(services, exportsService, c.get('principal'), c.req.valid('param').id);
    return c.json(job, 200);
  });

  router.openapi(downloadFile, async (c) => {
    const { id, path } = c.req.valid('param');
    const job = await visibleJob(services, exportsService, c.get('principal'), id);
    // Only a path the job lists is served: never a path built from the request [X9].
    const entry = job.status === 'done' ? job.files.find((f) => f.path === path) : undefined;
    if (!entry) throw notFound('File');
    const stream = openExportFile(exportsService.folderOf(job), entry.path);
    const name = entry.path.split('/').join('_').replace(/[^A-Za-z0-9._-]/g, '_');
    return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': contentTypeOfPath(entry.path),
        'content-length': String(entry.bytes),
        'content-disposition': `attachment; filename="${name}"`,
        'x-content-sha256': entry.sha256,
      },
    });
  });

  // The whole export as one store-only zip, streamed file by file [X12].
  router.openapi(downloadArchive, async (c) => {
    const job = await visibleJob(services, exportsService, c.get('principal'), c.req.valid('param').id);
    if (job.status !== 'done') throw notFound('Archive');
    // Per entry: local header 30 + name, data descriptor 16, central header 46 + name; then the 22-byte end record.
    const overhead = job.files.reduce((sum, f) => sum + 92 + 2 * Buffer.byteLength(f.path), 22);
    const total = job.files.reduce((sum, f) => sum + f.bytes, overhead);
    if (total > zipLimits.bytes || job.files.length > zipLimits.entries) {
      throw new AppError(422, 'too_large', 'This export is too large for one archive (4 GiB, 65535 files): download its files one by one.');
    }
    const root = exportsService.folderOf(job);
    const entries = job.files.map((f) => ({ path: f.path, open: () => openExportFile(root, f.path) }));
    const stream = Readable.from(zipStream(entries, new Date(job.finishedAt ?? job.createdAt)));
    return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-length': String(total),
        'content-disposition': `attachment; filename="${job.id}.zip"`,
      },
    });
  });

  return router;
}
