import type * as Y from 'yjs';
import { readAlignment, type AlignmentDoc } from './alignment/read.ts';
import { readInstruction, type InstructionDoc } from './instruction/read.ts';
import { taskTypeOf } from './layout.ts';
import { readPreference, type PreferenceDoc } from './preference/read.ts';

/** Plain view of any annotation document, discriminated on `taskType`. */
export type AnnotationDoc = InstructionDoc | PreferenceDoc | AlignmentDoc;

/**
 * [A2] A plain JSON view of a document: texts as strings, links and quotes resolved to character
 * offsets (dangling ones as `start === end === -1`), lists in a stable order, so every replica with the
 * same updates reads the same value. A document without a task type (a caption document) reads as
 * alignment without an image.
 *
 * @example
 * const view = readDoc(doc);
 * if (view.taskType === 'alignment') for (const link of view.links) highlight(link.start, link.end);
 */
export function readDoc(doc: Y.Doc): AnnotationDoc {
  const taskType = taskTypeOf(doc);
  switch (taskType) {
    case 'instruction':
      return readInstruction(doc);
    case 'preference':
      return readPreference(doc);
    case 'alignment':
    case null:
      return readAlignment(doc);
  }
}
