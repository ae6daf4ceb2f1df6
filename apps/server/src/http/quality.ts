import { createRoute, z } from '@hono/zod-openapi';
import { items } from '@concord/db';
import { can, isId, type Permission } from '@concord/protocol';
import { eq } from 'drizzle-orm';
import { AppError, forbidden, notFound } from '../errors.ts';
import { exportReport } from '../quality/export.ts';
import { clearFlags, findFlag, listFlags } from '../quality/flags.ts';
import { setGold } from '../quality/gold.ts';
import { createQualityReports } from '../quality/report-service.ts';
import type { Principal, Services } from '../services.ts';
import { loadProjectWorkflow } from '../workflow/context.ts';
import { transact } from '../workflow/transact.ts';
import { projectParams } from './projects.ts';
import {
  ClearFlagBody,
  ExportQuery,
  flagParams,
  FlagsQuery,
  GoldBody,
  goldParams,
  QualityFlagSchema,
  QualityReportSchema,
  ReportQuery,
} from './quality-schemas.ts';
import { createRouter } from './router.ts';
import { bearerSecurity, body, errors, json } from './schemas.ts';

const route = <P extends string>(method: 'get' | 'post' | 'put', path: P, summary: string, description: string) => ({
  method,
  path,
  tags: ['quality'],
  security: bearerSecurity,
  summary,
  description,
});

const reportRoute = createRoute({
  ...route(
    'get',
    '/projects/{id}/quality',
    "A project's quality report (quality.read)",
    'Agreement per slice and field with bootstrap intervals, per annotator numbers, pairs, bias signals, a weekly timeline and flags, over the settings window or `from`/`to` (quality SPEC R1). Annotators and non-members get 404 alike (R2).',
  ),
  request: { params: projectParams, query: ReportQuery },
  responses: { 200: json(QualityReportSchema, 'The report'), ...errors(400, 401, 404) },
});
const exportRoute = createRoute({
  ...route(
    'get',
    '/projects/{id}/quality/export',
    'One table of the quality report as a CSV or JSON download (quality.read)',
    'Tables: annotators, slices, pairs, fields, flags. CSV has a header row; text cells starting with = + - @ are prefixed with `\'` so spreadsheets show them instead of evaluating them (R3).',
  ),
  request: { params: projectParams, query: ExportQuery },
  responses: {
    200: { description: 'The table', content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } },
    ...errors(400, 401, 404),
  },
});
const flagsRoute = createRoute({
  ...route(
    'get',
    '/projects/{id}/quality/flags',
    "A project's flags, newest first (quality.read)",
    'Open flags name the annotators to enrol in the next calibration session (F5).',
  ),
  request: { params: projectParams, query: FlagsQuery },
  responses: { 200: json(z.object({ items: z.array(QualityFlagSchema) }).openapi('QualityFlagList'), 'The flags'), ...errors(400, 401, 404) },
});
const clearRoute = createRoute({
  ...route(
    'post',
    '/projects/{id}/quality/flags/{flagId}/clear',
    'Clear an open flag by hand, with a note (quality.manage)',
    'Audited as quality.flag_cleared; quality:flag goes to the members who read quality (F2, F4). 409 when the flag is cleared already.',
  ),
  request: { params: flagParams, body: body(ClearFlagBody) },
  responses: { 200: json(QualityFlagSchema, 'The cleared flag'), ...errors(400, 401, 403, 404, 409) },
});
const goldRoute = createRoute({
  ...route(
    'put',
    '/projects/{id}/items/{itemId}/gold',
    "Set or clear an item's gold answer (quality.manage)",
    "Either `{ gold }`: a Prelabel-shaped gold answer, validated like an import's and built against the item (422 when it does not fit), or null to clear it; or `{ fromDocumentId }`: an annotation of this item readable by the caller (its shared or final document, a submitted blind copy, a calibration answer for it), whose stored state is read back as a pre-label and validated the same way (404 for an unknown or unreadable document, 422 for a document of another item or a part no pre-label can say). Audited (item.gold_set with detail.fromDocumentId / item.gold_cleared). Existing annotations of the item are scored again (G1).",
  ),
  request: { params: goldParams, body: body(GoldBody) },
  responses: { 204: { description: 'Set or cleared' }, ...errors(400, 401, 403, 404, 413, 415, 422) },
});

/** Routes of quality: the report, its export, flags, and gold answers (quality/SPEC.md R, F, G). */
export function createQualityRoutes(deps: { services: Services }) {
  const { services } = deps;
  const db = services.db.db;
  const reports = createQualityReports({ db });
  const router = createRouter();

  /**
   * [R2] Members whose role does not read quality get the same 404 as strangers (annotators never learn
   * the report exists); readers without the permission asked for get 403.
   */
  async function allow(principal: Principal, projectId: string, permission: Permission) {
    const role = isId('project', projectId) ? await services.access.projectRole(principal, projectId) : null;
    if (!role || !can(role, 'quality.read')) throw notFound('Project');
    if (!can(role, permission)) throw forbidden();
  }

  router.openapi(reportRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'quality.read');
    return c.json(await reports.report(projectId, c.req.valid('query')), 200);
  });

  router.openapi(exportRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'quality.read');
    const { format, table, ...window } = c.req.valid('query');
    const file = exportReport(await reports.report(projectId, window), { table, format });
    c.header('Content-Type', file.contentType);
    c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(file.body, 200);
  });

  router.openapi(flagsRoute, async (c) => {
    const { id: projectId } = c.req.valid('param');
    await allow(c.get('principal'), projectId, 'quality.read');
    return c.json({ items: await listFlags(db, projectId, { state: c.req.valid('query').state }) }, 200);
  });

  router.openapi(clearRoute, async (c) => {
    const { id: projectId, flagId } = c.req.valid('param');
    const principal = c.get('principal');
    await allow(principal, projectId, 'quality.manage');
    const flag = isId('flag', flagId) ? await findFlag(db, projectId, flagId) : null;
    if (!flag) throw notFound('Flag');
    const [cleared] = await transact(services, (tx, _deps, outbox) =>
      clearFlags(tx, { projectId, userId: flag.userId, flagIds: [flag.id], by: { userId: principal.userId }, note: c.req.valid('json').note }, outbox),
    );
    if (!cleared) throw new AppError(409, 'flag_cleared', 'This flag is cleared already.', { state: flag.state });
    return c.json(cleared, 200);
  });

  router.openapi(goldRoute, async (c) => {
    const { id: projectId, itemId } = c.req.valid('param');
    const principal = c.get('principal');
    await allow(principal, projectId, 'quality.manage');
    if (!isId('item', itemId)) throw notFound('Item');
    const [item] = await db.select({ projectId: items.projectId }).from(items).where(eq(items.id, itemId));
    if (item?.projectId !== projectId) throw notFound('Item');
    const request = c.req.valid('json');
    // Whether the caller may read the document is decided before the transaction: on PGlite a query
    // through another handle would wait for it.
    if ('fromDocumentId' in request) {
      const access = await services.access.documentAccess(principal, request.fromDocumentId);
      if (access?.projectId !== projectId) throw notFound('Document');
    }
    const project = await loadProjectWorkflow(db, projectId);
    const input = 'fromDocumentId' in request ? { fromDocumentId: request.fromDocumentId } : { gold: request.gold };
    await db.transaction((tx) => setGold(tx, project, { itemId, actorId: principal.userId, ...input }));
    return c.body(null, 204);
  });

  return router;
}
