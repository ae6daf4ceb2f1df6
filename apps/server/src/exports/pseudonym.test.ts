import { describe, expect, it } from 'vitest';
import { pseudonymOf } from './pseudonym.ts';

describe('pseudonymous annotator ids', () => {
  it('[X6] ann_ + 16 hex digits, stable for a key and user, different across keys and users', () => {
    const p = pseudonymOf('key-1', 'usr_alice');
    expect(p).toMatch(/^ann_[0-9a-f]{16}$/);
    expect(pseudonymOf('key-1', 'usr_alice')).toBe(p);
    expect(pseudonymOf('key-2', 'usr_alice')).not.toBe(p);
    expect(pseudonymOf('key-1', 'usr_bob')).not.toBe(p);
    expect(p).not.toContain('alice');
  });
});
