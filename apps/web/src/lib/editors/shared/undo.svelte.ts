import * as Y from 'yjs';

/** Says yes to every origin: which transactions count is decided by `captureTransaction` (local ones). */
class AnyOrigin extends Set<unknown> {
  override has(_origin: unknown): boolean {
    return true;
  }
}

export interface UndoScopeOptions {
  /** Edits closer together than this (ms) undo as one step; default 500. */
  captureTimeout?: number;
}

/**
 * Undo and redo for the local user only: wraps a `Y.UndoManager` that records this client's own
 * transactions on the given types (whatever their origin: text binding, mutations, the undo itself)
 * and never what arrived from others, so undoing never takes back a collaborator's work.
 *
 * @example
 *   const undo = new UndoScope(session.doc, [doc.getArray('turns'), doc.getText('summary')]);
 *   onkeydown={(event) => onUndoKeys(event, undo)}
 *   onDestroy(() => undo.destroy());
 */
export class UndoScope {
  canUndo = $state(false);
  canRedo = $state(false);
  readonly #manager: Y.UndoManager;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Y.UndoManager's own scope type; any shared type qualifies.
  constructor(doc: Y.Doc, types: Y.AbstractType<any>[], options: UndoScopeOptions = {}) {
    this.#manager = new Y.UndoManager(types.length > 0 ? types : doc, {
      doc,
      captureTimeout: options.captureTimeout ?? 500,
      // Updates applied from the network (the provider, or any Y.applyUpdate) are never local.
      captureTransaction: (transaction) => transaction.local,
      trackedOrigins: new AnyOrigin(),
    });
    const refresh = () => {
      this.canUndo = this.#manager.canUndo();
      this.canRedo = this.#manager.canRedo();
    };
    this.#manager.on('stack-item-added', refresh);
    this.#manager.on('stack-item-popped', refresh);
    this.#manager.on('stack-cleared', refresh);
  }

  /** Takes back this user's last step; false when there was nothing to undo. */
  undo(): boolean {
    return this.#manager.undo() !== null;
  }

  /** Puts back the last undone step; false when there was nothing to redo. */
  redo(): boolean {
    return this.#manager.redo() !== null;
  }

  /** The next edit starts a new undo step (call it when the user moves to another field). */
  stopCapturing(): void {
    this.#manager.stopCapturing();
  }

  destroy(): void {
    this.#manager.destroy();
  }
}

/** The parts of a keyboard event {@link onUndoKeys} looks at. */
export type UndoKeyEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'preventDefault'>;

/**
 * Handles Ctrl/Cmd+Z (undo), Ctrl/Cmd+Shift+Z and Ctrl+Y (redo) with the scope instead of the
 * browser's per-textarea undo, which knows nothing about collaborators. Returns true when handled.
 *
 * @example <div onkeydown={(event) => onUndoKeys(event, undo)}>…</div>
 */
export function onUndoKeys(event: UndoKeyEvent, scope: Pick<UndoScope, 'undo' | 'redo'>): boolean {
  if (event.altKey || !(event.ctrlKey || event.metaKey)) return false;
  const key = event.key.toLowerCase();
  if (key === 'z') {
    event.preventDefault();
    if (event.shiftKey) scope.redo();
    else scope.undo();
    return true;
  }
  if (key === 'y' && event.ctrlKey && !event.shiftKey) {
    event.preventDefault();
    scope.redo();
    return true;
  }
  return false;
}

/** Shortcut wording for the help line, per platform. */
export function undoShortcutLabels(isMac: boolean): { undo: string; redo: string } {
  return isMac ? { undo: '⌘Z', redo: '⇧⌘Z' } : { undo: 'Ctrl+Z', redo: 'Ctrl+Shift+Z / Ctrl+Y' };
}
