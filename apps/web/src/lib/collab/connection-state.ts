import { CloseCode } from '@concord/protocol';

/**
 * Where the live document connection stands, as shown to the user.
 * `no-access` and `signed-out` are terminal: the client stops trying.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'no-access' | 'signed-out';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The server's state has been received on the current connection. */
  synced: boolean;
  /** Local edits were made while not connected and synced; cleared by the next sync. */
  pendingLocalEdits: boolean;
  /** Connection attempts started since the last successful sync. */
  attempts: number;
}

export type ConnectionEvent =
  | { type: 'connecting' }
  | { type: 'open' }
  | { type: 'synced' }
  | { type: 'closed'; code: number }
  | { type: 'local-edit' }
  | { type: 'browser-offline' }
  | { type: 'browser-online' };

/** Before the first connection attempt. */
export const initialConnectionState: ConnectionState = Object.freeze({
  status: 'connecting',
  synced: false,
  pendingLocalEdits: false,
  attempts: 0,
});

/** True for the statuses no later event leaves. */
export function isTerminalStatus(status: ConnectionStatus): boolean {
  return status === 'no-access' || status === 'signed-out';
}

/**
 * The status a close code leads to: 4401 signs the user out, 4403/4404 mean no access; everything else
 * (1006 drops, 1012 restarts, 4429 rate limits...) is worth retrying.
 */
export function statusAfterClose(code: number): ConnectionStatus {
  if (code === CloseCode.unauthenticated) return 'signed-out';
  if (code === CloseCode.forbidden || code === CloseCode.notFound) return 'no-access';
  return 'reconnecting';
}

/**
 * Pure reducer for the document connection. Returns the same object when nothing changes, so callers
 * can skip work on no-op events.
 *
 * @example
 *   let s = initialConnectionState;
 *   s = reduceConnection(s, { type: 'open' });   // connected, not synced yet
 *   s = reduceConnection(s, { type: 'synced' }); // connected and synced
 *   s = reduceConnection(s, { type: 'closed', code: 1012 }); // reconnecting
 */
export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  if (isTerminalStatus(state.status)) {
    // Edits typed after access ended are still unsent; nothing else changes a terminal state.
    return event.type === 'local-edit' ? withPending(state, true) : state;
  }
  switch (event.type) {
    case 'connecting': {
      // A retry keeps saying "reconnecting" (or "offline"): the first attempt is the only "connecting".
      const status = state.status === 'connected' ? 'reconnecting' : state.status;
      return { ...state, status, synced: false, attempts: state.attempts + 1 };
    }
    case 'open':
      return { ...state, status: 'connected', synced: false };
    case 'synced':
      // Sync step 2 arrived: what was typed offline went out with our reply to the server's step 1.
      return { ...state, status: 'connected', synced: true, pendingLocalEdits: false, attempts: 0 };
    case 'closed': {
      const next = statusAfterClose(event.code);
      const status = next === 'reconnecting' && state.status === 'offline' ? 'offline' : next;
      return { ...state, status, synced: false };
    }
    case 'local-edit':
      return withPending(state, !(state.status === 'connected' && state.synced) || state.pendingLocalEdits);
    case 'browser-offline':
      return state.status === 'offline' ? state : { ...state, status: 'offline' };
    case 'browser-online':
      if (state.status !== 'offline') return state;
      // `synced` survives only while the socket that synced is still open.
      return { ...state, status: state.synced ? 'connected' : 'reconnecting' };
  }
}

function withPending(state: ConnectionState, pendingLocalEdits: boolean): ConnectionState {
  return state.pendingLocalEdits === pendingLocalEdits ? state : { ...state, pendingLocalEdits };
}
