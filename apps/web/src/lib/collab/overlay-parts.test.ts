import { describe, expect, it } from 'vitest';
import { type OverlayPart, overlayParts } from './overlay-parts.ts';
import type { Peer } from './presence.ts';

const peer = (clientId: number, color: string, cursor: Peer['cursor']): Peer => ({
  clientId,
  userId: `usr_${clientId}`,
  name: `Peer ${clientId}`,
  color,
  cursor,
});

/** A compact picture: text parts as-is ([..] when highlighted), carets as |clientId. */
function picture(parts: OverlayPart[]): string {
  return parts
    .map((p) => (p.kind === 'caret' ? `|${p.peer.clientId}` : p.highlights.length ? `[${p.text}:${p.highlights.join('+')}]` : p.text))
    .join('');
}

describe('overlayParts', () => {
  it('is the plain text without peers or cursors', () => {
    expect(overlayParts('hello', [])).toEqual([{ kind: 'text', text: 'hello', highlights: [] }]);
    expect(picture(overlayParts('hello', [peer(1, '#111111', null)]))).toBe('hello');
  });

  it('places carets before the character at their index, including both ends', () => {
    const peers = [peer(1, '#111111', { anchor: 0, head: 0 }), peer(2, '#222222', { anchor: 2, head: 2 }), peer(3, '#333333', { anchor: 5, head: 5 })];
    expect(picture(overlayParts('hello', peers))).toBe('|1he|2llo|3');
  });

  it('highlights selections and puts the caret at the head', () => {
    expect(picture(overlayParts('hello world', [peer(1, '#111111', { anchor: 0, head: 5 })]))).toBe('[hello:#111111]|1 world');
    expect(picture(overlayParts('hello world', [peer(1, '#111111', { anchor: 11, head: 6 })]))).toBe('hello |1[world:#111111]');
  });

  it('layers overlapping selections', () => {
    const peers = [peer(1, '#111111', { anchor: 0, head: 4 }), peer(2, '#222222', { anchor: 2, head: 6 })];
    expect(picture(overlayParts('abcdefgh', peers))).toBe('[ab:#111111][cd:#111111+#222222]|1[ef:#222222]|2gh');
  });

  it('shows several carets at one place', () => {
    const peers = [peer(1, '#111111', { anchor: 1, head: 1 }), peer(2, '#222222', { anchor: 1, head: 1 })];
    expect(picture(overlayParts('ab', peers))).toBe('a|1|2b');
  });

  it('clamps indexes and never splits a surrogate pair', () => {
    const parts = overlayParts('a😀b', [peer(1, '#111111', { anchor: 2, head: 2 }), peer(2, '#222222', { anchor: -4, head: 99 })]);
    expect(picture(parts)).toBe('[a:#222222]|1[😀b:#222222]|2');
    expect(parts.filter((p) => p.kind === 'text').map((p) => p.text).join('')).toBe('a😀b');
  });

  it('handles an empty text', () => {
    expect(overlayParts('', [])).toEqual([]);
    expect(picture(overlayParts('', [peer(1, '#111111', { anchor: 3, head: 0 })]))).toBe('|1');
  });

  it('keeps untrusted text as data', () => {
    const text = '<img src=x onerror=alert(1)>';
    const parts = overlayParts(text, [peer(1, '#111111', { anchor: 4, head: 4 })]);
    expect(parts.filter((p) => p.kind === 'text').map((p) => p.text).join('')).toBe(text);
  });
});
