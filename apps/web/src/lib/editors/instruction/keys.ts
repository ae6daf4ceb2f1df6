/** What a key press asks the instruction editor to do. */
export type InstructionAction =
  | { kind: 'focus-turn'; delta: -1 | 1 }
  | { kind: 'move-turn'; delta: -1 | 1 }
  | { kind: 'add-turn' }
  | { kind: 'remove-turn' }
  | { kind: 'role'; role: 'system' | 'user' | 'assistant' }
  | { kind: 'play-pause' }
  | { kind: 'seek'; seconds: number }
  | { kind: 'add-segment' }
  | { kind: 'segment-start' }
  | { kind: 'segment-end' };

/** The parts of a `KeyboardEvent` the mapping looks at (tests pass plain objects). */
export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

/** How far Alt+J / Alt+L seek, in seconds. */
export const seekStep = 5;

const roleByDigit: Record<string, 'system' | 'user' | 'assistant'> = { Digit1: 'system', Digit2: 'user', Digit3: 'assistant' };

/**
 * Maps a key press to an editor action, or null. Every shortcut carries a modifier, so they work while
 * typing in a turn: Alt+↑/↓ go to the previous/next turn, Alt+Shift+↑/↓ move the turn, Ctrl/Cmd+Enter
 * adds a turn after it, Ctrl/Cmd+Shift+Backspace removes it, Alt+1/2/3 set its role; audio: Alt+K
 * play/pause, Alt+J/L seek ∓5 s, Alt+N adds a segment at the playhead, Alt+[ / Alt+] set the segment's
 * start/end from the playhead. Alt-letter shortcuts read `code`, because on a Mac Alt changes `key`.
 *
 * @example const action = instructionAction(event); if (action) { event.preventDefault(); run(action); }
 */
export function instructionAction(event: KeyLike): InstructionAction | null {
  const command = event.ctrlKey === true || event.metaKey === true;
  const alt = event.altKey === true;
  const shift = event.shiftKey === true;
  if (command && !alt) {
    if (event.key === 'Enter' && !shift) return { kind: 'add-turn' };
    if (event.key === 'Backspace' && shift) return { kind: 'remove-turn' };
    return null;
  }
  if (!alt || command) return null;
  if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
    const delta = event.key === 'ArrowUp' ? -1 : 1;
    return shift ? { kind: 'move-turn', delta } : { kind: 'focus-turn', delta };
  }
  if (shift) return null;
  const code = event.code ?? '';
  const role = roleByDigit[code];
  if (role !== undefined) return { kind: 'role', role };
  switch (code) {
    case 'KeyK':
      return { kind: 'play-pause' };
    case 'KeyJ':
      return { kind: 'seek', seconds: -seekStep };
    case 'KeyL':
      return { kind: 'seek', seconds: seekStep };
    case 'KeyN':
      return { kind: 'add-segment' };
    case 'BracketLeft':
      return { kind: 'segment-start' };
    case 'BracketRight':
      return { kind: 'segment-end' };
    default:
      return null;
  }
}

/** The shortcuts, worded for the help line. */
export function shortcutHelp(isMac: boolean): { keys: string; does: string }[] {
  const cmd = isMac ? '⌘' : 'Ctrl+';
  const alt = isMac ? '⌥' : 'Alt+';
  return [
    { keys: `${alt}↑ / ${alt}↓`, does: 'previous / next turn' },
    { keys: isMac ? '⌥⇧↑ / ⌥⇧↓' : 'Alt+Shift+↑ / Alt+Shift+↓', does: 'move turn up / down' },
    { keys: `${cmd}Enter`, does: 'add a turn after this one' },
    { keys: `${cmd}${isMac ? '⇧⌫' : 'Shift+Backspace'}`, does: 'remove this turn' },
    { keys: `${alt}1 / 2 / 3`, does: 'role: system / user / assistant' },
    { keys: `${cmd}Z / ${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'}`, does: 'undo / redo your own edits' },
    { keys: `${alt}K`, does: 'play / pause audio' },
    { keys: `${alt}J / ${alt}L`, does: `back / forward ${seekStep} s` },
    { keys: `${alt}N`, does: 'add a segment at the playhead' },
    { keys: `${alt}[ / ${alt}]`, does: 'set segment start / end from the playhead' },
  ];
}

/** The role a new turn gets after `previous`: conversations alternate user and assistant. */
export function nextRole(previous: 'system' | 'user' | 'assistant' | null | undefined): 'user' | 'assistant' {
  return previous === 'user' ? 'assistant' : 'user';
}
