import { createHash } from 'node:crypto';
import { assignments, items, qualityFlags } from '@concord/db';
import { and, asc, count, eq, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import type { ProjectWorkflow } from '../workflow/context.ts';

/**
 * Whether this claim serves a gold item [G2]: a draw at `goldRatePercent`, seeded by the user id and how
 * many claims they made in the project, so the same history gives the same answer (tests are
 * deterministic) while different annotators see gold at different moments.
 * @example goldDraw({ userId: 'usr_a…', claims: 3, ratePercent: 100 }) // true
 */
export function goldDraw(input: { userId: string; claims: number; ratePercent: number }): boolean {
  if (input.ratePercent <= 0) return false;
  if (input.ratePercent >= 100) return true;
  const digest = createHash('sha256').update(`gold:${input.userId}:${input.claims}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100 < input.ratePercent;
}

/** What the queue may give an annotator [F3]: everything, everything but some slices, or gold items only (a `*` flag). */
export type QueuePause = { kind: 'none' } | { kind: 'slices'; slices: string[] } | { kind: 'all' };

/** [F3] The annotator's open flags as a pause of the queue, when the project pauses flagged annotators. */
export async function queuePause(tx: DbOrTx, project: ProjectWorkflow, userId: string): Promise<QueuePause> {
  if (!project.settings.quality.pauseFlagged) return { kind: 'none' };
  const rows = await tx
    .selectDistinct({ slice: qualityFlags.slice })
    .from(qualityFlags)
    .where(and(eq(qualityFlags.projectId, project.projectId), eq(qualityFlags.userId, userId), eq(qualityFlags.state, 'open')));
  if (rows.length === 0) return { kind: 'none' };
  if (rows.some((r) => r.slice === '*')) return { kind: 'all' };
  return { kind: 'slices', slices: rows.map((r) => r.slice) };
}

/**
 * [G2] Whether this `next` serves gold: always while everything else is paused [F3], else by
 * {@link goldDraw} over the number of items the user claimed in the project so far.
 */
export async function servesGold(tx: DbOrTx, project: ProjectWorkflow, userId: string, pause: QueuePause): Promise<boolean> {
  if (pause.kind === 'all') return true;
  const ratePercent = project.settings.quality.goldRatePercent;
  if (ratePercent <= 0) return false;
  const [row] = await tx
    .select({ n: count() })
    .from(assignments)
    .where(and(eq(assignments.projectId, project.projectId), eq(assignments.userId, userId)));
  return goldDraw({ userId, claims: Number(row?.n ?? 0), ratePercent });
}

/**
 * [G2] The project's gold items the user never had an assignment on (of any kind: (item, user) is
 * unique, so nobody is measured twice on one item), oldest first, whatever their state and overlap,
 * leaving out `tried` and items of a paused slice [F3]. One batch of at most `limit`.
 */
export async function goldCandidates(
  tx: DbOrTx,
  project: ProjectWorkflow,
  input: { userId: string; pause: QueuePause; tried: readonly string[]; limit: number },
): Promise<string[]> {
  const rows = await tx
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.projectId, project.projectId),
        sql`not exists (select 1 from "assignments" a where a.item_id = ${items.id} and a.user_id = ${input.userId})`,
        input.tried.length > 0 ? notInArray(items.id, [...input.tried]) : undefined,
        candidateFilter({ gold: true, pause: input.pause }),
      ),
    )
    .orderBy(asc(items.createdAt), asc(items.id))
    .limit(input.limit);
  return rows.map((r) => r.id);
}

/**
 * Conditions on `items` (SQL over the `items` table) for the queue's candidates: gold items only, and
 * no item carrying a paused slice [F3].
 */
export function candidateFilter(input: { gold: boolean; pause: QueuePause }): SQL | undefined {
  const parts: SQL[] = [];
  if (input.gold) parts.push(sql`"items"."gold" is not null`);
  if (input.pause.kind === 'slices') {
    const carries = input.pause.slices.map((slice) => sql`"items"."tags" @> ${JSON.stringify([slice])}::jsonb`);
    parts.push(sql`not (${sql.join(carries, sql` or `)})`);
  }
  return parts.length > 0 ? and(...parts) : undefined;
}
