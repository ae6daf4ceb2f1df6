import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { onUndoKeys, UndoScope, type UndoKeyEvent } from './undo.svelte.ts';

/** Two replicas that exchange every update right away, as the server would. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const remote = Symbol('remote');
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== remote && Y.applyUpdate(b, update, remote));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== remote && Y.applyUpdate(a, update, remote));
  return { a, b };
}

describe('UndoScope', () => {
  it('undoes and redoes the local user\'s own edits', () => {
    const doc = new Y.Doc();
    const text = doc.getText('summary');
    const undo = new UndoScope(doc, [text], { captureTimeout: 0 });
    expect(undo.canUndo).toBe(false);
    text.insert(0, 'hello');
    expect(undo.canUndo).toBe(true);
    expect(undo.undo()).toBe(true);
    expect(text.toString()).toBe('');
    expect(undo.canUndo).toBe(false);
    expect(undo.canRedo).toBe(true);
    expect(undo.redo()).toBe(true);
    expect(text.toString()).toBe('hello');
    expect(undo.redo()).toBe(false);
    undo.destroy();
  });

  it('never undoes a remote change, only the local one around it', () => {
    const { a, b } = pair();
    const undoA = new UndoScope(a, [a.getText('summary')], { captureTimeout: 0 });
    a.getText('summary').insert(0, 'mine ');
    b.getText('summary').insert(5, 'theirs');
    expect(a.getText('summary').toString()).toBe('mine theirs');
    undoA.undo();
    expect(a.getText('summary').toString()).toBe('theirs');
    expect(b.getText('summary').toString()).toBe('theirs');
    // Nothing left to undo: the remote insertion is not on A's stack.
    expect(undoA.canUndo).toBe(false);
    expect(undoA.undo()).toBe(false);
    expect(a.getText('summary').toString()).toBe('theirs');
  });

  it('records local edits whatever their transaction origin (text binding, mutations)', () => {
    const doc = new Y.Doc();
    const turns = doc.getArray<Y.Map<unknown>>('turns');
    const undo = new UndoScope(doc, [turns], { captureTimeout: 0 });
    doc.transact(() => turns.push([new Y.Map()]), Symbol('binding'));
    doc.transact(() => turns.push([new Y.Map()]), { some: 'mutation' });
    expect(turns.length).toBe(2);
    undo.undo();
    undo.undo();
    expect(turns.length).toBe(0);
  });

  it('ignores types outside its scope', () => {
    const doc = new Y.Doc();
    const undo = new UndoScope(doc, [doc.getText('summary')]);
    doc.getText('other').insert(0, 'x');
    expect(undo.canUndo).toBe(false);
  });

  it('merges quick edits into one step until stopCapturing', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const undo = new UndoScope(doc, [text], { captureTimeout: 60_000 });
    text.insert(0, 'a');
    text.insert(1, 'b');
    undo.stopCapturing();
    text.insert(2, 'c');
    undo.undo();
    expect(text.toString()).toBe('ab');
    undo.undo();
    expect(text.toString()).toBe('');
  });
});

describe('onUndoKeys', () => {
  function key(init: Partial<UndoKeyEvent> & { key: string }) {
    let prevented = false;
    const event: UndoKeyEvent = {
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      preventDefault: () => (prevented = true),
      ...init,
    };
    return { event, prevented: () => prevented };
  }
  function scope() {
    const calls: string[] = [];
    return { calls, undo: () => calls.push('undo') > 0, redo: () => calls.push('redo') > 0 };
  }

  it('maps Ctrl/Cmd+Z to undo and Ctrl/Cmd+Shift+Z and Ctrl+Y to redo, preventing the browser\'s own', () => {
    const s = scope();
    for (const init of [
      { key: 'z', ctrlKey: true },
      { key: 'z', metaKey: true },
      { key: 'Z', ctrlKey: true, shiftKey: true },
      { key: 'z', metaKey: true, shiftKey: true },
      { key: 'y', ctrlKey: true },
    ]) {
      const { event, prevented } = key(init);
      expect(onUndoKeys(event, s)).toBe(true);
      expect(prevented()).toBe(true);
    }
    expect(s.calls).toEqual(['undo', 'undo', 'redo', 'redo', 'redo']);
  });

  it('leaves other keys alone', () => {
    const s = scope();
    for (const init of [{ key: 'z' }, { key: 'a', ctrlKey: true }, { key: 'z', ctrlKey: true, altKey: true }, { key: 'y', metaKey: true }]) {
      const { event, prevented } = key(init);
      expect(onUndoKeys(event, s)).toBe(false);
      expect(prevented()).toBe(false);
    }
    expect(s.calls).toEqual([]);
  });
});
