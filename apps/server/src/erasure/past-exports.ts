import { exportItems, exports } from '@concord/db';
import type { ErasureExport } from '@concord/protocol';
import { desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';

/**
 * The past exports holding any of the items an `export_items` subquery or id list names, newest first
 * [GD7]: the exports to regenerate after an erasure. Exports that failed count too (they may have left
 * files behind).
 * @example await pastExports(tx, [itemId]) // [{ id: 'exp_…', format: 'jsonl', createdAt: '…' }]
 */
export async function pastExports(tx: DbOrTx, items: readonly string[] | SQL): Promise<ErasureExport[]> {
  if (Array.isArray(items) && items.length === 0) return [];
  const rows = await tx
    .selectDistinct({ id: exports.id, format: exports.format, createdAt: exports.createdAt })
    .from(exports)
    .innerJoin(exportItems, eq(exportItems.exportId, exports.id))
    .where(inArray(exportItems.itemId, items as string[] | SQL))
    .orderBy(desc(exports.createdAt), desc(exports.id));
  return rows.map((r) => ({ id: r.id, format: r.format, createdAt: r.createdAt.toISOString() }));
}
