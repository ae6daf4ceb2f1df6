const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const localIdPattern = /^[a-z0-9]{12}$/;

/**
 * A new id for something inside a document (turn, segment, response, region, link, quote, vqa pair,
 * description): 12 characters of `[a-z0-9]`, from the platform's cryptographic random source.
 * Ids never change once made.
 *
 * @example
 * const id = newLocalId(); // 'k3j9x0a7q2mz'
 */
export function newLocalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  // 256 is not a multiple of 36; the slight bias is irrelevant for ids that only need to be unique.
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/** Whether a value has the shape of an id made by {@link newLocalId}. */
export function isLocalId(value: unknown): value is string {
  return typeof value === 'string' && localIdPattern.test(value);
}

/** Something that makes ids; tests and the convergence harness pass a seeded one. */
export type IdSource = () => string;
