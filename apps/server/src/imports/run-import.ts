import { AppError } from '../errors.ts';
import type { ItemService, NewItem } from '../items/types.ts';
import type { Logger } from '../log.ts';
import type { MediaRecord } from '../media/types.ts';
import { checkItem } from './check-item.ts';
import type { Draft, ImportContext, ParseResult } from './draft.ts';
import { parseJsonlLine } from './jsonl.ts';
import { parseLabelStudioTask } from './label-studio.ts';
import { mapLimit, type MediaResolver } from './media-resolver.ts';
import { problemText, type Problem } from './problems.ts';
import { ImportFileError, type SourceRecord } from './records.ts';
import { unstorableMessage, unstorablePath } from './unstorable-text.ts';

export type ImportFormat = 'jsonl' | 'label-studio';

/** Counts of an import so far. `linesDone` = records read (non-blank lines or tasks) = created + skipped + failed. */
export interface ImportCounts {
  linesDone: number;
  created: number;
  skipped: number;
  failed: number;
  /** The first `maxErrors` problems, one per failed record. */
  errors: { line: number; message: string }[];
}

export interface RunOptions {
  records: AsyncIterable<SourceRecord>;
  format: ImportFormat;
  context: ImportContext;
  resolver: MediaResolver;
  items: Pick<ItemService, 'create' | 'createMany'>;
  /**
   * Which of these external ids the project has already. Their records are skipped before their media
   * are resolved, so a re-import fetches nothing and builds nothing.
   */
  existing?: (externalIds: string[]) => Promise<Set<string>>;
  /** Fields every new item shares. */
  item: Pick<NewItem, 'projectId' | 'importId' | 'createdBy'>;
  log: Logger;
  /** Called after every batch with the counts so far (the caller stores and broadcasts them). */
  onBatch(counts: ImportCounts): Promise<void>;
  /** Checked between batches; true stops the import (server shutting down). */
  stopped?: () => boolean;
  batchSize?: number;
  /** A batch is also cut when its records add up to this many bytes. */
  batchBytes?: number;
  maxErrors?: number;
  mediaConcurrency?: number;
}

/** The import was stopped between two batches; what was done so far is kept. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
}

const parsers: Record<ImportFormat, (value: unknown, context: ImportContext) => ParseResult> = {
  jsonl: (value, context) => parseJsonlLine(value, context.taskType),
  'label-studio': (value) => parseLabelStudioTask(value),
};

/**
 * Reads records and creates their items in batches through `ItemService.createMany`: every record is
 * parsed, its media resolved (each distinct reference once), checked against the package schemas and
 * the project, and created, or reported with its line number. Bad records never stop the good ones;
 * items whose external id exists already (a re-import) are counted as skipped.
 */
export async function runImport(options: RunOptions): Promise<ImportCounts> {
  const { context, resolver, items, log } = options;
  const batchSize = options.batchSize ?? 200;
  const batchBytes = options.batchBytes ?? 16 * 1024 * 1024;
  const maxErrors = options.maxErrors ?? 1000;
  const parse = parsers[options.format];
  const counts: ImportCounts = { linesDone: 0, created: 0, skipped: 0, failed: 0, errors: [] };

  const reject = (line: number, problems: Problem[]) => {
    counts.failed += 1;
    if (counts.errors.length >= maxErrors) return;
    const shown = problems.slice(0, 5).map(problemText);
    if (problems.length > 5) shown.push(`and ${problems.length - 5} more problems`);
    counts.errors.push({ line, message: shown.join('; ') });
  };

  async function flush(batch: SourceRecord[]) {
    const drafts: { line: number; draft: Draft }[] = [];
    for (const record of batch) {
      if ('error' in record) {
        reject(record.line, [{ path: '', message: `the ${options.format === 'jsonl' ? 'line' : 'task'} ${record.error}` }]);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(record.text);
      } catch (error) {
        reject(record.line, [{ path: '', message: `invalid JSON: ${(error as Error).message}` }]);
        continue;
      }
      const unstorable = unstorablePath(value);
      if (unstorable !== null) {
        reject(record.line, [{ path: unstorable, message: unstorableMessage }]);
        continue;
      }
      const parsed = parse(value, context);
      if (parsed.ok) drafts.push({ line: record.line, draft: parsed.draft });
      else reject(record.line, parsed.problems);
    }

    const known = options.existing ? await options.existing([...new Set(drafts.map((d) => d.draft.externalId))]) : new Set<string>();
    const inBatch = new Set<string>();
    const fresh = drafts.filter(({ draft }) => {
      // Already in the project, or the same record twice in one batch: a re-import of it.
      if (known.has(draft.externalId) || inBatch.has(draft.externalId)) {
        counts.skipped += 1;
        return false;
      }
      inBatch.add(draft.externalId);
      return true;
    });

    const needs = fresh.flatMap((d) => d.draft.needs);
    const resolved = await mapLimit(needs, options.mediaConcurrency ?? 8, (need) => resolver.resolve(need));
    const pending: { line: number; item: NewItem }[] = [];
    let at = 0;
    for (const { line, draft } of fresh) {
      const mine = resolved.slice(at, at + draft.needs.length);
      at += draft.needs.length;
      const mediaProblems: Problem[] = [];
      const records: MediaRecord[] = [];
      mine.forEach((r, i) => {
        if ('record' in r) records.push(r.record);
        else mediaProblems.push({ path: draft.needs[i]!.path, message: r.message });
      });
      if (mediaProblems.length > 0) {
        reject(line, mediaProblems);
        continue;
      }
      const built = draft.build(records);
      if (Array.isArray(built)) {
        reject(line, built);
        continue;
      }
      const checked = checkItem(built, context);
      if (Array.isArray(checked)) {
        reject(line, checked);
        continue;
      }
      pending.push({ line, item: { ...options.item, externalId: draft.externalId, tags: draft.tags, ...checked } });
    }

    if (pending.length > 0) {
      let results: { created: boolean }[] | null = null;
      try {
        results = await items.createMany(pending.map((p) => p.item));
      } catch (error) {
        // One bad item fails its whole batch's transaction: retry one by one to find it.
        log.warn({ err: error, importId: options.item.importId }, 'import: a batch failed; creating its items one by one');
      }
      if (results) {
        for (const r of results) counts[r.created ? 'created' : 'skipped'] += 1;
      } else {
        for (const p of pending) {
          try {
            counts[(await items.create(p.item)).created ? 'created' : 'skipped'] += 1;
          } catch (error) {
            if (!(error instanceof AppError)) log.error({ err: error, importId: options.item.importId, line: p.line }, 'import: an item could not be created');
            reject(p.line, [{ path: '', message: error instanceof AppError ? error.message : 'could not be stored (a server error; see the server log)' }]);
          }
        }
      }
    }
    counts.linesDone += batch.length;
    await options.onBatch({ ...counts, errors: [...counts.errors] });
  }

  let batch: SourceRecord[] = [];
  let bytes = 0;
  try {
    for await (const record of options.records) {
      batch.push(record);
      bytes += record.bytes;
      if (batch.length >= batchSize || bytes >= batchBytes) {
        if (options.stopped?.()) throw new ImportStoppedError('stopped');
        await flush(batch);
        batch = [];
        bytes = 0;
      }
    }
  } catch (error) {
    // A file that breaks off (a truncated array) still gets the records read before the break.
    if (error instanceof ImportFileError && batch.length > 0) await flush(batch);
    throw error;
  }
  if (options.stopped?.()) throw new ImportStoppedError('stopped');
  if (batch.length > 0) await flush(batch);
  return counts;
}
