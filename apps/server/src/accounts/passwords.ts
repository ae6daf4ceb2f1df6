import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const cost = { N: 2 ** 15, r: 8, p: 1 } as const;
const saltBytes = 16;
const keyBytes = 32;
/** Upper bounds for parameters read back from a stored hash, so a tampered row cannot exhaust memory. */
const maxN = 2 ** 20;
const maxR = 32;
const maxP = 16;

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that at N=2^15, r=8, so raise it. */
function memoryFor(N: number, r: number): number {
  return 128 * N * r * 2;
}

/** NIST SP 800-63B: compare passwords after Unicode normalisation, so the same text typed differently matches. */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Hashes a password with scrypt (random 16-byte salt) into `scrypt$N$r$p$salt$hash` (base64url parts).
 * @example const stored = await hashPassword('correct horse battery staple');
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await scryptAsync(normalise(password), salt, keyBytes, { ...cost, maxmem: memoryFor(cost.N, cost.r) });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether a password matches a stored hash, compared in constant time. A malformed hash is a mismatch.
 * @example if (!(await verifyPassword(input, user.passwordHash))) throw unauthenticated();
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid =
    Number.isInteger(N) && N > 1 && N <= maxN && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r > 0 && r <= maxR &&
    Number.isInteger(p) && p > 0 && p <= maxP;
  if (!valid) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await scryptAsync(normalise(password), salt, expected.length, { N, r, p, maxmem: memoryFor(N, r) });
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | null = null;

/**
 * A valid hash of a random password, made once per process. Login verifies against it when the
 * e-mail is unknown, so the response time does not tell which e-mails have accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}

/** No 0/O, 1/l/I: the password is read off a terminal and typed by hand. */
const readable = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A crypto-random password in five dash-separated groups of five readable characters
 * (29 characters, about 146 bits).
 * @example generatePassword() // 'k7Rwm-3xPqa-...'
 */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 5; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += readable[randomInt(readable.length)];
    groups.push(group);
  }
  return groups.join('-');
}
