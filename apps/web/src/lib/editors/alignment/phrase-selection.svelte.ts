import { resolveCursor } from '$lib/collab/cursor.ts';
import type { DocumentSession } from '$lib/collab/document-session.svelte.ts';

/** A span of the caption, as UTF-16 offsets, and its words. */
export interface Phrase {
  start: number;
  end: number;
  text: string;
}

/**
 * The words selected in the caption, waiting to be linked to a region. Follows the local caption
 * selection that the caption editor shares in awareness (anchored to characters, so it stays on its
 * words while others type). A selection is offered once: after it is linked or dismissed, only a new
 * selection makes a new phrase.
 */
export class PhraseSelection {
  phrase = $state.raw<Phrase | null>(null);
  readonly #session: DocumentSession;
  #consumed: string | null = null;

  constructor(session: DocumentSession) {
    this.#session = session;
    session.awareness.on('change', this.#refresh);
    session.doc.on('update', this.#refresh);
    this.#refresh();
  }

  /** Marks the current selection as used (linked, or dismissed with Esc). */
  consume(): void {
    this.#consumed = this.#key();
    this.phrase = null;
  }

  destroy(): void {
    this.#session.awareness.off('change', this.#refresh);
    this.#session.doc.off('update', this.#refresh);
  }

  #key(): string | null {
    const raw: unknown = this.#session.awareness.getLocalState()?.cursor;
    return raw == null ? null : JSON.stringify(raw);
  }

  #refresh = (): void => {
    const key = this.#key();
    if (key === null || key === this.#consumed) {
      if (this.phrase !== null) this.phrase = null;
      return;
    }
    const range = resolveCursor(this.#session.text, this.#session.awareness.getLocalState()?.cursor);
    const caption = this.#session.text.toString();
    let start = range === null ? 0 : Math.min(range.anchor, range.head);
    let end = range === null ? 0 : Math.max(range.anchor, range.head);
    // A double click also selects the space after a word: link the words only.
    while (start < end && /\s/.test(caption[start] ?? '')) start++;
    while (end > start && /\s/.test(caption[end - 1] ?? '')) end--;
    const next = end > start ? { start, end, text: caption.slice(start, end) } : null;
    if (next?.start !== this.phrase?.start || next?.end !== this.phrase?.end || next?.text !== this.phrase?.text) this.phrase = next;
  };
}
