import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { replaceText } from './text-edit.ts';

describe('replaceText', () => {
  function text(initial: string): Y.Text {
    const doc = new Y.Doc();
    const t = doc.getText('t');
    t.insert(0, initial);
    return t;
  }

  it('[C5] changes only the differing middle, so positions outside it stay put', () => {
    const t = text('A red bus passes a cyclist.');
    const anchor = Y.createRelativePositionFromTypeIndex(t, 'A red bus passes a '.length);
    replaceText(t, 'A blue bus passes a cyclist.');
    expect(t.toString()).toBe('A blue bus passes a cyclist.');
    const doc = t.doc ?? new Y.Doc();
    expect(Y.createAbsolutePositionFromRelativePosition(anchor, doc)?.index).toBe('A blue bus passes a '.length);
  });

  it('[C5] never splits a surrogate pair', () => {
    const t = text('ok 👍 done');
    replaceText(t, 'ok 👎 done');
    expect(t.toString()).toBe('ok 👎 done');
    replaceText(t, '');
    expect(t.toString()).toBe('');
    replaceText(t, 'new');
    expect(t.toString()).toBe('new');
  });
});
