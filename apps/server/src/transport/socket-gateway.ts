import type { Ack, ClientToServerEvents, PresenceEntry, ProjectPresence, ProjectRole, ServerToClientEvents } from '@concord/protocol';
import { isId, seesItemStates, socketIoPath } from '@concord/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server as EngineServer } from 'engine.io';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type { Config } from '../config.ts';
import type { PresenceStore } from '../coordination/types.ts';
import type { Logger } from '../log.ts';
import type { Access, AccessChange, Accounts, Principal } from '../services.ts';
import { singleFlight } from './single-flight.ts';

interface SocketData {
  principal: Principal;
  token: string;
  /** projectId → documentId (or null) for every project this socket is present in. */
  projects: Map<string, string | null>;
}

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketGateway {
  engine: EngineServer;
  /** Applies an access change to this instance's sockets. */
  onAccessChange(change: AccessChange): Promise<void>;
  /**
   * Sends an event to every socket present in a project (on every instance when Redis is used).
   * @example gateway.emitToProject(projectId, 'import:progress', progress);
   */
  emitToProject<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Sends an event to every socket of one user (on every instance when Redis is used). */
  emitToUser<E extends keyof ServerToClientEvents>(userId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** To the project's members whose role sees item states (W20). */
  emitToStateReaders<E extends keyof ServerToClientEvents>(projectId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Number of open socket.io sockets on this instance. */
  socketCount(): number;
  close(): Promise<void>;
}

const presenceTtlMs = 60_000;
const heartbeatMs = 20_000;

const projectRoom = (projectId: string) => `project:${projectId}`;
const userRoom = (userId: string) => `user:${userId}`;
/** The project's members whose role sees item states (workflow SPEC W20). */
const statesRoom = (projectId: string) => `project-states:${projectId}`;
const presenceScope = (projectId: string) => `presence:${projectId}`;

/**
 * socket.io for app events (typed maps in @concord/protocol). Every socket authenticates with
 * `auth: { token }`; every event is authorised against the caller's project role. Project presence
 * lives in the coordination layer, so it is shared between instances when Redis is used.
 */
export async function createSocketGateway(options: {
  accounts: Accounts;
  access: Access;
  presence: PresenceStore;
  config: Pick<Config, 'redis' | 'accessRecheckMs'>;
  log: Logger;
}): Promise<SocketGateway> {
  const { accounts, access, presence, config, log } = options;
  const engine = new EngineServer({ maxHttpBufferSize: 64 * 1024 });
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>({
    path: socketIoPath,
    serveClient: false,
  });
  io.bind(engine);
  const redisClients = config.redis ? await connectAdapter(io, config.redis, log) : null;
  const sockets = new Map<string, AppSocket>();

  const publishPresence = async (projectId: string) => {
    const online = await listPresence(projectId);
    io.to(projectRoom(projectId)).emit('presence:update', { projectId, online });
  };
  const listPresence = async (projectId: string): Promise<PresenceEntry[]> =>
    (await presence.list(presenceScope(projectId))).map((m) => m.data as PresenceEntry);
  const touch = (socket: AppSocket, projectId: string) => {
    const entry: PresenceEntry = {
      connectionId: socket.id,
      userId: socket.data.principal.userId,
      name: socket.data.principal.name,
      documentId: socket.data.projects.get(projectId) ?? null,
      seenAt: Date.now(),
    };
    return presence.set(presenceScope(projectId), socket.id, entry, presenceTtlMs);
  };
  const leaveProject = async (socket: AppSocket, projectId: string) => {
    socket.data.projects.delete(projectId);
    await socket.leave(projectRoom(projectId));
    await socket.leave(statesRoom(projectId));
    await presence.remove(presenceScope(projectId), socket.id);
    await publishPresence(projectId);
  };

  // Sockets opened together with one token (a reconnect storm) share the lookup in flight.
  const lookUpPrincipal = singleFlight<Principal | null>();
  io.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) return next(new Error('unauthenticated'));
    lookUpPrincipal(token, () => accounts.authenticate(token)).then(
      (principal) => {
        if (!principal) return next(new Error('unauthenticated'));
        socket.data = { principal, token, projects: new Map() };
        next();
      },
      (error: unknown) => {
        log.error({ err: error }, 'socket.io authentication failed');
        next(new Error('unavailable'));
      },
    );
  });

  io.on('connection', (socket) => {
    sockets.set(socket.id, socket);
    void socket.join(userRoom(socket.data.principal.userId));
    const heartbeat = setInterval(() => {
      for (const projectId of socket.data.projects.keys()) {
        touch(socket, projectId).catch((error: unknown) => log.warn({ err: error }, 'presence heartbeat failed'));
      }
    }, heartbeatMs);

    socket.on('presence:join', (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      join(socket, request).then(reply, (error: unknown) => {
        log.error({ err: error }, 'presence:join failed');
        reply({ ok: false, error: { code: 'unavailable', message: 'Presence is unavailable; try again.' } });
      });
    });
    socket.on('presence:leave', (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const projectId = typeof request?.projectId === 'string' ? request.projectId : '';
      if (!socket.data.projects.has(projectId)) return reply({ ok: true, data: undefined });
      leaveProject(socket, projectId).then(
        () => reply({ ok: true, data: undefined }),
        (error: unknown) => {
          log.error({ err: error }, 'presence:leave failed');
          reply({ ok: false, error: { code: 'unavailable', message: 'Presence is unavailable; try again.' } });
        },
      );
    });
    socket.on('disconnect', () => {
      clearInterval(heartbeat);
      sockets.delete(socket.id);
      for (const projectId of [...socket.data.projects.keys()]) {
        leaveProject(socket, projectId).catch((error: unknown) => log.warn({ err: error }, 'presence cleanup failed'));
      }
    });
  });

  async function join(socket: AppSocket, request: unknown): Promise<Ack<ProjectPresence>> {
    const denied: Ack<ProjectPresence> = { ok: false, error: { code: 'not_found', message: 'Project not found or no access.' } };
    const body = (request ?? {}) as { projectId?: unknown; documentId?: unknown };
    const { projectId } = body;
    const documentId = body.documentId ?? null;
    if (!isId('project', projectId)) return denied;
    if (documentId !== null && !isId('document', documentId)) return denied;
    const principal = socket.data.principal;
    const role = await access.projectRole(principal, projectId);
    if (!role) return denied;
    if (documentId) {
      const doc = await access.documentAccess(principal, documentId);
      if (!doc || doc.projectId !== projectId) return denied;
    }
    if (socket.data.projects.size >= 20 && !socket.data.projects.has(projectId)) {
      return { ok: false, error: { code: 'too_many', message: 'A connection can be present in at most 20 projects.' } };
    }
    socket.data.projects.set(projectId, documentId);
    await socket.join(projectRoom(projectId));
    await followStates(socket, projectId, role);
    await touch(socket, projectId);
    await publishPresence(projectId);
    return { ok: true, data: { projectId, online: await listPresence(projectId) } };
  }

  /** In the item-states room exactly while the role sees item states (W20). */
  async function followStates(socket: AppSocket, projectId: string, role: ProjectRole | 'admin'): Promise<void> {
    if (seesItemStates(role)) await socket.join(statesRoom(projectId));
    else await socket.leave(statesRoom(projectId));
  }

  /**
   * Drops sockets whose token stopped working, one lookup per token: the periodic safety net for an
   * access change whose message was lost (pub/sub is at-most-once), as the Yjs endpoint does (http SPEC A15).
   */
  async function recheckTokens(): Promise<void> {
    const principals = new Map<string, Promise<Principal | null>>();
    for (const socket of [...sockets.values()]) {
      const { token } = socket.data;
      if (!principals.has(token)) principals.set(token, accounts.authenticate(token));
      if (!(await principals.get(token))) socket.disconnect(true);
    }
  }
  const recheckTimer = setInterval(() => {
    recheckTokens().catch((error: unknown) => log.warn({ err: error }, 're-checking socket.io tokens failed; will retry'));
  }, config.accessRecheckMs);
  recheckTimer.unref();

  async function onAccessChange(change: AccessChange): Promise<void> {
    // Document-level changes concern the Yjs sockets; presence was checked when the document was joined.
    if (change.kind === 'document') return;
    const mine = [...sockets.values()].filter((s) => s.data.principal.userId === change.userId);
    if (change.kind === 'membership') {
      for (const socket of mine) {
        if (change.role) {
          if (socket.data.projects.has(change.projectId)) await followStates(socket, change.projectId, change.role);
          socket.emit('membership:added', { projectId: change.projectId, role: change.role });
          continue;
        }
        if (socket.data.projects.has(change.projectId)) await leaveProject(socket, change.projectId);
        socket.emit('membership:removed', { projectId: change.projectId });
      }
      return;
    }
    for (const socket of mine) {
      const principal = await accounts.authenticate(socket.data.token);
      if (!principal) {
        socket.disconnect(true);
        continue;
      }
      socket.data.principal = principal;
      for (const projectId of [...socket.data.projects.keys()]) {
        if (!(await access.projectRole(principal, projectId))) await leaveProject(socket, projectId);
      }
    }
  }

  return {
    engine,
    onAccessChange,
    emitToUser(userId, event, ...args) {
      io.to(userRoom(userId)).emit(event, ...args);
    },
    emitToProject(projectId, event, ...args) {
      io.to(projectRoom(projectId)).emit(event, ...args);
    },
    emitToStateReaders(projectId, event, ...args) {
      io.to(statesRoom(projectId)).emit(event, ...args);
    },
    socketCount: () => sockets.size,
    async close() {
      clearInterval(recheckTimer);
      // This instance's sockets only: `io.disconnectSockets` goes through the adapter to every instance (rooms I9).
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      // Let the adapter publish what the disconnects produced before its clients quit.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (redisClients) await Promise.allSettled(redisClients.map((c) => c.quit()));
    },
  };
}

/**
 * The Redis adapter, on channels under the instance's Redis prefix: deployments (or test servers) sharing
 * one Redis under different prefixes must not reach each other's sockets (rooms I9).
 */
async function connectAdapter(io: Server, redis: { url: string; prefix: string }, log: Logger) {
  const pub = createClient({ url: redis.url });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => log.error({ err: error }, 'socket.io Redis adapter error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: `${redis.prefix}:socket.io` }));
  return [pub, sub];
}
