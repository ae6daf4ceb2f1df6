import { observe, scoreAgainstGold } from '@concord/agreement';
import { displayOrder, viewerSeed, type AnnotationDoc, type ItemSeed, type Prelabel } from '@concord/annotation-doc';
import { annotationObservations, calibrationAnswers, documents, items } from '@concord/db';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append.ts';
import type { DbOrTx } from '../../audit/types.ts';
import { AppError, notFound } from '../../errors.ts';
import { problemsOf } from '../../workflow/complete.ts';
import { loadConfig, loadProjectWorkflow } from '../../workflow/context.ts';
import type { Outbox } from '../../workflow/outbox.ts';
import { wrongState } from '../../workflow/refusals.ts';
import { contentOf, readStoredState } from '../../workflow/stored-state.ts';
import { observeGold } from '../observations.ts';
import { announce, currentItemOf, loadSession, type SessionRow } from './sessions.ts';

/** The id of a calibration answer's observation row [C4]. */
export const answerObservationId = (sessionId: string, itemId: string, userId: string) => `${sessionId}:${itemId}:${userId}`;

/** Preference: the response ids in the order this participant was shown them (their display order, O3). */
function shownOrder(view: AnnotationDoc, viewer: { userId: string; documentId: string }): string[] | undefined {
  return view.taskType === 'preference' ? displayOrder(view.responses.map((r) => r.id), viewerSeed(viewer)) : undefined;
}

/**
 * Submits the caller's answer for the current item [C4]: only while the session is live, the item
 * unrevealed and the caller has not answered it yet (409 otherwise). The answer document's stored state
 * is validated under its configuration version (problems → 422, nothing changes), observed into
 * `annotation_observations` (source `calibration`, id `${sessionId}:${itemId}:${userId}`) and scored
 * against the gold answer when the item has one. The document turns read-only for its owner [B5];
 * `calibration:changed` names the caller as answered. Audited `calibration.answered`.
 */
export async function submitAnswer(tx: DbOrTx, input: { sessionId: string; userId: string }, outbox: Outbox): Promise<SessionRow> {
  const row = await loadSession(tx, input.sessionId, { lock: true });
  const itemId = currentItemOf(row);
  if (!itemId) throw wrongState('The session is not live.', row.state);
  if (row.revealed) throw wrongState('The answers to this item are revealed already.', row.state);
  const [answer] = await tx
    .select()
    .from(calibrationAnswers)
    .where(and(eq(calibrationAnswers.sessionId, row.id), eq(calibrationAnswers.itemId, itemId), eq(calibrationAnswers.userId, input.userId)));
  if (!answer) throw notFound('Calibration session');
  if (answer.submittedAt) throw new AppError(409, 'already_answered', 'You answered this item already.', { itemId });

  const project = await loadProjectWorkflow(tx, row.projectId);
  const state = await readStoredState(tx, answer.documentId);
  const problems = await problemsOf(tx, project, answer.documentId, state);
  if (problems.length > 0) throw new AppError(422, 'invalid_annotation', 'The answer does not pass validation: see details.problems.', { problems });
  const view = contentOf(state)!;
  const [doc] = await tx.select({ configVersion: documents.configVersion }).from(documents).where(eq(documents.id, answer.documentId));
  const configVersion = doc?.configVersion ?? project.configVersion;
  const config = await loadConfig(tx, project.projectId, project.taskType, configVersion);
  const observed = observe(view, { config, shownOrder: shownOrder(view, { userId: input.userId, documentId: answer.documentId }) });
  const [item] = await tx.select({ tags: items.tags, seed: items.seed, gold: items.gold }).from(items).where(eq(items.id, itemId));
  const gold = item?.gold
    ? scoreAgainstGold(
        observed.observations,
        observeGold({ taskType: project.taskType, itemId, configVersion, seed: item.seed as ItemSeed, gold: item.gold as Prelabel, config }),
      )
    : null;
  const now = new Date();
  const observation = {
    projectId: row.projectId,
    itemId,
    userId: input.userId,
    source: 'calibration' as const,
    calibrationId: row.id,
    taskType: project.taskType,
    slices: item?.tags ?? [],
    observations: observed.observations,
    signals: observed.signals,
    goldScore: gold?.score ?? null,
    goldFields: gold?.fields ?? null,
    seconds: null,
    configVersion,
    submittedAt: now,
  };
  await tx
    .insert(annotationObservations)
    .values({ id: answerObservationId(row.id, itemId, input.userId), ...observation })
    .onConflictDoUpdate({ target: annotationObservations.id, set: observation });
  await tx
    .update(calibrationAnswers)
    .set({ submittedAt: now })
    .where(and(eq(calibrationAnswers.sessionId, row.id), eq(calibrationAnswers.itemId, itemId), eq(calibrationAnswers.userId, input.userId)));
  await appendAudit(tx, {
    projectId: row.projectId,
    actorId: input.userId,
    action: 'calibration.answered',
    subjectType: 'calibration',
    subjectId: row.id,
    detail: { itemId, position: row.currentIndex, documentId: answer.documentId, goldScore: gold?.score ?? null },
    configVersion,
  });
  outbox.documentsChanged.add(answer.documentId);
  await announce(tx, row, outbox);
  return row;
}
