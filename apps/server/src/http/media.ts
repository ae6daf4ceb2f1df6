import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { apiBasePath, can, isId } from '@concord/protocol';
import type { Context } from 'hono';
import { AppError, forbidden, notFound } from '../errors.ts';
import { allowedTypesText, servableContentTypes, type MediaRecord } from '../media/index.ts';
import { multipartFiles } from '../media/multipart-files.ts';
import type { Services } from '../services.ts';
import { requireProjectPermission } from './guards.ts';
import { projectParams } from './projects.ts';
import { createRouter, type AppEnv } from './router.ts';
import { bearerSecurity, body, errors, idParam, json, pageFields, timestamp } from './schemas.ts';

/** Files one multipart request may carry. */
const maxFilesPerRequest = 50;

const MediaSchema = z
  .object({
    id: z.string().openapi({ example: 'med_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    kind: z.enum(['image', 'audio']),
    contentType: z.string().openapi({ description: 'Sniffed from the bytes, never taken from the client.', example: 'image/png' }),
    bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    sha256: z.string(),
    originalName: z.string().nullable().openapi({ description: "The uploader's file name (display only)." }),
    sourceUrl: z.string().nullable(),
    createdAt: timestamp(),
    url: z.string().openapi({ description: 'Where the bytes are served (needs the bearer token).', example: '/api/v1/media/med_…' }),
  })
  .openapi('Media');

const FetchMediaBody = z
  .strictObject({ url: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters') })
  .openapi('FetchMediaRequest');

const ListMediaQuery = z.strictObject({
  ...pageFields,
  cursor: pageFields.cursor.refine((v) => v === undefined || isId('media', v), 'is not a cursor from this list'),
});

const mediaParams = z.object({ id: idParam('id', 'med_abcdefghijklmnopqrstuvwxyz234567') });

const binary = { type: 'string', format: 'binary' } as const;

const uploadMedia = createRoute({
  method: 'post', path: '/projects/{id}/media', tags: ['media'], security: bearerSecurity,
  summary: 'Upload images or audio (items.create)',
  description: `multipart/form-data with one or more parts named \`file\`, streamed. Accepted: ${allowedTypesText}, recognised by their bytes (the name and declared type are ignored). A file the project has already (same SHA-256) returns the existing media. All or nothing: if one file is refused, none is kept.`,
  request: {
    params: projectParams,
    // A plain schema object (not zod), so no validator buffers the body: the handler streams it.
    body: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: binary } }, required: ['file'] } } } },
  },
  responses: {
    201: json(z.object({ items: z.array(MediaSchema) }).openapi('MediaUploadResult'), 'The stored media, one per file part, in order'),
    ...errors(400, 401, 403, 404, 413, 415, 422),
  },
});
const fetchMedia = createRoute({
  method: 'post', path: '/projects/{id}/media/fetch', tags: ['media'], security: bearerSecurity,
  summary: 'Fetch an http(s) URL server-side and store it like an upload (items.create)',
  description: 'Only public addresses are fetched (no loopback, private, link-local or metadata addresses, on any redirect hop); the upstream answer is never echoed.',
  request: { params: projectParams, body: body(FetchMediaBody) },
  responses: { 201: json(MediaSchema, 'The stored media'), ...errors(400, 401, 403, 404, 413, 415, 422) },
});
const listMedia = createRoute({
  method: 'get', path: '/projects/{id}/media', tags: ['media'], security: bearerSecurity,
  summary: "A project's media, newest first (documents.read)",
  request: { params: projectParams, query: ListMediaQuery },
  responses: {
    200: json(z.object({ items: z.array(MediaSchema), nextCursor: z.string().nullable() }).openapi('MediaPage'), 'One page'),
    ...errors(400, 401, 403, 404),
  },
});
const getMediaMeta = createRoute({
  method: 'get', path: '/media/{id}/meta', tags: ['media'], security: bearerSecurity,
  summary: 'What is known about one media (documents.read)',
  request: { params: mediaParams },
  responses: { 200: json(MediaSchema, 'The media'), ...errors(401, 403, 404) },
});
const getMediaBytes = createRoute({
  method: 'get', path: '/media/{id}', tags: ['media'], security: bearerSecurity,
  summary: 'The bytes of one media (documents.read); supports Range and If-None-Match',
  request: { params: mediaParams },
  responses: {
    200: { description: 'The file, with its sniffed Content-Type', content: { 'image/*': { schema: binary }, 'audio/*': { schema: binary } } },
    206: { description: 'The requested byte range', content: { 'image/*': { schema: binary }, 'audio/*': { schema: binary } } },
    304: { description: 'Not modified (ETag matched)' },
    416: { description: 'Range not satisfiable' },
    ...errors(401, 403, 404),
  },
});

