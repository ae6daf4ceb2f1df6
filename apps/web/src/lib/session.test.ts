import { describe, expect, it } from 'vitest';
import { Session, sessionStorageKey, type SessionStorage } from './session.svelte.ts';

function memoryStorage(initial: Record<string, string> = {}): SessionStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const user = { id: 'usr_a', email: 'a@example.com', name: 'Ada', isAdmin: false, canCreateProjects: true };

describe('Session', () => {
  it('persists a sign-in and restores it in a new instance (a reload)', () => {
    const storage = memoryStorage();
    const first = new Session({ storage });
    first.signIn({ token: 'cs_x', expiresAt: '2999-01-01T00:00:00.000Z', user: { ...user, disabled: false } as typeof user });
    const second = new Session({ storage });
    expect(second.signedIn).toBe(true);
    expect(second.token).toBe('cs_x');
    expect(second.user).toEqual(user);
    expect(JSON.parse(storage.data.get(sessionStorageKey)!).user).not.toHaveProperty('disabled');
  });

  it('drops an expired or malformed stored session', () => {
    const expired = memoryStorage({
      [sessionStorageKey]: JSON.stringify({ token: 'cs_x', user, expiresAt: '2000-01-01T00:00:00.000Z' }),
    });
    expect(new Session({ storage: expired }).signedIn).toBe(false);
    expect(expired.data.has(sessionStorageKey)).toBe(false);
    expect(new Session({ storage: memoryStorage({ [sessionStorageKey]: '{nope' }) }).signedIn).toBe(false);
  });

  it('clear() forgets the token here and in storage', () => {
    const storage = memoryStorage();
    const session = new Session({ storage });
    session.signIn({ token: 'cs_x', user });
    session.clear();
    expect(session.signedIn).toBe(false);
    expect(storage.data.size).toBe(0);
  });
});
