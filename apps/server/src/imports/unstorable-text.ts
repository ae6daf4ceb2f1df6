/**
 * Text Postgres cannot store (jsonb and text refuse a NUL and an unpaired UTF-16 surrogate). Request
 * bodies (http SPEC V21) and import records (imports SPEC I14) are checked with this before anything is
 * written, so such text is a clear 400 or a failed line, never a server error.
 */

/** A NUL, or a UTF-16 surrogate without its partner: text Postgres (jsonb, text) refuses to store. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * [V21] The path of the first string (value or key) in `value` that cannot be stored, or null.
 * @example unstorablePath({ seed: { text: 'a\ud800' } }) // 'seed.text'
 */
export function unstorablePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return unstorable.test(value) ? path.join('.') || '(value)' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const where = [...path, key];
    if (unstorable.test(key)) return where.join('.');
    const found = unstorablePath(child, where);
    if (found !== null) return found;
  }
  return null;
}

/** What to tell the caller, after the field path. */
export const unstorableMessage = 'contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored';
