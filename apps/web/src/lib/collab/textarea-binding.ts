import * as Y from 'yjs';
import { toAbsoluteSelection, toRelativeSelection, type RelativeSelection } from './cursor.ts';
import type { CursorRange } from './presence.ts';
import { diffText } from './text-diff.ts';

type Direction = 'forward' | 'backward' | 'none';

/** The part of an `HTMLTextAreaElement` the binding uses (tests pass a plain object). */
export interface TextareaLike {
  value: string;
  selectionStart: number;
  selectionEnd: number;
  selectionDirection: Direction | null;
  scrollTop: number;
  setSelectionRange(start: number, end: number, direction?: Direction): void;
}

export interface TextareaBindingOptions {
  textarea: TextareaLike;
  text: Y.Text;
  /** Called after every local change of the selection or the text. */
  onSelection?: (selection: CursorRange) => void;
}

// Marks the editor's own transactions, so they are not rendered back into the textarea.
const editorOrigin = Symbol('caption-editor');

interface Composition {
  base: string;
  start: number;
  end: number;
  anchors: { start: Y.RelativePosition; end: Y.RelativePosition };
}

/**
 * Keeps a textarea and a `Y.Text` equal. Local input becomes one transaction per input event; remote
 * changes rewrite the textarea while the user's selection stays on the same characters. During IME
 * composition the textarea is left alone and the composed text is merged when composition ends.
 * The owner forwards DOM events to `input`, `compositionStart`, `compositionEnd` and `reportSelection`.
 *
 * @example
 *   const binding = new TextareaBinding({ textarea, text, onSelection: (s) => session.setSelection(s.anchor, s.head) });
 *   textarea.addEventListener('input', () => binding.input());
 */
export class TextareaBinding {
  readonly #textarea: TextareaLike;
  readonly #text: Y.Text;
  readonly #doc: Y.Doc;
  readonly #onSelection: (selection: CursorRange) => void;
  #saved: RelativeSelection | null = null;
  #composition: Composition | null = null;
  #remoteDuringComposition = false;

  constructor({ textarea, text, onSelection }: TextareaBindingOptions) {
    if (text.doc === null) throw new Error('TextareaBinding needs a Y.Text that belongs to a document');
    this.#textarea = textarea;
    this.#text = text;
    this.#doc = text.doc;
    this.#onSelection = onSelection ?? (() => {});
    textarea.value = text.toString();
    this.#doc.on('beforeTransaction', this.#beforeTransaction);
    text.observe(this.#observe);
  }

  /** The textarea's selection as anchor (fixed end) and head (moving end). */
  selection(): CursorRange {
    const { selectionStart: start, selectionEnd: end, selectionDirection } = this.#textarea;
    return selectionDirection === 'backward' ? { anchor: end, head: start } : { anchor: start, head: end };
  }

  reportSelection(): void {
    this.#onSelection(this.selection());
  }

  /** The textarea's value changed (an `input` event). */
  input(): void {
    if (this.#composition !== null) return;
    const before = this.#text.toString();
    const after = this.#textarea.value;
    if (before !== after) {
      const change = diffText(before, after, this.#textarea.selectionEnd);
      this.#doc.transact(() => {
        if (change.remove > 0) this.#text.delete(change.index, change.remove);
        if (change.insert !== '') this.#text.insert(change.index, change.insert);
      }, editorOrigin);
    }
    this.reportSelection();
  }

  compositionStart(): void {
    if (this.#composition !== null) return;
    const { selectionStart: start, selectionEnd: end } = this.#textarea;
    this.#composition = {
      base: this.#textarea.value,
      start,
      end,
      anchors: {
        start: Y.createRelativePositionFromTypeIndex(this.#text, start, -1),
        end: Y.createRelativePositionFromTypeIndex(this.#text, end, 0),
      },
    };
    this.#remoteDuringComposition = false;
  }

  compositionEnd(): void {
    const composition = this.#composition;
    if (composition === null) return;
    this.#composition = null;
    if (!this.#remoteDuringComposition) {
      this.input();
      return;
    }
    // The document moved on while the IME owned the textarea: put the composed text where the
    // composition started, now, then show the merged result.
    const caret = this.#mergeComposition(composition);
    this.#remoteDuringComposition = false;
    this.#write({ anchor: caret, head: caret });
    this.reportSelection();
  }

  destroy(): void {
    this.#doc.off('beforeTransaction', this.#beforeTransaction);
    this.#text.unobserve(this.#observe);
  }

  #beforeTransaction = (transaction: Y.Transaction): void => {
    if (transaction.origin === editorOrigin || this.#composition !== null) return;
    // The textarea still equals the text here, so its selection can be anchored to characters.
    this.#saved = toRelativeSelection(this.#text, this.selection());
  };

  #observe = (_event: Y.YTextEvent, transaction: Y.Transaction): void => {
    if (transaction.origin === editorOrigin) return;
    if (this.#composition !== null) {
      this.#remoteDuringComposition = true;
      return;
    }
    const saved = this.#saved;
    this.#saved = null;
    this.#write(saved === null ? this.selection() : (toAbsoluteSelection(this.#text, saved) ?? this.selection()));
  };

  #write(selection: CursorRange): void {
    const value = this.#text.toString();
    const textarea = this.#textarea;
    if (textarea.value !== value) {
      const scrollTop = textarea.scrollTop;
      textarea.value = value;
      textarea.scrollTop = scrollTop;
    }
    const anchor = Math.min(selection.anchor, value.length);
    const head = Math.min(selection.head, value.length);
    textarea.setSelectionRange(Math.min(anchor, head), Math.max(anchor, head), head < anchor ? 'backward' : 'forward');
  }

  /** Applies a finished composition to the text; returns where the caret goes. */
  #mergeComposition({ base, start, end, anchors }: Composition): number {
    const composed = this.#textarea.value;
    const tail = base.length - end;
    const startAt = toAbsoluteSelection(this.#text, { anchor: anchors.start, head: anchors.end });
    const from = startAt?.anchor ?? Math.min(start, this.#text.length);
    // A caret composition replaces nothing: what others typed at that spot meanwhile must stay.
    const to = start === end ? from : Math.max(from, startAt?.head ?? from);
    let index = from;
    let remove = to - from;
    let insert: string;
    if (composed.length >= start + tail && composed.startsWith(base.slice(0, start)) && composed.endsWith(base.slice(end))) {
      insert = composed.slice(start, composed.length - tail);
    } else {
      // The IME also changed text outside the composed range: apply the plain difference, shifted
      // by however far the composition's start moved.
      const change = diffText(base, composed, this.#textarea.selectionEnd);
      index = Math.max(0, Math.min(this.#text.length, from + change.index - start));
      remove = Math.min(change.remove, this.#text.length - index);
      insert = change.insert;
    }
    if (remove > 0 || insert !== '') {
      this.#doc.transact(() => {
        if (remove > 0) this.#text.delete(index, remove);
        if (insert !== '') this.#text.insert(index, insert);
      }, editorOrigin);
    }
    return index + insert.length;
  }
}
