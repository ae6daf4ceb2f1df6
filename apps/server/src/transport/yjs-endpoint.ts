import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, CloseReason, isId, yjsPathPrefix } from '@concord/protocol';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { ProtocolError } from '../rooms/protocol-error.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import type { Room } from '../rooms/room.ts';
import type { RoomSession } from '../rooms/session.ts';
import type { Access, Accounts, Principal } from '../services.ts';
import { createOutbox, type OutboxTarget } from './outbox.ts';
import { createTokenBucket } from './rate-limit.ts';
import { socketSecurityHeaders } from './security-headers.ts';
import { singleFlight } from './single-flight.ts';
import { rejectUpgrade, tokenOf } from './upgrade-reject.ts';
import { createWorkBudget } from './work-budget.ts';

interface Connection {
  session: RoomSession;
  ws: WebSocket;
  token: string;
  principal: Principal;
  documentId: string;
  room: Room | null;
}

export interface YjsEndpoint {
  /** Handles an HTTP upgrade on `/yjs/<documentId>`: authenticates before upgrading. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Re-checks the token and document access of a user's connections (or all, with null). */
  /** Re-checks the access of this instance's connections: all, one user's, or one document's. */
  recheck(filter: { userId: string } | { documentId: string } | null): Promise<void>;
  /** Number of open document connections. */
  connectionCount(): number;
  close(): void;
}

/** Frames a connection may send while its document is still loading. */
const maxQueuedFrames = 256;

/**
 * The y-websocket endpoint: token → principal → document access, then frames into the room.
 * Bad frames close only their own connection (codes in @concord/protocol).
 */
