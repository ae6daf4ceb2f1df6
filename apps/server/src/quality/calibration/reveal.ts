import type { Observation } from '@concord/agreement';
import { findDisagreements, type AnnotationDoc } from '@concord/annotation-doc';
import { annotationObservations, calibrationAnswers, calibrationItems, calibrationSessions, users } from '@concord/db';
import type { CalibrationReveal } from '@concord/protocol';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append.ts';
import type { DbOrTx } from '../../audit/types.ts';
import { loadProjectWorkflow } from '../../workflow/context.ts';
import type { Outbox } from '../../workflow/outbox.ts';
import { wrongState } from '../../workflow/refusals.ts';
import { readStoredContent } from '../../workflow/stored-state.ts';
import { sessionDocumentIds } from './access.ts';
import { liveAgreement } from './agreement.ts';
import { answerObservationId } from './answer.ts';
import { announce, currentItemOf, loadSession, type SessionRow } from './sessions.ts';

/**
 * Reveals the current item [C5] (the trainer; allowed before everyone answered): its answer documents,
 * notes and gold document open to the trainer and participants (their sockets re-check, B5); audited
 * `calibration.revealed`; `calibration:changed` goes out. Revealing twice is a 409.
 */
export async function revealItem(tx: DbOrTx, input: { sessionId: string; actorId: string }, outbox: Outbox): Promise<SessionRow> {
  const row = await loadSession(tx, input.sessionId, { lock: true });
  const itemId = currentItemOf(row);
  if (!itemId) throw wrongState('The session is not live.', row.state);
  if (row.revealed) throw wrongState('This item is revealed already.', row.state);
  const [revealed] = await tx.update(calibrationSessions).set({ revealed: true }).where(eq(calibrationSessions.id, row.id)).returning();
  await appendAudit(tx, {
    projectId: row.projectId,
    actorId: input.actorId,
    action: 'calibration.revealed',
    subjectType: 'calibration',
    subjectId: row.id,
    detail: { itemId, position: row.currentIndex },
  });
  for (const documentId of await sessionDocumentIds(tx, row.id, itemId)) outbox.documentsChanged.add(documentId);
  await announce(tx, revealed!, outbox);
  return revealed!;
}

/** A disagreement's values by version id, when the rule recorded them. */
function valuesOf(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  const values = detail?.['values'];
  return values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
}

/**
 * The revealed current item [C5]: the submitted answers with their gold scores, the gold document, where
 * answers (and the gold answer) disagree under the project's dispute thresholds (findDisagreements, by
 * user id and `gold`), and the live agreement of the answers (liveAgreement). 409 before reveal.
 */
export async function revealView(tx: DbOrTx, row: SessionRow): Promise<CalibrationReveal> {
  const itemId = currentItemOf(row);
  if (!itemId || !row.revealed) throw wrongState('The current item is not revealed yet.', row.state);
  const project = await loadProjectWorkflow(tx, row.projectId);
  const answers = await tx
    .select({ userId: calibrationAnswers.userId, name: users.name, documentId: calibrationAnswers.documentId })
    .from(calibrationAnswers)
    .innerJoin(users, eq(users.id, calibrationAnswers.userId))
    .where(and(eq(calibrationAnswers.sessionId, row.id), eq(calibrationAnswers.itemId, itemId), isNotNull(calibrationAnswers.submittedAt)))
    .orderBy(asc(calibrationAnswers.submittedAt));
  const [placed] = await tx
    .select({ gold: calibrationItems.goldDocumentId })
    .from(calibrationItems)
    .where(and(eq(calibrationItems.sessionId, row.id), eq(calibrationItems.itemId, itemId)));
  const observed = answers.length === 0 ? [] : await tx
    .select({ id: annotationObservations.id, userId: annotationObservations.userId, observations: annotationObservations.observations, goldScore: annotationObservations.goldScore })
    .from(annotationObservations)
    .where(inArray(annotationObservations.id, answers.map((a) => answerObservationId(row.id, itemId, a.userId))));
  const byUser = new Map(observed.map((o) => [o.userId, o]));

  const versions: { id: string; doc: AnnotationDoc }[] = [];
  for (const a of answers) {
    const doc = await readStoredContent(tx, a.documentId);
    if (doc) versions.push({ id: a.userId, doc });
  }
  const goldDocumentId = placed?.gold ?? null;
  const goldDoc = goldDocumentId ? await readStoredContent(tx, goldDocumentId) : null;
  if (goldDoc) versions.push({ id: 'gold', doc: goldDoc });
  const { iou, rubricDelta, textSimilarity } = project.settings.disputes;
  const found = findDisagreements(project.taskType, versions, { iou, rubricDelta, textSimilarity });
  return {
    sessionId: row.id,
    itemId,
    answers: answers.map((a) => ({ ...a, goldScore: byUser.get(a.userId)?.goldScore ?? null })),
    goldDocumentId,
    disagreements: found.map((d) => {
      const values = valuesOf(d.detail);
      return { path: d.field, values: d.versions.map((id) => ({ userId: id, value: Object.hasOwn(values, id) ? values[id] : d.message })) };
    }),
    agreement: answers.length < 2 ? null : liveAgreement(answers.map((a) => ({ userId: a.userId, observations: (byUser.get(a.userId)?.observations ?? []) as Observation[] }))),
  };
}
