import type { Observation } from '@concord/agreement';
import { annotationObservations, type Db } from '@concord/db';
import { and, eq, inArray } from 'drizzle-orm';
import { liveAgreement, type ObservedAnswer } from '../quality/calibration/agreement.ts';

/** The metric of a row's `agreement` [X14]. */
export const rowAgreementMetric = 'percent_agreement';

/**
 * [X14] The agreement of each item of a page, in one query: the item's observed queue submissions
 * (`annotation_observations`, source `work`, one row per assignment) compared pairwise —
 * `liveAgreement` (percent agreement: per compared unit the share of agreeing pairs, then the mean over
 * units, the number a calibration reveal shows). Null for items with fewer than two submissions, and when
 * no unit was answered by two of them. Items without observations are absent from the map.
 * @example const byItem = await itemAgreements(db, projectId, page.map((i) => i.id)); byItem.get(itemId) ?? null;
 */
export async function itemAgreements(db: Db, projectId: string, itemIds: readonly string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (itemIds.length === 0) return out;
  const o = annotationObservations;
  const rows = await db
    .select({ itemId: o.itemId, userId: o.userId, observations: o.observations })
    .from(o)
    .where(and(eq(o.projectId, projectId), eq(o.source, 'work'), inArray(o.itemId, [...itemIds])));
  const byItem = new Map<string, ObservedAnswer[]>();
  for (const row of rows) {
    const answers = byItem.get(row.itemId) ?? [];
    answers.push({ userId: row.userId, observations: row.observations as Observation[] });
    byItem.set(row.itemId, answers);
  }
  for (const [itemId, answers] of byItem) out.set(itemId, answers.length < 2 ? null : liveAgreement(answers).value);
  return out;
}
