import { describe, expect, it } from 'vitest';
import { canvasKeyAction } from './keys.ts';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) =>
  canvasKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('canvas shortcuts', () => {
  it('maps tools, labels, zoom and editing keys', () => {
    expect(press('v')).toEqual({ kind: 'tool', tool: 'select' });
    expect(press('B')).toEqual({ kind: 'tool', tool: 'box' });
    expect(press('p')).toEqual({ kind: 'tool', tool: 'polygon' });
    expect(press('h')).toEqual({ kind: 'tool', tool: 'hand' });
    expect(press('1')).toEqual({ kind: 'label', index: 0 });
    expect(press('9')).toEqual({ kind: 'label', index: 8 });
    expect(press('+')).toEqual({ kind: 'zoom-in' });
    expect(press('=')).toEqual({ kind: 'zoom-in' });
    expect(press('-')).toEqual({ kind: 'zoom-out' });
    expect(press('0')).toEqual({ kind: 'fit' });
    expect(press('Delete')).toEqual({ kind: 'delete' });
    expect(press('Backspace')).toEqual({ kind: 'delete' });
    expect(press('Enter')).toEqual({ kind: 'close-polygon' });
    expect(press('Escape')).toEqual({ kind: 'cancel' });
    expect(press('l')).toEqual({ kind: 'link' });
    expect(press('ArrowLeft')).toEqual({ kind: 'nudge', dx: -1, dy: 0 });
    expect(press('ArrowDown', { shiftKey: true })).toEqual({ kind: 'nudge', dx: 0, dy: 10 });
  });

  it('leaves modified keys (undo, browser shortcuts) and other keys alone', () => {
    expect(press('z', { ctrlKey: true })).toBeNull();
    expect(press('b', { metaKey: true })).toBeNull();
    expect(press('1', { altKey: true })).toBeNull();
    expect(press('x')).toBeNull();
    expect(press(' ')).toBeNull();
  });
});
