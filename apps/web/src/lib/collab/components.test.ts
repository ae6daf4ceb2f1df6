import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import CaptionEditor from './CaptionEditor.svelte';
import ConnectionBadge from './ConnectionBadge.svelte';
import PeerList from './PeerList.svelte';
import { connectionLabel } from './connection-label.ts';
import type { ConnectionStatus } from './connection-state.ts';
import type { DocumentSession } from './document-session.svelte.ts';
import type { Peer } from './presence.ts';

// Server rendering in node: enough to check markup, attributes and escaping (effects do not run).
const xss = '<img src=x onerror=alert(1)>';

const peer = (n: number, name = `Peer ${n}`, cursor: Peer['cursor'] = null): Peer => ({
  clientId: n,
  userId: `usr_${n}`,
  name,
  color: '#123456',
  cursor,
});

/** Text content of an HTML fragment: tags and comments dropped, entities decoded. */
function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('connectionLabel', () => {
  it('has clear wording for every status', () => {
    const expected: [ConnectionStatus, boolean, string][] = [
      ['connected', false, 'Connected'],
      ['connected', true, 'Connected — syncing edits…'],
      ['connecting', false, 'Connecting…'],
      ['connecting', true, 'Connecting… — edits pending, will sync'],
      ['reconnecting', false, 'Reconnecting…'],
      ['reconnecting', true, 'Reconnecting… — edits pending, will sync'],
      ['offline', false, 'Offline — edits kept on this device'],
      ['offline', true, 'Offline — edits pending, will sync'],
      ['no-access', true, 'No access'],
      ['signed-out', false, 'Signed out'],
    ];
    for (const [status, pending, label] of expected) expect(connectionLabel(status, pending)).toBe(label);
  });
});

describe('ConnectionBadge', () => {
  it('is a status region carrying the status and its wording', () => {
    const { body } = render(ConnectionBadge, { props: { status: 'reconnecting', pendingLocalEdits: true } });
    expect(body).toMatch(/<span[^>]*data-testid="connection"[^>]*data-status="reconnecting"[^>]*role="status"/);
    expect(textOf(body).trim()).toBe('Reconnecting… — edits pending, will sync');
  });
});

describe('PeerList', () => {
  it('renders names as text, never as markup', () => {
    const { body } = render(PeerList, { props: { peers: [peer(1, xss)] } });
    expect(body).not.toContain('<img');
    expect(body).toContain('data-testid="peer"');
    expect(body).toContain('title="&lt;img src=x onerror=alert(1)>"');
    expect(textOf(body)).toContain(xss);
  });

  it('shows one avatar per user, initials and color', () => {
    const { body } = render(PeerList, { props: { peers: [peer(1, 'Ada Lovelace'), { ...peer(2, 'Ada Lovelace'), userId: 'usr_1' }] } });
    expect(body.match(/data-testid="peer"/g)).toHaveLength(1);
    expect(body).toContain('>AL</span>');
    expect(body).toContain('background-color: #123456');
  });

  it('does not list the local user\'s other tabs as someone else', () => {
    const peers = [peer(1, 'Me'), peer(2, 'Ann')];
    const { body } = render(PeerList, { props: { peers, self: { id: 'usr_1', name: 'Me' } } });
    expect(body.match(/data-testid="peer"/g)).toHaveLength(1);
    expect(body).toContain('data-user-id="usr_2"');
  });

  it('collapses more than 8 people into +N', () => {
    const peers = Array.from({ length: 11 }, (_, i) => peer(i + 1));
    const { body } = render(PeerList, { props: { peers } });
    expect(body.match(/data-testid="peer"/g)).toHaveLength(8);
    expect(body).toContain('+3');
    expect(render(PeerList, { props: { peers: peers.slice(0, 8) } }).body).not.toContain('peer-overflow');
  });

  it('shows the local user apart, and says when nobody else is here', () => {
    const { body } = render(PeerList, { props: { peers: [], self: { name: 'Grace Hopper' } } });
    expect(body).toContain('data-testid="peer-self"');
    expect(body).not.toContain('data-testid="peer"');
    expect(textOf(body)).toContain('No one else is here');
  });
});

describe('CaptionEditor', () => {
  function session(text: string, peers: Peer[]): DocumentSession {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, text);
    return { text: doc.getText('caption'), peers, setSelection() {} } as unknown as DocumentSession;
  }

  it('labels the textarea and marks it read-only when asked', () => {
    const editable = render(CaptionEditor, { props: { session: session('', []), readOnly: false, label: 'Describe the image' } }).body;
    expect(editable).toMatch(/<label for="([^"]+)">Describe the image<\/label>.*<textarea id="\1"[^>]*data-testid="caption"/s);
    expect(editable).not.toMatch(/<textarea[^>]*readonly/);
    const readOnly = render(CaptionEditor, { props: { session: session('', []), readOnly: true } }).body;
    expect(readOnly).toMatch(/<textarea[^>]*readonly/);
  });

  it('mirrors the text exactly, with remote carets and selections as plain text data', () => {
    const text = `a  b\n\n${xss} <b>bold</b> end\n`;
    const peers = [peer(1, xss, { anchor: 2, head: 8 }), peer(2, 'Bo', { anchor: 12, head: 12 })];
    const { body } = render(CaptionEditor, { props: { session: session(text, peers), readOnly: false } });
    expect(body).not.toMatch(/<img|<b>/);
    const mirror = /<div class="mirror[^"]*" aria-hidden="true">([\s\S]*)<\/div><\/div><\/div>/.exec(body)?.[1] ?? '';
    const withoutLabels = mirror.replace(/<span class="caret-label[^"]*">[\s\S]*?<\/span>/g, '');
    expect(textOf(withoutLabels)).toBe(`${text}\u200b`);
    expect(mirror.match(/data-testid="remote-caret"/g)).toHaveLength(2);
    expect(mirror).toContain('data-user-id="usr_1"');
    expect(mirror).toContain(`>${xss.replace('<', '&lt;')}</span>`);
    expect(mirror).toContain('linear-gradient(#12345633, #12345633)');
  });
});
