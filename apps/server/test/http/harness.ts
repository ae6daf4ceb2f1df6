import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { users } from '@concord/db';
import { openTestDb, type TestDb, type TestDbKind } from '@concord/db/testing';
import { newId, type ImportProgress } from '@concord/protocol';
import { pino } from 'pino';
import { createAccess, createAccounts, hashPassword, type AccountService, type UserInfo } from '../../src/accounts/index.ts';
import { testConfig, type Config } from '../../src/config.ts';
import { createMemoryCoordination } from '../../src/coordination/index.ts';
import type { Coordination } from '../../src/coordination/types.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createImportService } from '../../src/imports/service.ts';
import { createItemService } from '../../src/items/item-service.ts';
import { createFetcher, createLocalMediaStore, createMediaService, type AddressPolicy } from '../../src/media/index.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import type { DocumentStore } from '../../src/persistence/types.ts';
import type { AccessChange, Services } from '../../src/services.ts';

/** An object for a dependency the HTTP app must never touch: any use fails the test loudly. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      if (key === 'then') return undefined;
      throw new Error(`${name}.${String(key)} is not used by the HTTP app`);
    },
  });
}

export interface Response {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
}

export interface TestUser {
  user: UserInfo;
  token: string;
  password: string;
}

export const defaultPassword = 'correct horse battery staple';

/** scrypt is deliberately slow; test users share one hash of `defaultPassword` made once per process. */
let sharedHash: Promise<string> | null = null;

/**
 * One app over one fresh database per test file, with fakes for coordination (ping only), notifier
 * (records calls), document reader (fixed JSON) and store (unused). Every response text is kept so a
 * test can grep them all.
 */
export async function createHarness(overrides: Partial<Config> = {}, options: { fetchPolicy?: AddressPolicy; dbKind?: TestDbKind } = {}) {
  const db: TestDb = await openTestDb(options.dbKind);
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-http-'));
  const config = testConfig({ dataDir, ...overrides });
  const logLines: string[] = [];
  const log = pino(
    { level: 'info', redact: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization'] },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const state = { dbDown: false, coordinationDown: false, readerFails: false };
  const notified: AccessChange[] = [];
  /** socket.io events the app sent (workflow notifications), in order. */
  const events: Array<{ to: 'project' | 'user' | 'states'; target: string; event: string; payload: unknown }> = [];
  const accounts: AccountService = createAccounts({ db: db.db, config });
  // Workflow leases use real in-memory locks; presence and pub/sub belong to the sockets, not the HTTP app.
  const memory = createMemoryCoordination({ onError: () => {} });
  const coordination: Coordination = {
    kind: 'memory',
    presence: unused('presence'),
    locks: memory.locks,
    pubsub: unused('pubsub'),
    // Login throttling (http SPEC A10) counts in memory here.
    counters: memory.counters,
    ping: async () => {
      if (state.coordinationDown) throw new Error('coordination is down');
    },
    close: async () => {},
  };
  const media = createMediaService({
    db: db.db,
    store: createLocalMediaStore({ dir: config.mediaDir }),
    // Tests that fetch from a local server pass a policy allowing exactly that address and port.
    fetcher: createFetcher({ isAllowed: options.fetchPolicy, timeoutMs: config.media.fetchTimeoutMs, maxBytes: config.media.maxBytes }),
    limits: config.media,
    log,
  });
  // Imports run for real; their socket.io progress events are recorded instead of sent.
  const importProgress: ImportProgress[] = [];
  const imports = createImportService({
    db: db.db,
    config,
    log,
    items: createItemService({ db: db.db }),
    media,
    emitProgress: (progress) => importProgress.push(progress),
  });
  const services: Services = {
    config,
    log,
    db: {
      db: db.db,
      kind: db.kind,
      close: () => db.close(),
      ping: async () => {
        if (state.dbDown) throw new Error('database is down');
        await db.ping();
      },
    },
    coordination,
    store: unused<DocumentStore>('store'),
    accounts,
    access: createAccess({ db: db.db }),
    notifier: {
      accessChanged: async (change) => {
        notified.push(change);
      },
    },
    documents: {
      readJson: async (documentId) => {
        if (state.readerFails) throw new Error(`reader exploded at /secret/path for ${documentId}`);
        return { kind: 'fixture', documentId, items: [1, 2, 3] };
      },
      // An empty document: no task-type layout, so no problems and no provenance.
      readState: async () => Uint8Array.of(0, 0),
    },
    media,
    imports,
    notifications: {
      toProject: (projectId, event, ...args) => {
        events.push({ to: 'project', target: projectId, event, payload: args[0] });
      },
      toUser: (userId, event, ...args) => {
        events.push({ to: 'user', target: userId, event, payload: args[0] });
      },
      toStateReaders: (projectId, event, ...args) => {
        events.push({ to: 'states', target: projectId, event, payload: args[0] });
      },
    },
    instanceId: 'test-instance',
    metrics: createMetrics(),
  };
  const app = createHttpApp(services);
  const responses: string[] = [];
  let counter = 0;

  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let requestBody: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      requestBody = JSON.stringify(options.json);
    }
    const res = await app.request(path, { method, headers, body: requestBody });
    const text = await res.text();
    responses.push(text);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, text, body };
  }

  /** A user inserted directly (password `defaultPassword`), with a session token. */
  async function makeUser(options: { isAdmin?: boolean; canCreateProjects?: boolean; name?: string } = {}): Promise<TestUser> {
    counter += 1;
    sharedHash ??= hashPassword(defaultPassword);
    const id = newId('user');
    await db.db.insert(users).values({
      id,
      email: `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      name: options.name ?? `User ${counter}`,
      passwordHash: await sharedHash,
      isAdmin: options.isAdmin ?? false,
      canCreateProjects: options.canCreateProjects ?? false,
    });
    const user = (await accounts.users.get(id))!;
    const session = await accounts.tokens.issueSession(user.id);
    return { user, token: session.token, password: defaultPassword };
  }

  return {
    app,
    db,
    config,
    services,
    accounts,
    state,
    notified,
    events,
    importProgress,
    logLines,
    responses,
    call,
    makeUser,
    async dispose() {
      await imports.close();
      await memory.close();
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** A project whose manager is `owner`, plus members with the given roles. */
export async function makeProject(h: Harness, owner: TestUser, name = 'Project'): Promise<string> {
  const res = await h.call('POST', '/api/v1/projects', { token: owner.token, json: { name } });
  if (res.status !== 201) throw new Error(`project creation failed: ${res.status} ${res.text}`);
  return res.body.id as string;
}

/** Adds a member directly through the API as `manager`. */
export async function addMember(h: Harness, manager: TestUser, projectId: string, userId: string, role: string): Promise<void> {
  const res = await h.call('POST', `/api/v1/projects/${projectId}/members`, { token: manager.token, json: { userId, role } });
  if (res.status !== 201) throw new Error(`adding a member failed: ${res.status} ${res.text}`);
}
