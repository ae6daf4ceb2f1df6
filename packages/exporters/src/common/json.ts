/**
 * [E2] One JSON value as text: `JSON.stringify`, plus U+2028 / U+2029 written as `\u2028` / `\u2029`.
 * Both are valid inside JSON strings, but line-splitting readers (Python `str.splitlines`, some JSONL tools)
 * break rows on them; escaped, every row stays on one physical line. Lone surrogates are escaped as
 * `\udXXX` by JSON.stringify itself (Node ≥ 12, well-formed JSON.stringify), so output is valid UTF-8.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('toJson: value has no JSON form');
  return text.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}
