import { describe, expect, it } from 'vitest';
import { instructionAction, nextRole, shortcutHelp } from './keys.ts';

describe('instructionAction', () => {
  it('moves between turns and moves turns with Alt(+Shift)+arrows', () => {
    expect(instructionAction({ key: 'ArrowUp', altKey: true })).toEqual({ kind: 'focus-turn', delta: -1 });
    expect(instructionAction({ key: 'ArrowDown', altKey: true })).toEqual({ kind: 'focus-turn', delta: 1 });
    expect(instructionAction({ key: 'ArrowUp', altKey: true, shiftKey: true })).toEqual({ kind: 'move-turn', delta: -1 });
    expect(instructionAction({ key: 'ArrowDown', altKey: true, shiftKey: true })).toEqual({ kind: 'move-turn', delta: 1 });
    expect(instructionAction({ key: 'ArrowDown' })).toBeNull();
  });

  it('adds and removes turns with Ctrl/Cmd', () => {
    expect(instructionAction({ key: 'Enter', ctrlKey: true })).toEqual({ kind: 'add-turn' });
    expect(instructionAction({ key: 'Enter', metaKey: true })).toEqual({ kind: 'add-turn' });
    expect(instructionAction({ key: 'Backspace', ctrlKey: true, shiftKey: true })).toEqual({ kind: 'remove-turn' });
    expect(instructionAction({ key: 'Backspace', ctrlKey: true })).toBeNull();
    expect(instructionAction({ key: 'Enter' })).toBeNull();
  });

  it('reads Alt-letter shortcuts from the physical key (Mac Alt changes the character)', () => {
    expect(instructionAction({ key: '˚', code: 'KeyK', altKey: true })).toEqual({ kind: 'play-pause' });
    expect(instructionAction({ key: 'j', code: 'KeyJ', altKey: true })).toEqual({ kind: 'seek', seconds: -5 });
    expect(instructionAction({ key: 'l', code: 'KeyL', altKey: true })).toEqual({ kind: 'seek', seconds: 5 });
    expect(instructionAction({ key: 'n', code: 'KeyN', altKey: true })).toEqual({ kind: 'add-segment' });
    expect(instructionAction({ key: '[', code: 'BracketLeft', altKey: true })).toEqual({ kind: 'segment-start' });
    expect(instructionAction({ key: ']', code: 'BracketRight', altKey: true })).toEqual({ kind: 'segment-end' });
    expect(instructionAction({ key: '3', code: 'Digit3', altKey: true })).toEqual({ kind: 'role', role: 'assistant' });
    expect(instructionAction({ key: 'k', code: 'KeyK' })).toBeNull();
    expect(instructionAction({ key: 'k', code: 'KeyK', altKey: true, ctrlKey: true })).toBeNull();
  });

  it('lists every shortcut for the help line, per platform', () => {
    expect(shortcutHelp(false).map((s) => s.keys)).toContain('Ctrl+Enter');
    expect(shortcutHelp(true).map((s) => s.keys)).toContain('⌘Enter');
    expect(shortcutHelp(false)).toHaveLength(10);
  });

  it('alternates roles for new turns', () => {
    expect(nextRole('user')).toBe('assistant');
    expect(nextRole('assistant')).toBe('user');
    expect(nextRole('system')).toBe('user');
    expect(nextRole(undefined)).toBe('user');
  });
});
