import { strengthOptions } from './keys.ts';

/** One shortcut: its keys, a one-word reminder for the hint line, and what it does in full. */
export interface KeyHelpEntry {
  keys: string;
  short: string;
  action: string;
}

/**
 * The editor's keyboard shortcuts for a mode, as shown in the hint line and the `?` panel. Single
 * keys never fire while typing in a text field.
 *
 * @example keyHelp('pairwise', 2, { undo: 'Ctrl+Z', redo: 'Ctrl+Y' })[0].keys // '1 / 2 or A / B'
 */
export function keyHelp(mode: 'pairwise' | 'ranking', responseCount: number, undo: { undo: string; redo: string }): KeyHelpEntry[] {
  const last = Math.min(9, Math.max(1, responseCount));
  const letters = Array.from({ length: Math.min(4, Math.max(1, responseCount)) }, (_, i) => String.fromCharCode(65 + i));
  const digits = last <= 2 ? Array.from({ length: last }, (_, i) => String(i + 1)).join(' / ') : `1…${last}`;
  const judgement: KeyHelpEntry[] =
    mode === 'pairwise'
      ? [
          { keys: `${digits} or ${letters.join(' / ')}`, short: 'choose', action: 'choose the better response' },
          {
            keys: strengthOptions.map((o) => o.key.toUpperCase()).join(' '),
            short: 'strength',
            action: strengthOptions.map((o) => o.label.toLowerCase()).join(' / '),
          },
        ]
      : [
          { keys: `1…${last}`, short: 'rank', action: 'rank the focused response (Tab to it; equal numbers tie)' },
          { keys: '0', short: 'unrank', action: 'unrank the focused response' },
          { keys: 'T', short: 'tie', action: 'tie the focused response with the rank above' },
        ];
  return [
    ...judgement,
    { keys: 'Shift+Q', short: 'quote', action: 'quote the words selected in a response (also Ctrl+Shift+Q)' },
    { keys: 'M', short: 'model ids', action: 'show or hide the model ids' },
    { keys: `${undo.undo} / ${undo.redo}`, short: 'undo / redo', action: 'undo / redo your own changes (never someone else’s)' },
    { keys: '?', short: 'all keys', action: 'show or hide this help' },
  ];
}
