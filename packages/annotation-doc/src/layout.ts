import * as Y from 'yjs';
import { taskTypes, type TaskType } from './config.ts';
import { getNumber, getString, type YRecord } from './y-values.ts';

/** The version of the document layout this package writes (`meta.schemaVersion`). */
export const schemaVersion = 1;

/** Names of the top-level shared types, per task type. */
export const typeNames = {
  meta: 'meta',
  // instruction
  media: 'media',
  turns: 'turns',
  instruction: 'instruction',
  transcript: 'transcript',
  summary: 'summary',
  // preference
  prompt: 'prompt',
  responses: 'responses',
  judgement: 'judgement',
  scores: 'scores',
  rationale: 'rationale',
  quotes: 'quotes',
  // alignment
  image: 'image',
  caption: 'caption',
  regions: 'regions',
  links: 'links',
  vqa: 'vqa',
  descriptions: 'descriptions',
} as const;

/** What every document records about itself; null for a value that is missing (e.g. a bare caption document). */
export interface DocMeta {
  schemaVersion: number | null;
  itemId: string | null;
  configVersion: number | null;
}

/** The `meta` map of a document. */
export function metaMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.meta);
}

/**
 * The task type a document was initialised with, or null for a document without one (not yet
 * initialised, or a caption document from before task types, which reads as alignment).
 */
export function taskTypeOf(doc: Y.Doc): TaskType | null {
  const value = metaMap(doc).get('taskType');
  return taskTypes.find((t) => t === value) ?? null;
}

/** Reads `meta`. */
export function readMeta(doc: Y.Doc): DocMeta {
  const meta = metaMap(doc);
  return { schemaVersion: getNumber(meta, 'schemaVersion'), itemId: getString(meta, 'itemId'), configVersion: getNumber(meta, 'configVersion') };
}

/** Writes `meta` (inside the caller's transaction). */
export function writeMeta(doc: Y.Doc, meta: { taskType: TaskType; itemId: string; configVersion: number }): void {
  const map = metaMap(doc);
  map.set('taskType', meta.taskType);
  map.set('schemaVersion', schemaVersion);
  map.set('itemId', meta.itemId);
  map.set('configVersion', meta.configVersion);
}

/** The next creation order for a map of records: one more than the largest `order` seen. */
export function nextOrder(records: Iterable<unknown>): number {
  let max = 0;
  for (const record of records) {
    if (!(record instanceof Y.Map)) continue;
    const order: unknown = record.get('order');
    if (typeof order === 'number' && Number.isFinite(order)) max = Math.max(max, order);
  }
  return max + 1;
}

/** Compares records by creation order, then id, so every replica lists them the same way. */
export function byOrderThenId(a: { order: number; id: string }, b: { order: number; id: string }): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
