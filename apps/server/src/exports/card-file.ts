import { items, type Db } from '@concord/db';
import { datasetCard, type FormatResult } from '@concord/exporters';
import type { ExportFileEntry, ExportRequest } from '@concord/protocol';
import { inArray } from 'drizzle-orm';
import type { QualityReports } from '../quality/report-service.ts';
import type { CardCollector } from './card-collector.ts';
import { gatherCardInput } from './card-input.ts';
import { itemAgreements } from './row-agreement.ts';
import { splitOf } from './split.ts';

/** The dataset card's path in every export [X13]. */
export const cardPath = 'README.md';

/** What writing the card needs from a finished export run. */
export interface CardFileOptions {
  db: Db;
  quality: QualityReports;
  exportId: string;
  projectId: string;
  request: ExportRequest;
  collector: CardCollector;
  result: FormatResult;
  /** Items not handed to the format (no annotation document). */
  notBuilt: number;
  /** Every file written so far (data, sidecars, media). */
  files(): ExportFileEntry[];
  /** Writes README.md (hashing it like every other file). */
  write(path: string, text: string): Promise<void>;
}

/**
 * [X13] Writes README.md, the dataset card, once every other file (media included) is written: the items
 * the format skipped are taken out of the streamed counts (one query per 500 of them), the card input is
 * gathered, and the Manifest lists every other file with its bytes and SHA-256 in the job's order.
 * @example await writeCardFile({ db, quality, exportId, projectId, request, collector, result, notBuilt: 0, files: sink.entries, write });
 */
export async function writeCardFile(options: CardFileOptions): Promise<void> {
  const { db, collector, projectId } = options;
  const refused = [...new Set(options.result.skipped.map((s) => s.itemId))];
  for (let i = 0; i < refused.length; i += 500) {
    const chunk = refused.slice(i, i + 500);
    const [rows, agreements] = await Promise.all([
      db.select({ id: items.id, externalId: items.externalId, tags: items.tags }).from(items).where(inArray(items.id, chunk)),
      itemAgreements(db, projectId, chunk),
    ]);
    for (const row of rows) collector.remove(splitOf(projectId, row.externalId, options.request.splits), row.tags, (agreements.get(row.id) ?? null) !== null);
  }
  const files = options.files().sort((a, b) => a.path.localeCompare(b.path));
  const input = await gatherCardInput({
    db,
    quality: options.quality,
    exportId: options.exportId,
    projectId,
    request: options.request,
    counts: collector.counts(),
    rowsBySplit: options.result.rowsBySplit,
    files,
    notBuilt: options.notBuilt,
    formatSkipped: { items: refused.length, lines: options.result.skipped.length },
  });
  await options.write(cardPath, datasetCard(input));
}
