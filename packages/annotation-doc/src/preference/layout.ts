import type * as Y from 'yjs';
import { typeNames } from '../layout.ts';
import { findById, getText, type YRecord } from '../y-values.ts';

/** `prompt`: `{ text: Y.Text, media: Y.Array<string> }`. */
export function promptMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.prompt);
}

/** `responses`: the responses in canonical order, `{ id, modelId, text }` each. */
export function responsesArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.responses);
}

/** `judgement`: `mode`, `choice`, `strength`, `rank:<responseId>`. */
export function judgementMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.judgement);
}

/** `scores`: `<responseId>:<criterionId>` → number. */
export function scoresMap(doc: Y.Doc): YRecord {
  return doc.getMap<unknown>(typeNames.scores);
}

/** `quotes`: `{ id, responseId, start, end }` with relative positions into the response's text. */
export function quotesArray(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(typeNames.quotes);
}

/** The written reason for the judgement, for binding to an input. */
export function rationaleText(doc: Y.Doc): Y.Text {
  return doc.getText(typeNames.rationale);
}

/**
 * The prompt's text, for display (or binding). Null until the item was initialised; the import
 * creates it, editors never need to.
 */
export function promptText(doc: Y.Doc): Y.Text | null {
  return getText(promptMap(doc), 'text');
}

/** The text of a response; null when there is no such response. */
export function responseText(doc: Y.Doc, responseId: string): Y.Text | null {
  const response = findById(responsesArray(doc), responseId);
  return response ? getText(response, 'text') : null;
}

/** The key of a rank in `judgement`. */
export function rankKey(responseId: string): string {
  return `rank:${responseId}`;
}

/** The key of a score in `scores`. */
export function scoreKey(responseId: string, criterionId: string): string {
  return `${responseId}:${criterionId}`;
}

/** Splits a `scores` key; response ids never contain ':', criterion ids may. */
export function parseScoreKey(key: string): { responseId: string; criterionId: string } | null {
  const at = key.indexOf(':');
  return at > 0 && at < key.length - 1 ? { responseId: key.slice(0, at), criterionId: key.slice(at + 1) } : null;
}
