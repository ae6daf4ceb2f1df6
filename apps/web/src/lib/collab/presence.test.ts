import { describe, expect, it } from 'vitest';
import { colorFor, initials, maxNameLength, peersFromStates } from './presence.ts';

const noCursor = () => null;
const user = (id: string, name: string, color?: unknown) => ({ user: { id, name, color } });

describe('peersFromStates', () => {
  it('excludes self and sorts by name, then client id', () => {
    const states = new Map<number, unknown>([
      [5, user('usr_b', 'bob', '#112233')],
      [1, user('usr_self', 'Me', '#445566')],
      [9, user('usr_a', 'Alice', '#778899')],
      [3, user('usr_b', 'Bob', '#112233')],
    ]);
    const peers = peersFromStates(states, 1, noCursor);
    expect(peers.map((p) => [p.clientId, p.name])).toEqual([
      [9, 'Alice'],
      [3, 'Bob'],
      [5, 'bob'],
    ]);
    expect(peers[0]).toEqual({ clientId: 9, userId: 'usr_a', name: 'Alice', color: '#778899', cursor: null });
  });

  it('ignores malformed states', () => {
    const states = new Map<number, unknown>([
      [1, null],
      [2, 'a string'],
      [3, 42],
      [4, {}],
      [5, { user: null }],
      [6, { user: 'usr_x' }],
      [7, { user: { id: 7, name: 'Number id' } }],
      [8, { user: { id: 'usr_x' } }],
      [9, { user: { id: '', name: 'Empty id' } }],
      [10, { user: { id: 'usr_y', name: { toString: 'x' } } }],
      [11, { user: { id: 'usr_z', name: '   \u0000 ' } }],
      [12, { user: ['usr_q', 'Array'] }],
      [13, user('usr_ok', 'Valid')],
    ]);
    expect(peersFromStates(states, 0, noCursor).map((p) => p.clientId)).toEqual([13]);
  });

  it('keeps markup in names as plain text data', () => {
    const name = '<img src=x onerror=alert(1)>';
    const [peer] = peersFromStates(new Map([[2, user('usr_x', name)]]), 1, noCursor);
    expect(peer?.name).toBe(name);
    expect(initials(name)).toBe('IO');
  });

  it('removes control and bidi characters and collapses whitespace', () => {
    const [peer] = peersFromStates(new Map([[2, user('usr_x', '  Eve\n\tthe\u202E  Spoofer\u200B ')]]), 1, noCursor);
    expect(peer?.name).toBe('Eve the Spoofer');
  });

  it('caps long names at 80 characters without splitting emoji', () => {
    const long = '😀'.repeat(200);
    const [peer] = peersFromStates(new Map([[2, user('usr_x', long)]]), 1, noCursor);
    const chars = Array.from(peer?.name ?? '');
    expect(chars).toHaveLength(maxNameLength);
    expect(chars.at(-1)).toBe('…');
    expect(chars.slice(0, -1).every((c) => c === '😀')).toBe(true);
    const exact = 'x'.repeat(maxNameLength);
    expect(peersFromStates(new Map([[2, user('usr_x', exact)]]), 1, noCursor)[0]?.name).toBe(exact);
  });

  it('accepts only #rrggbb colors and falls back to colorFor(userId)', () => {
    const bad = ['red', '#abc', '#12345g', 'url(javascript:x)', '#11223344', 'hsl(1 2% 3%)', 12, null, undefined];
    for (const color of bad) {
      const [peer] = peersFromStates(new Map([[2, user('usr_x', 'X', color)]]), 1, noCursor);
      expect(peer?.color).toBe(colorFor('usr_x'));
    }
    expect(peersFromStates(new Map([[2, user('usr_x', 'X', '#AbCdEf')]]), 1, noCursor)[0]?.color).toBe('#abcdef');
  });

  it('resolves cursors through the callback and drops what it cannot resolve', () => {
    const states = new Map<number, unknown>([
      [2, { ...user('usr_a', 'A'), cursor: 'good' }],
      [3, { ...user('usr_b', 'B'), cursor: 'bad' }],
      [4, { ...user('usr_c', 'C'), cursor: 'throws' }],
      [5, { ...user('usr_d', 'D'), cursor: 'negative' }],
      [6, user('usr_e', 'E')],
    ]);
    const seen: unknown[] = [];
    const peers = peersFromStates(states, 1, (raw) => {
      seen.push(raw);
      if (raw === 'good') return { anchor: 1, head: 3 };
      if (raw === 'throws') throw new Error('malformed');
      if (raw === 'negative') return { anchor: -1, head: 0 };
      return null;
    });
    expect(peers.map((p) => p.cursor)).toEqual([{ anchor: 1, head: 3 }, null, null, null, null]);
    expect(seen).toEqual(['good', 'bad', 'throws', 'negative']);
  });
});

describe('colorFor', () => {
  it('is deterministic and #rrggbb', () => {
    expect(colorFor('usr_abc')).toBe(colorFor('usr_abc'));
    for (const id of ['', 'usr_a', 'usr_b', '😀', 'x'.repeat(1000)]) expect(colorFor(id)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('spreads users over several hues', () => {
    const colors = new Set(Array.from({ length: 20 }, (_, i) => colorFor(`usr_${i}`)));
    expect(colors.size).toBeGreaterThan(15);
  });

  it('is dark enough for white initials', () => {
    for (let i = 0; i < 50; i++) {
      const hex = colorFor(`usr_${i}`);
      const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
      const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      expect(1.05 / (luminance + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('initials', () => {
  it('takes the first and last words', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('ada king lovelace')).toBe('AL');
    expect(initials('Grace')).toBe('G');
  });

  it('skips punctuation and handles non-Latin and astral letters', () => {
    expect(initials('  (Jean-Luc)  Picard ')).toBe('JP');
    expect(initials('Łukasz Żak')).toBe('ŁŻ');
    expect(initials('𝒜da 𝒵u')).toBe('𝒜𝒵');
  });

  it('falls back to ? without letters', () => {
    expect(initials('')).toBe('?');
    expect(initials(' -- !! ')).toBe('?');
  });
});
