import type * as Y from 'yjs';
import { typeNames } from '../layout.ts';
import { findById, getRecord, getText, type YRecord } from '../y-values.ts';

/** `image`: `{ mediaId, width, height }`. */
export function imageMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.image);
}

/** `regions`: region id → `{ id, label, shape, order }`. */
export function regionsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(typeNames.regions);
}

/** `links`: link id → `{ id, regionId, start, end, order }` (relative positions into the caption). */
export function linksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(typeNames.links);
}

/** `vqa`: `{ id, question: Y.Text, answer: Y.Text, evidence: Y.Array<string> }` each. */
export function vqaArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.vqa);
}

/** `descriptions`: `{ id, regionId, text: Y.Text }` each. */
export function descriptionsArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.descriptions);
}

/** The caption, for binding to an input. */
export function captionText(doc: Y.Doc): Y.Text {
  return doc.getText(typeNames.caption);
}

/** One region's map, or null. */
export function regionRecord(doc: Y.Doc, regionId: string): YRecord | null {
  return getRecord(regionsMap(doc), regionId);
}

/** The question of a VQA pair, for binding to an input; null when the pair does not exist. */
export function vqaQuestionText(doc: Y.Doc, vqaId: string): Y.Text | null {
  const pair = findById(vqaArray(doc), vqaId);
  return pair ? getText(pair, 'question') : null;
}

/** The answer of a VQA pair, for binding to an input; null when the pair does not exist. */
export function vqaAnswerText(doc: Y.Doc, vqaId: string): Y.Text | null {
  const pair = findById(vqaArray(doc), vqaId);
  return pair ? getText(pair, 'answer') : null;
}

/** The text of a grounded description, for binding to an input; null when it does not exist. */
export function descriptionText(doc: Y.Doc, descriptionId: string): Y.Text | null {
  const description = findById(descriptionsArray(doc), descriptionId);
  return description ? getText(description, 'text') : null;
}
