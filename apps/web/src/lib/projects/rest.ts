import { apiBasePath } from '@concord/protocol';
import { ApiError } from '../api.ts';

/** One problem the server found in a request body, with the field path it names (e.g. `config.labels.0.id`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An ApiError that also carries the server's per-field problems (`error.details` of a 400 or 422). */
export class DetailedApiError extends ApiError {
  readonly issues: FieldIssue[];

  constructor(options: { status: number; code: string; message: string; details?: unknown; issues: FieldIssue[] }) {
    super(options);
    this.name = 'DetailedApiError';
    this.issues = options.issues;
  }
}

export interface RestOptions {
  /** Reads the current bearer token (null when signed out). */
  token: () => string | null;
  /** Called on a 401: the session is over. */
  onUnauthorized?: () => void;
  /** Origin of the server; the page's own origin when omitted. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** A request body: JSON (any value) or raw bytes sent as they are. */
export type RestBody = { json: unknown } | { raw: Blob; contentType: string };

/** Sends one request to `/api/v1`; throws an ApiError (a DetailedApiError when the server listed field problems). */
export type RestRequest = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: RestBody) => Promise<T>;

/**
 * The request function behind the project-side API calls: bearer token, `{ error: { code, message,
 * details } }` parsed into an error, 401 reported, network failures as status 0 (like `api.ts`).
 * @example const request = createRest({ token: () => session.token }); await request('GET', '/projects/prj_x/tags');
 */
export function createRest(options: RestOptions): RestRequest {
  const base = `${options.baseUrl ?? ''}${apiBasePath}`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  return async function request<T>(method: string, path: string, body?: RestBody): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.contentType;
      payload = body.raw;
    }
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { method, headers, body: payload });
    } catch {
      throw new ApiError({ status: 0, code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
    }
    if (response.status === 401) options.onUnauthorized?.();
    if (!response.ok) throw parseError(response.status, await response.text());
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  };
}

/**
 * Turns an error answer into an ApiError; `details` that look like zod issues (or `{ path, message }`)
 * become a DetailedApiError's `issues`. Not JSON (a proxy's page): a generic message.
 */
export function parseError(status: number, text: string): ApiError {
  let code = 'http_error';
  let message = `The server answered ${status}.`;
  let issues: FieldIssue[] = [];
  let details: unknown;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string' && body.error.message) message = body.error.message;
    details = body.error?.details;
    issues = toIssues(details);
  } catch {
    // keep the generic message
  }
  if (status === 413 && code === 'http_error') message = 'The file is too large for the server.';
  return issues.length > 0 ? new DetailedApiError({ status, code, message, details, issues }) : new ApiError({ status, code, message, details });
}

function toIssues(details: unknown): FieldIssue[] {
  const list = Array.isArray(details) ? details : isRecord(details) && Array.isArray(details.issues) ? details.issues : [];
  const issues: FieldIssue[] = [];
  for (const entry of list as unknown[]) {
    if (!isRecord(entry) || typeof entry.message !== 'string') continue;
    const path = Array.isArray(entry.path) ? entry.path.map(String).join('.') : typeof entry.path === 'string' ? entry.path : '';
    issues.push({ path, message: entry.message });
  }
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `?a=1&b=2` from the defined entries, or ''. */
export function queryString(query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
