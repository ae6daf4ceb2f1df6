// Test support: real annotation documents built and edited with @concord/annotation-doc, then read.
import { initDocument, readDoc, type AnnotationDoc, type ItemSeed, type ProjectConfig } from '@concord/annotation-doc';
import * as Y from 'yjs';

/** A new document of an item (seed only), to edit with the package's mutations. */
export function itemDoc(itemId: string, seed: ItemSeed): Y.Doc {
  const doc = new Y.Doc();
  initDocument(doc, { taskType: seed.taskType, itemId, configVersion: 1, seed });
  return doc;
}

/** A copy of a document (what a blind copy is: the item's state, same ids). */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** A preference item with responses of these texts. */
export function preferenceItem(itemId: string, texts: string[]): Y.Doc {
  return itemDoc(itemId, {
    taskType: 'preference',
    prompt: { text: `Prompt of ${itemId}`, media: [] },
    responses: texts.map((text, i) => ({ modelId: `model-${i}`, text })),
  });
}

/** The response ids of a preference document, canonical order. */
export function responseIds(doc: Y.Doc): string[] {
  const view = readDoc(doc);
  return view.taskType === 'preference' ? view.responses.map((r) => r.id) : [];
}

/** A plain view, for observe. */
export function viewOf(doc: Y.Doc): AnnotationDoc {
  return readDoc(doc);
}

/** A preference project's configuration: one criterion on 1..7, the given mode. */
export function preferenceConfig(mode: 'pairwise' | 'ranking'): ProjectConfig {
  return {
    taskType: 'preference',
    guidelines: { text: '', url: null },
    labels: [],
    instructionStyles: [],
    rubric: [{ id: 'accuracy', name: 'Accuracy', description: '', min: 1, max: 7, step: 1 }],
    preferenceMode: mode,
    requireAllScores: false,
    minRationaleLength: 0,
    requiredFields: [],
  };
}
