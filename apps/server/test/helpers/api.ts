/** A tiny REST client for tests: JSON in, JSON out, throws on unexpected status. */
export interface Api {
  token: string;
  userId: string;
  call<T = unknown>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T>;
  /** Creates a user (admin only) and signs them in. */
  createUser(name: string, options?: { canCreateProjects?: boolean }): Promise<Api & { email: string }>;
  createProject(name: string, taskType?: 'instruction' | 'preference' | 'alignment'): Promise<{ id: string }>;
  /** POST /projects/{id}/items; returns the item and its document. */
  createItem(projectId: string, item: Record<string, unknown>): Promise<{ id: string; documentId: string; created: boolean }>;
  /** GET /documents/{id}: the typed content, problems, provenance and actors. */
  document<T = Record<string, unknown>>(documentId: string): Promise<T>;
  /** PUT /projects/{id}/config with the current configuration changed by `change`; returns the new version. */
  updateConfig(projectId: string, change: Record<string, unknown>): Promise<{ version: number }>;
  /** Multipart upload of files to POST /projects/{id}/media. */
  uploadMedia(projectId: string, files: { name: string; bytes: Uint8Array; type?: string }[]): Promise<{ id: string; width: number | null; height: number | null }[]>;
  addMember(projectId: string, userId: string, role: string): Promise<void>;
  createDocument(projectId: string, name?: string): Promise<{ id: string }>;
}

let counter = 0;

export async function login(baseUrl: string, email: string, password: string): Promise<{ token: string; user: { id: string } }> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: { id: string } };
}

export async function createApi(baseUrl: string, email: string, password: string): Promise<Api> {
  const session = await login(baseUrl, email, password);
  return apiFor(baseUrl, session.token, session.user.id);
}

function apiFor(baseUrl: string, token: string, userId: string): Api {
  const api: Api = {
    token,
    userId,
    async call<T>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T> {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = text ? (JSON.parse(text) as T) : (undefined as T);
      const ok = expectStatus === undefined ? res.status < 300 : res.status === expectStatus;
      if (!ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      return json;
    },
    async createUser(name, options = {}) {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${++counter}-${Date.now()}@example.test`;
      const password = `password-of-${name}-123`;
      await api.call('POST', '/users', { email, name, password, ...options });
      const session = await login(baseUrl, email, password);
      return { ...apiFor(baseUrl, session.token, session.user.id), email };
    },
    async createProject(name, taskType) {
      return api.call<{ id: string }>('POST', '/projects', taskType ? { name, taskType } : { name });
    },
    async createItem(projectId, item) {
      return api.call('POST', `/projects/${projectId}/items`, item);
    },
    document(documentId) {
      return api.call('GET', `/documents/${documentId}`);
    },
    async updateConfig(projectId, change) {
      const { config } = await api.call<{ config: Record<string, unknown> }>('GET', `/projects/${projectId}/config`);
      return api.call('PUT', `/projects/${projectId}/config`, { config: { ...config, ...change } });
    },
    async uploadMedia(projectId, files) {
      const form = new FormData();
      for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
      const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`upload → ${res.status}: ${text}`);
      return (JSON.parse(text) as { items: { id: string; width: number | null; height: number | null }[] }).items;
    },
    async addMember(projectId, memberId, role) {
      await api.call('POST', `/projects/${projectId}/members`, { userId: memberId, role });
    },
    async createDocument(projectId, name = 'caption') {
      return api.call<{ id: string }>('POST', `/projects/${projectId}/documents`, { name });
    },
  };
  return api;
}
