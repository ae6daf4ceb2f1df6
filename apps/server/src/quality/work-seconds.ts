import { auditLog } from '@concord/db';
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';

/** Longest time one annotation counts for [O2]: an editor left open overnight is not two hours of work. */
export const maxWorkSeconds = 2 * 60 * 60;

const starts = new Set(['assignment.taken', 'assignment.assigned', 'review.returned', 'qa.returned']);

/** One entry of an assignment's timeline, as {@link workSeconds} reads it. */
export interface TimelineEntry {
  action: string;
  at: string;
  detail: Record<string, unknown> | null;
}

/**
 * Seconds of work on an assignment [O2], from its audited timeline: each period from taking the work
 * (or having it assigned or returned) to submitting, releasing or losing the lease (an expiry ends the
 * period when the lease lapsed, not when someone noticed), summed up to `now` and capped at two hours.
 * Null when the timeline names no start.
 * @example workSeconds([{ action: 'assignment.taken', at: '2026-01-01T10:00:00Z', detail: null }], Date.parse('2026-01-01T10:01:30Z')) // 90
 */
export function workSeconds(timeline: readonly TimelineEntry[], now: number): number | null {
  let total = 0;
  let open: number | null = null;
  let started = false;
  for (const entry of timeline) {
    const at = Date.parse(entry.at);
    if (starts.has(entry.action)) {
      started = true;
      open ??= at;
      continue;
    }
    if (open === null) continue;
    if (entry.action === 'assignment.expired') {
      const lapsedAt = typeof entry.detail?.leaseExpiredAt === 'string' ? Date.parse(entry.detail.leaseExpiredAt) : at;
      total += Math.max(0, Math.min(lapsedAt, at) - open);
      open = null;
    } else if (entry.action === 'assignment.released' || entry.action === 'assignment.submitted') {
      total += Math.max(0, at - open);
      open = null;
    }
  }
  if (!started) return null;
  if (open !== null) total += Math.max(0, now - open);
  return Math.min(maxWorkSeconds, total / 1000);
}

/** The audited timeline of one assignment (its own entries and QA returns of its item), in chain order. */
export async function assignmentTimeline(tx: DbOrTx, input: { assignmentId: string; itemId: string }): Promise<TimelineEntry[]> {
  // The item index finds the item's entries; the assignment's are picked from them.
  const rows = await tx
    .select({ action: auditLog.action, subjectId: auditLog.subjectId, at: auditLog.at, detail: auditLog.detail })
    .from(auditLog)
    .where(eq(auditLog.itemId, input.itemId))
    .orderBy(asc(auditLog.seq));
  return rows
    .filter((r) => r.subjectId === input.assignmentId || r.action === 'qa.returned')
    .map((r) => ({ action: r.action, at: r.at, detail: (r.detail as Record<string, unknown> | null) ?? null }));
}
