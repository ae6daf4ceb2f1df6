import type { Tool } from './canvas-controller.svelte.ts';

/** What a key press on the canvas means. */
export type CanvasAction =
  | { kind: 'tool'; tool: Tool }
  | { kind: 'label'; index: number }
  | { kind: 'zoom-in' }
  | { kind: 'zoom-out' }
  | { kind: 'fit' }
  | { kind: 'delete' }
  | { kind: 'close-polygon' }
  | { kind: 'cancel' }
  | { kind: 'link' }
  | { kind: 'nudge'; dx: number; dy: number };

/** The parts of a keyboard event {@link canvasKeyAction} reads. */
export type CanvasKeyEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * The canvas shortcut for a key press, or null. Keys with Ctrl, Cmd or Alt are left to the browser and
 * to undo/redo; the caller skips events that come from text fields.
 *
 * @example canvasKeyAction({ key: 'b', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false }) // { kind: 'tool', tool: 'box' }
 */
export function canvasKeyAction(event: CanvasKeyEvent): CanvasAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const key = event.key;
  const step = event.shiftKey ? 10 : 1;
  switch (key) {
    case 'v':
    case 'V':
      return { kind: 'tool', tool: 'select' };
    case 'b':
    case 'B':
      return { kind: 'tool', tool: 'box' };
    case 'p':
    case 'P':
      return { kind: 'tool', tool: 'polygon' };
    case 'h':
    case 'H':
      return { kind: 'tool', tool: 'hand' };
    case 'l':
    case 'L':
      return { kind: 'link' };
    case '+':
    case '=':
      return { kind: 'zoom-in' };
    case '-':
    case '_':
      return { kind: 'zoom-out' };
    case '0':
      return { kind: 'fit' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'Enter':
      return { kind: 'close-polygon' };
    case 'Escape':
      return { kind: 'cancel' };
    case 'ArrowLeft':
      return { kind: 'nudge', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { kind: 'nudge', dx: step, dy: 0 };
    case 'ArrowUp':
      return { kind: 'nudge', dx: 0, dy: -step };
    case 'ArrowDown':
      return { kind: 'nudge', dx: 0, dy: step };
    default:
      if (/^[1-9]$/.test(key)) return { kind: 'label', index: Number(key) - 1 };
      return null;
  }
}

/** Whether a key event comes from somewhere that types text (shortcuts must not fire there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color'].includes(type);
}

/** The keyboard help line of the canvas. */
export const canvasShortcuts: readonly { keys: string; action: string }[] = [
  { keys: 'V', action: 'select' },
  { keys: 'B', action: 'box' },
  { keys: 'P', action: 'polygon (Enter closes)' },
  { keys: 'H / Space+drag', action: 'pan' },
  { keys: 'wheel / + −', action: 'zoom' },
  { keys: '0', action: 'fit' },
  { keys: '1–9', action: 'label' },
  { keys: 'arrows', action: 'nudge' },
  { keys: 'Del', action: 'delete' },
  { keys: 'L', action: 'link selected text' },
  { keys: 'Esc', action: 'cancel' },
];
