/** A tiny REST client for tests: JSON in, JSON out, throws on unexpected status. */
export interface Api {
  token: string;
  userId: string;
  call<T = unknown>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T>;
  /** Creates a user (admin only) and signs them in. */
  createUser(name: string, options?: { canCreateProjects?: boolean }): Promise<Api & { email: string }>;
  createProject(name: string): Promise<{ id: string }>;
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
    async createProject(name) {
      return api.call<{ id: string }>('POST', '/projects', { name });
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
