import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { clearFocus, focusOf, livePeersByFocus, peersByFocus, setFocus } from './focus.ts';

const user = (id: string, name: string, color = '#123456') => ({ id, name, color });

describe('setFocus / clearFocus', () => {
  it('shares the selected field in awareness and only changes state when it moves', () => {
    const awareness = new Awareness(new Y.Doc());
    let changes = 0;
    awareness.on('change', () => changes++);
    setFocus(awareness, { path: 'turns.1.text' });
    setFocus(awareness, { path: 'turns.1.text' });
    expect(focusOf(awareness.getLocalState())).toEqual({ path: 'turns.1.text' });
    expect(changes).toBe(1);
    setFocus(awareness, null);
    expect(focusOf(awareness.getLocalState())).toBeNull();
    awareness.destroy();
  });

  it('clears only the field that lost focus, not the one that took it', () => {
    const awareness = new Awareness(new Y.Doc());
    setFocus(awareness, { path: 'summary' });
    setFocus(awareness, { path: 'turns.0.text' });
    clearFocus(awareness, 'summary');
    expect(focusOf(awareness.getLocalState())).toEqual({ path: 'turns.0.text' });
    clearFocus(awareness, 'turns.0.text');
    expect(focusOf(awareness.getLocalState())).toBeNull();
    awareness.destroy();
  });
});

describe('peersByFocus', () => {
  it('groups the other users by focused path, one entry per user, without the local client', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('usr_me', 'Me'), focus: { path: 'summary' } }],
      [2, { user: user('usr_a', 'Ann'), focus: { path: 'summary' } }],
      [3, { user: user('usr_a', 'Ann'), focus: { path: 'summary' } }],
      [4, { user: user('usr_b', 'Bo'), focus: { path: 'turns.0.text' } }],
      [5, { user: user('usr_c', 'Cy') }],
    ]);
    const byPath = peersByFocus(states, 1);
    expect([...byPath.keys()].sort()).toEqual(['summary', 'turns.0.text']);
    expect(byPath.get('summary')?.map((p) => p.userId)).toEqual(['usr_a']);
    expect(byPath.get('turns.0.text')?.map((p) => p.name)).toEqual(['Bo']);
  });

  it('leaves out the local user\'s other tabs when asked', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('usr_me', 'Me') }],
      [2, { user: user('usr_me', 'Me'), focus: { path: 'summary' } }],
    ]);
    expect(peersByFocus(states, 1).get('summary')).toHaveLength(1);
    expect(peersByFocus(states, 1, 'usr_me').size).toBe(0);
  });

  it('drops untrusted states: no user, bad focus, over-long paths; cleans names and colors', () => {
    const states = new Map<number, unknown>([
      [2, { focus: { path: 'summary' } }],
      [3, { user: user('usr_a', 'Ann'), focus: 'summary' }],
      [4, { user: user('usr_b', 'Bo'), focus: { path: 7 } }],
      [5, { user: user('usr_c', 'Cy'), focus: { path: 'x'.repeat(500) } }],
      [6, { user: user('usr_d', 'Di\u202e', 'red'), focus: { path: 'summary' } }],
    ]);
    const byPath = peersByFocus(states, 1);
    expect([...byPath.keys()]).toEqual(['summary']);
    const [peer] = byPath.get('summary') ?? [];
    expect(peer?.name).toBe('Di');
    expect(peer?.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('reads a live session\'s awareness', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('user', user('usr_me', 'Me'));
    const other = new Awareness(new Y.Doc());
    other.setLocalState({ user: user('usr_a', 'Ann'), focus: { path: 'summary' } });
    awareness.states.set(other.clientID, other.getLocalState() ?? {});
    expect(livePeersByFocus({ peers: [], awareness, doc }).get('summary')?.[0]?.name).toBe('Ann');
    awareness.destroy();
    other.destroy();
  });
});
