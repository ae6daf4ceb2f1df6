import type { Observation } from '@concord/agreement';
import { annotationObservations, calibrationParticipants, calibrationSessions, items } from '@concord/db';
import type { CalibrationResult } from '@concord/protocol';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append.ts';
import type { DbOrTx } from '../../audit/types.ts';
import { loadProjectWorkflow } from '../../workflow/context.ts';
import type { Outbox } from '../../workflow/outbox.ts';
import { wrongState } from '../../workflow/refusals.ts';
import { clearFlags } from '../flags.ts';
import { sessionDocumentIds } from './access.ts';
import { calibrationResults } from './results.ts';
import { announce, currentItemOf, loadSession, participantsOf, type SessionRow } from './sessions.ts';

/**
 * Moves a live session to its next item, unrevealed [C6]; 409 on the last item (end it instead). The
 * documents of the item left and of the new current item re-check their access (B5). Audited
 * `calibration.next`; `calibration:changed` goes out.
 */
export async function nextItem(tx: DbOrTx, input: { sessionId: string; actorId: string }, outbox: Outbox): Promise<SessionRow> {
  const row = await loadSession(tx, input.sessionId, { lock: true });
  const from = currentItemOf(row);
  if (!from) throw wrongState('The session is not live.', row.state);
  if (row.currentIndex + 1 >= row.itemIds.length) throw wrongState('This is the last item: end the session.', row.state);
  const [moved] = await tx
    .update(calibrationSessions)
    .set({ currentIndex: row.currentIndex + 1, revealed: false })
    .where(eq(calibrationSessions.id, row.id))
    .returning();
  await appendAudit(tx, {
    projectId: row.projectId,
    actorId: input.actorId,
    action: 'calibration.next',
    subjectType: 'calibration',
    subjectId: row.id,
    before: { currentIndex: row.currentIndex, revealed: row.revealed },
    after: { currentIndex: moved!.currentIndex },
  });
  for (const itemId of [from, currentItemOf(moved!)!]) {
    for (const documentId of await sessionDocumentIds(tx, row.id, itemId)) outbox.documentsChanged.add(documentId);
  }
  await announce(tx, moved!, outbox);
  return moved!;
}

/**
 * Ends a session (live or still a draft) [C6] [C7]: each participant's result (calibrationResults over
 * their submitted answers' observations) is stored on their participant row; a pass clears their open
 * flags in the project (clearFlags by the session, audited, `quality:flag` sent) and lists them in
 * `clearedFlags`. Every session document turns read-only (B5). Audited `calibration.ended` with the
 * results; `calibration:changed` goes out.
 */
export async function endSession(tx: DbOrTx, input: { sessionId: string; actorId: string }, outbox: Outbox): Promise<SessionRow> {
  const row = await loadSession(tx, input.sessionId, { lock: true });
  if (row.state === 'ended') throw wrongState('The session has ended already.', row.state);
  const project = await loadProjectWorkflow(tx, row.projectId);
  const participants = await participantsOf(tx, row.id);
  const observed = await tx
    .select({ userId: annotationObservations.userId, itemId: annotationObservations.itemId, observations: annotationObservations.observations, goldScore: annotationObservations.goldScore })
    .from(annotationObservations)
    .where(and(eq(annotationObservations.source, 'calibration'), eq(annotationObservations.calibrationId, row.id)));
  const withGold = await tx
    .select({ id: items.id })
    .from(items)
    .where(and(inArray(items.id, row.itemIds), isNotNull(items.gold)));
  const results = calibrationResults({
    participants,
    answers: observed.map((o) => ({ ...o, observations: o.observations as Observation[] })),
    passThreshold: row.passThreshold,
    agreementThreshold: project.settings.quality.agreementThreshold,
    sessionHasGold: withGold.length > 0,
  });
  const stored: CalibrationResult[] = [];
  for (const result of results) {
    const cleared = result.passed
      ? await clearFlags(tx, { projectId: row.projectId, userId: result.userId, by: { sessionId: row.id, actorId: input.actorId }, note: `Passed calibration: ${row.title}` }, outbox)
      : [];
    const final = { ...result, clearedFlags: cleared.map((f) => f.id) };
    stored.push(final);
    await tx
      .update(calibrationParticipants)
      .set({ result: final })
      .where(and(eq(calibrationParticipants.sessionId, row.id), eq(calibrationParticipants.userId, result.userId)));
  }
  const [ended] = await tx
    .update(calibrationSessions)
    .set({ state: 'ended', revealed: true, endedAt: new Date() })
    .where(eq(calibrationSessions.id, row.id))
    .returning();
  await appendAudit(tx, {
    projectId: row.projectId,
    actorId: input.actorId,
    action: 'calibration.ended',
    subjectType: 'calibration',
    subjectId: row.id,
    before: { state: row.state },
    after: { state: 'ended' },
    detail: { results: stored.map((r) => ({ userId: r.userId, items: r.items, agreement: r.agreement, accuracy: r.accuracy, passed: r.passed, clearedFlags: r.clearedFlags })) },
    configVersion: project.configVersion,
  });
  for (const documentId of await sessionDocumentIds(tx, row.id)) outbox.documentsChanged.add(documentId);
  await announce(tx, ended!, outbox);
  return ended!;
}
