import {
  socketIoPath,
  type ClientToServerEvents,
  type ExportProgress,
  type ImportProgress,
  type ProjectPresence,
  type ProjectRole,
  type ServerToClientEvents,
} from '@concord/protocol';
import { io, type Socket } from 'socket.io-client';
import { createContext } from 'svelte';

export type ConcordSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The workflow events a page can follow (sent to the project's present sockets, or to one user; `quality:flag` to quality readers; `calibration:changed` to a session's trainer and participants). */
export const workflowEvents = ['work:counts', 'item:state', 'item:changed', 'work:returned', 'review:requested', 'dispute:opened', 'dispute:resolved', 'quality:flag', 'calibration:changed'] as const;
export type WorkflowEvent = (typeof workflowEvents)[number];
type WorkflowListener<E extends WorkflowEvent> = ServerToClientEvents[E];

/** A membership push: added (or role changed) when `role` is set, removed when it is null. */
export interface MembershipEvent {
  projectId: string;
  role: ProjectRole | null;
}

/** One page's wish to be present in a project, on a document or not, and where its updates go. */
interface PresenceClaim {
  projectId: string;
  documentId: string | null;
  onPresence: (presence: ProjectPresence) => void;
  onError?: ((message: string) => void) | undefined;
}

export interface RealtimeOptions {
  /** Called when the server refuses the token (expired or revoked session). */
  onUnauthenticated?: () => void;
  /** Opens the socket; tests pass a fake. Defaults to socket.io on the page's origin. */
  connect?: (token: string) => ConcordSocket;
}

/**
 * The signed-in user's one socket.io connection: project presence and membership pushes.
 * Pages claim presence with `joinPresence` and give it back with the returned `leave`; claims are
 * counted per project so a page being replaced by another in the same project never drops the user,
 * and they are re-sent after a reconnect (the server forgets a closed connection's presence).
 * @example const leave = realtime.joinPresence({ projectId, onPresence: (p) => (online = p.online) });
 */
export class Realtime {
  connected = $state(false);
  readonly #options: RealtimeOptions;
  #socket: ConcordSocket | null = null;
  #token: string | null = null;
  readonly #claims = new Set<PresenceClaim>();
  readonly #membershipListeners = new Set<(event: MembershipEvent) => void>();
  readonly #importListeners = new Set<(progress: ImportProgress) => void>();
  readonly #exportListeners = new Set<(progress: ExportProgress) => void>();
  readonly #workflowListeners = new Map<WorkflowEvent, Set<(payload: never) => void>>();

  constructor(options: RealtimeOptions = {}) {
    this.#options = options;
  }

