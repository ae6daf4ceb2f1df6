import { assignments, disputes, items, projects, type Db } from '@concord/db';
import { itemStates, workflowSettingsSchema, type QueueCounts } from '@concord/protocol';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';

/**
 * Items per state, annotations waiting for a reviewer (never a gold check [W19]) and open disputes of a project. With review off
 * nothing waits for a reviewer; with it on, a submitted annotation of an item already decided (QA,
 * validated, accepted, rejected) does not either.
 */
export async function queueCounts(db: Db, projectId: string): Promise<QueueCounts> {
  const [perState, [waiting], [open], [project]] = await Promise.all([
    db.select({ state: items.state, n: count() }).from(items).where(and(eq(items.projectId, projectId), isNull(items.erasedAt))).groupBy(items.state),
    db
      .select({ n: count() })
      .from(assignments)
      .innerJoin(items, eq(items.id, assignments.itemId))
      .where(
        and(
          eq(assignments.projectId, projectId),
          eq(assignments.kind, 'work'),
          eq(assignments.state, 'submitted'),
          inArray(items.state, ['in_progress', 'submitted', 'in_review']),
        ),
      ),
    db.select({ n: count() }).from(disputes).where(and(eq(disputes.projectId, projectId), eq(disputes.state, 'open'))),
    db.select({ workflow: projects.workflow }).from(projects).where(eq(projects.id, projectId)),
  ]);
  const byState = Object.fromEntries(itemStates.map((s) => [s, 0])) as QueueCounts['byState'];
  for (const row of perState) byState[row.state] = row.n;
  const review = workflowSettingsSchema.parse(project?.workflow ?? {}).review;
  return { projectId, byState, awaitingReview: review ? (waiting?.n ?? 0) : 0, openDisputes: open?.n ?? 0 };
}
