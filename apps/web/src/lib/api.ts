import { apiBasePath, type ProjectRole } from '@concord/protocol';
import { createContext } from 'svelte';
import type {
  CreateUserInput,
  DocumentMeta,
  DocumentWithContent,
  LoginResponse,
  Member,
  Page,
  Project,
  User,
} from './api-types.ts';

/** An error answered by the API (or a network failure, status 0), with the server's own message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's `error.details`, as sent (a 409's current state or holder, a 422's problems …). */
  readonly details: unknown;

  constructor(options: { status: number; code: string; message: string; details?: unknown }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
  }

  /** True for answers meaning "not found or no access" (the API does not tell the two apart). */
  get isNotFound(): boolean {
    return this.status === 404 || this.status === 403;
  }
}

/** A readable message for anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export interface ApiClientOptions {
  /** Reads the current bearer token (null when signed out). */
  token: () => string | null;
  /** Called on a 401 from any call but sign-in: the session is over. */
  onUnauthorized?: () => void;
  /** Origin of the server; the page's own origin when omitted. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Typed client for the Concord REST API (`/api/v1`). */
export type ApiClient = ReturnType<typeof createApi>;

/**
 * Creates the REST client. Every call sends the bearer token, parses `{ error: { code, message } }`
 * into an `ApiError`, and reports a 401 through `onUnauthorized`.
 * @example const api = createApi({ token: () => session.token }); const { items } = await api.listProjects();
 */
export function createApi(options: ApiClientOptions) {
  const base = `${options.baseUrl ?? ''}${apiBasePath}`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<T>(method: Method, path: string, body?: unknown, anonymous = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token && !anonymous) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError({ status: 0, code: 'network', message: 'Cannot reach the server. Check your connection and try again.' });
    }
    if (response.status === 401 && !anonymous) options.onUnauthorized?.();
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    /** `POST /auth/login`; a wrong password is an ApiError 401 with the server's message. */
    login: (input: { email: string; password: string }) => request<LoginResponse>('POST', '/auth/login', input, true),
    /** `POST /auth/logout`: revokes the current token. */
    logout: () => request<void>('POST', '/auth/logout'),
    me: () => request<User>('GET', '/me'),

    listProjects: (query: { limit?: number; cursor?: string } = {}) =>
      request<Page<Project>>('GET', `/projects${queryString(query)}`),
    createProject: (input: { name: string; description?: string }) => request<Project>('POST', '/projects', input),
    getProject: (projectId: string) => request<Project>('GET', `/projects/${id(projectId)}`),

    listDocuments: (projectId: string, query: { limit?: number; cursor?: string } = {}) =>
      request<Page<DocumentMeta>>('GET', `/projects/${id(projectId)}/documents${queryString(query)}`),
    createDocument: (projectId: string, input: { name?: string }) =>
      request<DocumentMeta>('POST', `/projects/${id(projectId)}/documents`, input),
    getDocument: (documentId: string) => request<DocumentWithContent>('GET', `/documents/${id(documentId)}`),

    listMembers: (projectId: string) => request<{ items: Member[] }>('GET', `/projects/${id(projectId)}/members`),
    addMember: (projectId: string, input: { email: string; role: ProjectRole }) =>
      request<Member>('POST', `/projects/${id(projectId)}/members`, input),
    changeMemberRole: (projectId: string, userId: string, role: ProjectRole) =>
      request<Member>('PATCH', `/projects/${id(projectId)}/members/${id(userId)}`, { role }),
    removeMember: (projectId: string, userId: string) =>
      request<void>('DELETE', `/projects/${id(projectId)}/members/${id(userId)}`),

    listUsers: (query: { limit?: number; cursor?: string } = {}) => request<Page<User>>('GET', `/users${queryString(query)}`),
    createUser: (input: CreateUserInput) => request<User>('POST', '/users', input),
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string' && body.error.message) message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the generic message.
  }
  return new ApiError({ status: response.status, code, message });
}

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const [getApiContext, setApiContext] = createContext<ApiClient>();

/** The API client provided by the root layout. Call during component initialisation. */
export function getApi(): ApiClient {
  return getApiContext();
}

/** Provides the API client to every page below the calling component (the root layout). */
export function provideApi(api: ApiClient): ApiClient {
  return setApiContext(api);
}
