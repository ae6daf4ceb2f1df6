import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentSession } from '$lib/collab/document-session.svelte.ts';
import type { Peer } from '$lib/collab/presence.ts';
import FocusMarkers from './FocusMarkers.svelte';
import ProblemList from './ProblemList.svelte';
import ProvenanceBadge from './ProvenanceBadge.svelte';
import TextField from './TextField.svelte';

// Server rendering in node: markup, attributes and escaping (effects do not run).
const xss = '<img src=x onerror=alert(1)>';
const peer = (n: number, name: string): Peer => ({ clientId: n, userId: `usr_${n}`, name, color: '#123456', cursor: null });

function session(focus: { clientId: number; user: { id: string; name: string }; path: string }[] = []) {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { id: 'usr_me', name: 'Me', color: '#000000' });
  for (const entry of focus) awareness.states.set(entry.clientId, { user: { ...entry.user, color: '#abcdef' }, focus: { path: entry.path } });
  return { doc, awareness, peers: [], text: doc.getText('caption'), setSelection() {} } as unknown as DocumentSession;
}

describe('ProvenanceBadge', () => {
  it('renders nothing for people\'s work, "model" and "model · edited" with an accessible description', () => {
    expect(render(ProvenanceBadge, { props: {} }).body).not.toContain('provenance');
    expect(render(ProvenanceBadge, { props: { provenance: { kind: 'human_written', authors: [], editedBy: [], humanShare: 1 } } }).body).not.toContain(
      'data-testid="provenance"',
    );
    const model = render(ProvenanceBadge, { props: { provenance: { kind: 'model_generated', modelId: xss, authors: [], editedBy: [], humanShare: 0 } } }).body;
    expect(model).toContain('data-kind="model_generated"');
    expect(model).toContain('>model</span>');
    expect(model).not.toContain('<img');
    expect(model).toContain('visually-hidden');
    const edited = render(ProvenanceBadge, {
      props: { provenance: { kind: 'model_then_human_edited', modelId: 'm', authors: ['usr_1'], editedBy: ['usr_1'], humanShare: 0.5 } },
    }).body;
    expect(edited).toContain('>model · edited</span>');
    expect(edited).toContain('50% changed');
  });
});

describe('ProblemList', () => {
  it('lists problems as buttons carrying their field path, text never as markup', () => {
    const body = render(ProblemList, { props: { problems: [{ path: 'turns.1.text', message: xss }, { path: 'instruction.style', message: 'choose a style' }] } }).body;
    expect(body).toContain('data-count="2"');
    expect(body.match(/data-testid="problem"/g)).toHaveLength(2);
    expect(body).toContain('data-path="turns.1.text"');
    expect(body).not.toContain('<img');
    expect(body).toContain('2 problems');
  });

  it('says when there is nothing to fix', () => {
    const body = render(ProblemList, { props: { problems: [] } }).body;
    expect(body).toContain('data-count="0"');
    expect(body).toContain('No problems');
    expect(body).not.toContain('data-testid="problem"');
  });
});

describe('FocusMarkers', () => {
  it('shows initials in the peer\'s color, at most `max`, names for screen readers', () => {
    const body = render(FocusMarkers, { props: { peers: [peer(1, 'Ada Lovelace'), peer(2, xss), peer(3, 'Cy'), peer(4, 'Di')], max: 3 } }).body;
    expect(body.match(/data-testid="focus-marker"/g)).toHaveLength(3);
    expect(body).toContain('>AL</span>');
    expect(body).toContain('background-color: #123456');
    expect(body).toContain('+1');
    expect(body).not.toContain('<img');
  });

  it('keeps its slot when nobody is there (no layout shift)', () => {
    const body = render(FocusMarkers, { props: { peers: [] } }).body;
    expect(body).toContain('data-testid="focus-markers"');
    expect(body).not.toContain('focus-marker"');
  });
});

describe('TextField', () => {
  it('labels the textarea, carries its path, provenance and the others focused on it', () => {
    const doc = new Y.Doc();
    const text = doc.getText('summary');
    const s = session([
      { clientId: 5, user: { id: 'usr_5', name: 'Bo Peep' }, path: 'summary' },
      { clientId: 6, user: { id: 'usr_6', name: 'Cy' }, path: 'turns.x.text' },
      { clientId: 7, user: { id: 'usr_me', name: 'Me' }, path: 'summary' },
    ]);
    const body = render(TextField, {
      props: { text, label: 'Summary', path: 'summary', session: s, readOnly: true, testid: 'summary', provenance: { kind: 'model_generated', modelId: 'm', authors: [], editedBy: [], humanShare: 0 } },
    }).body;
    expect(body).toMatch(/<label for="([^"]+)"[^>]*>Summary<\/label>.*<textarea id="\1"[^>]*data-testid="summary"/s);
    expect(body).toMatch(/<div class="text-field[^"]*" data-path="summary"/);
    expect(body).toMatch(/<textarea[^>]*readonly/);
    expect(body).toContain('data-kind="model_generated"');
    // Bo is on this field; Cy is elsewhere; the local user's other tab is not shown as someone else.
    expect(body.match(/data-testid="focus-marker"/g)).toHaveLength(1);
    expect(body).toContain('data-user-id="usr_5"');
  });
});
