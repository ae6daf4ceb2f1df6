import { assignments, disputes, items, type Db } from '@concord/db';
import { itemStates, type QueueCounts } from '@concord/protocol';
import { and, count, eq } from 'drizzle-orm';

/** Items per state, annotations waiting for a reviewer and open disputes of a project. */
export async function queueCounts(db: Db, projectId: string): Promise<QueueCounts> {
  const [perState, [waiting], [open]] = await Promise.all([
    db.select({ state: items.state, n: count() }).from(items).where(eq(items.projectId, projectId)).groupBy(items.state),
    db.select({ n: count() }).from(assignments).where(and(eq(assignments.projectId, projectId), eq(assignments.state, 'submitted'))),
    db.select({ n: count() }).from(disputes).where(and(eq(disputes.projectId, projectId), eq(disputes.state, 'open'))),
  ]);
  const byState = Object.fromEntries(itemStates.map((s) => [s, 0])) as QueueCounts['byState'];
  for (const row of perState) byState[row.state] = row.n;
  return { projectId, byState, awaitingReview: waiting?.n ?? 0, openDisputes: open?.n ?? 0 };
}
