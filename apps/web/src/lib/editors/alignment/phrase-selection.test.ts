import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { selectionToJSON, toRelativeSelection } from '$lib/collab/cursor.ts';
import type { DocumentSession } from '$lib/collab/document-session.svelte.ts';
import { PhraseSelection } from './phrase-selection.svelte.ts';

function fakeSession() {
  const doc = new Y.Doc();
  const text = doc.getText('caption');
  const awareness = new Awareness(doc);
  const select = (anchor: number, head: number) =>
    awareness.setLocalStateField('cursor', selectionToJSON(toRelativeSelection(text, { anchor, head })));
  return { session: { doc, text, awareness } as unknown as DocumentSession, doc, text, select };
}

describe('PhraseSelection', () => {
  it('offers the selected words, trimmed, once', () => {
    const { session, text, select } = fakeSession();
    text.insert(0, 'A red car on a road');
    const phrases = new PhraseSelection(session);
    expect(phrases.phrase).toBeNull();
    select(1, 10);
    expect(phrases.phrase).toEqual({ start: 2, end: 9, text: 'red car' });
    phrases.consume();
    expect(phrases.phrase).toBeNull();
    select(15, 19);
    expect(phrases.phrase).toEqual({ start: 15, end: 19, text: 'road' });
    select(4, 4);
    expect(phrases.phrase).toBeNull();
    phrases.destroy();
  });

  it('follows its words while someone types before them', () => {
    const { session, doc, text, select } = fakeSession();
    text.insert(0, 'a dog');
    const phrases = new PhraseSelection(session);
    select(2, 5);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getText('caption').insert(0, 'Photo: ');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(phrases.phrase).toEqual({ start: 9, end: 12, text: 'dog' });
    phrases.destroy();
  });
});
