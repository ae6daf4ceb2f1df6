import { addRegion, updateRegion } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AlignmentState } from './alignment-state.svelte.ts';

describe('AlignmentState', () => {
  it('re-reads the document on every change, keeping unchanged regions as they were', () => {
    const doc = new Y.Doc();
    const state = new AlignmentState(doc);
    expect(state.view.regions).toEqual([]);
    const a = addRegion(doc, { label: 'person', shape: { kind: 'box', x: 1, y: 2, w: 3, h: 4 } });
    const b = addRegion(doc, { label: 'animal', shape: { kind: 'box', x: 5, y: 5, w: 5, h: 5 } });
    const first = state.view.regions.find((r) => r.id === a);
    doc.getText('caption').insert(0, 'typing');
    expect(state.view.caption).toBe('typing');
    expect(state.view.regions.find((r) => r.id === a)).toBe(first);
    updateRegion(doc, b, { label: 'vehicle' });
    expect(state.view.regions.find((r) => r.id === a)).toBe(first);
    expect(state.view.regions.find((r) => r.id === b)?.label).toBe('vehicle');
    updateRegion(doc, a, { shape: { kind: 'box', x: 2, y: 2, w: 3, h: 4 } });
    expect(state.view.regions.find((r) => r.id === a)).not.toBe(first);
    state.destroy();
    doc.getText('caption').insert(0, 'more ');
    expect(state.view.caption).toBe('typing');
  });
});
