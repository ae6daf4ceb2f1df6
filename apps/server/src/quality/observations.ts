import { observe, scoreAgainstGold, type Observation } from '@concord/agreement';
import { displayOrder, initDocument, readDoc, viewerSeed, type AnnotationDoc, type ItemSeed, type Prelabel, type ProjectConfig } from '@concord/annotation-doc';
import { annotationObservations, documents, documentUpdates, items } from '@concord/db';
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { namedDoc } from '../rooms/named-doc.ts';
import { loadConfig, type ProjectWorkflow } from '../workflow/context.ts';
import type { Outbox } from '../workflow/outbox.ts';
import { contentOf } from '../workflow/stored-state.ts';
import { updateStanding } from './standing.ts';
import { assignmentTimeline, workSeconds } from './work-seconds.ts';

/** A submission as the recorder takes it (the assignment row read under its lock by submit). */
export interface SubmittedWork {
  assignmentId: string;
  itemId: string;
  userId: string;
  documentId: string;
  /** The document's stored state as submitted. */
  state: Uint8Array;
  submittedAt: Date;
}

/**
 * Whether someone other than the submitter typed into a document [O1]: a collaborative item document
 * co-edited by several people is not an independent annotation. Updates of the server (import, models)
 * do not count as authors.
 */
async function coAuthored(tx: DbOrTx, documentId: string, userId: string): Promise<boolean> {
  const [other] = await tx
    .select({ userId: documentUpdates.userId })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.documentId, documentId), eq(documentUpdates.origin, 'client'), isNotNull(documentUpdates.userId), ne(documentUpdates.userId, userId)))
    .limit(1);
  return other !== undefined;
}

/**
 * The gold answer reduced like an annotation [O4]: a document built from the item's seed and the gold
 * pre-label (never stored, never shown to annotators), read and observed under the same configuration.
 */
export function observeGold(input: { taskType: ProjectWorkflow['taskType']; itemId: string; configVersion: number; seed: ItemSeed; gold: Prelabel; config: ProjectConfig }): Observation[] {
  const doc = namedDoc(`gold ${input.itemId}`);
  try {
    initDocument(doc, { taskType: input.taskType, itemId: input.itemId, configVersion: input.configVersion, seed: input.seed, prelabel: input.gold });
    return observe(readDoc(doc), { config: input.config }).observations;
  } finally {
    doc.destroy();
  }
}

/** [O3] The response ids in the order this annotator was shown them (preference), else undefined. */
function shownOrder(view: AnnotationDoc, viewer: { userId: string; documentId: string }): string[] | undefined {
  if (view.taskType !== 'preference') return undefined;
  return displayOrder(
    view.responses.map((r) => r.id),
    viewerSeed(viewer),
  );
}

/**
 * Records what a submitted annotation says [O1]–[O4], in the submit transaction: the submitted state
 * is read and observed under the document's configuration version; the row of `annotation_observations`
 * with the assignment's id is written or replaced (a resubmission rewrites it), with the item's tags as
 * slices, the seconds of work [O2] and, when the item has a gold answer, its score against it [O4].
 * Then the submitter's standing is recomputed and flags raised [F1]. A collaborative item document that
 * others co-edited is not observed. Returns whether a row was written.
 */
export async function recordObservation(tx: DbOrTx, project: ProjectWorkflow, work: SubmittedWork, outbox: Outbox): Promise<boolean> {
  const [doc] = await tx.select({ kind: documents.kind, configVersion: documents.configVersion }).from(documents).where(eq(documents.id, work.documentId));
  if (!doc || (doc.kind !== 'item' && doc.kind !== 'copy')) return false;
  if (doc.kind === 'item' && (await coAuthored(tx, work.documentId, work.userId))) return false;
  const view = contentOf(work.state);
  if (!view) return false;
  const [item] = await tx.select({ tags: items.tags, seed: items.seed, gold: items.gold }).from(items).where(eq(items.id, work.itemId));
  if (!item) return false;

  const config = await loadConfig(tx, project.projectId, project.taskType, doc.configVersion);
  const observed = observe(view, { config, shownOrder: shownOrder(view, { userId: work.userId, documentId: work.documentId }) });
  let gold: { score: number | null; fields: unknown } | null = null;
  if (item.gold !== null) {
    const goldObservations = observeGold({
      taskType: project.taskType,
      itemId: work.itemId,
      configVersion: doc.configVersion,
      seed: item.seed as ItemSeed,
      gold: item.gold as Prelabel,
      config,
    });
    gold = scoreAgainstGold(observed.observations, goldObservations);
  }
  const seconds = workSeconds(await assignmentTimeline(tx, { assignmentId: work.assignmentId, itemId: work.itemId }), work.submittedAt.getTime());
  const row = {
    projectId: project.projectId,
    itemId: work.itemId,
    userId: work.userId,
    source: 'work' as const,
    calibrationId: null,
    taskType: project.taskType,
    slices: item.tags,
    observations: observed.observations,
    signals: observed.signals,
    goldScore: gold?.score ?? null,
    goldFields: gold?.fields ?? null,
    seconds,
    configVersion: doc.configVersion,
    submittedAt: work.submittedAt,
  };
  await tx
    .insert(annotationObservations)
    .values({ id: work.assignmentId, ...row })
    .onConflictDoUpdate({ target: annotationObservations.id, set: row });
  await updateStanding(tx, project, { userId: work.userId, slices: item.tags }, outbox);
  return true;
}
