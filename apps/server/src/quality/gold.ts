import { scoreAgainstGold, type Observation } from '@concord/agreement';
import { prelabelSchema, type ItemSeed, type Prelabel } from '@concord/annotation-doc';
import { annotationObservations, items } from '@concord/db';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { DbOrTx } from '../audit/types.ts';
import { AppError, notFound } from '../errors.ts';
import { loadConfig, type ProjectWorkflow } from '../workflow/context.ts';
import { goldFromDocument } from './gold-source.ts';
import { observeGold } from './observations.ts';

function invalidGold(details: { path: string; message: string }[]): AppError {
  return new AppError(422, 'invalid_gold', 'The gold answer is not valid for this item: see details.', details);
}

/** A gold answer's shape, checked like an import's pre-label (whether it fits the item is checked by building it). */
export function parseGold(value: unknown): Prelabel {
  const parsed = prelabelSchema.safeParse(value);
  if (!parsed.success) throw invalidGold(parsed.error.issues.map((i: z.core.$ZodIssue) => ({ path: ['gold', ...i.path.map(String)].join('.'), message: i.message })));
  return parsed.data;
}

/** What {@link setGold} sets: a gold answer (null clears it), or the annotation of a document of the item. */
export type GoldInput = { itemId: string; actorId: string } & ({ gold: unknown } | { fromDocumentId: string });

/**
 * Sets or clears (null) an item's gold answer [G1] under the item row's lock, audited as
 * `item.gold_set` / `item.gold_cleared`. With `fromDocumentId` the answer is what that annotation of the
 * item says (see {@link goldFromDocument}; the audit detail names the document). A gold answer that does
 * not fit the item (a pre-label of another task type, unknown response ids) is a 422 and nothing changes.
 * Annotations of the item already observed are scored again against the new answer (or lose their
 * score), so accuracy follows the gold answer in force [O4]; flags already raised stay as they are [F4].
 */
export async function setGold(tx: DbOrTx, project: ProjectWorkflow, input: GoldInput): Promise<void> {
  const [item] = await tx
    .select({ id: items.id, projectId: items.projectId, seed: items.seed, gold: items.gold, erasedAt: items.erasedAt })
    .from(items)
    .where(eq(items.id, input.itemId))
    .for('update');
  // An erased item has no content to hold a gold answer for (erasure SPEC G1).
  if (!item || item.projectId !== project.projectId || item.erasedAt) throw notFound('Item');
  const fromDocumentId = 'fromDocumentId' in input ? input.fromDocumentId : null;
  const given =
    'fromDocumentId' in input
      ? await goldFromDocument(tx, { projectId: project.projectId, itemId: item.id, seed: item.seed as ItemSeed, documentId: input.fromDocumentId })
      : input.gold;
  const gold = given === null ? null : parseGold(given);
  const config = await loadConfig(tx, project.projectId, project.taskType, project.configVersion);
  let goldObservations: Observation[] | null = null;
  if (gold) {
    try {
      goldObservations = observeGold({ taskType: project.taskType, itemId: item.id, configVersion: project.configVersion, seed: item.seed as ItemSeed, gold, config });
    } catch (error) {
      throw invalidGold([{ path: 'gold', message: error instanceof Error ? error.message : 'does not fit the item' }]);
    }
  }
  await tx.update(items).set({ gold }).where(eq(items.id, item.id));
  const observed = await tx
    .select({ id: annotationObservations.id, observations: annotationObservations.observations })
    .from(annotationObservations)
    .where(eq(annotationObservations.itemId, item.id));
  for (const row of observed) {
    const scored = goldObservations ? scoreAgainstGold(row.observations as Observation[], goldObservations) : null;
    await tx
      .update(annotationObservations)
      .set({ goldScore: scored?.score ?? null, goldFields: scored?.fields ?? null })
      .where(eq(annotationObservations.id, row.id));
  }
  await appendAudit(tx, {
    projectId: project.projectId,
    actorId: input.actorId,
    action: gold ? 'item.gold_set' : 'item.gold_cleared',
    subjectType: 'item',
    subjectId: item.id,
    // Not on the item's history: annotators who submitted read it, and gold must stay invisible to them [G2].
    itemId: null,
    before: { hasGold: item.gold !== null },
    after: { hasGold: gold !== null },
    detail: fromDocumentId === null ? { rescored: observed.length } : { rescored: observed.length, fromDocumentId },
    configVersion: project.configVersion,
  });
}
