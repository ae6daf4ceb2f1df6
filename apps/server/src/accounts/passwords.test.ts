import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('[A9] hashes with scrypt N=2^15 r=8 p=1 and a random salt, and verifies', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });

  it('[A9] treats malformed or hostile stored hashes as a mismatch', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$8$1$c2FsdA$aGFzaA', 'scrypt$4194304$8$1$c2FsdA$aGFzaA', 'bcrypt$x$y$z$a$b']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('generates readable passwords of at least 20 characters that differ', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const p of passwords) {
      expect(p.length).toBeGreaterThanOrEqual(20);
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){4}$/);
    }
  });
});
