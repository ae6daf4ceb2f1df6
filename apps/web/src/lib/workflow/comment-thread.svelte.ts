import type * as Y from 'yjs';

/** One comment of a dispute, as stored in the comments document's `comments` Y.Array [D3]. */
export interface DisputeComment {
  id: string;
  userId: string;
  name: string;
  text: string;
  at: string;
}

/** Longest comment kept (characters); longer ones are cut when written. */
export const maxCommentLength = 4000;

const isComment = (value: unknown): value is DisputeComment => {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.id === 'string' && typeof c.userId === 'string' && typeof c.name === 'string' && typeof c.text === 'string' && typeof c.at === 'string';
};

/**
 * A dispute's live comments thread on its comments document: every entry of the `comments` Y.Array
 * that has the expected shape (others are skipped, never shown raw), oldest first, kept live.
 * @example const thread = new CommentThread(session.doc); thread.add({ userId, name, text: 'Ana is right.' });
 */
export class CommentThread {
  comments = $state.raw<DisputeComment[]>([]);
  readonly #array: Y.Array<unknown>;
  readonly #now: () => Date;
  readonly #refresh = () => {
    this.comments = this.#array.toArray().filter(isComment);
  };

  constructor(doc: Y.Doc, options: { now?: () => Date } = {}) {
    this.#array = doc.getArray<unknown>('comments');
    this.#now = options.now ?? (() => new Date());
    this.#array.observe(this.#refresh);
    this.#refresh();
  }

  /** Appends a comment (trimmed; blank ones are ignored). Returns whether one was added. */
  add(input: { userId: string; name: string; text: string }): boolean {
    const text = input.text.trim().slice(0, maxCommentLength);
    if (!text) return false;
    const comment: DisputeComment = { id: randomId(), userId: input.userId, name: input.name, text, at: this.#now().toISOString() };
    this.#array.push([comment]);
    return true;
  }

  destroy(): void {
    this.#array.unobserve(this.#refresh);
  }
}

function randomId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return `cmt_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
