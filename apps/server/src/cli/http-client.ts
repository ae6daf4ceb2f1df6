import { failure, usageError, type CliError } from './io.ts';

/** The Concord HTTP API as the CLI uses it: bearer token, JSON, errors as one line. */
export interface HttpClient {
  /** `/api/v1` URL of the server. */
  apiUrl: string;
  /** JSON request; a status outside 2xx throws a CliError with the server's message. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Raw request (downloads, uploads); the response is ok (2xx) or the call throws as `json` does. */
  raw(method: string, path: string, init?: { body?: RequestInit['body']; headers?: Record<string, string> }): Promise<Response>;
}

/**
 * One line for a refused request: 401 is the token, other statuses carry the server's `error.message`
 * (a 422 "format takes preference projects", a 404 "Project not found"). 4xx exit 2, 5xx exit 1.
 */
export async function errorOf(res: Response): Promise<CliError> {
  if (res.status === 401) return usageError('the token was refused (401): check --token / CONCORD_TOKEN, or create a new one (POST /api/v1/me/tokens)');
  const text = await res.text().catch(() => '');
  let message = text.trim().slice(0, 300) || res.statusText;
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not our JSON error body (a proxy's HTML page): the text as it is.
  }
  const line = `${message} (${res.status})`;
  return res.status >= 500 ? failure(line) : usageError(line);
}

/**
 * @example const http = createHttpClient({ apiUrl: 'http://localhost:8787/api/v1', token }); await http.json('GET', '/me');
 */
export function createHttpClient(options: { apiUrl: string; token: string; fetch?: typeof fetch }): HttpClient {
  const { apiUrl, token } = options;
  const doFetch = options.fetch ?? fetch;

  async function raw(method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body, duplex: 'half' }),
      } as RequestInit);
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw usageError(`could not reach the server at ${apiUrl}: ${cause}`);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  return {
    apiUrl,
    raw,
    async json<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await raw(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
