import { projectMembers, qualityFlags, users, type Db } from '@concord/db';
import { can, newId, projectRoles, type MetricName, type QualityFlag } from '@concord/protocol';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import type { Outbox } from '../workflow/outbox.ts';

/** What a flag is raised for: a number below its threshold on at least `minUnits` units [F1]. */
export interface FlagInput {
  projectId: string;
  userId: string;
  /** An item tag, or `*` for the whole project. */
  slice: string;
  reason: QualityFlag['reason'];
  metric: MetricName;
  value: number;
  threshold: number;
  units: number;
  /** The project configuration version in force (audit). */
  configVersion?: number | null;
}

/** Who cleared flags: a person by hand [F4], or a passed calibration session [C7] (its trainer as actor). */
export type ClearedBy = { userId: string } | { sessionId: string; actorId?: string | null };

const roleReadingQuality = projectRoles.filter((role) => can(role, 'quality.read'));

const flagColumns = {
  id: qualityFlags.id,
  projectId: qualityFlags.projectId,
  userId: qualityFlags.userId,
  userName: users.name,
  slice: qualityFlags.slice,
  reason: qualityFlags.reason,
  metric: qualityFlags.metric,
  value: qualityFlags.value,
  threshold: qualityFlags.threshold,
  units: qualityFlags.units,
  state: qualityFlags.state,
  raisedAt: qualityFlags.raisedAt,
  clearedAt: qualityFlags.clearedAt,
  clearedBySession: qualityFlags.clearedBySession,
  clearedBy: qualityFlags.clearedBy,
  clearNote: qualityFlags.clearNote,
};

type FlagRow = Omit<QualityFlag, 'metric' | 'raisedAt' | 'clearedAt'> & { metric: string; raisedAt: Date; clearedAt: Date | null };

function flagJson(row: FlagRow): QualityFlag {
  return {
    ...row,
    metric: row.metric as MetricName,
    raisedAt: row.raisedAt.toISOString(),
    clearedAt: row.clearedAt?.toISOString() ?? null,
  };
}

/** The audit record of a flag (metric, value, threshold, units) [F2]. */
function auditView(flag: QualityFlag) {
  return { userId: flag.userId, slice: flag.slice, reason: flag.reason, metric: flag.metric, value: flag.value, threshold: flag.threshold, units: flag.units, state: flag.state };
}

/**
 * Queues `quality:flag` for after commit to every member of the project whose role reads quality
 * (QA leads, trainers, managers), never to annotators or reviewers [F2]. Site admins who are not
 * members see flags through the API, not live.
 */
async function announce(tx: DbOrTx, flags: QualityFlag[], outbox: Outbox): Promise<void> {
  if (flags.length === 0) return;
  const projectId = flags[0]!.projectId;
  const readers = await tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), inArray(projectMembers.role, roleReadingQuality)));
  for (const flag of flags) {
    for (const reader of readers) outbox.toUser(reader.userId, 'quality:flag', { projectId, flag });
  }
}

async function loadFlags(tx: DbOrTx, ids: string[]): Promise<QualityFlag[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select(flagColumns).from(qualityFlags).innerJoin(users, eq(users.id, qualityFlags.userId)).where(inArray(qualityFlags.id, ids));
  return rows.map(flagJson);
}

/**
 * Raises a flag [F1] unless one is already open for (project, user, slice, reason): then nothing
 * changes and null is returned (idempotent; the open flag keeps the numbers it was raised with).
 * Audited as `quality.flag_raised` with metric, value, threshold and units, and `quality:flag` goes to
 * the project's quality readers after commit [F2]. Call inside the transaction that found the number.
 * @example await raiseFlag(tx, { projectId, userId, slice: 'safety', reason: 'agreement', metric: 'cohen_kappa', value: 0.4, threshold: 0.75, units: 12 }, outbox);
 */
