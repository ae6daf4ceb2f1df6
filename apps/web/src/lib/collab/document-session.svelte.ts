import { apiBasePath, CloseCode, isTerminalCloseCode, yjsPathPrefix } from '@concord/protocol';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  type ConnectionEvent,
  type ConnectionStatus,
  initialConnectionState,
  isTerminalStatus,
  reduceConnection,
} from './connection-state.ts';
import { resolveCursor, selectionToJSON, toRelativeSelection } from './cursor.ts';
import { colorFor, type Peer, peersFromStates } from './presence.ts';

export interface DocumentSessionOptions {
  documentId: string;
  /** Session token: sent as the `token` query parameter of the socket and as a Bearer header to the API. */
  token: string;
  user: { id: string; name: string };
  /** Origin of the Concord server; defaults to `location.origin`. */
  baseUrl?: string;
  /** Called once when the server says the token is no longer valid. */
  onSignedOut?: () => void;
}

/** Name of the shared text in every caption document. */
export const captionTextName = 'caption';

// A refused upgrade (HTTP 401) reaches the browser only as an error event: after this many errors in
// a row, ask the API whether the token still works.
const errorsBeforeAuthCheck = 2;
const authCheckEvery = 5;
// Backoff for 44xx closes that are worth retrying (4429), which the provider itself gives up on.
const retryBaseMs = 2_000;
const retryMaxMs = 30_000;

/**
 * One open document: the Yjs document, its WebSocket provider and awareness, and reactive state for
 * the page (connection status, pending edits, peers). Create one per page and `destroy()` it when
 * the page goes away.
 *
 * @example
 *   const session = new DocumentSession({ documentId, token, user, onSignedOut: () => goto('/login') });
 *   onDestroy(() => session.destroy());
 */
export class DocumentSession {
  status = $state<ConnectionStatus>(initialConnectionState.status);
  synced = $state(initialConnectionState.synced);
  pendingLocalEdits = $state(initialConnectionState.pendingLocalEdits);
  peers = $state.raw<Peer[]>([]);

  readonly doc: Y.Doc;
  readonly text: Y.Text;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;

  readonly #baseUrl: string;
  readonly #token: string;
  readonly #onSignedOut: (() => void) | undefined;
  readonly #abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];
  #connection = initialConnectionState;
  #errorsSinceOpen = 0;
  #authCheckRunning = false;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;

