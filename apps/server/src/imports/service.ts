import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { defaultConfig, projectConfigSchema, type ProjectConfig, type TaskType } from '@concord/annotation-doc';
import { imports, items as itemsTable, projectConfigs, projects, type Db } from '@concord/db';
import { isId, newId, type ImportProgress } from '@concord/protocol';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { Config } from '../config.ts';
import type { LockManager } from '../coordination/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { ItemService } from '../items/types.ts';
import { holdJobLease } from '../jobs/lease.ts';
import type { Logger } from '../log.ts';
import type { MediaService } from '../media/types.ts';
import { createMediaResolver } from './media-resolver.ts';
import { ImportFileError } from './records.ts';
import { ImportStoppedError, runImport, type ImportCounts } from './run-import.ts';
import { splitTasks } from './split-json-array.ts';
import { splitLines } from './split-lines.ts';
import type { ImportInfo, ImportService, ImportStatus } from './types.ts';

type ImportRow = typeof imports.$inferSelect;

function infoOf(row: ImportRow): ImportInfo {
  return {
    id: row.id,
    projectId: row.projectId,
    format: row.format,
    status: row.status,
    fileName: row.fileName,
    linesDone: row.linesDone,
    created: row.created,
    skipped: row.skipped,
    failed: row.failed,
    errors: row.errors,
    failure: row.failure,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

const stoppedMessage = 'The server shut down during the import. Import the file again: the items already created are skipped.';
const crashedMessage = 'The import stopped on a server error (see the server log). Import the file again: the items already created are skipped.';

/**
 * Imports of JSONL and Label Studio files. The request body is written to a spool file under
 * `<dataDir>/tmp/imports` first (so a file over the limit creates nothing and the upload is done when
 * the 202 is sent), then read back as a stream in the background, batch by batch; progress goes to
 * the `imports` row and the project's socket.io room after every batch.
 * @example const imports = createImportService({ db, config, log, items, media, emitProgress: (p) => gateway.emitToProject(p.projectId, 'import:progress', p) });
 */
export function createImportService(options: {
  db: Db;
  config: Pick<Readonly<Config>, 'dataDir' | 'importMaxBytes'>;
  log: Logger;
  items: ItemService;
  media: MediaService;
  emitProgress(progress: ImportProgress): void;
  /** Leases that tell a running import from one whose server died [I13]; none in pure unit use. */
  leases?: { locks: LockManager; owner: string };
  batchSize?: number;
}): ImportService {
  const { db, config, log, items, media } = options;
  const spoolDir = join(config.dataDir, 'tmp', 'imports');
  const running = new Set<Promise<void>>();
  let stopping = false;

  const emit = (row: Pick<ImportRow, 'id' | 'projectId'>, status: ImportStatus, counts: ImportCounts) => {
    try {
      options.emitProgress({
        importId: row.id,
        projectId: row.projectId,
        status,
        linesDone: counts.linesDone,
        created: counts.created,
        skipped: counts.skipped,
        failed: counts.failed,
      });
    } catch (error) {
      log.warn({ err: error, importId: row.id }, 'import: progress event not sent');
    }
  };

  async function projectContext(projectId: string): Promise<{ taskType: TaskType; config: ProjectConfig }> {
    const [project] = await db
      .select({ taskType: projects.taskType, configVersion: projects.configVersion })
      .from(projects)
      .where(eq(projects.id, projectId))
      .limit(1);
    if (!project) throw notFound('Project');
    const [stored] = await db
      .select({ config: projectConfigs.config })
      .from(projectConfigs)
      .where(and(eq(projectConfigs.projectId, projectId), eq(projectConfigs.version, project.configVersion)))
      .limit(1);
    const parsed = stored ? projectConfigSchema.safeParse(stored.config) : null;
    return { taskType: project.taskType, config: parsed?.success ? parsed.data : defaultConfig(project.taskType) };
  }

  /** Writes the body to `path`, counting bytes; over the limit, stops reading and throws 413. */
  async function spool(body: AsyncIterable<Uint8Array>, path: string): Promise<number> {
    let bytes = 0;
    const max = config.importMaxBytes;
    await pipeline(
      body,
      async function* limit(chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          bytes += chunk.byteLength;
          if (bytes > max) throw new AppError(413, 'payload_too_large', `The file is larger than the import limit of ${max} bytes (CONCORD_IMPORT_MAX_BYTES).`);
          yield chunk;
        }
      },
      createWriteStream(path),
    );
    return bytes;
  }

  async function runJob(row: ImportRow, path: string, context: { taskType: TaskType; config: ProjectConfig }) {
    let counts: ImportCounts = { linesDone: 0, created: 0, skipped: 0, failed: 0, errors: [] };
    let status: ImportStatus = 'done';
    let failure: string | null = null;
    // Set once a sweep failed this import while this server stalled past its lease: it stops, storing nothing [I15].
    let takenOver = false;
    try {
      const chunks = createReadStream(path, { highWaterMark: 256 * 1024 });
      const records = row.format === 'jsonl' ? splitLines(chunks) : splitTasks(chunks);
      counts = await runImport({
        records,
        format: row.format,
        context,
        resolver: createMediaResolver({ media, projectId: row.projectId, userId: row.createdBy, log }),
        items,
        existing: async (externalIds) => {
          if (externalIds.length === 0) return new Set();
          const rows = await db
            .select({ externalId: itemsTable.externalId })
            .from(itemsTable)
            .where(and(eq(itemsTable.projectId, row.projectId), inArray(itemsTable.externalId, externalIds)));
          return new Set(rows.map((r) => r.externalId));
        },
        item: { projectId: row.projectId, importId: row.id, createdBy: row.createdBy },
        log,
        stopped: () => stopping || takenOver,
        batchSize: options.batchSize,
        async onBatch(next) {
          counts = next;
          const updated = await db
            .update(imports)
            .set({ linesDone: next.linesDone, created: next.created, skipped: next.skipped, failed: next.failed, errors: next.errors })
            .where(and(eq(imports.id, row.id), eq(imports.status, 'running')))
            .returning({ id: imports.id });
          takenOver = updated.length === 0;
          if (!takenOver) emit(row, 'running', next);
        },
      });
    } catch (error) {
      status = 'failed';
      if (error instanceof ImportFileError) failure = error.message;
      else if (error instanceof ImportStoppedError) failure = stoppedMessage;
      else {
        log.error({ err: error, importId: row.id }, 'import failed');
        failure = crashedMessage;
      }
    }
    try {
      const totals = { linesDone: counts.linesDone, created: counts.created, skipped: counts.skipped, failed: counts.failed };
      const stored = await db.transaction(async (tx) => {
        const updated = await tx
          .update(imports)
          .set({ status, failure, ...totals, errors: counts.errors, finishedAt: new Date() })
          .where(and(eq(imports.id, row.id), eq(imports.status, 'running')))
          .returning({ id: imports.id });
        if (updated.length === 0) return false;
        await appendAudit(tx, {
          projectId: row.projectId, actorId: row.createdBy, action: status === 'done' ? 'import.finished' : 'import.failed',
          subjectType: 'import', subjectId: row.id, before: { status: 'running' }, after: { status, ...totals }, detail: failure ? { failure } : null,
        });
        return true;
      });
      if (!stored) {
        log.warn({ importId: row.id, status }, 'import: taken over while this server stalled past its lease; its result is not stored');
        return;
      }
    } catch (error) {
      log.error({ err: error, importId: row.id }, 'import: the final state could not be stored');
    }
    emit(row, status, counts);
    log.info({ importId: row.id, projectId: row.projectId, status, ...counts, errors: counts.errors.length }, 'import finished');
  }

  return {
    async start(input) {
      if (stopping) throw new AppError(503, 'unavailable', 'The server is shutting down; try again in a moment.');
      const context = await projectContext(input.projectId);
      if (input.format === 'label-studio' && context.taskType !== 'alignment') {
        throw new AppError(
          422,
          'unsupported_format',
          `Label Studio files can only be imported into alignment projects; this is a ${context.taskType} project. Use the JSONL format (docs/import-format.md).`,
        );
      }
      const id = newId('import');
      await mkdir(spoolDir, { recursive: true });
      const path = join(spoolDir, `${id}.upload`);
      let bytes: number;
      try {
        bytes = await spool(input.body, path);
      } catch (error) {
        await rm(path, { force: true });
        if (error instanceof AppError) throw error;
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
          log.error({ err: error }, 'import: no space left for the spool file');
          throw new AppError(503, 'unavailable', 'The server has no room for the file right now; try again later.');
        }
        // The client went away or the connection broke: nothing was recorded.
        throw new AppError(400, 'bad_request', 'The file was not received completely; send it again.');
      }
      let row: ImportRow;
      // The lease exists before the row, so no sweep can see this import `running` without a holder [I13].
      const lease = options.leases ? await holdJobLease({ ...options.leases, kind: 'import', id, log }) : null;
      try {
        row = await db.transaction(async (tx) => {
          const [inserted] = (await tx
            .insert(imports)
            .values({ id, projectId: input.projectId, format: input.format, status: 'running', fileName: input.fileName, createdBy: input.userId })
            .returning()) as [ImportRow];
          await appendAudit(tx, {
            projectId: input.projectId, actorId: input.userId, action: 'import.started', subjectType: 'import', subjectId: id,
            after: { status: 'running' }, detail: { format: input.format, fileName: input.fileName, bytes },
          });
          return inserted;
        });
      } catch (error) {
        await rm(path, { force: true });
        await lease?.release();
        throw error;
      }
      emit(row, 'running', row);
      const job: Promise<void> = runJob(row, path, context)
        .catch((error: unknown) => log.error({ err: error, importId: id }, 'import job failed'))
        .finally(async () => {
          await lease?.release();
          running.delete(job);
          rm(path, { force: true }).catch((error: unknown) => log.warn({ err: error, path }, 'import: spool file not removed'));
        });
      running.add(job);
      return infoOf(row);
    },

    async get(importId) {
      if (!isId('import', importId)) return null;
      const [row] = await db.select().from(imports).where(eq(imports.id, importId)).limit(1);
      return row ? infoOf(row) : null;
    },

    async list(projectId, page) {
      const conditions: SQL[] = [eq(imports.projectId, projectId)];
      if (page.cursor) {
        conditions.push(
          sql`(${imports.createdAt}, ${imports.id}) < (select "created_at", "id" from "imports" where "id" = ${page.cursor} and "project_id" = ${projectId})`,
        );
      }
      const rows = await db
        .select()
        .from(imports)
        .where(and(...conditions))
        .orderBy(desc(imports.createdAt), desc(imports.id))
        .limit(page.limit + 1);
      const shown = rows.slice(0, page.limit);
      return { items: shown.map(infoOf), nextCursor: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null };
    },

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    async close() {
      stopping = true;
      await this.idle();
    },
  };
}
