import { assignments, items } from '@concord/db';
import type { AssignmentState, Task } from '@concord/protocol';
import { and, asc, desc, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { candidateFilter, goldCandidates, queuePause, servesGold, type QueuePause } from '../quality/queue-rules.ts';
import { resumeWork } from './assignments.ts';
import { claimItem } from './claim.ts';
import type { ProjectWorkflow, WorkflowDeps } from './context.ts';
import { claimGoldCheck } from './gold-check.ts';
import type { Outbox } from './outbox.ts';
import { openItemStates } from './slots.ts';
import { loadTask, selectTaskRows, taskJson } from './task.ts';

const candidateBatch = 20;

/**
 * The caller's next task [Q1]: their own in-progress work (resumed with a lease), then their returned
 * work, else a slot of the oldest open item they have no assignment on and whose slots are not all
 * held [Q2]. With the quality settings, that new item is a gold item at `goldRatePercent` [G2] (the normal
 * queue when none is left): a slot of it when it has one, else a gold check outside its slots [W19], and a flagged annotator gets no item of a flagged slice, or only gold items
 * under a `*` flag [F3] (quality/SPEC.md). Null when nothing is left; `again` when lapsed work of theirs had lost its slot and was
 * expired: commit that and ask again in a new transaction (it audited, and the audit chain's lock is
 * taken after every row lock, never before one). Concurrent calls of one user are serialised, so a
 * double click resumes the same work instead of taking two items.
 */
export async function nextTask(
  tx: DbOrTx,
  deps: WorkflowDeps,
  project: ProjectWorkflow,
  userId: string,
  outbox: Outbox,
): Promise<Task | null | 'again'> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`queue:${project.projectId}:${userId}`}, 0))`);
  const own = await tx
    .select({ id: assignments.id, state: assignments.state })
    .from(assignments)
    .where(and(eq(assignments.projectId, project.projectId), eq(assignments.userId, userId), inArray(assignments.state, ['in_progress', 'returned'])))
    .orderBy(sql`case when ${assignments.state} = 'in_progress' then 0 else 1 end`, asc(assignments.createdAt));
  const [first] = own;
  if (first) {
    const now = Date.now();
    const resumed = await resumeWork(tx, deps, project, { assignmentId: first.id, userId, now, revive: false }, outbox);
    return resumed ? loadTask(tx, first.id, now) : 'again';
  }

  const pause = await queuePause(tx, project, userId);
  if (await servesGold(tx, project, userId, pause)) {
    const gold = await serveGold(tx, deps, project, userId, pause, outbox);
    if (gold || pause.kind === 'all') return gold;
  }
  return claimFirst(tx, deps, project, userId, candidateFilter({ gold: false, pause }), outbox);
}

/**
 * [G2] The oldest gold item the user never had: a slot of it when it is open with one free [Q2], else a
 * gold check outside its slots, whatever its state and overlap [W19]. Null when no gold item is left.
 */
async function serveGold(tx: DbOrTx, deps: WorkflowDeps, project: ProjectWorkflow, userId: string, pause: QueuePause, outbox: Outbox): Promise<Task | null> {
  const tried: string[] = [];
  for (;;) {
    const candidates = await goldCandidates(tx, project, { userId, pause, tried, limit: candidateBatch });
    if (candidates.length === 0) return null;
    for (const itemId of candidates) {
      const now = Date.now();
      const claimed = await claimItem(tx, deps, project, { itemId, userId, actorId: userId, assignedBy: null, lease: true, revive: false, now }, outbox);
      if ('assignmentId' in claimed) return loadTask(tx, claimed.assignmentId, now);
      const checked = claimed.reason === 'mine' ? null : await claimGoldCheck(tx, deps, project, { itemId, userId, now });
      if (checked) return loadTask(tx, checked.assignmentId, now);
      tried.push(itemId);
    }
  }
}

/** Claims a slot of the first open candidate (matching `filter`) that still has one [Q2]; null when none does. */
async function claimFirst(tx: DbOrTx, deps: WorkflowDeps, project: ProjectWorkflow, userId: string, filter: SQL | undefined, outbox: Outbox): Promise<Task | null> {
  const tried: string[] = [];
  for (;;) {
    const now = Date.now();
    const candidates = await openCandidates(tx, project, { userId, tried, now, filter });
    if (candidates.length === 0) return null;
    for (const itemId of candidates) {
      const claimed = await claimItem(tx, deps, project, { itemId, userId, actorId: userId, assignedBy: null, lease: true, revive: false, now }, outbox);
      if ('assignmentId' in claimed) return loadTask(tx, claimed.assignmentId, now);
      tried.push(itemId);
    }
  }
}

/** Open items of the project, oldest first, that the user has no assignment on and that have a free slot (as last committed; gold checks hold none [W19]). */
async function openCandidates(tx: DbOrTx, project: ProjectWorkflow, input: { userId: string; tried: string[]; now: number; filter: SQL | undefined }): Promise<string[]> {
  const { userId, tried, now } = input;
  const at = new Date(now).toISOString();
  const holders = sql`(select count(*) from "assignments" a where a.item_id = ${items.id} and a.kind = 'work' and (a.state in ('submitted', 'in_review', 'returned', 'accepted') or (a.state = 'in_progress' and (a.lease_expires_at is null or a.lease_expires_at > ${at}::timestamptz))))`;
  const rows = await tx
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.projectId, project.projectId),
        inArray(items.state, [...openItemStates]),
        isNull(items.erasedAt),
        sql`not exists (select 1 from "assignments" a where a.item_id = ${items.id} and a.user_id = ${userId})`,
        sql`${holders} < ${project.settings.overlap}`,
        tried.length > 0 ? notInArray(items.id, tried) : undefined,
        input.filter,
      ),
    )
    .orderBy(asc(items.createdAt), asc(items.id))
    .limit(candidateBatch);
  return rows.map((r) => r.id);
}

/** The caller's own tasks in a project, most recently changed first, optionally of one state. */
export async function listTasks(tx: DbOrTx, input: { projectId: string; userId: string; state?: AssignmentState }): Promise<Task[]> {
  const rows = await selectTaskRows(
    tx,
    and(eq(assignments.projectId, input.projectId), eq(assignments.userId, input.userId), input.state ? eq(assignments.state, input.state) : undefined),
  )
    .orderBy(desc(assignments.updatedAt), desc(assignments.id))
    .limit(500);
  const now = Date.now();
  return rows.map((row) => taskJson(row, now));
}
