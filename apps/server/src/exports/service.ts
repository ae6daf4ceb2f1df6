import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exportItems, exports, items as itemsTable, projects, type Db } from '@concord/db';
import { formatters, type ExportItem, type ExportMedium, type FormatId, type Split } from '@concord/exporters';
import { isId, newId, type ExportFormat, type ExportJob, type ExportRequest, type ExportStatus } from '@concord/protocol';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Config } from '../config.ts';
import { AppError, notFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { MediaRecord, MediaService } from '../media/types.ts';
import { createQualityReports, type QualityReports } from '../quality/report-service.ts';
import type { DocumentReader } from '../services.ts';
import type { Notifications } from '../workflow/outbox.ts';
import type { LockManager } from '../coordination/types.ts';
import { holdJobLease } from '../jobs/lease.ts';
import { createItemBuilder } from './build-item.ts';
import { createCardCollector } from './card-collector.ts';
import { cardPath, writeCardFile } from './card-file.ts';
import { dataUrlMaxBytes, mediumPath } from './media-paths.ts';
import { exportKeyOf } from './pseudonym.ts';
import { itemAgreements } from './row-agreement.ts';
import { countSelection, selectionWhere, selectPages } from './select.ts';
import { createFolderSink } from './sink.ts';
import { splitOf } from './split.ts';
import type { ExportService } from './types.ts';

type ExportRow = typeof exports.$inferSelect;

/** Skipped items kept on the job row (the rest are counted in the log). */
const skippedKept = 1_000;
/** Media records an export keeps in memory (least recently used dropped first) [X2]. */
const mediaRecordsKept = 2_000;
const crashedMessage = 'The export stopped on a server error (see the server log). Start it again.';

function jobOf(row: ExportRow, erasedItems: number): ExportJob {
  return {
    id: row.id,
    projectId: row.projectId,
    format: row.format as ExportFormat,
    request: row.request as ExportRequest,
    status: row.status,
    itemsTotal: row.itemsTotal,
    itemsDone: row.itemsDone,
    rows: row.rows,
    skipped: row.skipped,
    files: row.files,
    failure: row.failure,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    erasedItems,
  };
}

async function readAll(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    if (bytes > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Exports run in the background: selection counted, items read page by page (keyset), built into
 * ExportItems, streamed through the format's formatter into `<dataDir>/exports/<exportId>/`, media
 * copied, files hashed, `export.created` audited (exports/SPEC.md).
 * @example const exportsService = createExportService({ db, config, log, documents, media, notifications });
 */
export function createExportService(options: {
  db: Db;
  config: Pick<Readonly<Config>, 'dataDir'>;
  log: Logger;
  documents: DocumentReader;
  media: MediaService;
  notifications: Notifications;
  /** Leases that tell a running export from one whose server died [X20]; none in pure unit use. */
  leases?: { locks: LockManager; owner: string };
  pageSize?: number;
  /** The quality reports the card quotes [X15] (the same computation as GET /projects/{id}/quality). */
  quality?: QualityReports;
}): ExportService {
  const { db, log, media } = options;
  const quality = options.quality ?? createQualityReports({ db });
  const pageSize = options.pageSize ?? 500;
  const running = new Set<Promise<void>>();
  const folderOf = (job: Pick<ExportJob, 'id'>) => join(options.config.dataDir, 'exports', job.id);

  const emit = (row: Pick<ExportRow, 'id' | 'projectId' | 'createdBy'>, status: ExportStatus, itemsTotal: number, itemsDone: number) => {
    if (!row.createdBy) return;
    try {
      options.notifications.toUser(row.createdBy, 'export:progress', { exportId: row.id, projectId: row.projectId, status, itemsTotal, itemsDone });
    } catch (error) {
      log.warn({ err: error, exportId: row.id }, 'export: progress event not sent');
    }
  };

  async function erasedCount(exportId: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)` })
      .from(exportItems)
      // Erased items keep a tombstone row (erasure SPEC G1); a missing row counts too.
      .where(and(eq(exportItems.exportId, exportId), sql`not exists (select 1 from ${itemsTable} where ${itemsTable.id} = ${exportItems.itemId} and ${itemsTable.erasedAt} is null)`));
    return Number(row?.n ?? 0);
  }

  async function runJob(row: ExportRow, request: ExportRequest, taskType: string): Promise<void> {
    const formatter = formatters[request.format as FormatId]!;
    const root = folderOf(row);
    const sink = createFolderSink(root);
    let itemsTotal = 0;
    let itemsDone = 0;
    const notBuilt: { itemId: string; reason: string }[] = [];
    const collector = createCardCollector();
    // Copy mode: mediaId → the paths the rows refer to (one per split for hf-imagefolder).
    const copies = new Map<string, Set<string>>();

    // Media records by id, the most recently used kept (bounded), so media shared by items are read once.
    const records = new Map<string, Promise<MediaRecord | null>>();
    const recordOf = (mediaId: string): Promise<MediaRecord | null> => {
      const cached = records.get(mediaId);
      if (cached) records.delete(mediaId);
      const record = cached ?? media.get(mediaId);
      records.set(mediaId, record);
      if (records.size > mediaRecordsKept) records.delete(records.keys().next().value!);
      return record;
    };
    const medium = async (mediaId: string, split: Split): Promise<ExportMedium | null> => {
      const record = await recordOf(mediaId);
      if (!record || record.projectId !== row.projectId) return null;
      const base = { mediaId, kind: record.kind, contentType: record.contentType, width: record.width, height: record.height };
      if (request.media === 'copy') {
        const path = mediumPath(request.format as FormatId, split, mediaId, record.contentType);
        const paths = copies.get(mediaId) ?? new Set<string>();
        paths.add(path);
        copies.set(mediaId, paths);
        return { ...base, path, url: null };
      }
      if (record.kind !== 'image' || record.bytes > dataUrlMaxBytes) return { ...base, path: null, url: null };
      const bytes = await readAll(await media.open(record), dataUrlMaxBytes);
      return { ...base, path: null, url: bytes ? `data:${record.contentType};base64,${bytes.toString('base64')}` : null };
    };

    let status: ExportStatus = 'done';
    let failure: string | null = null;
    let rows = 0;
    let skipped: { itemId: string; reason: string }[] = [];
    try {
      const exportKey = await exportKeyOf(db, row.projectId);
      const where = selectionWhere(row.projectId, request.filters);
      itemsTotal = await countSelection(db, where);
      await db.update(exports).set({ itemsTotal }).where(eq(exports.id, row.id));
      emit(row, 'running', itemsTotal, 0);
      const builder = createItemBuilder({ db, documents: options.documents, projectId: row.projectId, taskType: taskType as never, exportKey, medium });

      async function* stream(): AsyncGenerator<ExportItem> {
        for await (const page of selectPages(db, where, pageSize)) {
          const built: string[] = [];
          const agreements = await itemAgreements(db, row.projectId, page.map((item) => item.id));
          const entries = page.map((item) => ({ item, split: splitOf(row.projectId, item.externalId, request.splits), agreement: agreements.get(item.id) ?? null }));
          for await (const { entry, built: exportItem } of builder.page(entries)) {
            if (!exportItem) {
              notBuilt.push({ itemId: entry.item.id, reason: 'the item has no annotation document' });
              continue;
            }
            built.push(entry.item.id);
            collector.add(exportItem);
            yield exportItem;
          }
          itemsDone += page.length;
          if (built.length > 0) await db.insert(exportItems).values(built.map((itemId) => ({ exportId: row.id, itemId }))).onConflictDoNothing();
          await db.update(exports).set({ itemsDone }).where(and(eq(exports.id, row.id), eq(exports.status, 'running')));
          emit(row, 'running', itemsTotal, itemsDone);
        }
      }

      await mkdir(root, { recursive: true });
      const result = await formatter.write(stream(), sink, { provenance: request.provenance });
      rows = result.rows;
      skipped = [...notBuilt, ...result.skipped];
      // Items the format could not write are not in the export: no export_items row for them.
      const refused = result.skipped.map((s) => s.itemId);
      for (let i = 0; i < refused.length; i += 500) {
        await db.delete(exportItems).where(and(eq(exportItems.exportId, row.id), inArray(exportItems.itemId, refused.slice(i, i + 500))));
      }
      for (const mediaId of result.media) {
        const record = await recordOf(mediaId);
        if (!record) continue;
        for (const path of copies.get(mediaId) ?? []) await sink.copy(path, await media.open(record));
      }
      const write = async (path: string, text: string) => {
        const file = sink.open(path);
        await file.write(text);
        await file.close();
      };
      await writeCardFile({ db, quality, exportId: row.id, projectId: row.projectId, request, collector, result, notBuilt: notBuilt.length, files: sink.entries, write });
    } catch (error) {
      status = 'failed';
      log.error({ err: error, exportId: row.id }, 'export failed');
      failure = crashedMessage;
    }
    // README.md (the card) comes last: its Manifest lists the files before it [X13].
    const entries = sink.entries();
    const files = [...entries.filter((f) => f.path !== cardPath).sort((a, b) => a.path.localeCompare(b.path)), ...entries.filter((f) => f.path === cardPath)];
    try {
      const stored = await db.transaction(async (tx) => {
        // Only while still `running`: a sweep that failed it while this server stalled past its lease wins [X21].
        const updated = await tx
          .update(exports)
          .set({ status, failure, rows, itemsTotal, itemsDone, skipped: skipped.slice(0, skippedKept), files: status === 'done' ? files : [], finishedAt: new Date() })
          .where(and(eq(exports.id, row.id), eq(exports.status, 'running')))
          .returning({ id: exports.id });
        if (updated.length === 0) return false;
        await appendAudit(tx, {
          projectId: row.projectId, actorId: row.createdBy, action: status === 'done' ? 'export.created' : 'export.failed',
          subjectType: 'export', subjectId: row.id, before: { status: 'running' }, after: { status, rows, items: itemsDone },
          detail: { format: request.format, filters: request.filters, splits: request.splits, media: request.media, files: status === 'done' ? files : [], ...(failure ? { failure } : {}) },
        });
        return true;
      });
      if (!stored) {
        log.warn({ exportId: row.id, status }, 'export: taken over while this server stalled past its lease; its result is not stored');
        return;
      }
    } catch (error) {
      log.error({ err: error, exportId: row.id }, 'export: the final state could not be stored');
    }
    emit(row, status, itemsTotal, itemsDone);
    log.info({ exportId: row.id, projectId: row.projectId, status, rows, itemsDone, skipped: skipped.length }, 'export finished');
  }

  return {
    async start(input) {
      const { request } = input;
      const [project] = await db.select({ taskType: projects.taskType }).from(projects).where(eq(projects.id, input.projectId)).limit(1);
      if (!project) throw notFound('Project');
      const formatter = formatters[request.format as FormatId];
      if (!formatter) throw new AppError(422, 'unsupported_format', `The ${request.format} format is not available on this server yet.`);
      if (!(formatter.taskTypes as readonly string[]).includes(project.taskType)) {
        throw new AppError(
          422,
          'unsupported_format',
          `The ${request.format} format takes ${formatter.taskTypes.join(' or ')} projects; this is a ${project.taskType} project.`,
        );
      }
      const id = newId('export');
      // The lease exists before the row, so no sweep can see this export `running` without a holder [X20].
      const lease = options.leases ? await holdJobLease({ ...options.leases, kind: 'export', id, log }) : null;
      const [row] = (await db
        .insert(exports)
        .values({ id, projectId: input.projectId, format: request.format, request, status: 'running', storageKey: `exports/${id}`, createdBy: input.userId })
        .returning()) as [ExportRow];
      const job: Promise<void> = runJob(row, request, project.taskType)
        .catch((error: unknown) => log.error({ err: error, exportId: id }, 'export job failed'))
        .finally(() => lease?.release())
        .finally(() => running.delete(job));
      running.add(job);
      return jobOf(row, 0);
    },

    async get(exportId) {
      if (!isId('export', exportId)) return null;
      const [row] = await db.select().from(exports).where(eq(exports.id, exportId)).limit(1);
      return row ? jobOf(row, await erasedCount(row.id)) : null;
    },

    async list(projectId, limit) {
      const rows = await db.select().from(exports).where(eq(exports.projectId, projectId)).orderBy(desc(exports.createdAt), desc(exports.id)).limit(limit);
      return Promise.all(rows.map(async (row) => jobOf(row, await erasedCount(row.id))));
    },

    folderOf,

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
