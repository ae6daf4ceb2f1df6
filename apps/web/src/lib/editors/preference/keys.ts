import type { Strength } from '@concord/annotation-doc';

/** Wording and key of each pairwise strength (SPEC `judgement.strength`), strongest first. */
export const strengthOptions: readonly { value: Strength; label: string; key: string }[] = [
  { value: 'significantly_better', label: 'Significantly better', key: 'q' },
  { value: 'better', label: 'Better', key: 'w' },
  { value: 'slightly_better', label: 'Slightly better', key: 'e' },
  { value: 'negligible_or_unsure', label: 'Negligibly better / unsure', key: 'r' },
];

/** What a key press asks the preference editor to do. Response positions are display positions (0-based). */
export type PreferenceAction =
  | { kind: 'choose'; displayIndex: number }
  | { kind: 'strength'; strength: Strength }
  | { kind: 'rank'; rank: number }
  | { kind: 'clear-rank' }
  | { kind: 'tie-with-above' }
  | { kind: 'quote' }
  | { kind: 'toggle-models' }
  | { kind: 'toggle-help' };

/** The parts of a `KeyboardEvent` the mapping looks at (tests pass plain objects). */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

// Inputs where a letter or digit is text, not a command.
const textInputTypes = new Set(['', 'text', 'search', 'email', 'number', 'password', 'tel', 'url', 'date', 'time', 'datetime-local', 'month', 'week']);

/** The parts of an element {@link isTypingTarget} looks at. */
export interface ElementLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

/**
 * True when keys typed at `target` are text (a textarea, a text input, a select or an editable
 * element): the editor's single-key shortcuts must stay quiet there.
 */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as ElementLike;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return textInputTypes.has((element.type ?? '').toLowerCase());
  return false;
}

/**
 * Maps a key press to an editor action, or null. Single keys carry no modifier (Shift allowed for
 * `?`); `Ctrl+Shift+Q` (or Cmd+Shift+Q, or Shift+Q) quotes the selection. Pairwise: `1`…`9` or the response's
 * letter chooses it, `q w e r` set the strength. Ranking: `1`…`9` ranks the focused response, `0` or
 * Backspace clears its rank, `t` ties it with the group above. Both: `m` shows/hides model ids, `?`
 * toggles the key help.
 *
 * @example preferenceKeyAction({ key: '2' }, 'pairwise', 2) // { kind: 'choose', displayIndex: 1 }
 */
export function preferenceKeyAction(event: KeyLike, mode: 'pairwise' | 'ranking', responseCount: number): PreferenceAction | null {
  const key = event.key;
  const command = event.ctrlKey === true || event.metaKey === true;
  if (command && event.shiftKey === true && event.altKey !== true && key.toLowerCase() === 'q') return { kind: 'quote' };
  if (command || event.altKey === true) return null;
  if (key === '?') return { kind: 'toggle-help' };
  // Shift+Q as well: some browsers keep Ctrl+Shift+Q for themselves (quit).
  if (event.shiftKey === true) return key.toLowerCase() === 'q' ? { kind: 'quote' } : null;
  const lower = key.toLowerCase();
  if (lower === 'm') return { kind: 'toggle-models' };
  if (mode === 'pairwise') {
    if (/^[1-9]$/.test(key)) {
      const index = Number(key) - 1;
      return index < responseCount ? { kind: 'choose', displayIndex: index } : null;
    }
    const strength = strengthOptions.find((option) => option.key === lower);
    if (strength) return { kind: 'strength', strength: strength.value };
    // Letters choose by label: A to D (E is a strength key; pairwise has two responses anyway).
    if (/^[a-d]$/.test(lower)) {
      const index = lower.charCodeAt(0) - 97;
      return index < responseCount ? { kind: 'choose', displayIndex: index } : null;
    }
    return null;
  }
  if (/^[1-9]$/.test(key)) {
    const rank = Number(key);
    return rank <= responseCount ? { kind: 'rank', rank } : null;
  }
  if (key === '0' || key === 'Backspace' || key === 'Delete') return { kind: 'clear-rank' };
  if (lower === 't') return { kind: 'tie-with-above' };
  return null;
}
