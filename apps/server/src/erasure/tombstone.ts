import { createHash } from 'node:crypto';


/**
 * The external id an erased item keeps [GD2]: a SHA-256 of the original, so the row stays unique in its
 * project and can be matched against a source list without storing the id itself.
 * @example tombstoneExternalId('line-17') // 'erased:sha256:…'
 */
export function tombstoneExternalId(externalId: string): string {
  if (externalId.startsWith('erased:sha256:')) return externalId;
  return `erased:sha256:${createHash('sha256').update(externalId).digest('hex')}`;
}

/** The seed an erased item keeps [GD2]: a marker, no content. */
export const tombstoneSeed = Object.freeze({ erased: true });

/**
 * The name shown for an erased person [GD10]: the last six characters of the id, enough to tell
 * pseudonyms apart in a list, nothing about the person.
 * @example erasedUserName('usr_abcdefghijklmnopqrstuvwxyz234567') // 'Erased user 234567'
 */
export function erasedUserName(userId: string): string {
  return `Erased user ${userId.slice(-6)}`;
}

/** An e-mail that keeps the unique index and can never receive mail (`.invalid`, RFC 2606) [GD10]. */
export function erasedUserEmail(userId: string): string {
  return `erased+${userId.toLowerCase()}@erased.invalid`;
}

/** Stored in place of the password hash: not a `scrypt$…` string, so no password ever matches it [GD10]. */
export const erasedPasswordHash = 'erased';

const freeTextKeys = new Set(['comment', 'note', 'reasons', 'resolution', 'message', 'title', 'fileName']);

/**
 * Whether an audit entry's before/after/detail holds text people wrote (a review comment, a dispute's
 * reasons with the disagreeing values, a resolution's comment, a flag's note) rather than ids, states and
 * counts. Erasure cannot rewrite those entries (the chain would break, GD6); it lists their seqs instead.
 * @example holdsFreeText({ reviewId: 'rev_1', comment: 'Box too small' }) // true
 */
export function holdsFreeText(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => holdsFreeText(v));
  if (value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (freeTextKeys.has(key) && inner !== null && inner !== undefined && inner !== '' && !(Array.isArray(inner) && inner.length === 0)) return true;
    if (holdsFreeText(inner)) return true;
  }
  return false;
}
