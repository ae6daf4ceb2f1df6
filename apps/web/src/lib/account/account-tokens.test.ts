import { describe, expect, it, vi } from 'vitest';
import { AccountTokens } from './account-tokens.svelte.ts';
import { cliExample, type ApiToken } from './token-api.ts';

const listed: ApiToken = { id: 'tok_1', name: 'old', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null, lastUsedAt: null };

function setup() {
  const api = {
    list: vi.fn(async () => ({ items: [listed] })),
    create: vi.fn(async (input: { name: string; expiresInDays?: number }) => ({ ...listed, id: 'tok_2', name: input.name, token: 'cpat_secret' })),
    revoke: vi.fn(async () => undefined),
  };
  return { api, tokens: new AccountTokens({ api }) };
}

describe('AccountTokens', () => {
  it('creates a token: the secret is kept once, the list never holds it; no expiry is sent for "never"', async () => {
    const { api, tokens } = setup();
    await tokens.load();
    expect(await tokens.create({ name: ' laptop ', expiresInDays: null })).toBe(true);
    expect(api.create).toHaveBeenCalledWith({ name: 'laptop' });
    expect(tokens.created?.token).toBe('cpat_secret');
    expect(tokens.tokens.map((t) => t.id)).toEqual(['tok_2', 'tok_1']);
    expect(tokens.tokens[0]).not.toHaveProperty('token');
    tokens.dismissSecret();
    expect(tokens.created).toBeNull();
    await tokens.create({ name: 'ci', expiresInDays: 30 });
    expect(api.create).toHaveBeenLastCalledWith({ name: 'ci', expiresInDays: 30 });
  });

  it('refuses a blank name without asking the server, and revokes', async () => {
    const { api, tokens } = setup();
    await tokens.load();
    expect(await tokens.create({ name: '  ', expiresInDays: null })).toBe(false);
    expect(tokens.createError).toMatch(/name/);
    expect(api.create).not.toHaveBeenCalled();
    await tokens.revoke('tok_1');
    expect(api.revoke).toHaveBeenCalledWith('tok_1');
    expect(tokens.tokens).toEqual([]);
  });

  it('shows the CLI line with the origin and the token', () => {
    expect(cliExample({ origin: 'https://c.example', token: 'cpat_x' })).toBe(
      'npx concord export --server https://c.example --token cpat_x --project <id> --format trl-dpo --out ./data',
    );
  });
});
