import type { ConnectionStatus } from './connection-state.ts';

/**
 * What the connection badge says. Edits made while disconnected are kept on this device and sent
 * on the next sync, and the wording says so.
 *
 * @example connectionLabel('offline', true) // 'Offline — edits pending, will sync'
 */
export function connectionLabel(status: ConnectionStatus, pendingLocalEdits: boolean): string {
  const pending = ' — edits pending, will sync';
  switch (status) {
    case 'connected':
      // Open but not yet synced: what was typed offline is going out now.
      return pendingLocalEdits ? 'Connected — syncing edits…' : 'Connected';
    case 'connecting':
      return pendingLocalEdits ? `Connecting…${pending}` : 'Connecting…';
    case 'reconnecting':
      return pendingLocalEdits ? `Reconnecting…${pending}` : 'Reconnecting…';
    case 'offline':
      return pendingLocalEdits ? `Offline${pending}` : 'Offline — edits kept on this device';
    case 'no-access':
      return 'No access';
    case 'signed-out':
      return 'Signed out';
  }
}
