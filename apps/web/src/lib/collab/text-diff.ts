/** One contiguous replacement: remove `remove` UTF-16 units at `index`, then insert `insert` there. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The single replacement that turns `before` into `after`: everything between the common prefix and
 * the common suffix. Boundaries never fall inside a surrogate pair, so an emoji is replaced whole.
 *
 * When the edit is ambiguous (typing "a" into "aa"), `caretAfter` — where the caret ended up after the
 * edit — places the change where the user made it, so that positions anchored in the text (remote
 * carets) move as they should.
 *
 * @example
 *   diffText('hello world', 'hello brave world') // { index: 6, remove: 0, insert: 'brave ' }
 *   diffText('aa', 'aaa', 1)                     // { index: 0, remove: 0, insert: 'a' }
 */
export function diffText(before: string, after: string, caretAfter?: number): TextChange {
  const shortest = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (caretAfter !== undefined) {
    // The change ends at the caret, so it starts no later than caret minus what the text grew by.
    const grew = Math.max(0, after.length - before.length);
    prefix = Math.max(0, Math.min(prefix, caretAfter - grew));
  }
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;

  const maxSuffix = shortest - prefix;
  let suffix = 0;
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;

  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** Applies a change to a string (the inverse of {@link diffText}). */
export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.index) + change.insert + text.slice(change.index + change.remove);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
