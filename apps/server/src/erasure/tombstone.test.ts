import { describe, expect, it } from 'vitest';
import { erasedPasswordHash, erasedUserEmail, erasedUserName, holdsFreeText, tombstoneExternalId } from './tombstone.ts';
import { verifyPassword } from '../accounts/passwords.ts';

describe('erasure tombstones', () => {
  it('[GD2] an erased item keeps a hash of its external id, stable and idempotent', () => {
    const once = tombstoneExternalId('line-17');
    expect(once).toMatch(/^erased:sha256:[0-9a-f]{64}$/);
    expect(once).not.toContain('line-17');
    expect(tombstoneExternalId('line-17')).toBe(once);
    expect(tombstoneExternalId(once)).toBe(once);
    expect(tombstoneExternalId('line-18')).not.toBe(once);
  });

  it('[GD10] an erased person keeps a pseudonymous name and an undeliverable e-mail', () => {
    const id = 'usr_abcdefghijklmnopqrstuvwxyz234567';
    expect(erasedUserName(id)).toBe('Erased user 234567');
    expect(erasedUserEmail(id)).toBe('erased+usr_abcdefghijklmnopqrstuvwxyz234567@erased.invalid');
  });

  it('[GD10] no password matches the erased hash', async () => {
    expect(await verifyPassword('erased', erasedPasswordHash)).toBe(false);
    expect(await verifyPassword('', erasedPasswordHash)).toBe(false);
  });

  it('[GD6] tells entries holding written text from entries holding ids and counts', () => {
    expect(holdsFreeText({ state: 'accepted' })).toBe(false);
    expect(holdsFreeText({ reviewId: 'rev_1', comment: null, edited: false })).toBe(false);
    expect(holdsFreeText({ reasons: [] })).toBe(false);
    expect(holdsFreeText({ reviewId: 'rev_1', comment: 'Box too small' })).toBe(true);
    expect(holdsFreeText({ reasons: [{ field: 'turns.t1.text', message: 'differs' }] })).toBe(true);
    expect(holdsFreeText([{ nested: { note: 'x' } }])).toBe(true);
    expect(holdsFreeText(null)).toBe(false);
  });
});
