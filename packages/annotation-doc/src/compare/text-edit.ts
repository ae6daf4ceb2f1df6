import type * as Y from 'yjs';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * [C5] Makes a Y.Text read `value` with one delete and one insert of the part between the common
 * prefix and suffix, so anchors (links, quotes) and provenance of the unchanged parts survive. Never
 * splits a surrogate pair (Yjs would turn the halves into U+FFFD).
 */
export function replaceText(text: Y.Text, value: string): void {
  const current = text.toString();
  if (current === value) return;
  let prefix = 0;
  const limit = Math.min(current.length, value.length);
  while (prefix < limit && current.charCodeAt(prefix) === value.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(current.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && current.charCodeAt(current.length - 1 - suffix) === value.charCodeAt(value.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLow(current.charCodeAt(current.length - suffix))) suffix--;
  const removed = current.length - prefix - suffix;
  if (removed > 0) text.delete(prefix, removed);
  const inserted = value.slice(prefix, value.length - suffix);
  if (inserted !== '') text.insert(prefix, inserted);
}
