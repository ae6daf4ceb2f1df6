import { prelabelOf, type ItemSeed, type Prelabel } from '@concord/annotation-doc';
import { assignments, calibrationAnswers, documents } from '@concord/db';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../audit/types.ts';
import { AppError, notFound } from '../errors.ts';
import { readStoredContent } from '../workflow/stored-state.ts';

const notAnAnswer = () =>
  new AppError(
    422,
    'invalid_gold_source',
    "Only the item's own annotation, a submitted blind copy of it or a calibration answer for it can become its gold answer.",
  );

/** The item a document annotates, when it is an annotation a gold answer may be made from [G1]; else throws. */
async function annotatedItem(tx: DbOrTx, doc: { id: string; kind: string; itemId: string | null }): Promise<string> {
  switch (doc.kind) {
    case 'item':
      if (doc.itemId === null) throw notAnAnswer();
      return doc.itemId;
    case 'copy': {
      // A copy still being worked on is nobody's answer yet.
      const [submitted] = await tx
        .select({ itemId: assignments.itemId })
        .from(assignments)
        .where(and(eq(assignments.documentId, doc.id), isNotNull(assignments.submittedAt)))
        .limit(1);
      if (!submitted) throw new AppError(422, 'invalid_gold_source', 'This blind copy has not been submitted yet.');
      return submitted.itemId;
    }
    case 'calibration': {
      // Calibration documents carry no item id (C2): the answer row names the item.
      const [answer] = await tx.select({ itemId: calibrationAnswers.itemId }).from(calibrationAnswers).where(eq(calibrationAnswers.documentId, doc.id)).limit(1);
      if (!answer) throw notAnAnswer();
      return answer.itemId;
    }
    default:
      throw notAnAnswer();
  }
}

/**
 * The gold answer a document says [G1]: the document must be an annotation of this item (its shared or
 * final document, a submitted blind copy of it, a calibration answer for it) in this project — 404 when
 * it is unknown or of another project, 422 when it annotates another item or is no annotation. Its
 * stored state is read through the transaction and turned into a pre-label (`prelabelOf`, with the
 * item's seed); a part no pre-label can say is a 422 naming it. Whether the caller may read the document
 * is checked by the route, outside the transaction.
 */
export async function goldFromDocument(tx: DbOrTx, input: { projectId: string; itemId: string; seed: ItemSeed; documentId: string }): Promise<Prelabel> {
  const [doc] = await tx
    .select({ id: documents.id, projectId: documents.projectId, kind: documents.kind, itemId: documents.itemId })
    .from(documents)
    .where(eq(documents.id, input.documentId));
  if (doc?.projectId !== input.projectId) throw notFound('Document');
  const itemId = await annotatedItem(tx, doc);
  if (itemId !== input.itemId) throw new AppError(422, 'document_of_other_item', 'This document annotates another item: use an annotation of this item.');
  const view = await readStoredContent(tx, doc.id);
  if (!view) throw notAnAnswer();
  try {
    return prelabelOf(view, { seed: input.seed });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'cannot be stored as a gold answer';
    throw new AppError(422, 'invalid_gold', 'The gold answer is not valid for this item: see details.', [{ path: 'fromDocumentId', message }]);
  }
}
