import { calibrationAnswers, calibrationItems, calibrationParticipants, calibrationSessions, users } from '@concord/db';
import { isId, type CalibrationEvent, type CalibrationResult, type CalibrationSessionView } from '@concord/protocol';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../audit/types.ts';
import { notFound } from '../../errors.ts';
import type { Outbox } from '../../workflow/outbox.ts';

/** A session row. */
export type SessionRow = typeof calibrationSessions.$inferSelect;

/**
 * A session by id, locked for the rest of the transaction with `lock` (every change to a session takes
 * its row first, so answers, reveal and moving on are serialised). Unknown ids are a 404.
 */
export async function loadSession(tx: DbOrTx, sessionId: string, options: { lock?: boolean } = {}): Promise<SessionRow> {
  if (!isId('calibration', sessionId)) throw notFound('Calibration session');
  const query = tx.select().from(calibrationSessions).where(eq(calibrationSessions.id, sessionId));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Calibration session');
  return row;
}

/** The session's participants with their names and stored results, in the order they were invited. */
export async function participantsOf(tx: DbOrTx, sessionId: string): Promise<{ userId: string; name: string; result: CalibrationResult | null }[]> {
  const rows = await tx
    .select({ userId: calibrationParticipants.userId, name: users.name, result: calibrationParticipants.result })
    .from(calibrationParticipants)
    .innerJoin(users, eq(users.id, calibrationParticipants.userId))
    .where(eq(calibrationParticipants.sessionId, sessionId))
    .orderBy(asc(calibrationParticipants.invitedAt), asc(users.name));
  return rows.map((r) => ({ userId: r.userId, name: r.name, result: (r.result as CalibrationResult | null) ?? null }));
}

/** The current item's id, or null before start and after end. */
export const currentItemOf = (row: SessionRow): string | null => (row.state === 'live' ? (row.itemIds[row.currentIndex] ?? null) : null);

/** Who answered the current item (never what) [C3]. */
export async function answeredNow(tx: DbOrTx, row: SessionRow): Promise<string[]> {
  const itemId = currentItemOf(row);
  if (!itemId) return [];
  const rows = await tx
    .select({ userId: calibrationAnswers.userId })
    .from(calibrationAnswers)
    .where(and(eq(calibrationAnswers.sessionId, row.id), eq(calibrationAnswers.itemId, itemId), isNotNull(calibrationAnswers.submittedAt)));
  return rows.map((r) => r.userId);
}

/**
 * The session as `viewerId` sees it [C3]: who answered the current item, never what; their own answer
 * document and the current item's notes document (null when they may not open it yet).
 */
export async function sessionView(tx: DbOrTx, row: SessionRow, viewerId: string, online: ReadonlySet<string> = new Set()): Promise<CalibrationSessionView> {
  const itemId = currentItemOf(row);
  // One after another: `tx` may be a transaction, one connection that runs one query at a time.
  const participants = await participantsOf(tx, row.id);
  const answered = await answeredNow(tx, row);
  const mine = itemId
    ? await tx
        .select({ documentId: calibrationAnswers.documentId })
        .from(calibrationAnswers)
        .where(and(eq(calibrationAnswers.sessionId, row.id), eq(calibrationAnswers.itemId, itemId), eq(calibrationAnswers.userId, viewerId)))
    : [];
  const item = itemId
    ? await tx
        .select({ notes: calibrationItems.notesDocumentId })
        .from(calibrationItems)
        .where(and(eq(calibrationItems.sessionId, row.id), eq(calibrationItems.itemId, itemId)))
    : [];
  const trainer = row.trainerId === viewerId;
  const notesOpen = trainer || row.revealed;
  return {
    id: row.id,
    projectId: row.projectId,
    title: row.title,
    trainerId: row.trainerId ?? '',
    state: row.state,
    itemIds: row.itemIds,
    currentIndex: row.currentIndex,
    currentItemId: itemId,
    revealed: row.revealed,
    myDocumentId: mine[0]?.documentId ?? null,
    notesDocumentId: notesOpen ? (item[0]?.notes ?? null) : null,
    participants: participants.map((p) => ({ userId: p.userId, name: p.name, answered: answered.includes(p.userId), online: online.has(p.userId) })),
    passThreshold: row.passThreshold,
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/**
 * Queues `calibration:changed` for the trainer and every participant [C6], sent after commit on every
 * instance (socket.io Redis adapter). It names who answered, never what.
 */
export async function announce(tx: DbOrTx, row: SessionRow, outbox: Outbox): Promise<void> {
  const event: CalibrationEvent = {
    sessionId: row.id,
    projectId: row.projectId,
    state: row.state,
    currentIndex: row.currentIndex,
    revealed: row.revealed,
    answered: await answeredNow(tx, row),
  };
  const people = new Set((await participantsOf(tx, row.id)).map((p) => p.userId));
  if (row.trainerId) people.add(row.trainerId);
  for (const userId of people) outbox.toUser(userId, 'calibration:changed', event);
}

/** Sessions of a project, newest first; with `onlyFor`, those that user takes part in or runs. */
export async function listSessions(tx: DbOrTx, projectId: string, onlyFor?: string): Promise<SessionRow[]> {
  const rows = await tx.select().from(calibrationSessions).where(eq(calibrationSessions.projectId, projectId)).orderBy(asc(calibrationSessions.createdAt));
  if (onlyFor === undefined) return rows.reverse();
  const mine = rows.length === 0 ? [] : await tx
    .select({ sessionId: calibrationParticipants.sessionId })
    .from(calibrationParticipants)
    .where(and(eq(calibrationParticipants.userId, onlyFor), inArray(calibrationParticipants.sessionId, rows.map((r) => r.id))));
  const ids = new Set(mine.map((m) => m.sessionId));
  return rows.filter((r) => ids.has(r.id) || r.trainerId === onlyFor).reverse();
}