export async function raiseFlag(tx: DbOrTx, input: FlagInput, outbox: Outbox): Promise<QualityFlag | null> {
  const id = newId('flag');
  const inserted = await tx
    .insert(qualityFlags)
    .values({
      id,
      projectId: input.projectId,
      userId: input.userId,
      slice: input.slice,
      reason: input.reason,
      metric: input.metric,
      value: input.value,
      threshold: input.threshold,
      units: input.units,
      state: 'open',
    })
    .onConflictDoNothing({ target: [qualityFlags.projectId, qualityFlags.userId, qualityFlags.slice, qualityFlags.reason], where: sql`state = 'open'` })
    .returning({ id: qualityFlags.id });
  if (inserted.length === 0) return null;
  const [flag] = await loadFlags(tx, [id]);
  await appendAudit(tx, {
    projectId: input.projectId,
    actorId: null,
    action: 'quality.flag_raised',
    subjectType: 'flag',
    subjectId: id,
    after: auditView(flag!),
    configVersion: input.configVersion ?? null,
  });
  await announce(tx, [flag!], outbox);
  return flag!;
}

/**
 * Clears a user's open flags in a project [F4] (all of them, or only `flagIds`), by hand or by a
 * passed calibration session [C7]: state `cleared`, who or which session, the note. Each is audited
 * as `quality.flag_cleared` and announced with `quality:flag` after commit [F2]. Returns the flags
 * it cleared (none when nothing was open).
 * @example const cleared = await clearFlags(tx, { projectId, userId, by: { sessionId }, note: 'passed calibration' }, outbox);
 */
export async function clearFlags(
  tx: DbOrTx,
  input: { projectId: string; userId: string; flagIds?: string[]; by: ClearedBy; note: string | null },
  outbox: Outbox,
): Promise<QualityFlag[]> {
  if (input.flagIds && input.flagIds.length === 0) return [];
  const bySession = 'sessionId' in input.by ? input.by.sessionId : null;
  const byUser = 'sessionId' in input.by ? null : input.by.userId;
  const cleared = await tx
    .update(qualityFlags)
    .set({ state: 'cleared', clearedAt: new Date(), clearedBy: byUser, clearedBySession: bySession, clearNote: input.note })
    .where(
      and(
        eq(qualityFlags.projectId, input.projectId),
        eq(qualityFlags.userId, input.userId),
        eq(qualityFlags.state, 'open'),
        input.flagIds ? inArray(qualityFlags.id, input.flagIds) : undefined,
      ),
    )
    .returning({ id: qualityFlags.id });
  const flags = await loadFlags(tx, cleared.map((r) => r.id));
  const actorId = 'sessionId' in input.by ? (input.by.actorId ?? null) : input.by.userId;
  for (const flag of flags) {
    await appendAudit(tx, {
      projectId: input.projectId,
      actorId,
      action: 'quality.flag_cleared',
      subjectType: 'flag',
      subjectId: flag.id,
      before: { state: 'open' },
      after: auditView(flag),
      detail: { clearedBySession: bySession, note: input.note },
    });
  }
  await announce(tx, flags, outbox);
  return flags;
}

/**
 * A project's flags, newest first, optionally of one state [F5] (`open`: who to enrol in calibration).
 * @example const open = await listFlags(db, projectId, { state: 'open' });
 */
export async function listFlags(db: DbOrTx | Db, projectId: string, options: { state?: QualityFlag['state']; userId?: string } = {}): Promise<QualityFlag[]> {
  const rows = await db
    .select(flagColumns)
    .from(qualityFlags)
    .innerJoin(users, eq(users.id, qualityFlags.userId))
    .where(
      and(
        eq(qualityFlags.projectId, projectId),
        options.state ? eq(qualityFlags.state, options.state) : undefined,
        options.userId ? eq(qualityFlags.userId, options.userId) : undefined,
      ),
    )
    .orderBy(desc(qualityFlags.raisedAt), desc(qualityFlags.id))
    .limit(1000);
  return rows.map(flagJson);
}

/** One flag of a project, or null (unknown id, or another project's). */
export async function findFlag(db: DbOrTx, projectId: string, flagId: string): Promise<QualityFlag | null> {
  const [row] = await db
    .select(flagColumns)
    .from(qualityFlags)
    .innerJoin(users, eq(users.id, qualityFlags.userId))
    .where(and(eq(qualityFlags.projectId, projectId), eq(qualityFlags.id, flagId)));
  return row ? flagJson(row) : null;
}
