import { assignments, items, type Db } from '@concord/db';
import type { ExportRequest } from '@concord/protocol';
import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';

/** The item columns an export reads. */
export interface SelectedItem {
  id: string;
  externalId: string;
  tags: string[];
  gold: unknown;
  state: string;
  finalDocumentId: string | null;
}

/** Assignment states that mean the annotator handed the work in. */
export const handedIn = ['submitted', 'in_review', 'accepted'] as const;

/** The WHERE of an export's selection [X1]: project, states, slices (any tag), date range, annotators, gold. */
export function selectionWhere(projectId: string, filters: ExportRequest['filters']): SQL {
  const conditions: SQL[] = [eq(items.projectId, projectId), inArray(items.state, filters.states), isNull(items.erasedAt)];
  if (filters.slices.length > 0) {
    conditions.push(sql`${items.tags} ?| array[${sql.join(filters.slices.map((s) => sql`${s}`), sql`, `)}]::text[]`);
  }
  if (filters.from) conditions.push(gte(items.stateChangedAt, new Date(filters.from)));
  if (filters.to) conditions.push(lte(items.stateChangedAt, new Date(filters.to)));
  if (filters.annotators.length > 0) {
    conditions.push(
      sql`exists (select 1 from ${assignments} where ${assignments.itemId} = ${items.id} and ${assignments.kind} = 'work' and ${inArray(assignments.userId, filters.annotators)} and ${inArray(assignments.state, [...handedIn])})`,
    );
  }
  if (filters.gold === 'only') conditions.push(isNotNull(items.gold));
  if (filters.gold === 'exclude') conditions.push(isNull(items.gold));
  return and(...conditions)!;
}

/** How many items the selection holds (itemsTotal) [X2]. */
export async function countSelection(db: Db, where: SQL): Promise<number> {
  const [row] = await db.select({ n: count() }).from(items).where(where);
  return Number(row?.n ?? 0);
}

/**
 * The selected items in pages of `pageSize`, by id (keyset: each page starts after the last id of the
 * previous one), so no query ever holds the whole selection [X2].
 * @example for await (const page of selectPages(db, where, 500)) handle(page);
 */
export async function* selectPages(db: Db, where: SQL, pageSize: number): AsyncGenerator<SelectedItem[]> {
  let after: string | null = null;
  for (;;) {
    const rows: SelectedItem[] = await db
      .select({ id: items.id, externalId: items.externalId, tags: items.tags, gold: items.gold, state: items.state, finalDocumentId: items.finalDocumentId })
      .from(items)
      .where(after === null ? where : and(where, gt(items.id, after)))
      .orderBy(asc(items.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
