import type { RoomSession } from './session.ts';

/**
 * Who caused a Yjs transaction. Every transaction on a room's document carries one of these,
 * so hooks can tell a client edit (store, then broadcast and publish) from one that came from
 * another instance (broadcast locally only: it is stored already and must not be republished).
 */
export type TxOrigin =
  | { kind: 'client'; session: RoomSession }
  | { kind: 'remote'; instanceId: string }
  | { kind: 'server' }
  | { kind: 'import'; userId: string | null }
  | { kind: 'model'; userId: string | null }
  | { kind: 'load' };

export function isTxOrigin(value: unknown): value is TxOrigin {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

export const loadOrigin: TxOrigin = Object.freeze({ kind: 'load' });
