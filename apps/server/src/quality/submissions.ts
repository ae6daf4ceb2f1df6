import type { Observation, PreferenceSignals, Submission } from '@concord/agreement';
import { annotationObservations, users } from '@concord/db';
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';

/** Submissions of a project's queue work and the names of their annotators. */
export interface LoadedSubmissions {
  submissions: Submission[];
  /** userId → display name. */
  names: Record<string, string>;
}

/**
 * The observed queue work of a project submitted in [from, to] [R1], as the report engine takes it.
 * Calibration answers are left out: they never count in the project's agreement [C4]. With `itemsOf`,
 * only items that user annotated (what their standing depends on [F1]).
 * @example const { submissions, names } = await loadSubmissions(db, { projectId, from, to });
 */
export async function loadSubmissions(db: DbOrTx, input: { projectId: string; from: Date; to: Date; itemsOf?: string }): Promise<LoadedSubmissions> {
  const o = annotationObservations;
  const rows = await db
    .select({
      itemId: o.itemId,
      userId: o.userId,
      name: users.name,
      slices: o.slices,
      submittedAt: o.submittedAt,
      seconds: o.seconds,
      observations: o.observations,
      signals: o.signals,
      goldScore: o.goldScore,
    })
    .from(o)
    .innerJoin(users, eq(users.id, o.userId))
    .where(
      and(
        eq(o.projectId, input.projectId),
        eq(o.source, 'work'),
        gte(o.submittedAt, input.from),
        lte(o.submittedAt, input.to),
        input.itemsOf
          ? inArray(o.itemId, sql`(select "item_id" from "annotation_observations" where "project_id" = ${input.projectId} and "user_id" = ${input.itemsOf} and "source" = 'work')`)
          : undefined,
      ),
    )
    .orderBy(o.submittedAt, o.id);
  const names: Record<string, string> = {};
  const submissions = rows.map((r): Submission => {
    names[r.userId] = r.name;
    return {
      itemId: r.itemId,
      raterId: r.userId,
      slices: r.slices,
      submittedAt: r.submittedAt.getTime(),
      seconds: r.seconds,
      observations: r.observations as Observation[],
      signals: (r.signals as PreferenceSignals | null) ?? null,
      goldScore: r.goldScore,
    };
  });
  return { submissions, names };
}

/** The window of a report or a standing: `windowDays` back from `to` unless `from` is given. */
export function qualityWindow(input: { windowDays: number; from?: Date; to?: Date; now: number }): { from: Date; to: Date } {
  const to = input.to ?? new Date(input.now);
  const from = input.from ?? new Date(to.getTime() - input.windowDays * 24 * 60 * 60 * 1000);
  return { from, to };
}
