import * as Y from 'yjs';

/**
 * A Y.Doc named `guid`. Yjs names an unnamed Y.Doc with a fresh uuidv4 drawn one random number per hex
 * digit, 31 calls into the system's random source: ~120-210 µs per document on the benchmark machine,
 * ten times what the document itself costs to make (a room per document opened, a scratch copy per
 * item exported, imported or reviewed). The name only identifies sub-documents, which the server never
 * uses (rooms R5 refuses them), so the document id, or a fixed name for a scratch copy, serves.
 * @example const doc = namedDoc(documentId); const copy = namedDoc(doc.guid, { gc: doc.gc });
 */
export function namedDoc(guid: string, options: { gc?: boolean } = {}): Y.Doc {
  return new Y.Doc({ ...options, guid });
}
