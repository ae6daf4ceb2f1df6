import type * as Y from 'yjs';
import { readDoc, type AnnotationDoc } from '../read.ts';
import { applyAlignmentDiff } from './adopt-alignment.ts';
import { applyInstructionDiff } from './adopt-instruction.ts';
import { applyPreferenceDiff } from './adopt-preference.ts';
import { diffAnnotations, type FieldDiff } from './diff.ts';
import { isFieldPath, isWithin } from './paths.ts';

/**
 * Passes over the remaining differences. One is enough except where a mutation changes more than its
 * field (removing a region removes its links and evidence [A4]): the next pass writes back what the
 * version keeps.
 */
const maxPasses = 3;

function apply(doc: Y.Doc, from: AnnotationDoc, diff: FieldDiff): void {
  switch (from.taskType) {
    case 'instruction':
      return applyInstructionDiff(doc, from, diff);
    case 'preference':
      return applyPreferenceDiff(doc, from, diff);
    case 'alignment':
      return applyAlignmentDiff(doc, from, diff);
  }
}

function assertSameItem(current: AnnotationDoc, from: AnnotationDoc): void {
  if (current.taskType !== from.taskType) throw new TypeError(`cannot adopt from a ${from.taskType} version into a ${current.taskType} document`);
  const [here, there] = [current.meta.itemId, from.meta.itemId];
  if (here !== null && there !== null && here !== there) throw new TypeError(`the version is of item ${there}, the document of item ${here}`);
}

function adopt(doc: Y.Doc, from: AnnotationDoc, wanted: (path: string) => boolean): void {
  doc.transact(() => {
    for (let pass = 0; pass < maxPasses; pass++) {
      const diffs = diffAnnotations(readDoc(doc), from).filter((d) => wanted(d.path));
      if (diffs.length === 0) return;
      for (const diff of diffs) apply(doc, from, diff);
    }
  });
}

/**
 * [C3] Makes one field of a live document (a field, a record such as `regions.<id>`, or a group such as
 * `judgement` or `turns`) read as it does in `from`, a plain version of the same item, in one
 * transaction through the package's mutations. Records keep their ids; texts are changed by the minimal
 * delete and insert [C5]. Throws a TypeError when the path is not one of the document's task type, the
 * version is of another task type or item, or the path is the item's content (`media`,
 * `prompt.media`, which responses exist).
 *
 * @example
 * // The QA lead takes Ana's ranking and Ben's rationale:
 * adoptField(final, readDoc(ana), 'judgement.ranking');
 * adoptField(final, readDoc(ben), 'rationale');
 */
export function adoptField(doc: Y.Doc, from: AnnotationDoc, path: string): void {
  const current = readDoc(doc);
  assertSameItem(current, from);
  if (!isFieldPath(current.taskType, path)) throw new TypeError(`${current.taskType} documents have no field "${path}"`);
  adopt(doc, from, (p) => isWithin(p, path));
}

/**
 * [C4] Makes a live document read like `from` (a plain version of the same item), in one transaction:
 * afterwards `diffAnnotations(readDoc(doc), from)` is empty. Throws like {@link adoptField}.
 *
 * @example
 * adoptAll(final, readDoc(chosenVersion));
 */
export function adoptAll(doc: Y.Doc, from: AnnotationDoc): void {
  assertSameItem(readDoc(doc), from);
  adopt(doc, from, () => true);
}
