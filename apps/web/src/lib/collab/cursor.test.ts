import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  resolveCursor,
  selectionFromJSON,
  selectionToJSON,
  toAbsoluteSelection,
  toRelativeSelection,
} from './cursor.ts';

/** Two replicas of one document, connected both ways. */
function pair(initial = '') {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, update, a));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, update, b));
  a.getText('caption').insert(0, initial);
  return { a: a.getText('caption'), b: b.getText('caption') };
}

/** A cursor as it travels through awareness: serialised to JSON and parsed on the other side. */
function overTheWire(text: Y.Text, anchor: number, head: number): unknown {
  return JSON.parse(JSON.stringify(selectionToJSON(toRelativeSelection(text, { anchor, head }))));
}

describe('relative selections', () => {
  it('a remote caret stays on its character when text is inserted before it', () => {
    const { a, b } = pair('hello world');
    const cursor = overTheWire(a, 6, 6); // before "world"
    expect(resolveCursor(b, cursor)).toEqual({ anchor: 6, head: 6 });
    b.insert(0, '>> ');
    expect(resolveCursor(b, cursor)).toEqual({ anchor: 9, head: 9 });
    a.delete(3, 5); // "hello" goes on both replicas
    expect(b.toString()).toBe('>>  world');
    expect(resolveCursor(b, cursor)).toEqual({ anchor: 4, head: 4 });
  });

  it('text typed exactly at a caret appears after it', () => {
    const { a, b } = pair('abcd');
    const rel = toRelativeSelection(a, { anchor: 2, head: 2 });
    b.insert(2, 'XY');
    expect(a.toString()).toBe('abXYcd');
    expect(toAbsoluteSelection(a, rel)).toEqual({ anchor: 2, head: 2 });
  });

  it('a caret at the start or end of the text stays there', () => {
    const { a, b } = pair('abc');
    const start = toRelativeSelection(a, { anchor: 0, head: 0 });
    const end = toRelativeSelection(a, { anchor: 3, head: 3 });
    b.insert(0, '<');
    b.insert(4, '>');
    expect(toAbsoluteSelection(a, start)).toEqual({ anchor: 0, head: 0 });
    expect(toAbsoluteSelection(a, end)).toEqual({ anchor: 4, head: 4 });
  });

  it('a range keeps its direction and excludes text typed at its edges', () => {
    const { a, b } = pair('one two three');
    const backward = toRelativeSelection(a, { anchor: 7, head: 4 }); // "two", selected right to left
    b.insert(7, '!');
    b.insert(4, '[');
    b.insert(0, '__');
    expect(a.toString()).toBe('__one [two! three');
    expect(toAbsoluteSelection(a, backward)).toEqual({ anchor: 10, head: 7 });
  });

  it('a selection whose text was deleted collapses to where it was', () => {
    const { a, b } = pair('keep DROP keep');
    const rel = toRelativeSelection(a, { anchor: 5, head: 9 });
    b.delete(5, 4);
    expect(toAbsoluteSelection(a, rel)).toEqual({ anchor: 5, head: 5 });
  });

  it('clamps out-of-range indexes', () => {
    const { a } = pair('abc');
    expect(toAbsoluteSelection(a, toRelativeSelection(a, { anchor: -5, head: 99 }))).toEqual({ anchor: 0, head: 3 });
  });

  it('round-trips an empty text', () => {
    const { a, b } = pair('');
    const cursor = overTheWire(a, 0, 0);
    expect(resolveCursor(b, cursor)).toEqual({ anchor: 0, head: 0 });
    a.insert(0, 'x');
    expect(resolveCursor(b, cursor)).toEqual({ anchor: 0, head: 0 });
  });

  it('converges under concurrent edits delivered late', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('caption').insert(0, 'The quick fox');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ta = a.getText('caption');
    const tb = b.getText('caption');
    const cursor = overTheWire(tb, 10, 13); // b selects "fox"
    tb.insert(10, 'brown ');
    ta.insert(4, 'very ');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(ta.toString()).toBe('The very quick brown fox');
    const resolved = resolveCursor(ta, cursor);
    expect(resolved).not.toBeNull();
    expect(ta.toString().slice(resolved!.anchor, resolved!.head)).toBe('fox');
  });
});

describe('untrusted cursor JSON', () => {
  it('rejects malformed shapes', () => {
    const { a } = pair('abc');
    const bad: unknown[] = [
      null,
      'cursor',
      [],
      {},
      { anchor: {} },
      { anchor: { tname: 'caption', item: { client: 1, clock: 0 } } },
      { anchor: { tname: 'caption', item: { client: -1, clock: 0 } }, head: { tname: 'caption' } },
      { anchor: { tname: 'caption', item: { client: 1.5, clock: 0 } }, head: { tname: 'caption' } },
      { anchor: { tname: 'caption', item: { client: '1', clock: 0 } }, head: { tname: 'caption' } },
      { anchor: { tname: 'caption', item: 'x' }, head: { tname: 'caption' } },
      { anchor: { tname: 'caption', assoc: 'left' }, head: { tname: 'caption' } },
      { anchor: { tname: 'caption', assoc: 0.5 }, head: { tname: 'caption' } },
      { anchor: { type: { client: 1, clock: 0 } }, head: { type: { client: 1, clock: 0 } } },
      { anchor: { tname: 'caption', type: { client: 1, clock: 0 } }, head: { tname: 'caption' } },
      { anchor: { item: { client: 1, clock: 0 } }, head: { tname: 'caption' } },
      { anchor: { tname: 'other', item: { client: 1, clock: 0 } }, head: { tname: 'caption' } },
    ];
    for (const raw of bad) {
      expect(selectionFromJSON(a, raw)).toBeNull();
      expect(resolveCursor(a, raw)).toBeNull();
    }
  });

  it('ignores positions in other types and never creates the named root type', () => {
    const { a } = pair('abc');
    const doc = a.doc!;
    expect(resolveCursor(a, { anchor: { tname: 'evil' }, head: { tname: 'evil' } })).toBeNull();
    expect(doc.share.has('evil')).toBe(false);
    const other = doc.getText('other');
    other.insert(0, 'zzz');
    expect(resolveCursor(a, overTheWire(other, 1, 1))).toBeNull();
  });

  it('returns null for items the replica has not seen', () => {
    const { a } = pair('abc');
    const unseen = { tname: 'caption', item: { client: 424242, clock: 7 } };
    expect(resolveCursor(a, { anchor: unseen, head: unseen })).toBeNull();
    expect(resolveCursor(a, { anchor: { tname: 'caption' }, head: { tname: 'caption', assoc: -1 } })).toEqual({ anchor: 3, head: 0 });
  });
});
