import { assignments, auditLog, users, type Db } from '@concord/db';
import type { WorkflowOverview } from '@concord/protocol';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { chainOf } from '../audit/chain.ts';
import { queueCounts } from './counts.ts';

const days = 30;
const dayMs = 86_400_000;

/**
 * The manager's overview of a project: queue counts; per UTC day of the last 30, annotations submitted
 * (assignments.submitted_at, the latest submission of each) and items accepted (the audit log's
 * `item.state` entries into `accepted`); and per annotator their work in progress, submitted (ever),
 * accepted and returned. Gold checks are no work on items: they count nowhere here [W19] (their numbers
 * are the quality report's gold accuracy).
 */
export async function workflowOverview(db: Db, projectId: string, now = new Date()): Promise<WorkflowOverview> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = new Date(today - (days - 1) * dayMs);
  const submittedDay = sql<string>`to_char(${assignments.submittedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const acceptedDay = sql<string>`substr(${auditLog.at}, 1, 10)`;
  const n = sql<number>`count(*)::int`;
  const state = (s: string) => sql<number>`(count(*) filter (where ${assignments.state} = ${s}))::int`;
  const [counts, submitted, accepted, people] = await Promise.all([
    queueCounts(db, projectId),
    db
      .select({ day: submittedDay, n })
      .from(assignments)
      .where(and(eq(assignments.projectId, projectId), eq(assignments.kind, 'work'), gte(assignments.submittedAt, start)))
      .groupBy(submittedDay),
    db
      .select({ day: acceptedDay, n })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.chain, chainOf(projectId)),
          eq(auditLog.action, 'item.state'),
          sql`${auditLog.after}->>'state' = 'accepted'`,
          gte(auditLog.at, start.toISOString()),
        ),
      )
      .groupBy(acceptedDay),
    db
      .select({
        userId: assignments.userId,
        name: users.name,
        inProgress: state('in_progress'),
        submitted: sql<number>`(count(*) filter (where ${assignments.submittedAt} is not null))::int`,
        accepted: state('accepted'),
        returned: state('returned'),
      })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.userId))
      .where(and(eq(assignments.projectId, projectId), eq(assignments.kind, 'work')))
      .groupBy(assignments.userId, users.name)
      .orderBy(asc(users.name), asc(assignments.userId)),
  ]);
  const submittedBy = new Map(submitted.map((r) => [r.day, Number(r.n)]));
  const acceptedBy = new Map(accepted.map((r) => [r.day, Number(r.n)]));
  const throughput = Array.from({ length: days }, (_, i) => {
    const day = new Date(start.getTime() + i * dayMs).toISOString().slice(0, 10);
    return { day, submitted: submittedBy.get(day) ?? 0, accepted: acceptedBy.get(day) ?? 0 };
  });
  return {
    counts,
    throughput,
    perAnnotator: people.map((p) => ({
      userId: p.userId,
      name: p.name,
      inProgress: Number(p.inProgress),
      submitted: Number(p.submitted),
      accepted: Number(p.accepted),
      returned: Number(p.returned),
    })),
  };
}
