import * as Y from 'yjs';
import type { TaskType } from '../config.ts';
import { initDocument } from '../init.ts';
import type { ItemSeed, Prelabel } from '../seeds.ts';

/** A small item of each task type, for tests and demos. */
export function sampleSeed(taskType: TaskType): ItemSeed {
  switch (taskType) {
    case 'instruction':
      return {
        taskType,
        media: [{ kind: 'image', mediaId: 'med_photo', width: 640, height: 480 }],
        turns: [{ role: 'user', text: 'What is in this picture?', media: ['med_photo'] }],
      };
    case 'preference':
      return {
        taskType,
        prompt: { text: 'Explain photosynthesis in one sentence.', media: [] },
        responses: [
          { modelId: 'model-a', text: 'Plants turn light, water and carbon dioxide into sugar and oxygen.' },
          { modelId: 'model-b', text: 'It is how plants eat sunlight.' },
          { modelId: 'model-c', text: 'Photosynthesis converts light energy into chemical energy.' },
        ],
      };
    case 'alignment':
      return { taskType, image: { mediaId: 'med_street', width: 640, height: 480 }, caption: 'A red bus passes a cyclist on a wet street.' };
  }
}

/** A new document of a task type, initialised with {@link sampleSeed} (and a pre-label when given). */
export function createDoc(taskType: TaskType, options: { prelabel?: Prelabel; clientId?: number } = {}): Y.Doc {
  const doc = new Y.Doc();
  if (options.clientId !== undefined) doc.clientID = options.clientId;
  initDocument(doc, { taskType, itemId: `item-${taskType}`, configVersion: 1, seed: sampleSeed(taskType), ...(options.prelabel ? { prelabel: options.prelabel } : {}) });
  return doc;
}

/** A replica of a document: a new Y.Doc with its own client id and the other's full state. */
export function replicaOf(doc: Y.Doc, clientId?: number): Y.Doc {
  const replica = new Y.Doc();
  if (clientId !== undefined) replica.clientID = clientId;
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return replica;
}

/** Exchanges everything the documents are missing from each other (a full state-vector sync). */
export function syncDocs(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}
