import { strengthOptions } from './keys.ts';

/** One line of the key help: the keys and what they do. */
export interface KeyHelpEntry {
  keys: string;
  action: string;
}

/**
 * The editor's keyboard shortcuts for a mode, as shown in the help line and the `?` panel. Single
 * keys never fire while typing in a text field.
 *
 * @example keyHelp('pairwise', 2, { undo: 'Ctrl+Z', redo: 'Ctrl+Y' })[0] // { keys: '1 / 2 or A / B', action: 'choose the better response' }
 */
export function keyHelp(mode: 'pairwise' | 'ranking', responseCount: number, undo: { undo: string; redo: string }): KeyHelpEntry[] {
  const last = Math.min(9, Math.max(1, responseCount));
  const judgement: KeyHelpEntry[] =
    mode === 'pairwise'
      ? [
          { keys: `1…${last} or A, B…`, action: 'choose the better response' },
          { keys: strengthOptions.map((o) => o.key.toUpperCase()).join(' '), action: strengthOptions.map((o) => o.label.toLowerCase()).join(' / ') },
        ]
      : [
          { keys: `Tab, then 1…${last}`, action: 'rank the focused response (equal numbers tie)' },
          { keys: '0', action: 'unrank the focused response' },
          { keys: 'T', action: 'tie the focused response with the rank above' },
        ];
  return [
    ...judgement,
    { keys: 'Shift+Q or Ctrl+Shift+Q', action: 'quote the words selected in a response' },
    { keys: 'M', action: 'show or hide the model ids' },
    { keys: `${undo.undo} / ${undo.redo}`, action: 'undo / redo your own changes' },
    { keys: '?', action: 'show or hide this help' },
  ];
}