export function createYjsEndpoint(options: {
  accounts: Accounts;
  access: Access;
  registry: RoomRegistry;
  config: Pick<Config, 'ws' | 'accessRecheckMs'> & Partial<Pick<Config, 'hstsMaxAgeSeconds'>>;
  log: Logger;
  metrics?: Pick<Metrics, 'messagesSent' | 'socketsClosed'>;
}): YjsEndpoint {
  const { accounts, access, registry, config, log, metrics } = options;
  const hardening = socketSecurityHeaders({ hstsMaxAgeSeconds: config.hstsMaxAgeSeconds });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.ws.maxFrameBytes, perMessageDeflate: false });
  const connections = new Map<string, Connection>();
  // Sockets opened together (a reconnect storm, a user's tabs) share the token and access lookups in flight.
  const lookUpPrincipal = singleFlight<Principal | null>();
  const lookUpAccess = singleFlight<Awaited<ReturnType<Access['documentAccess']>>>();
  const outbox = createOutbox({ onWritten: metrics ? (messages) => metrics.messagesSent.inc(messages) : undefined });
  const work = createWorkBudget({ msPerSecond: config.ws.maxWorkMsPerSecond, burstMs: config.ws.maxWorkMsPerSecond * 4 });
  const recheckTimer = setInterval(() => {
    work.sweep();
    void recheck(null);
  }, config.accessRecheckMs);
  recheckTimer.unref();

  async function authorize(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const documentId = decodeURIComponent(url.pathname.slice(yjsPathPrefix.length + 1));
    const token = tokenOf(url, req.headers.authorization);
    if (!token) return rejectUpgrade(socket, 401, 'A token is required: ?token=<token>.', hardening);
    let principal: Principal | null;
    let allowed: Awaited<ReturnType<Access['documentAccess']>> = null;
    try {
      const found = await lookUpPrincipal(token, () => accounts.authenticate(token));
      principal = found;
      if (found && isId('document', documentId)) allowed = await lookUpAccess(`${found.userId} ${documentId}`, () => access.documentAccess(found, documentId));
    } catch (error) {
      log.error({ err: error }, 'authorising a document socket failed');
      return rejectUpgrade(socket, 503, 'Try again later.', hardening);
    }
    if (!principal) return rejectUpgrade(socket, 401, 'Invalid, expired or revoked token.', hardening);
    if (socket.destroyed) return;
    const who = principal;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!allowed) {
        metrics?.socketsClosed.inc({ code: String(CloseCode.forbidden) });
        ws.close(CloseCode.forbidden, CloseReason[CloseCode.forbidden]);
        return;
      }
      connect(ws, socket, who, token, allowed.documentId, allowed.projectId, allowed.readOnly);
    });
  }

  function connect(ws: WebSocket, socket: Duplex, principal: Principal, token: string, documentId: string, projectId: string, readOnly: boolean): void {
    let closed = false;
    // Messages go straight to the upgraded socket through the outbox (framed once per broadcast, one write per tick).
    const target: OutboxTarget = { socket, isOpen: () => !closed && ws.readyState === ws.OPEN };
    const close = (code: CloseCode, detail?: string) => {
      if (closed) return;
      closed = true;
      metrics?.socketsClosed.inc({ code: String(code) });
      if (detail) log.info({ documentId, userId: principal.userId, code, detail }, 'closing document socket');
      ws.close(code, CloseReason[code]);
      // A peer that stops reading never completes the closing handshake.
      setTimeout(() => ws.terminate(), 2_000).unref();
    };
    const session: RoomSession = {
      id: randomUUID(),
      userId: principal.userId,
      userName: principal.name,
      readOnly,
      send(message) {
        if (!target.isOpen()) return;
        if (ws.bufferedAmount > config.ws.maxBufferedBytes) {
          close(CloseCode.tryAgainLater, 'slow reader');
          return;
        }
        outbox.send(target, message);
      },
      close: (code, reason) => close(code as CloseCode, reason),
    };
    const connection: Connection = { session, ws, token, principal, documentId, room: null };
    connections.set(session.id, connection);
    const messages = createTokenBucket({ rate: config.ws.maxMessagesPerSecond, burst: config.ws.maxMessagesPerSecond * 2 });
    const bytes = createTokenBucket({ rate: config.ws.maxBytesPerSecond, burst: config.ws.maxBytesPerSecond * 2 });
    const queue: Uint8Array[] = [];

    const handle = (frame: Uint8Array) => {
      const room = connection.room;
      if (!room) {
        if (queue.length >= maxQueuedFrames) close(CloseCode.rateLimited, 'too many frames before sync');
        else queue.push(frame);
        return;
      }
      const started = performance.now();
      if (!work.allows(principal.userId, started)) {
        close(CloseCode.rateLimited, 'updates take too long to integrate');
        return;
      }
      try {
        room.receive(session, frame);
      } catch (error) {
        if (error instanceof ProtocolError) close(error.code, error.detail);
        else {
          log.error({ err: error, documentId }, 'document socket message failed');
          close(CloseCode.internalError);
        }
      }
      // Charged whatever came of it (a refused update cost its check too): each message is bounded by R17,
      // the sum per user here [R18].
      const ended = performance.now();
      if (!work.charge(principal.userId, ended - started, ended)) close(CloseCode.rateLimited, 'updates take too long to integrate');
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (closed) return;
      const frame = toBytes(data);
      if (!isBinary) return close(CloseCode.policyViolation, 'text frame');
      if (!messages.take(1) || !bytes.take(frame.length)) return close(CloseCode.rateLimited, 'rate limit');
      handle(frame);
    });
    ws.on('error', (error) => {
      // ws has already closed with 1009 (too big) or 1002/1007 (bad framing): just record it.
      log.debug({ err: error, documentId }, 'document socket error');
    });
    ws.on('close', () => {
      closed = true;
      connections.delete(session.id);
      connection.room?.leave(session);
    });

    registry.join(documentId, projectId, session).then(
      (room) => {
        if (closed) {
          room.leave(session);
          return;
        }
        connection.room = room;
        for (const frame of queue.splice(0)) {
          if (closed) break;
          handle(frame);
        }
      },
      (error: unknown) => {
        log.error({ err: error, documentId }, 'loading document failed');
        close(CloseCode.serviceRestart, 'load failed');
      },
    );
  }

  async function recheck(filter: { userId: string } | { documentId: string } | null): Promise<void> {
    const targets = [...connections.values()].filter(
      (c) => filter === null || ('userId' in filter ? c.principal.userId === filter.userId : c.documentId === filter.documentId),
    );
    // One lookup per token and per (user, document) in a pass, however many sockets share them (tabs, clients of one document).
    const principals = new Map<string, Promise<Principal | null>>();
    const accesses = new Map<string, ReturnType<Access['documentAccess']>>();
    const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
      let value = cache.get(key);
      if (!value) {
        value = load();
        cache.set(key, value);
      }
      return value;
    };
    for (const connection of targets) {
      try {
        const principal = await once(principals, connection.token, () => accounts.authenticate(connection.token));
        if (!principal) {
          connection.session.close(CloseCode.unauthenticated, 'token no longer valid');
          continue;
        }
        const allowed = await once(accesses, `${principal.userId} ${connection.documentId}`, () => access.documentAccess(principal, connection.documentId));
        if (!allowed) connection.session.close(CloseCode.forbidden, 'access removed');
        else connection.session.readOnly = allowed.readOnly;
      } catch (error) {
        log.warn({ err: error }, 're-checking document access failed; will retry');
      }
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => {});
      void authorize(req, socket, head);
    },
    recheck,
    connectionCount: () => connections.size,
    close() {
      clearInterval(recheckTimer);
      for (const { session } of connections.values()) session.close(CloseCode.serviceRestart, 'shutdown');
      wss.close();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
