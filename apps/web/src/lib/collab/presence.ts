/** A selection in the caption, as absolute UTF-16 indexes. `anchor === head` is a caret. */
export interface CursorRange {
  anchor: number;
  head: number;
}

/** Another client on the same document, validated from its awareness state. */
export interface Peer {
  clientId: number;
  userId: string;
  /** Display name: plain text, control characters removed, at most {@link maxNameLength} characters. */
  name: string;
  /** `#rrggbb`. */
  color: string;
  cursor: CursorRange | null;
}

/** Longest display name, in characters (code points). */
export const maxNameLength = 80;

const hexColor = /^#[0-9a-f]{6}$/i;
// Control and format characters (bidi overrides, zero-width joiners used for spoofing) and line breaks.
const unprintable = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/**
 * Peers from an awareness states map. States are untrusted (any client can send anything): entries
 * without a string `user.id` and `user.name` are skipped, names are cleaned and capped, colors other
 * than `#rrggbb` are replaced by {@link colorFor}. The local client is excluded. Sorted by name,
 * then client id, so the order is stable across renders.
 *
 * @example
 *   peersFromStates(provider.awareness.getStates(), doc.clientID, (raw) => resolveCursor(text, raw))
 */
export function peersFromStates(
  states: Map<number, unknown>,
  selfClientId: number,
  resolveCursor: (raw: unknown) => CursorRange | null,
): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfClientId || !isRecord(state) || !isRecord(state.user)) continue;
    const { id, name, color } = state.user;
    if (typeof id !== 'string' || id === '' || typeof name !== 'string') continue;
    const displayName = cleanName(name);
    if (displayName === '') continue;
    peers.push({
      clientId,
      userId: id,
      name: displayName,
      color: typeof color === 'string' && hexColor.test(color) ? color.toLowerCase() : colorFor(id),
      cursor: safeCursor(resolveCursor, state.cursor),
    });
  }
  return peers.sort((a, b) => compareNames(a.name, b.name) || a.clientId - b.clientId);
}

/**
 * A deterministic color for a user: a hue from a hash of the id, a fixed saturation, and the lightest
 * shade on which white initials still read (4.5:1), so carets stand out on light and dark themes.
 *
 * @example colorFor(peer.userId) // a '#rrggbb' string, always the same for this id
 */
export function colorFor(userId: string): string {
  // FNV-1a, then a golden-ratio step so similar ids land on distant hues.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  const hue = Math.floor((((hash >>> 0) * 0.618033988749895) % 1) * 360);
  // Yellows and greens are light at any given HSL lightness: darken until white text reads (4.5:1).
  let lightness = 0.46;
  while (lightness > 0.2 && contrastWithWhite(hslToRgb(hue, 0.62, lightness)) < 4.5) lightness -= 0.02;
  return toHex(hslToRgb(hue, 0.62, lightness));
}

/**
 * Up to two initials for an avatar: the first letter or digit of the first and last words.
 *
 * @example initials('Ada Lovelace') // 'AL'
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return (firstLetter(first) + (last === undefined ? '' : firstLetter(last))).toLocaleUpperCase();
}

function firstLetter(word: string): string {
  return /[\p{L}\p{N}]/u.exec(word)?.[0] ?? '';
}

function cleanName(name: string): string {
  const flat = name.replace(unprintable, ' ').replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= maxNameLength ? flat : chars.slice(0, maxNameLength - 1).join('').trimEnd() + '…';
}

function safeCursor(resolve: (raw: unknown) => CursorRange | null, raw: unknown): CursorRange | null {
  if (raw == null) return null;
  try {
    const cursor = resolve(raw);
    if (cursor === null || !Number.isInteger(cursor.anchor) || !Number.isInteger(cursor.head)) return null;
    return cursor.anchor < 0 || cursor.head < 0 ? null : cursor;
  } catch {
    return null;
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Rgb = [number, number, number];

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [channel(0), channel(8), channel(4)];
}

function contrastWithWhite([r, g, b]: Rgb): number {
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 1.05 / (0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) + 0.05);
}

function toHex(rgb: Rgb): string {
  return '#' + rgb.map((c) => Math.round(c * 255).toString(16).padStart(2, '0')).join('');
}
