import { createRest, type RestOptions } from '../projects/rest.ts';
import { getSession } from '../session.svelte.ts';

/** A personal API token as the API lists it (never its secret). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A token just made: the only time its secret (`cpat_…`) is shown. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

/** Typed client for `/me/tokens` (apps/server/src/http/me.ts). */
export type TokenApi = ReturnType<typeof createTokenApi>;

/**
 * Creates the personal API token client: list, create (sign-in sessions only), revoke.
 * @example const api = createTokenApi({ token: () => session.token }); const { token } = await api.create({ name: 'laptop' });
 */
export function createTokenApi(options: RestOptions) {
  const request = createRest(options);
  return {
    list: () => request<{ items: ApiToken[] }>('GET', '/me/tokens'),
    /** `expiresInDays` omitted: the token lasts until revoked. */
    create: (input: { name: string; expiresInDays?: number }) => request<CreatedApiToken>('POST', '/me/tokens', { json: input }),
    revoke: (tokenId: string) => request<void>('DELETE', `/me/tokens/${encodeURIComponent(tokenId)}`),
  };
}

/** The token client for the signed-in session (a 401 signs out). Call during component initialisation. */
export function useTokenApi(): TokenApi {
  const session = getSession();
  return createTokenApi({ token: () => session.token, onUnauthorized: () => session.clear() });
}

/**
 * The CLI line that uses a token, as shown beside a new secret.
 * @example cliExample({ origin: 'https://concord.example', token: 'cpat_x' }) // 'npx concord export --server https://concord.example --token cpat_x --project <id> --format trl-dpo --out ./data'
 */
export function cliExample(options: { origin: string; token: string }): string {
  return `npx concord export --server ${options.origin} --token ${options.token} --project <id> --format trl-dpo --out ./data`;
}