  constructor(options: DocumentSessionOptions) {
    this.#baseUrl = (options.baseUrl ?? location.origin).replace(/\/+$/, '');
    this.#token = options.token;
    this.#onSignedOut = options.onSignedOut;
    this.doc = new Y.Doc();
    this.text = this.doc.getText(captionTextName);
    const wsBase = this.#baseUrl.replace(/^http/, 'ws');
    // Not connected yet: the listeners below must see the first 'connecting'.
    this.provider = new WebsocketProvider(wsBase + yjsPathPrefix, encodeURIComponent(options.documentId), this.doc, {
      params: { token: options.token },
      disableBc: true,
      connect: false,
    });
    this.awareness = this.provider.awareness;
    this.awareness.setLocalStateField('user', { ...options.user, color: colorFor(options.user.id) });

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connecting') this.#dispatch({ type: 'connecting' });
      if (status === 'connected') {
        this.#errorsSinceOpen = 0;
        this.#dispatch({ type: 'open' });
      }
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      this.#retries = 0;
      this.#dispatch({ type: 'synced' });
    };
    // A null event is a close we asked for (disconnect, or the provider's silence watchdog).
    const onClose = (event: CloseEvent | null) => event !== null && this.#closed(event.code);
    const onError = () => this.#connectionError();
    this.provider.on('status', onStatus);
    this.provider.on('sync', onSync);
    this.provider.on('connection-close', onClose);
    this.provider.on('connection-error', onError);
    this.#cleanups.push(() => {
      this.provider.off('status', onStatus);
      this.provider.off('sync', onSync);
      this.provider.off('connection-close', onClose);
      this.provider.off('connection-error', onError);
    });
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) this.#dispatch({ type: 'local-edit' });
    };
    this.doc.on('update', onUpdate);
    this.#cleanups.push(() => this.doc.off('update', onUpdate));
    const onAwareness = (_changes: unknown, origin: unknown) => {
      if (origin !== 'local') this.#refreshPeers();
    };
    this.awareness.on('change', onAwareness);
    this.#cleanups.push(() => this.awareness.off('change', onAwareness));
    const onTextChange = () => this.#refreshPeers();
    this.text.observe(onTextChange);
    this.#cleanups.push(() => this.text.unobserve(onTextChange));
    if (typeof window !== 'undefined') {
      const offline = () => this.#dispatch({ type: 'browser-offline' });
      const online = () => {
        this.#dispatch({ type: 'browser-online' });
        // The socket outlived the outage, so no sync will confirm what was typed meanwhile: start over.
        if (this.#connection.pendingLocalEdits && this.provider.wsconnected) {
          this.provider.disconnect();
          this.provider.connect();
        }
      };
      window.addEventListener('offline', offline);
      window.addEventListener('online', online);
      this.#cleanups.push(() => {
        window.removeEventListener('offline', offline);
        window.removeEventListener('online', online);
      });
      if (navigator.onLine === false) offline();
    }
    this.provider.connect();
  }

  /**
   * Shares the local selection (UTF-16 indexes into `text`) with the others, anchored to characters
   * so it stays on the right text while anyone edits.
   */
  setSelection(anchor: number, head: number): void {
    if (this.#destroyed) return;
    const cursor = selectionToJSON(toRelativeSelection(this.text, { anchor, head }));
    const current: unknown = this.awareness.getLocalState()?.cursor;
    if (JSON.stringify(current) === JSON.stringify(cursor)) return;
    this.awareness.setLocalStateField('cursor', cursor);
  }

  /** Stops sharing a selection (the caret disappears for the others). */
  clearSelection(): void {
    if (!this.#destroyed && this.awareness.getLocalState()?.cursor != null) this.awareness.setLocalStateField('cursor', null);
  }

  /** Leaves the document: tells the others, closes the socket, frees the Yjs document. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#abort.abort();
    clearTimeout(this.#retryTimer);
    this.awareness.setLocalState(null);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.provider.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }

  #dispatch(event: ConnectionEvent): void {
    if (this.#destroyed) return;
    const before = this.#connection;
    const after = reduceConnection(before, event);
    if (after === before) return;
    this.#connection = after;
    this.status = after.status;
    this.synced = after.synced;
    this.pendingLocalEdits = after.pendingLocalEdits;
    if (isTerminalStatus(after.status) && !isTerminalStatus(before.status)) {
      clearTimeout(this.#retryTimer);
      // Not from inside the provider's close handler, which is still running.
      queueMicrotask(() => this.provider.disconnect());
      if (after.status === 'signed-out') this.#onSignedOut?.();
    }
  }

  #closed(code: number): void {
    this.#dispatch({ type: 'closed', code });
    if (this.#destroyed || isTerminalStatus(this.#connection.status) || !isTerminalCloseCode(code)) return;
    // The provider stops on every 44xx; a rate limit is worth retrying, slowly.
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** this.#retries++) * (0.75 + Math.random() / 2);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (!this.#destroyed && !isTerminalStatus(this.#connection.status)) this.provider.connect();
    }, delay);
  }

  #connectionError(): void {
    const errors = ++this.#errorsSinceOpen;
    if (errors < errorsBeforeAuthCheck || (errors - errorsBeforeAuthCheck) % authCheckEvery !== 0) return;
    void this.#checkToken();
  }

  async #checkToken(): Promise<void> {
    if (this.#authCheckRunning || this.#destroyed) return;
    this.#authCheckRunning = true;
    try {
      const response = await fetch(`${this.#baseUrl}${apiBasePath}/me`, {
        headers: { authorization: `Bearer ${this.#token}` },
        signal: this.#abort.signal,
      });
      if (response.status === 401) this.#dispatch({ type: 'closed', code: CloseCode.unauthenticated });
    } catch {
      // Offline or the server is down: the provider keeps retrying and the next errors check again.
    } finally {
      this.#authCheckRunning = false;
    }
  }

  #refreshPeers(): void {
    if (this.#destroyed) return;
    this.peers = peersFromStates(this.awareness.getStates(), this.doc.clientID, (raw) => resolveCursor(this.text, raw));
  }
}