  /** Connects with a token; a different token replaces the connection, the same one is a no-op. */
  connect(token: string): void {
    if (this.#socket && this.#token === token) return;
    this.disconnect();
    this.#token = token;
    const socket = this.#options.connect?.(token) ?? openSocket(token);
    this.#socket = socket;
    socket.on('connect', () => {
      this.connected = true;
      for (const projectId of new Set([...this.#claims].map((c) => c.projectId))) this.#sendJoin(projectId);
    });
    socket.on('disconnect', (reason) => {
      this.connected = false;
      // The server drops a socket whose token stopped working; reconnecting finds out which
      // (connect_error 'unauthenticated') instead of sitting silently offline.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'unauthenticated') {
        this.disconnect();
        this.#options.onUnauthenticated?.();
      }
    });
    socket.on('presence:update', (presence) => this.#emitPresence(presence));
    socket.on('membership:added', ({ projectId, role }) => this.#emitMembership({ projectId, role }));
    socket.on('membership:removed', ({ projectId }) => this.#emitMembership({ projectId, role: null }));
    socket.on('import:progress', (progress) => {
      for (const listener of this.#importListeners) listener(progress);
    });
    socket.on('export:progress', (progress) => {
      for (const listener of this.#exportListeners) listener(progress);
    });
    for (const event of workflowEvents) {
      (socket.on as (event: string, handler: (payload: never) => void) => void)(event, (payload) => {
        for (const listener of this.#workflowListeners.get(event) ?? []) listener(payload);
      });
    }
  }

  /** Closes the connection (sign-out). Presence claims are kept for the next connection. */
  disconnect(): void {
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.#token = null;
    this.connected = false;
  }

  /**
   * Joins a project's presence, optionally on a document. `onPresence` receives the presence list
   * from the join's ack and every later `presence:update` of that project; `onError` a refused join.
   * Returns the function that leaves again.
   */
  joinPresence(options: {
    projectId: string;
    documentId?: string | null;
    onPresence: (presence: ProjectPresence) => void;
    onError?: (message: string) => void;
  }): () => void {
    const claim: PresenceClaim = {
      projectId: options.projectId,
      documentId: options.documentId ?? null,
      onPresence: options.onPresence,
      onError: options.onError,
    };
    this.#claims.add(claim);
    this.#sendJoin(claim.projectId);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#claims.delete(claim);
      if (this.#claimsOf(claim.projectId).length > 0) this.#sendJoin(claim.projectId);
      else if (this.#socket?.connected) this.#socket.emit('presence:leave', { projectId: claim.projectId });
    };
  }

  /** Subscribes to membership pushes for the signed-in user. Returns the unsubscribe function. */
  onMembership(listener: (event: MembershipEvent) => void): () => void {
    this.#membershipListeners.add(listener);
    return () => this.#membershipListeners.delete(listener);
  }

  /**
   * Subscribes to `import:progress` pushes (sent to the sockets present in the import's project, so
   * the page must hold a presence claim there). Returns the unsubscribe function.
   */
  onImportProgress(listener: (progress: ImportProgress) => void): () => void {
    this.#importListeners.add(listener);
    return () => this.#importListeners.delete(listener);
  }

  /**
   * Subscribes to `export:progress` pushes (sent to the user who started the export, wherever they are).
   * Returns the unsubscribe function.
   */
  onExportProgress(listener: (progress: ExportProgress) => void): () => void {
    this.#exportListeners.add(listener);
    return () => this.#exportListeners.delete(listener);
  }

  /**
   * Subscribes to one workflow event. Project events reach only sockets present in the project, so
   * the page must hold a presence claim there (`work:returned` goes to the user wherever they are).
   * Returns the unsubscribe function.
   * @example const stop = realtime.onWorkflow('work:counts', (counts) => (shown = counts));
   */
  onWorkflow<E extends WorkflowEvent>(event: E, listener: WorkflowListener<E>): () => void {
    let listeners = this.#workflowListeners.get(event);
    if (!listeners) this.#workflowListeners.set(event, (listeners = new Set()));
    const entry = listener as (payload: never) => void;
    listeners.add(entry);
    return () => listeners.delete(entry);
  }

  /** Sends the newest claim of a project: the page opened last decides which document is shown. */
  #sendJoin(projectId: string): void {
    const socket = this.#socket;
    if (!socket?.connected) return; // sent by the 'connect' handler
    const claim = this.#claimsOf(projectId).at(-1);
    if (!claim) return;
    socket.emit('presence:join', { projectId, documentId: claim.documentId }, (result) => {
      if (result.ok) this.#emitPresence(result.data);
      else for (const c of this.#claimsOf(projectId)) c.onError?.(result.error.message);
    });
  }

  #claimsOf(projectId: string): PresenceClaim[] {
    return [...this.#claims].filter((c) => c.projectId === projectId);
  }

  #emitPresence(presence: ProjectPresence): void {
    for (const claim of this.#claimsOf(presence.projectId)) claim.onPresence(presence);
  }

  #emitMembership(event: MembershipEvent): void {
    for (const listener of this.#membershipListeners) listener(event);
  }
}

function openSocket(token: string): ConcordSocket {
  return io({ path: socketIoPath, auth: { token }, transports: ['websocket'] });
}

const [getRealtimeContext, setRealtimeContext] = createContext<Realtime>();

/** The socket connection provided by the root layout. Call during component initialisation. */
export function getRealtime(): Realtime {
  return getRealtimeContext();
}

/** Provides the socket connection to every page below the calling component (the root layout). */
export function provideRealtime(realtime: Realtime): Realtime {
  return setRealtimeContext(realtime);
}