/** The API's view of a media record. */
export function mediaJson(record: MediaRecord): z.infer<typeof MediaSchema> {
  return {
    id: record.id,
    projectId: record.projectId,
    kind: record.kind,
    contentType: record.contentType,
    bytes: record.bytes,
    width: record.width,
    height: record.height,
    sha256: record.sha256,
    originalName: record.originalName,
    sourceUrl: record.sourceUrl,
    createdAt: record.createdAt.toISOString(),
    url: `${apiBasePath}/media/${record.id}`,
  };
}

/** RFC 8187 encoding for `filename*=`: everything outside attr-char is percent-encoded. */
function encodeFileName(name: string): string {
  return encodeURIComponent(name).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One `bytes=` range of a file of `size` bytes: null when absent or not understood (serve it whole), 'unsatisfiable' for 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    if (start >= size) return 'unsatisfiable';
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (end < start) return null;
  }
  return { start, end };
}

/** A record the caller may read; missing, malformed and other projects' ids are one 404. */
async function readableMedia(services: Services, c: Context<AppEnv>, id: string): Promise<MediaRecord> {
  const record = await services.media.get(id);
  const role = record ? await services.access.projectRole(c.get('principal'), record.projectId) : null;
  if (!record || !role) throw notFound('Media');
  if (!can(role, 'documents.read')) throw forbidden();
  return record;
}

/** `/projects/{id}/media`, `/projects/{id}/media/fetch`, `/media/{id}` and `/media/{id}/meta`. Rules in media/SPEC.md. */
export function createMediaRoutes(deps: { services: Services }) {
  const { services } = deps;
  const router = createRouter();

  router.openapi(uploadMedia, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'items.create' });
    const contentType = c.req.header('content-type') ?? '';
    const stream = c.req.raw.body;
    if (!/^multipart\/form-data\s*;/i.test(contentType) || !stream) {
      throw new AppError(415, 'unsupported_media_type', 'Send the files as multipart/form-data, each in a part named "file".');
    }
    const files = multipartFiles({ contentType, body: stream, maxFiles: maxFilesPerRequest, maxFileBytes: services.config.media.maxBytes });
    const records = await services.media.uploadAll({ projectId, userId: principal.userId, files });
    return c.json({ items: records.map(mediaJson) }, 201);
  });

  router.openapi(fetchMedia, async (c) => {
    const { id: projectId } = c.req.valid('param');
    const principal = c.get('principal');
    await requireProjectPermission({ access: services.access, principal, projectId, permission: 'items.create' });
    const record = await services.media.fetchUrl({ projectId, userId: principal.userId, url: c.req.valid('json').url });
    return c.json(mediaJson(record), 201);
  });

  router.openapi(listMedia, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await requireProjectPermission({ access: services.access, principal: c.get('principal'), projectId, permission: 'documents.read' });
    const page = await services.media.list({ projectId, ...c.req.valid('query') });
    return c.json({ items: page.items.map(mediaJson), nextCursor: page.nextCursor }, 200);
  });

  router.openapi(getMediaMeta, async (c) => {
    const record = await readableMedia(services, c, c.req.valid('param').id);
    return c.json(mediaJson(record), 200);
  });

  router.openapi(getMediaBytes, async (c) => {
    const record = await readableMedia(services, c, c.req.valid('param').id);
    const inline = servableContentTypes.has(record.contentType);
    const etag = `"${record.sha256}"`;
    const headers: Record<string, string> = {
      'Content-Type': inline ? record.contentType : 'application/octet-stream',
      'Content-Disposition': inline
        ? `inline${record.originalName ? `; filename*=UTF-8''${encodeFileName(record.originalName)}` : ''}`
        : 'attachment',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'private, max-age=86400',
      ETag: etag,
      'Accept-Ranges': 'bytes',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
      return new Response(null, { status: 304, headers });
    }
    const ifRange = c.req.header('if-range');
    const range = ifRange && ifRange.trim() !== etag ? null : parseRange(c.req.header('range'), record.bytes);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${record.bytes}` } });
    }
    const stream = await services.media.open(record, range ?? undefined);
    const webStream = Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
    if (range) {
      const length = range.end - range.start + 1;
      return new Response(webStream, {
        status: 206,
        headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${record.bytes}`, 'Content-Length': String(length) },
      });
    }
    return new Response(webStream, { status: 200, headers: { ...headers, 'Content-Length': String(record.bytes) } });
  });

  return router;
}
